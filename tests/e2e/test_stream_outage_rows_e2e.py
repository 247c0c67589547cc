"""A feed that goes down, comes back (304) and goes down again is two error rows, not one per
failed poll, on both stream engines run through the CLI: the local micro-batch driver and the
Beam streaming graph (Dataflow/Flink's engine, here through PortableRunner and Beam's own job
service, as a cluster would run it). Its answers follow its request count, not the clock, so a
loaded machine sees the same outages: 200, 404, 304, then 404 for good."""

import signal
import subprocess
import sys

from tests.support import cli
from tests.support.feed_servers import read_table, route_feed, wait_for
from tests.support.job_service import job_service
from tests.support.paths import ROOT

PATH = "/flaky.xml"


def _flaky_feed(site) -> str:
    url = route_feed(site, PATH, "Harbour", 700, 1)
    serve = site.routes[PATH]  # 200 with an ETag, 304 to it

    def route(handler, site):
        if site.counts[PATH] in (1, 3):  # the story, then back (304) after the first outage
            return serve(handler, site)
        handler._send(404, {"Content-Type": "text/plain"}, b"gone for now")

    site.routes[PATH] = route
    return url


def _assert_two_outages(out) -> None:
    assert [r["title"] for r in read_table(out, "articles")] == ["Harbour 0"]
    errors = read_table(out, "errors")
    assert [(r["error_type"], r["source_ref"]) for r in errors] == [
        ("http_error", errors[0]["url"])
    ] * 2
    assert all("status=404" in r["error_message"] for r in errors)


def _args(out, url: str) -> list:
    return ["run", "--streaming", "--output", str(out), "--quiet", "--no-fetch", "--feeds", url,
            "--window", "1", "--poll-interval", "1"]  # fmt: skip


def test_micro_batch_writes_one_error_row_per_outage(tmp_path, site):
    url, out = _flaky_feed(site), tmp_path / "out"
    proc = cli.start(*_args(out, url), "--max-duration", "300")
    try:  # until the second outage is written and polled three more times
        wait_for(lambda: len(read_table(out, "errors")) >= 2 and site.counts[PATH] >= 7, proc, 240)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=240) == 130
    finally:
        proc.kill()
        proc.communicate()
    _assert_two_outages(out)


def test_beam_graph_writes_one_error_row_per_outage(tmp_path, site):
    url, out = _flaky_feed(site), tmp_path / "out"
    service, port = job_service(tmp_path / "job_service.port")
    try:
        runner = ["--runner=PortableRunner", f"--job_endpoint=localhost:{port}",
                  "--environment_type=LOOPBACK"]  # fmt: skip
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", *_args(out, url), "--max-duration", "10", *runner],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        service.terminate()
        service.wait(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert site.counts[PATH] >= 7  # polled every second for 10 s: the last outage seen 4+ times
    _assert_two_outages(out)
