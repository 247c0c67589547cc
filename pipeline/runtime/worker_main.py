"""``python -m pipeline.runtime.worker_main``: an SDK worker process of a local multi-worker run.

Started by the runner (as the command of the workers' environment, see runner.py), it claims a
warm worker of ``WarmWorkers`` and hands it the runner's environment, or runs Beam's worker
itself when none is free. Started with ``--warm FOLDER N`` by ``WarmWorkers``, it is the loader
that forks the warm workers. Worker processes end without the interpreter's shutdown once the
harness has returned (every bundle answered, every DoFn torn down).
"""

import gc
import importlib
import json
import logging
import os
import socket
import sys
import threading
import time
import traceback
from typing import Optional

from pipeline.runtime.startup import pause_gc
from pipeline.runtime.warm_workers import POOL_ENV, slots, socket_path

# What each stage's DoFns import on a worker; loaded once by the loader before it forks.
PRELOAD = (
    "apache_beam.runners.worker.sdk_worker_main",
    "transforms.read.documents",
    "transforms.extract.decode",
    "transforms.extract.stage",
    "transforms.extract.filter",
    "transforms.language.detect",
    "transforms.topics.classify",
    "transforms.dedup.park",
    "trafilatura",
    "pyarrow.parquet",
)
_WAIT_SOCKET_S = 30.0  # how long a runner-started worker waits for a warm one's socket
_UNCLAIMED_S = 600.0  # a warm worker nobody claims ends after this long (or when its parent does)

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


def _no_main_session_warning(record) -> bool:
    """Beam's worker warns on every start that it has no pickled main session to load; newsbeam
    never uses one (its DoFns live in modules)."""
    return not str(record.msg).startswith("No semi_persistent_directory found")


def _run_harness() -> int:
    """Beam's worker main in this process; the exit code."""
    from apache_beam.runners.worker import sdk_worker_main

    from pipeline.run.stop import quiet_reraised_errors
    from pipeline.runtime.jt_stoplist import freeze_jt_stoplist
    from pipeline.runtime.lost_workers import quiet_thread_errors

    freeze_jt_stoplist()  # built before forking in a warm worker; here in a cold one
    logging.getLogger(sdk_worker_main.__name__).addFilter(_no_main_session_warning)
    quiet_reraised_errors()  # the runner raises the error; the command reports it in one line
    quiet_thread_errors()  # a lost worker breaks the others' channels: not their tracebacks
    try:
        sdk_worker_main.main([])
    except BaseException:  # noqa: BLE001 - reported, and the exit code says it failed
        traceback.print_exc()
        return 1
    return 0


def _fast_exit(code: int) -> None:
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _preload() -> None:
    for module in PRELOAD:
        importlib.import_module(module)
    from pipeline.runtime.jt_stoplist import freeze_jt_stoplist
    from transforms.extract.html import warm_up

    freeze_jt_stoplist()
    warm_up()
    from transforms.language.detect import LanguageConfig, shared_detector_factory

    shared_detector_factory(LanguageConfig().seed)


def _warm(folder: str, count: int) -> None:
    """The loader: listen on every slot, load once, fork one worker per slot, wait for them."""
    servers = []
    for index in range(count):
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(socket_path(folder, index))
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
    for path in slots(folder):
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
            except OSError as exc:  # not there yet, refused, or a path no socket can have
                conn.close()
                waiting = isinstance(exc, FileNotFoundError) and not os.path.exists(path)
                if waiting and time.monotonic() < deadline:
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
    try:
        conn.sendall(json.dumps(dict(os.environ)).encode("utf-8") + b"\n")
        answer = conn.makefile("rb").readline().strip()
    except OSError:  # the warm worker died (killed, out of memory): the runner says so
        answer = b""
    _fast_exit(int(answer) if answer.lstrip(b"-").isdigit() else 1)


if __name__ == "__main__":
    main(sys.argv)
