"""A feed that goes down, comes back (304) and goes down again is two error rows, not one per
failed poll nor one per change of failure, on both stream engines run through the CLI: the local
micro-batch driver and the Beam streaming graph (Dataflow/Flink's engine, here through
PortableRunner and Beam's own job service, as a cluster would run it). Its answers follow its
request count, not the clock, so a loaded machine sees the same outages: 200, then a flapping
server (502, 503, no answer within the read timeout), 304, then flapping again for good. Each
row tells its outage's first failure."""

import signal
import subprocess
import sys

from tests.support import cli
from tests.support.feed_servers import read_table, route_feed, wait_for
from tests.support.job_service import job_service
from tests.support.paths import ROOT

PATH = "/flaky.xml"
# One attempt per poll (a backoff longer than the poll interval: no retry within it), so each
# answer below is one poll's; a second's read timeout makes the silent answer quick.
CONFIG = """fetch:
  connect_timeout_s: 1
  read_timeout_s: 1
  deadline_s: 2
  backoff_s: 5
"""
FLAPS = (502, 503, None)  # None: headers never come (a timeout)


def _flaky_feed(site) -> str:
    url = route_feed(site, PATH, "Harbour", 700, 1)
    serve = site.routes[PATH]  # 200 with an ETag, 304 to it

    def route(handler, site):
        n = site.counts[PATH]
        if n in (1, 5):  # the story, then back (304) after the first outage (502, 503, silence)
            return serve(handler, site)
        status = FLAPS[(n - 2) % 3]
        if status is None:
            site.stop.wait(3)  # past the read timeout: the poll ends as a timeout
            return
        handler._send(status, {"Content-Type": "text/plain"}, b"flapping")

    site.routes[PATH] = route
    return url


def _assert_two_outages(out) -> None:
    assert [r["title"] for r in read_table(out, "articles")] == ["Harbour 0"]
    errors = read_table(out, "errors")
    assert [(r["error_type"], r["source_ref"]) for r in errors] == [
        ("http_error", errors[0]["url"])
    ] * 2
    # each outage's first failure: 502 (request 2), then 503 (request 6, after the 304)
    firsts = sorted(
        s for r in errors for s in ("status=502", "status=503") if s in r["error_message"]
    )
    assert firsts == ["status=502", "status=503"], [r["error_message"] for r in errors]


def _args(out, url: str) -> list:
    config = out.parent / "flaky.yaml"
    config.write_text(CONFIG)
    return ["run", "--streaming", "--output", str(out), "--quiet", "--no-fetch", "--feeds", url,
            "--window", "1", "--poll-interval", "1", "--config", str(config)]  # fmt: skip


def test_micro_batch_writes_one_error_row_per_outage(tmp_path, site):
    url, out = _flaky_feed(site), tmp_path / "out"
    proc = cli.start(*_args(out, url), "--max-duration", "300")
    try:  # until the second outage is written and each of its failures polled again
        wait_for(lambda: len(read_table(out, "errors")) >= 2 and site.counts[PATH] >= 10, proc, 240)
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
    assert site.counts[PATH] >= 8  # polled every second for 10 s: the last outage flapped 3+ times
    _assert_two_outages(out)
