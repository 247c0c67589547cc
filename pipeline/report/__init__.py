"""``newsbeam report OUT [--run RUN_ID]``: one self-contained HTML page about a run.

``data`` reads the manifests and the run's rows (pyarrow), ``models`` turns them into chart and
table models, ``svg`` draws the charts and ``page`` writes the HTML; ``build`` joins them.
"""

from pipeline.report.build import build_report, report_path, write_report

__all__ = ["build_report", "report_path", "write_report"]
