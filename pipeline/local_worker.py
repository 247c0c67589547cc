"""The SDK worker processes of local multi-worker runs (``--workers N`` on the in-process runner).

Beam's runner starts each worker with a command line when the first stage runs, and waits for
it: a fresh interpreter importing Beam (~1 s), then the first bundle imports trafilatura and
loads langdetect's profiles (~0.4 s). Started this way, the worker's start-up cannot overlap with
the ~1 s the runner process spends building the pipeline. And at the end the runner stops its
workers one after the other, each waiting ~0.4 s for the interpreter's own shutdown.

So for ``--workers N`` newsbeam:

- starts N *warm* workers itself before it builds the pipeline (``WarmWorkers``): each imports
  Beam's worker and the libraries the stages use, then waits on a Unix socket;
- gives the runner this module as the worker command. Started by the runner, it claims a free
  warm worker, hands it the runner's environment (control and logging addresses, pipeline
  options, worker id), and waits for it, returning its exit code: to the runner it is the worker.
  With no warm worker free (or none started) it becomes a worker itself, as Beam's would;
- ends a worker process as soon as the harness has returned (every bundle answered, every DoFn
  torn down), without the interpreter's shutdown.

A failing harness exits with an error as before. Measured in benchmarks/throughput.py (990 pages,
2 workers): see README "Speed".
"""

import collections
import gc
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from typing import Optional

__all__ = [
    "WORKER_MODULE",
    "TRIM_THREAD",
    "WarmWorkers",
    "is_local_runner",
    "pause_gc",
    "resume_gc",
    "trim_memory_periodically",
    "tune_memory",
    "wanted_workers",
    "worker_command",
]

WORKER_MODULE = "pipeline.local_worker"
POOL_ENV = "NEWSBEAM_WARM_WORKERS"  # the warm workers' socket folder, for the runner's workers
# What each stage's DoFns import on a worker; loaded while the runner builds the pipeline.
PRELOAD = (
    "apache_beam.runners.worker.sdk_worker_main",
    "transforms.read_documents",
    "transforms.decode_bytes",
    "transforms.extract_text",
    "transforms.filter_articles",
    "transforms.detect_language",
    "transforms.classify_topics",
    "transforms.park_articles",
    "trafilatura",
    "pyarrow.parquet",
)
_WAIT_SOCKET_S = 30.0  # how long a runner-started worker waits for a warm one's socket
_CLAIMED_EXIT_S = 5.0  # how long claimed workers may take to end after the run
_UNCLAIMED_S = 600.0  # a warm worker nobody claims ends after this long (or when its parent does)


# Memory settings of local multi-worker runs, each kept when the user has set it. Measured by
# benchmarks/throughput.py (peak resident memory of the runner and its workers, 2 workers):
# - MALLOC_ARENA_MAX: glibc gives each thread that allocates its own arena, and the runner and
#   the SDK workers run gRPC and bundle threads: 2 arenas, 2,970 pages 1,270 -> 1,113 MB.
# - MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_: fixed, glibc does not raise them as large
#   blocks are freed, so blocks of 64 KB and more (page HTML, texts, shuffle buffers) go back to
#   the system when freed instead of staying in the heap of a worker that moves on to the next
#   stage; and pyarrow allocates from glibc (``ARROW_DEFAULT_MEMORY_POOL=system``) rather than
#   its own jemalloc, which keeps freed pages after each Parquet write. 2,970 pages: 1,053 ->
#   921 MB.
MEMORY_SETTINGS = {
    "MALLOC_ARENA_MAX": ("2", -8),  # value, mallopt parameter number (glibc's malloc.h)
    "MALLOC_MMAP_THRESHOLD_": ("65536", -3),
    "MALLOC_TRIM_THRESHOLD_": ("131072", -1),
    "ARROW_DEFAULT_MEMORY_POOL": ("system", None),
}


def _glibc(function: str):
    """A function of glibc's malloc (``mallopt``, ``malloc_trim``), or None off Linux or
    without glibc (musl, for one)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return getattr(ctypes.CDLL("libc.so.6"), function)
    except (OSError, AttributeError):
        return None


def tune_memory() -> None:
    """``MEMORY_SETTINGS`` here and in the worker processes this one starts: glibc reads the
    variables at a process's start, so this process gets them through mallopt, and pyarrow
    through ``set_memory_pool`` if it is loaded already. A variable the user has set is kept;
    off Linux nothing is done, and without glibc the variables are harmless."""
    if not sys.platform.startswith("linux"):
        return
    mallopt = _glibc("mallopt")
    for name, (value, param) in MEMORY_SETTINGS.items():
        if name in os.environ:
            continue
        os.environ[name] = value
        if param is None:  # pyarrow's pool
            if "pyarrow" in sys.modules:
                import pyarrow

                pyarrow.set_memory_pool(pyarrow.system_memory_pool())
        elif mallopt is not None:
            mallopt(param, int(value))


# Every second, the runner and worker processes of a local multi-worker run hand the free pages
# of their glibc heaps back to the system (malloc_trim, < 1 ms a call, measured): each stage
# after extraction frees what the previous one built, in pages the thresholds above do not
# return. 9,900 pages, 2 workers, peak RSS of the tree 1,044 -> 1,012 MB.
TRIM_THREAD = "newsbeam-malloc-trim"
_TRIM_EVERY_S = 1.0


def trim_memory_periodically(every_s: float = _TRIM_EVERY_S) -> Optional[threading.Event]:
    """Start a daemon thread calling glibc's ``malloc_trim(0)`` every ``every_s`` seconds;
    returns the Event that stops it (None without glibc: nothing started)."""
    trim = _glibc("malloc_trim")
    if trim is None:
        return None
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            trim(0)

    threading.Thread(target=loop, name=TRIM_THREAD, daemon=True).start()
    return stop


# Python's cyclic garbage collector during start-up. Importing Beam and the libraries and
# building the pipeline make ~250,000 long-lived objects and no cyclic garbage worth the
# collections' time: 140 ms of the runner's start-up (measured with gc.callbacks), and in each
# forked worker a full collection of everything the loader imported (~100 ms) inside the first
# stage's set-up and ~0.3 s more over a 990-page run (full collections keep walking them). So
# the collector is off while a process loads, and what it loaded is frozen (gc.freeze: never
# walked again, and a forked worker does not copy those pages by writing their GC headers)
# before collection starts again for the objects of the run itself.


def pause_gc() -> None:
    """Start-up: no cyclic collections until ``resume_gc``."""
    gc.disable()


def resume_gc() -> None:
    """Freeze what is alive now and collect from here on; nothing if collection is on already
    (a caller that never paused it: tests, library use)."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()


_LOCAL_NAMES = (None, "", "direct", "directrunner", "fnapirunner", "inprocess")


def is_local_runner(name: Optional[str]) -> bool:
    return (name or "").lower() in _LOCAL_NAMES


def wanted_workers(argv: list) -> int:
    """How many warm workers a ``newsbeam`` command line will use, read before anything heavy
    is imported: ``run --workers N`` (N > 1) on the local runner, not streaming; else 0."""
    import argparse

    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)  # as the real one
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
    from pipeline.config_rules import max_workers

    return args.workers if 1 < args.workers <= max_workers() else 0  # else: exit 2 follows


def worker_command() -> str:
    """The command line the runner starts each worker process with."""
    return f"{sys.executable} -m {WORKER_MODULE}"


def _socket_path(folder: str, index: int) -> str:
    return os.path.join(folder, f"worker-{index}.sock")


def _slots(folder: str) -> list:
    """The warm workers' socket paths, in order (one ``.slot`` file each, made before they start)."""
    if not os.path.isdir(folder):
        return []
    names = sorted(n for n in os.listdir(folder) if n.endswith(".slot"))
    return [os.path.join(folder, n[: -len(".slot")] + ".sock") for n in names]


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
        self._trimming: Optional[threading.Event] = None
        self._state = "new"  # -> "started" -> "closed"; entering again or closing twice is a no-op

    def __enter__(self) -> "WarmWorkers":
        if not self.count or self._state != "new":
            return self
        self._state = "started"
        tune_memory()  # before the loader starts: glibc reads the variables at process start
        self._trimming = trim_memory_periodically()
        self.folder = tempfile.mkdtemp(prefix="newsbeam-workers-")
        for index in range(self.count):
            open(_socket_path(self.folder, index)[: -len(".sock")] + ".slot", "wb").close()
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
        if self._trimming is not None:
            self._trimming.set()
        if self._previous is None:
            os.environ.pop(POOL_ENV, None)
        else:
            os.environ[POOL_ENV] = self._previous
        claimed = any(os.path.exists(path + ".claimed") for path in _slots(self.folder))
        shutil.rmtree(self.folder, ignore_errors=True)  # unclaimed workers see it and end
        for process in self.processes:
            try:  # claimed workers end on their own once their runner let them go
                process.wait(timeout=_CLAIMED_EXIT_S if claimed else 0)
            except subprocess.TimeoutExpired:
                _kill_group(process)


def kill_descendants() -> int:
    """SIGKILL every process this one started, and theirs: the warm workers' loader and the
    workers it forked, the worker commands the runner started (Beam waits for those to end
    their bundle before it lets a stopping run go). For a command told to stop (SIGTERM).
    Reads /proc (Linux); elsewhere kills nothing. Returns how many were signalled."""
    import signal

    children = collections.defaultdict(list)
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children[ppid].append(int(entry))
    found, todo = [], list(children.get(os.getpid(), ()))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    for pid in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(found)


def _kill_group(process) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def _run_harness() -> int:
    """Beam's worker main in this process; the exit code."""
    from apache_beam.runners.worker import sdk_worker_main

    from pipeline.options import memoize_dofn_specs
    from pipeline.stop import quiet_reraised_errors

    memoize_dofn_specs()
    trim_memory_periodically()
    logging.getLogger(sdk_worker_main.__name__).addFilter(_no_main_session_warning)
    quiet_reraised_errors()  # the runner raises the error; the command reports it in one line

    try:
        sdk_worker_main.main([])
    except BaseException:  # noqa: BLE001 - reported, and the exit code says it failed
        traceback.print_exc()
        return 1
    return 0


def _no_main_session_warning(record) -> bool:
    """Beam's worker warns on every start that it has no pickled main session to load; newsbeam
    never uses one (its DoFns live in modules), and the runner printed the warning twice per run."""
    return not str(record.msg).startswith("No semi_persistent_directory found")


def _fast_exit(code: int) -> None:
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


# The loader after forking: wait for the workers (its children); end them if the command that
# started it is gone without closing them.
_WAITER = """
import os, sys, time
command = int(sys.argv[1])
while True:
    try:
        pid, _ = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        break
    if not pid and os.getppid() != command:
        os.killpg(0, 9)
    if not pid:
        time.sleep(0.1)
"""


def _preload() -> None:
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)
    from transforms.html_extract import warm_up

    warm_up()
    from transforms.detect_language import LanguageConfig, shared_detector_factory

    shared_detector_factory(LanguageConfig().seed)


def _warm(folder: str, count: int) -> None:
    """The loader: listen on every slot, load once, fork one worker per slot, wait for them."""
    servers = []
    for index in range(count):
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(_socket_path(folder, index))
        server.listen(1)
        servers.append(server)
    command = os.getppid()
    pause_gc()
    _preload()
    gc.freeze()  # before forking: the workers share these pages and never walk these objects
    children = []
    for server in servers:
        pid = os.fork()
        if pid == 0:
            for other in servers:
                if other is not server:
                    other.close()
            _serve(server, folder)
        children.append(pid)
    for server in servers:
        server.close()
    # Only wait for the workers now. Exec'd as a bare interpreter, so the loaded libraries do
    # not stay resident here (the workers keep their copies).
    os.execv(sys.executable, [sys.executable, "-S", "-c", _WAITER, str(command)])


def _serve(server, folder: str) -> None:
    """A forked worker: wait to be claimed, then run the harness for the claimer."""
    gc.enable()
    server.settimeout(0.2)
    loader = os.getppid()
    deadline = time.monotonic() + _UNCLAIMED_S
    while True:
        try:
            conn, _ = server.accept()
            break
        except TimeoutError:
            gone = os.getppid() != loader or not os.path.isdir(folder)
            if gone or time.monotonic() > deadline:
                _fast_exit(0)
    server.close()
    conn.settimeout(None)
    reader = conn.makefile("rb")
    os.environ.update(json.loads(reader.readline()))

    def watch() -> None:  # the claimer (the runner's child) is gone: stop working for it
        reader.read(1)
        _fast_exit(1)

    threading.Thread(target=watch, daemon=True).start()
    code = _run_harness()
    conn.sendall(b"%d\n" % code)
    _fast_exit(code)


def _claim(folder: str) -> Optional[socket.socket]:
    """A connection to a free warm worker of ``folder``, or None."""
    for path in _slots(folder):
        try:  # the claim file makes each warm worker serve one runner-started worker
            os.close(os.open(path + ".claimed", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except OSError:
            continue
        deadline = time.monotonic() + _WAIT_SOCKET_S
        while True:
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                conn.connect(path)
                return conn
            except (FileNotFoundError, ConnectionRefusedError):
                conn.close()
                if not os.path.exists(path) and time.monotonic() < deadline:
                    time.sleep(0.01)
                    continue
                break  # that warm worker is gone: try the next
    return None


def main(argv: list) -> None:
    if len(argv) == 4 and argv[1] == "--warm":
        _warm(argv[2], int(argv[3]))
    folder = os.environ.pop(POOL_ENV, None)
    conn = _claim(folder) if folder else None
    if conn is None:
        _fast_exit(_run_harness())
    conn.sendall(json.dumps(dict(os.environ)).encode("utf-8") + b"\n")
    answer = conn.makefile("rb").readline().strip()
    _fast_exit(int(answer) if answer.lstrip(b"-").isdigit() else 1)


if __name__ == "__main__":
    main(sys.argv)
