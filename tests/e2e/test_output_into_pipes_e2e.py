"""What the commands print, into pipes as users send it. ``newsbeam report OUT --to PATH`` where
PATH is a pipe (``--to >(gzip > r.html.gz)``, a named pipe, ``/dev/stdout``): the page is written
into it, and the pipe is still a pipe afterwards; it was written to ``PATH.partial`` and renamed
onto PATH, which replaced the pipe (or, as root, ``/dev/stdout`` and ``/dev/full``) with a regular
file, and the reader got nothing. ``newsbeam query ... | head``: the command ends as ``cat`` does
when its reader is gone (141), where it printed a BrokenPipeError traceback and exited 1."""

import os
import stat
import subprocess
import sys
import threading

import pytest

from tests.support.cli import newsbeam
from tests.support.paths import ROOT, SEEDS


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    done = newsbeam("run", "--input", f"{SEEDS}/*", "--output", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    return out


def test_a_report_into_a_named_pipe_reaches_its_reader(tmp_path, out):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()

    done = newsbeam("report", str(out), "--to", str(fifo), timeout=120)
    if reader.is_alive():  # the pipe was replaced: unblock the reader, then fail below
        with open(fifo, "wb"):
            pass
    reader.join(30)

    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the pipe was replaced by a file"
    assert got and got[0].startswith(b"<!DOCTYPE html>") and got[0].rstrip().endswith(b"</html>")
    assert b"seeds" in got[0] or b"articles" in got[0]
    assert not (tmp_path / "report.fifo.partial").exists()


def test_a_query_whose_reader_stops_early_ends_quietly(out):
    sql = "SELECT a.title, a.text FROM articles a, articles b, articles c"  # more than a pipe holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "query", str(out), sql, "--format", "json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = proc.stdout.read(200)  # what `| head -c 200` reads, then it goes
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(120)

    assert first.startswith(b'{"title": ')
    assert proc.returncode == 141, stderr
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    assert stderr == ""  # nothing under the rows the user asked for
