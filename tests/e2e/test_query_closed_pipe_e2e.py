"""``newsbeam query ... | head -1``: the reader closes the pipe after the first line; the query
ends as a command killed by SIGPIPE does (128 + 13), with nothing on stderr, not a Python
traceback (BrokenPipeError) under the rows the user asked for."""

import signal
import subprocess
import sys

from tests.support.cli import DAY1, ROOT, run_day

_MANY_ROWS = "SELECT range AS n FROM range(200000)"


def test_a_query_whose_reader_stops_ends_quietly(tmp_path):
    out = tmp_path / "out"
    assert run_day(out, DAY1).returncode == 0
    query = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "query", str(out), _MANY_ROWS, "--format", "csv"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert query.stdout.readline() == b"n\n"
    query.stdout.close()  # as head does once it has its line
    stderr = query.stderr.read().decode()
    assert (query.wait(timeout=120), stderr) == (128 + signal.SIGPIPE, "")
