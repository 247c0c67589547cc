"""Help and version are answered by the parser alone: no Beam import, no worker process."""

import pytest

from tests.support.cli import newsbeam

# Every Python process the command starts reports its imports on its stderr.
_IMPORTS = {"PYTHONPROFILEIMPORTTIME": "1"}


@pytest.mark.parametrize(
    "args, shows",
    [
        (["run", "--workers", "2", "--help"], "exit status: 0 done"),
        (["run", "-h", "--workers", "2", "--input", "nowhere/*"], "--workers WORKERS"),
        (["--version"], "newsbeam "),
        (["query", "--help"], "usage: newsbeam query"),
    ],
)
def test_help_is_printed_before_beam_or_any_worker_starts(args, shows):
    done = newsbeam(*args, env=_IMPORTS, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shows in done.stdout
    assert "apache_beam" not in done.stderr
    assert "pipeline.runtime.worker_main" not in done.stderr


def test_clean_answers_its_own_help():
    done = newsbeam("clean", "--help", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "usage: newsbeam clean" in done.stdout and "--dry-run" in done.stdout
    assert "error" not in done.stderr
