"""Peak resident memory of a command's whole process tree, read from /proc while it runs.

Resident memory, not address space: pyarrow's mimalloc reserves 1 GiB of address space up
front and glibc 128 MiB per malloc arena, none of it used, so an RLIMIT_AS cap near a real
bound fails by chance under load. RLIMIT_AS stays only as a backstop for the machine."""

import os
import resource
import subprocess
import threading
import time

from pipeline.runtime.processes import descendants

BACKSTOP_BYTES = 8 << 30
PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Sum of RSS (bytes) of ``root`` and its descendants."""
    total = 0
    for pid in [root, *descendants(root)]:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    return total


def _backstop():
    resource.setrlimit(resource.RLIMIT_AS, (BACKSTOP_BYTES, BACKSTOP_BYTES))


def run_measured(cmd: list, *, cwd, timeout: float) -> tuple:
    """Run ``cmd`` (text output captured); return (CompletedProcess, peak tree RSS in bytes).
    Sampled every 20 ms; the command is killed at ``timeout`` (subprocess.TimeoutExpired)."""
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_backstop,
    )
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    finally:
        sampler.join()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), peak[0]
