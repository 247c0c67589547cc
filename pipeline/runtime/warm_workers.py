"""Warm SDK worker processes for local multi-worker runs (``--workers N`` on the in-process runner).

Beam's runner starts each worker with a command line when the first stage runs, and waits for
it: a fresh interpreter importing Beam, then the first bundle importing trafilatura and loading
langdetect's profiles, and each worker building extraction's one-time caches mid-run. So for
``--workers N`` newsbeam starts one loader process before it builds the pipeline: it loads all
of that once and forks N workers that wait on Unix sockets. The runner is given
``worker_main`` as the workers' command (through FnApiRunner's ``default_environment``, see
runner.py); started by the runner, it claims a free warm worker and hands it the runner's
environment (Beam's worker contract: control and logging addresses, options, worker id), or runs
Beam's worker itself when none is free. Same stages, same files; what it saves is in
docs/performance.md ("Warm local workers").
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from typing import Optional

from pipeline.runtime.local import MEMORY_ENV, is_local_runner

__all__ = [
    "HELP_FLAGS",
    "POOL_ENV",
    "WORKER_MODULE",
    "WarmWorkers",
    "slots",
    "wanted_workers",
    "worker_command",
]

WORKER_MODULE = "pipeline.runtime.worker_main"
POOL_ENV = "NEWSBEAM_WARM_WORKERS"  # the warm workers' socket folder, for the runner's workers
_CLAIMED_EXIT_S = 5.0  # how long claimed workers may take to end after the run
# The flags that make any command print help or the version and start nothing.
HELP_FLAGS = ("-h", "--help", "-V", "--version")


def wanted_workers(argv: list) -> int:
    """How many warm workers a ``newsbeam`` command line will use, read before anything heavy
    is imported: ``run --workers N`` (N > 1) on the local runner, not streaming, not asking for
    help or the version; else 0."""
    import argparse

    if any(arg in HELP_FLAGS for arg in argv):
        return 0  # help and version are printed at once, with no worker to start or stop

    class _SilentParser(argparse.ArgumentParser):
        def error(self, message):  # the real parser prints the one usage message
            raise SystemExit(2)

    parser = _SilentParser(add_help=False, allow_abbrev=False)  # as the real one
    parser.add_argument("command", nargs="?")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--runner")
    parser.add_argument("--streaming", action="store_true")
    try:
        args, _ = parser.parse_known_args(argv)
    except SystemExit:  # not a command line this can read: the real parser will say why
        return 0
    if args.command != "run" or args.streaming or not is_local_runner(args.runner):
        return 0
    from pipeline.config.rules import max_workers

    return args.workers if 1 < args.workers <= max_workers() else 0  # else: exit 2 follows


def worker_command() -> str:
    """The command line the runner starts each worker process with."""
    return f"{sys.executable} -m {WORKER_MODULE}"


def socket_path(folder: str, index: int) -> str:
    return os.path.join(folder, f"worker-{index}.sock")


def slots(folder: str) -> list:
    """The warm workers' socket paths, in order (one ``.slot`` file each, made before they start)."""
    if not os.path.isdir(folder):
        return []
    names = sorted(n for n in os.listdir(folder) if n.endswith(".slot"))
    return [os.path.join(folder, n[: -len(".slot")] + ".sock") for n in names]


# A Unix socket's path holds at most 107 bytes (sun_path); a longer TMPDIR made every worker
# fail to bind or connect, and the runner then waited for them for ever.
_SUN_PATH_MAX = 107


def _socket_folder(count: int) -> str:
    """A fresh folder for the workers' sockets: in the temp folder, or in /tmp when the temp
    folder's path is too long for a socket's."""
    folder = tempfile.mkdtemp(prefix="newsbeam-workers-")
    if len(os.fsencode(socket_path(folder, count))) <= _SUN_PATH_MAX:
        return folder
    os.rmdir(folder)
    return tempfile.mkdtemp(prefix="newsbeam-workers-", dir="/tmp")


class WarmWorkers:
    """``with WarmWorkers(n):`` n worker processes start now and wait for the runner.

    ``n`` < 2 starts none (one worker runs inside the runner process). Workers nobody claimed
    are stopped when the block ends.
    """

    def __init__(self, count: int):
        self.count = count if count > 1 else 0
        self.folder: Optional[str] = None
        self.processes: list = []
        self._previous: Optional[str] = None
        self._state = "new"  # -> "started" -> "closed"; entering again or closing twice is a no-op

    def __enter__(self) -> "WarmWorkers":
        if not self.count or self._state != "new":
            return self
        self._state = "started"
        for name, value in MEMORY_ENV.items():  # glibc reads them when a process starts
            os.environ.setdefault(name, value)
        self.folder = _socket_folder(self.count)
        for index in range(self.count):
            open(socket_path(self.folder, index)[: -len(".sock")] + ".slot", "wb").close()
        # One process loads everything once and forks the workers (they share its pages until
        # they write to them); its own process group, so closing can reach the forked ones.
        loader = [sys.executable, "-m", WORKER_MODULE, "--warm", self.folder, str(self.count)]
        self.processes.append(subprocess.Popen(loader, process_group=0))
        self._previous = os.environ.get(POOL_ENV)
        os.environ[POOL_ENV] = self.folder
        return self

    def __exit__(self, *exc) -> None:
        if self._state != "started":
            return
        self._state = "closed"
        if self._previous is None:
            os.environ.pop(POOL_ENV, None)
        else:
            os.environ[POOL_ENV] = self._previous
        claimed = any(os.path.exists(path + ".claimed") for path in slots(self.folder))
        shutil.rmtree(self.folder, ignore_errors=True)  # unclaimed workers see it and end
        for process in self.processes:
            try:  # claimed workers end on their own once their runner let them go
                process.wait(timeout=_CLAIMED_EXIT_S if claimed else 0)
            except subprocess.TimeoutExpired:
                _kill_group(process)


def _kill_group(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
