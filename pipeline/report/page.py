"""The report's HTML page from its models (pure). One self-contained file: inline CSS and SVG,
no script, no external resource; a Content-Security-Policy forbids both, so even a value that
escaped escaping could not run or fetch anything."""

from html import escape

from pipeline.report.models import counts_model, run_date_of
from pipeline.report.svg import column_chart, hbar_chart, line_chart, stacked_bar

__all__ = ["SECTIONS", "render_page"]

SECTIONS = (
    ("balance", "Balance"),
    ("languages", "Languages"),
    ("topics", "Topics"),
    ("duplicates", "Duplicate clusters"),
    ("rejected", "Rejected"),
    ("errors", "Errors"),
    ("stages", "Stage times"),
    ("metadata", "Extraction metadata"),
    ("history", "History of this output folder"),
)

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;color:#1a202c;margin:0 auto;max-width:980px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid
#e2e8f0;padding-bottom:4px}.meta{color:#4a5568}nav a{margin-right:10px;color:#2b6cb0}
table{border-collapse:collapse;width:100%;margin:6px 0}td,th{border-bottom:1px solid #edf2f7;
padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f7fafc}
.num,.k{white-space:nowrap}.num{text-align:right}.ok{color:#276749}.bad{color:#c53030;font-weight:600}
.small{font-size:12px;color:#4a5568}svg{max-width:100%;height:auto;display:block}
.cluster{margin:8px 0 14px}.empty{color:#718096}
@media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}
section{break-inside:avoid}h2{break-after:avoid}a{color:inherit;text-decoration:none}}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(value) -> str:
    return escape("" if value is None else str(value))


def _link(url) -> str:
    if not url:
        return ""
    text = _e(url)
    if str(url).startswith(("http://", "https://")):
        return f'<a href="{text}" rel="noreferrer">{text}</a>'
    return text


def _section(key: str, body: str) -> str:
    title = dict(SECTIONS)[key]
    return f'<section id="{key}"><h2>{_e(title)}</h2>{body}</section>'


def _balance(model: dict) -> str:
    state = (
        '<span class="ok">balanced</span>'
        if model["balanced"]
        else '<span class="bad">NOT balanced</span>'
    )
    parts = " + ".join(f"{t} {v:,}" for t, v, _ in model["segments"])
    return f"<p>inputs {model['inputs']:,} = {_e(parts)} ({state})</p>" + stacked_bar(
        model["segments"], label="inputs by table"
    )


def _clusters(clusters: list) -> str:
    if not clusters:
        return '<p class="empty">No duplicates in this run.</p>'
    out = []
    for c in clusters:
        title = _e(c.title) if c.title else f"<i>article {_e(c.article_id)} (an earlier run)</i>"
        rows = "".join(
            f'<tr><td>{_e(t)}</td><td>{_link(u)}</td><td class="k">{_e(m)}</td>'
            f'<td class="num">{"" if s is None else f"{s:.2f}"}</td></tr>'
            for t, u, m, s in c.copies
        )
        out.append(
            f'<div class="cluster"><b>{title}</b> <span class="small">{_link(c.url)}</span>'
            f'<table><tr><th>copy title</th><th>URL or file</th><th class="k">match</th>'
            f'<th class="num">similarity</th></tr>{rows}</table></div>'
        )
    return "".join(out)


def _problems(groups: list, empty: str) -> str:
    if not groups:
        return f'<p class="empty">{_e(empty)}</p>'
    chart = hbar_chart(
        [(f"{g.stage}: {g.reason}", g.count) for g in groups[:12]], label="rows by stage and reason"
    )
    rows = []
    for g in groups:
        examples = "".join(
            f"<li>{_e(f)}{' · ' + _link(u) if u else ''}"
            f"{'<br><span class=small>' + _e(str(m)[:300]) + '</span>' if m else ''}</li>"
            for f, u, m in g.examples
        )
        rows.append(
            f'<tr><td class="k">{_e(g.stage)}</td><td class="k">{_e(g.reason)}</td>'
            f'<td class="num">{g.count:,}</td>'
            f'<td><ul class="small">{examples}</ul></td></tr>'
        )
    head = '<tr><th>stage</th><th>reason</th><th class="num">rows</th><th>examples</th></tr>'
    return chart + f"<table>{head}{''.join(rows)}</table>"


def _stages(stages: list) -> str:
    return hbar_chart(stages, label="seconds per stage", unit=" s") + (
        '<p class="small">Time the runner measured in each stage, summed over the worker '
        "processes (with --workers N it can exceed the run's wall time).</p>"
    )


def _coverage(model: dict) -> str:
    if not model["total"]:
        return '<p class="empty">No articles in this run.</p>'
    bars = hbar_chart(
        [(label, pct) for label, _, pct in model["fields"]], label="metadata coverage", unit=" %"
    )
    rows = "".join(
        f'<tr><td>{_e(label)}</td><td class="num">{n:,} of {model["total"]:,}</td></tr>'
        for label, n, _ in model["fields"]
    )
    sources = hbar_chart(
        counts_model(model["date_sources"]), label="where publication dates came from"
    )
    return (
        f"{bars}<table>{rows}</table><h3>Where publication dates came from</h3>{sources}"
        '<p class="small">json-ld / meta: the page\'s markup; url / text: guessed from the URL or'
        " the text; feed / input: given by the feed or the input record; none: no date.</p>"
    )


def _history(model: dict) -> str:
    if not model["dates"]:
        return '<p class="empty">No runs.</p>'
    return (
        f'<p class="small">{model["runs"]} run(s) over {len(model["dates"])} ingest date(s).</p>'
        "<h3>Articles written per ingest date</h3>"
        + column_chart(list(zip(model["dates"], model["articles"])), label="articles per date")
        + "<h3>Duplicate and error rate (% of inputs)</h3>"
        + line_chart(
            [("duplicate rate", model["duplicate_rate"]), ("error rate", model["error_rate"])],
            model["dates"],
            label="duplicate and error rate per date",
        )
    )


def render_page(report: dict) -> str:
    """The HTML page of a report model (see pipeline.report.build_report)."""
    m = report["manifest"]
    nav = " ".join(f'<a href="#{key}">{_e(title)}</a>' for key, title in SECTIONS)
    body = [
        _section("balance", _balance(report["balance"])),
        _section("languages", hbar_chart(report["languages"], label="articles by language")),
        _section("topics", hbar_chart(report["topics"], label="articles by topic")),
        _section("duplicates", _clusters(report["clusters"])),
        _section("rejected", _problems(report["rejected"], "Nothing rejected in this run.")),
        _section("errors", _problems(report["errors"], "No errors in this run.")),
        _section("stages", _stages(report["stages"])),
        _section("metadata", _coverage(report["coverage"])),
        _section("history", _history(report["history"])),
    ]
    meta = (
        f"run date {_e(run_date_of(m))} · {_e(m.get('wall_seconds', '?'))} s · output "
        f"{_e(m.get('output'))} · newsbeam {_e(m.get('versions', {}).get('newsbeam'))}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>newsbeam run {_e(m.get('run_id'))}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>newsbeam run {_e(m.get("run_id"))}</h1><p class="meta">{meta}</p>'
        f"<nav>{nav}</nav></header><main>{''.join(body)}</main></body></html>\n"
    )
