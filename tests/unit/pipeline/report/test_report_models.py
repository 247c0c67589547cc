"""The report's chart models and SVG (pure functions), the progress line and the log flags."""

import io
import re

from pipeline.cli.progress import ProgressReporter, format_progress, progress_of
from pipeline.cli.query import format_rows
from pipeline.cli.quiet_logs import worker_log_args
from pipeline.report.models import (
    balance_model,
    clusters_model,
    counts_model,
    coverage_model,
    history_model,
    problems_model,
    stage_times_model,
)
from pipeline.report.page import SECTIONS, render_page
from pipeline.report.svg import column_chart, hbar_chart, line_chart, stacked_bar

MANIFEST = {
    "run_id": "20261101-abc",
    "run_date": "2026-11-01",
    "inputs": 10,
    "balanced": True,
    "tables": {"articles": 6, "duplicates": 2, "rejected": 1, "errors": 1},
}


def test_balance_model_adds_the_four_tables():
    model = balance_model(MANIFEST)
    assert [(t, v) for t, v, _ in model["segments"]] == [
        ("articles", 6),
        ("duplicates", 2),
        ("rejected", 1),
        ("errors", 1),
    ]
    assert (model["inputs"], model["outputs"], model["balanced"]) == (10, 10, True)
    broken = balance_model(dict(MANIFEST, inputs=11, balanced=False))
    assert broken["balanced"] is False and broken["outputs"] == 10


def test_counts_model_orders_and_folds_the_tail():
    counts = {"en": 5, "de": 5, "fr": 2, "es": 1, "it": 1, "pl": 0}
    assert counts_model(counts) == [("de", 5), ("en", 5), ("fr", 2), ("es", 1), ("it", 1)]
    assert counts_model(counts, limit=3) == [("de", 5), ("en", 5), ("other (3)", 4)]


def test_clusters_model_largest_first_with_titles_and_similarity():
    articles = [
        {"article_id": "a", "title": "Port strike", "url": "https://n/a"},
        {"article_id": "b", "title": "Tram line", "url": "https://n/b"},
    ]
    dups = [
        {
            "duplicate_of": "b",
            "title": "Tram copy",
            "url": "u1",
            "match": "exact",
            "similarity": 1.0,
        },
        {"duplicate_of": "a", "title": "Port 1", "url": "u2", "match": "near", "similarity": 0.81},
        {"duplicate_of": "a", "title": "Port 2", "url": "u3", "match": "near", "similarity": 0.93},
        {"duplicate_of": "z", "title": "Old", "url": "u4", "match": "prior_run", "similarity": 0.9},
    ]
    clusters = clusters_model(articles, dups, limit=2, copies=1)
    assert [c.article_id for c in clusters] == ["a", "b"]
    assert clusters[0].title == "Port strike"
    assert clusters[0].copies == (("Port 2", "u3", "near", 0.93), ("…", None, "1 more", None))
    assert clusters_model(articles, dups)[2].title is None  # an earlier run's article


def test_problems_model_groups_by_stage_and_reason_with_examples():
    rows = [
        {"stage": "fetch", "error_type": "timeout", "url": f"https://h/{i}", "error_message": "t"}
        for i in range(5)
    ] + [{"stage": "decode", "error_type": "Undecodable", "source_path": "/in/x.bin"}]
    groups = problems_model(rows, reason_key="error_type", message_key="error_message")
    assert [(g.stage, g.reason, g.count) for g in groups] == [
        ("fetch", "timeout", 5),
        ("decode", "Undecodable", 1),
    ]
    assert groups[0].examples == (
        (None, "https://h/0", "t"),
        (None, "https://h/1", "t"),
        (None, "https://h/2", "t"),
    )
    assert groups[1].examples == (("/in/x.bin", None, None),)


def test_stage_times_in_seconds_slowest_first():
    model = stage_times_model({"ReadDocuments": 250, "ExtractArticles": 15542, "WriteTables": 0})
    assert model == [("ExtractArticles", 15.5), ("ReadDocuments", 0.2)]


def test_coverage_counts_present_fields_and_date_sources():
    rows = [
        {"title": "A", "authors": ["X"], "published_at": 1, "date_source": "json-ld"},
        {"title": "B", "authors": [], "published_at": None, "date_source": "none"},
        {"title": "", "authors": None, "published_at": 2, "date_source": "json-ld"},
        {"title": "D", "authors": ["Y", "Z"], "published_at": 3, "date_source": "url"},
    ]
    model = coverage_model(rows)
    fields = {label: (n, pct) for label, n, pct in model["fields"]}
    assert fields["titles"] == (3, 75.0)
    assert fields["authors"] == (2, 50.0)
    assert fields["publication dates"] == (3, 75.0)
    assert model["date_sources"] == {"json-ld": 2, "none": 1, "url": 1}
    assert coverage_model([])["total"] == 0


def test_history_by_ingest_date_with_rates():
    runs = [
        dict(MANIFEST, run_date="2026-11-02", run_id="r2"),
        MANIFEST,
        dict(MANIFEST, run_id="r1b", inputs=10, tables={"articles": 10}),
    ]
    model = history_model(runs)
    assert model["dates"] == ["2026-11-01", "2026-11-02"]
    assert model["articles"] == [16, 6]
    assert model["duplicate_rate"] == [10.0, 20.0]  # 2 of 20 inputs, 2 of 10
    assert model["error_rate"] == [5.0, 10.0]
    assert model["runs"] == 3


def test_charts_escape_every_label():
    attack = "<script>alert(1)</script>&"
    for chart in (
        hbar_chart([(attack, 3)], label=attack),
        stacked_bar([(attack, 1, "#000")], label="x"),
        column_chart([(attack, 2)], label="x"),
        line_chart([(attack, [1.0])], [attack], label="x"),
    ):
        assert "<script>" not in chart and "&lt;script&gt;" in chart
        assert chart.startswith("<svg") and chart.endswith("</svg>")


def test_hbar_chart_bars_are_proportional():
    chart = hbar_chart([("en", 10), ("de", 5)], label="languages", width=640)
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)"', chart)]
    assert len(widths) == 2 and abs(widths[0] - 2 * widths[1]) <= 1


def test_page_has_every_section_and_no_script_or_remote_resource():
    report = {
        "manifest": dict(MANIFEST, output="out<x>"),
        "balance": balance_model(MANIFEST),
        "languages": [("en", 6)],
        "topics": [("<script>t</script>", 6)],
        "clusters": [],
        "rejected": [],
        "errors": [],
        "stages": [],
        "coverage": coverage_model([]),
        "history": history_model([MANIFEST]),
    }
    page = render_page(report)
    for key, title in SECTIONS:
        assert f'<section id="{key}"><h2>{title}</h2>' in page
    assert "<script" not in page and "out&lt;x&gt;" in page
    assert not re.search(r"(src=|@import|url\()", page)
    assert "default-src 'none'" in page and "@media print" in page


def test_progress_line_counts_rate_and_eta():
    counters = {
        "read": {"files": 40, "seen": 40},
        "decode": {"seen": 40},
        "extract": {"seen": 30},
        "write": {"articles_rows": 0},
        "fetch_hosts_failed": {"a.example": 1, "b.example": 3},
        "feeds": {"fetched": 2, "failed": 1},
    }
    p = progress_of(counters, elapsed_s=10.0, files_total=100, feeds_total=4)
    assert (p.files_read, p.items, p.pages_per_s, p.eta_s) == (40, 40, 3.0, 15.0)
    assert p.hosts_failing == ("b.example", "a.example")
    line = format_progress(p)
    assert line == (
        "newsbeam: 10s | files 40/100 | feeds 2/4 (1 failed) | items 40 | decoded 40, "
        "extracted 30 | articles written 0 | 3.0 pages/s | hosts failing: b.example, a.example"
        " | ETA 15s"
    )


class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


def test_reporter_plain_lines_off_a_terminal_and_a_redrawn_line_on_one():
    counts = {"read": {"files": 1}}
    plain = io.StringIO()
    with ProgressReporter(lambda: counts, stream=plain, interval_s=0.01, tty=False) as r:
        while r.lines < 2:
            pass
    lines = plain.getvalue().splitlines()
    assert len(lines) >= 3 and all(line.startswith("newsbeam: ") for line in lines)
    tty = io.StringIO()
    with ProgressReporter(lambda: counts, stream=tty, interval_s=0.01, tty=True) as r:
        while r.lines < 2:
            pass
    assert "\n" not in tty.getvalue() and tty.getvalue().count("\r") >= 3


def test_worker_log_args_quiet_by_default_and_user_flags_win():
    quiet = worker_log_args(["--runner", "x"], None)
    assert "--default_sdk_harness_log_level=ERROR" in quiet
    assert any(a.startswith("--sdk_harness_log_level_overrides=") for a in quiet)
    assert worker_log_args([], "INFO") == ["--default_sdk_harness_log_level=INFO"]
    own = ["--default_sdk_harness_log_level=DEBUG"]
    assert worker_log_args(own, None) == own


def test_query_table_format_cuts_long_cells():
    text = format_rows(["language", "title"], [("en", "x" * 80), ("de", None)])
    lines = text.splitlines()
    assert lines[0].split() == ["language", "title"]
    assert lines[2].endswith("x" * 59 + "…") and lines[3].rstrip() == "de"
    assert lines[-1] == "(2 rows)"
    assert format_rows(["a"], [(1,)], "csv") == "a\n1"


def test_run_date_of_batch_and_stream_manifests():
    from pipeline.report.models import run_date_of

    assert run_date_of(MANIFEST) == "2026-11-01"
    assert run_date_of({"run_id": "s20261206T034402-ca6c9464"}) == "2026-12-06"
    assert run_date_of({"run_id": "odd"}) == "?"
