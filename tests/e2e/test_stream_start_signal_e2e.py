"""SIGTERM while a local stream starts (Beam imported, the output locked, the first window under
way): the stream's own words, not a batch run's, and nothing partial in the output."""

import json
import signal
from pathlib import Path

from tests.support import cli
from tests.support.feed_servers import feed_story, wait_for


def _start(out: Path, url: str):
    args = ["run", "--streaming", "--output", str(out), "--feeds", url, "--quiet"]
    args += ["--window", "1", "--poll-interval", "1", "--max-duration", "300"]
    return cli.start(*args)


def _holder(out: Path) -> int:
    try:
        return json.loads((out / "_lock").read_text()).get("pid", 0)
    except (OSError, ValueError):
        return 0


def _catches_sigterm(pid: int) -> bool:
    """The process has a SIGTERM handler (``SigCgt`` in /proc): the command's entry runs."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = int(next(x for x in status.splitlines() if x.startswith("SigCgt:")).split()[1], 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


def _staged(out: Path) -> list:
    return [p for p in (out / "_staging").rglob("*") if p.is_file()] if out.exists() else []


def test_sigterm_during_start_up_says_the_stream_was_starting(tmp_path, feed_server):
    feed, port = feed_server
    feed.add("t0", "Term 0", feed_story(950), port)
    url = f"http://127.0.0.1:{port}/feed.xml"
    out = tmp_path / "out"

    early = _start(out, url)  # still importing: the command's own handler
    wait_for(lambda: _catches_sigterm(early.pid), early)
    early.send_signal(signal.SIGTERM)
    _, err = early.communicate(timeout=120)
    assert early.returncode == 143, err
    assert "the stream was still starting: no window was written" in err
    assert "a run stopped before its commit" not in err
    assert not list(out.glob("_runs/*.json")) and not _staged(out)

    locked = _start(out, url)  # the stream holds the output: its handler from here on
    wait_for(lambda: _holder(out) == locked.pid, locked, limit=240)
    locked.send_signal(signal.SIGTERM)
    _, err = locked.communicate(timeout=240)
    assert locked.returncode == 143, err
    assert "terminated (SIGTERM);" in err and "nothing partial is visible" in err
    assert "a run stopped before its commit" not in err
    assert not _staged(out)
