"""end_now always ends the process, even when the callable that says why raises."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[4]


def _run(body: str) -> subprocess.CompletedProcess:
    script = textwrap.dedent(
        """
        import threading, time
        from pipeline.run.stop import on_stop
        from pipeline.runtime.lost_workers import end_now

        def cleanup():
            print("cleaned up", flush=True)

        stop = on_stop(cleanup)
        stop.__enter__()
        """
    ) + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", script], cwd=_ROOT, capture_output=True, text=True, timeout=60
    )


def test_a_message_that_raises_still_exits_with_the_code_and_a_line():
    done = _run(
        """
        def say():
            raise RuntimeError("manifest unreadable")

        thread = threading.Thread(target=end_now, args=(1, say))
        thread.start()
        time.sleep(30)
        print("still alive")
        """
    )
    assert done.returncode == 1
    assert "still alive" not in done.stdout
    assert "cleaned up" in done.stdout
    assert "RuntimeError: manifest unreadable" in done.stderr
    assert done.stderr.startswith("newsbeam: run failed")


@pytest.mark.parametrize("code", [1, 130])
def test_a_message_that_works_is_said_alone(code):
    done = _run(
        f"""
        end_now({code}, lambda: "newsbeam: run failed: worker lost")
        print("still alive")
        """
    )
    assert done.returncode == code
    assert done.stderr.strip() == "newsbeam: run failed: worker lost"
    assert "still alive" not in done.stdout


def test_workers_that_cannot_be_killed_still_let_the_message_be_said():
    done = _run(
        """
        import pipeline.runtime.lost_workers as lost_workers

        def kill_descendants():
            raise PermissionError("not allowed")

        lost_workers.kill_descendants = kill_descendants
        end_now(1, lambda: "newsbeam: run failed: worker lost")
        print("still alive")
        """
    )
    assert done.returncode == 1
    assert "cleaned up" in done.stdout and "still alive" not in done.stdout
    assert done.stderr.strip() == "newsbeam: run failed: worker lost"
