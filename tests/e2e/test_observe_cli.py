"""Progress, quiet logs, ``newsbeam report`` and ``newsbeam query`` through the command line, on
news pages written by tests/observe_fixtures.py; the report opened in headless Chromium."""

import html
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time

import pytest

from tests.support.cli import ELAPSED, run_command
from tests.support.observe_fixtures import HOSTILE_TITLE, write_news_pages
from tests.support.paths import ROOT

PROGRESS = re.compile(
    rf"^newsbeam: {ELAPSED} \| files (\d+)/(\d+) \| items (\d+) \|.* articles written (\d+)"
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    facts = write_news_pages(folder)
    return folder, facts


@pytest.fixture(scope="module")
def two_workers(pages, tmp_path_factory):
    """``run --workers 2 --report`` with stderr not a terminal and a 1 s progress interval."""
    folder, facts = pages
    out = tmp_path_factory.mktemp("out2") / "out"
    done = run_command(
        "--input", f"{folder}/*", "--output", str(out), "--run-date", "2026-11-02",
        "--workers", "2", "--progress-interval", "1", "--report",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out, done, facts


def test_progress_lines_with_counts_and_no_log_lines(two_workers):
    out, done, facts = two_workers
    lines = done.stderr.splitlines()
    progress = [PROGRESS.match(line) for line in lines]
    assert len([m for m in progress if m]) >= 2, done.stderr
    assert all(progress), f"not a progress line in: {done.stderr}"  # nothing else on stderr
    assert "INFO" not in done.stderr and "WARNING" not in done.stderr
    assert {m.group(2) for m in progress} == {str(facts["files"])}
    files, _, items, articles = progress[-1].groups()  # the last line: counts at the end
    assert (int(files), int(items), int(articles)) == (facts["files"], facts["files"], 7)
    counts = [int(m.group(1)) for m in progress]
    assert counts == sorted(counts)  # never goes back


def _summary_value(stdout: str, key: str) -> str:
    line = next(line for line in stdout.splitlines() if line.strip().startswith(key + " "))
    return line.strip()[len(key) :].strip()


def test_report_is_written_under_the_output_and_linked(two_workers):
    out, done, _ = two_workers
    path = _summary_value(done.stdout, "report")
    assert path.startswith(str(out / "_reports")) and path.endswith(".html")
    page = open(path, encoding="utf-8").read()
    for section in ("balance", "languages", "topics", "duplicates", "rejected", "errors",
                    "stages", "metadata", "history"):  # fmt: skip
        assert f'<section id="{section}">' in page
    assert page.count("<svg") >= 8
    assert "inputs 12 = articles 7 + duplicates 3 + rejected 1 + errors 1" in page
    # the duplicate cluster: the story, its copies (one titled with markup), similarity
    duplicates = page.split('<section id="duplicates">')[1].split("</section>")[0]
    assert "Port workers walk out over night-shift pay" in duplicates
    assert html.escape(HOSTILE_TITLE) in duplicates and "<script>" not in page
    assert re.search(r'<td class="num">0\.\d\d</td>', duplicates)
    errors = page.split('<section id="errors">')[1]
    assert "broken.html" in errors and "UndecodableError" in errors
    assert "short.html" in page.split('<section id="rejected">')[1]
    assert ">de<" in page and ">fr<" in page  # languages chart labels


def test_the_printed_query_runs_as_printed(two_workers):
    _, done, _ = two_workers
    line = _summary_value(done.stdout, "query")
    ran = subprocess.run(line, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[0].split() == ["language", "topic_label", "title"]
    assert "Neue Brücke über den Fluss nach vier Jahren Bauzeit eröffnet" in ran.stdout
    assert ran.stdout.splitlines()[-1] == "(7 rows)"


def _newsbeam(*args):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def test_query_errors_say_what_to_fix(two_workers, tmp_path):
    out, _, _ = two_workers
    bad = _newsbeam("query", str(out), "SELECT nope FROM articles")
    assert bad.returncode == 2 and "query failed" in bad.stderr and "articles" in bad.stderr
    missing = _newsbeam("query", str(tmp_path / "none"), "SELECT 1")
    assert missing.returncode == 2 and "no output folder" in missing.stderr


def test_one_worker_progress_quiet_log_level_and_history(pages, tmp_path):
    folder, facts = pages
    out = tmp_path / "out"
    first = run_command(
        "--input", f"{folder}/*", "--output", str(out), "--run-date", "2026-11-01",
        "--progress-interval", "0.5",
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    matches = [PROGRESS.match(line) for line in first.stderr.splitlines()]
    assert matches and all(matches), first.stderr
    assert matches[-1].group(1) == str(facts["files"])
    # --quiet: only the output path, no progress; --log-level INFO brings Beam's logs back
    second = run_command(
        "--input", f"{folder}/*", "--output", str(out), "--run-date", "2026-11-03",
        "--progress-interval", "0.5", "--quiet", "--log-level", "INFO",
    )  # fmt: skip
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == str(out)
    assert "newsbeam: " not in second.stderr and "INFO" in second.stderr
    # the report of the first run (--run), and the folder's history across both runs
    made = _newsbeam("report", str(out), "--run", "20261101-" + first.stdout.split("-")[1][:8])
    assert made.returncode == 0, made.stderr
    page = open(made.stdout.strip(), encoding="utf-8").read()
    assert "newsbeam run 20261101-" in page
    assert "2 run(s) over 2 ingest date(s)" in page
    assert ">2026-11-01<" in page and ">2026-11-03<" in page
    unknown = _newsbeam("report", str(out), "--run", "20990101-x")
    assert unknown.returncode == 2 and "no run '20990101-x'" in unknown.stderr


# ---- the report in a real browser ---------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(tmp_path, url: str, *extra: str):
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
    ]  # fmt: skip
    return subprocess.run(
        [CHROMIUM, *flags, *extra, url], capture_output=True, text=True, timeout=120
    )


def _console(stderr: str) -> list:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")
def test_report_renders_in_chromium_without_console_errors_or_network(two_workers, tmp_path):
    out, done, _ = two_workers
    path = _summary_value(done.stdout, "report")
    dom = _chromium(tmp_path, f"file://{path}", "--dump-dom")
    assert dom.returncode == 0, dom.stderr
    assert _console(dom.stderr) == []  # no error, and no blocked load (CSP reports each one)
    for title in ("Balance", "Languages", "Topics", "Duplicate clusters", "Rejected", "Errors",
                  "Stage times", "Extraction metadata", "History of this output folder"):  # fmt: skip
        assert f"<h2>{title}</h2>" in dom.stdout
    assert "<svg" in dom.stdout and "<script" not in dom.stdout
    shot = tmp_path / "report.png"
    taken = _chromium(tmp_path, f"file://{path}", f"--screenshot={shot}", "--window-size=1000,2400")
    assert taken.returncode == 0 and shot.stat().st_size > 20_000
    # the check can fail: a page that loads from the network or runs a script is reported
    bad = tmp_path / "bad.html"
    bad.write_text(
        open(path, encoding="utf-8")
        .read()
        .replace("</main>", '<img src="http://127.0.0.1:9/x.png"><script>alert(1)</script></main>'),
        encoding="utf-8",
    )
    blocked = _console(_chromium(tmp_path, f"file://{bad}", "--dump-dom").stderr)
    assert any("127.0.0.1:9" in line for line in blocked)
    assert any("inline script" in line for line in blocked)


class _SeenLines(io.TextIOBase):
    """stderr that remembers what was written to it (and passes it on), for a test that waits
    on what a running command has printed."""

    def __init__(self, inner):
        self.inner, self.written = inner, []

    def write(self, text: str) -> int:
        self.written.append(text)
        return self.inner.write(text)

    def flush(self) -> None:
        self.inner.flush()

    def wait_for(self, pattern: re.Pattern, seconds: float = 240) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(pattern.search(text) for text in list(self.written)):
                return True
            time.sleep(0.05)
        return False


def test_beam_streaming_engine_shows_polls_and_items_then_reports(
    pages, tmp_path, capsys, monkeypatch
):
    """The Beam streaming graph (Dataflow/Flink; engine="beam" locally) prints progress from
    the same live runner; local streams run as micro-batches (pipeline/run/microbatch.py)."""
    from pipeline.cli.observe import RunWatch
    from pipeline.config.settings import load_settings
    from pipeline.config.streaming import streaming_config
    from pipeline.run.streaming import run_streaming

    folder, _ = pages
    watched, later = tmp_path / "inbox", tmp_path / "later"
    watched.mkdir()
    later.mkdir()
    stories = sorted(folder.glob("story*.html"))
    for i, page in enumerate(stories):
        (watched if i < 3 else later).joinpath(page.name).write_bytes(page.read_bytes())
    stderr = _SeenLines(sys.stderr)
    monkeypatch.setattr(sys, "stderr", stderr)

    def add_the_rest():
        # Once a progress line has shown the first poll's three pages, the other three arrive
        # (renamed in, never half-written): a later poll reads them and the stream stops at six.
        if stderr.wait_for(re.compile(r"\| polls \d+ \| items 3 \|")):
            for page in sorted(later.iterdir()):
                os.replace(page, watched / page.name)

    out = tmp_path / "out"
    settings = load_settings(None, {"input": [f"{watched}/*"], "output": str(out)})
    # One day's window holds both polls; max_duration only bounds a stream that hangs.
    stream = streaming_config(
        None, window_s=86400, poll_s=1, max_duration_s=240, stop_after_items=len(stories)
    )
    watch = lambda runner: RunWatch(True, runner, interval_s=0.5, tty=False)  # noqa: E731
    adder = threading.Thread(target=add_the_rest, daemon=True)
    adder.start()
    assert run_streaming(settings, stream, engine="beam", watch=watch) == 0
    adder.join(timeout=5)
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("newsbeam: ")]
    polls = [
        re.match(rf"^newsbeam: {ELAPSED} \| polls (\d+) \| items (\d+) \|", line) for line in lines
    ]
    assert len([m for m in polls if m]) >= 2, lines  # the first may come before a poll
    assert polls[-1].group(2) == "6" and int(polls[-1].group(1)) >= 2
    assert "windows committed 1" in lines[-1]
    made = _newsbeam("report", str(out))
    assert made.returncode == 0, made.stderr
    page = open(made.stdout.strip(), encoding="utf-8").read()
    assert "inputs 6 = articles 6 + duplicates 0" in page
    assert ">de<" in page and ">fr<" in page  # counted from the rows: a stream's manifest has none


def test_report_flag_with_a_bucket_output_is_a_configuration_error():
    done = run_command("--input", "seeds/*", "--output", "gs://bucket/out", "--report")
    assert done.returncode == 2
    assert "--report reads and writes local files" in done.stderr


def test_feed_run_progress_counts_feeds_and_names_failing_hosts(site, tmp_path):
    from tests.support.feed_pages import link_item, rss

    items = [link_item(site.base, f"/missing/{i}", f"Missing story {i}") for i in range(3)]
    site.add(
        "/feed.xml", body=rss(site.base, items), headers={"Content-Type": "application/rss+xml"}
    )
    config = tmp_path / "feeds.yaml"
    config.write_text("fetch:\n  allow_private: true\n  per_host_delay_s: 0\n  retries: 0\n")
    done = run_command(
        "--feeds", f"{site.base}/feed.xml", "--feeds", f"{site.base}/gone.xml",
        "--output", str(tmp_path / "out"), "--config", str(config), "--progress-interval", "0.3",
    )  # fmt: skip
    assert done.returncode == 3, done.stderr  # every input failed
    lines = done.stderr.splitlines()
    progress = [line for line in lines if line.startswith("newsbeam: ") and " | " in line]
    assert progress, done.stderr
    last = progress[-1]
    assert "| feeds 1/2 (1 failed) |" in last and "| hosts failing: 127.0.0.1" in last
    assert "items 3" in last
