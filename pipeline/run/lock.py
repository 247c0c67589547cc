"""One run at a time per output: an exclusive lock on ``<output>/_lock``.

Two runs committing into one output would each replace what it read a moment before (the dedup
index, the feed validators) and neither would see the other's stories, so a second run is
refused (exit 2, naming the run that holds the lock). The lock is an ``flock`` on a local
file: the kernel drops it when its process ends, however it ends (kill -9 too), so a lock is
never stale and ``newsbeam clean`` can tell a running run's staging from a dead one's. The file
says who holds it (pid, host, run id, start), for the message only. Object-store outputs
(``gs://``) cannot be locked this way: runs there must be serialised by their scheduler (the
Airflow DAG and the CronJob in deploy/ never overlap runs).
"""

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import posixpath
import socket

from apache_beam.io.filesystems import FileSystems

from pipeline.config.settings import ConfigError
from pipeline.run import remote
from transforms.sink.commit import remove_staging, staging_dir

__all__ = ["LOCK_NAME", "OutputBusy", "check_writable", "output_lock", "lock_holder"]

_LOG = logging.getLogger(__name__)

LOCK_NAME = "_lock"


class OutputBusy(ConfigError):
    """Another process holds the output's lock (exit 2: the fix is to wait or pick another
    output)."""


def lock_holder(output: str) -> dict:
    """What the lock file says about its holder ({} when unreadable)."""
    try:
        with open(os.path.join(output, LOCK_NAME), encoding="utf-8") as handle:
            doc = json.load(handle)
        return doc if isinstance(doc, dict) else {}
    except (OSError, ValueError):
        return {}


def _busy_message(output: str, doing: str) -> str:
    who = lock_holder(output)
    holder = (
        f"run {who.get('run_id', '?')} (pid {who.get('pid', '?')} on {who.get('host', '?')}, "
        f"started {who.get('started', '?')})"
        if who
        else "another newsbeam process"
    )
    return (
        f"{holder} is writing to {output}; {doing} refused so that neither run loses the "
        "other's stories. Wait for it to finish (or stop it), or use another --output. "
        "The lock goes with its process, however it ends (kill -9 included): if that process "
        f"is gone, a process it started still holds {os.path.join(output, LOCK_NAME)} open "
        f"(`fuser -v {os.path.join(output, LOCK_NAME)}` names it)"
    )


@contextlib.contextmanager
def output_lock(output: str, *, run_id: str, doing: str = "this run"):
    """Hold the output's lock for the ``with`` block, or raise ``OutputBusy`` at once."""
    if "://" in output:
        yield  # object stores: see the module docstring
        return
    try:
        os.makedirs(output, exist_ok=True)
        fd = os.open(os.path.join(output, LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ConfigError(f"output '{output}' is not writable: {exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(_busy_message(output, doing)) from None
        me = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "run_id": run_id,
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode("utf-8"), 0)
        yield
    finally:
        os.close(fd)  # drops the lock; the file stays (removing it would race a waiting run)


def _write_probe(output: str, run_id: str) -> None:
    staging = staging_dir(output, run_id)
    probe = posixpath.join(staging, ".probe")
    if FileSystems.exists(staging):
        FileSystems.delete([staging])
    with FileSystems.create(probe) as handle:
        handle.write(b"ok")
    FileSystems.delete([probe])


def _write_probe_bounded(output: str, run_id: str) -> None:
    """An object store that cannot be reached is retried by its client for minutes without a
    word: say so at once, and give up after ``remote.REMOTE_CHECK_S``."""
    remote.call_bounded(
        lambda: _write_probe(output, run_id),
        seconds=remote.REMOTE_CHECK_S,
        doing=f"checking that '{output}' can be written",
    )


def check_writable(output: str, run_id: str, *, keep: bool = True) -> None:
    """Fail before any work (``ConfigError``, exit 2) when ``output`` cannot be written: a
    probe is written in the run's staging folder, cleared first (a failed run of the same id
    leaves it). ``keep``: the emptied folder stays for the run that follows, else it goes."""
    try:
        if "://" in output:
            _write_probe_bounded(output, run_id)
        else:
            _write_probe(output, run_id)
    except Exception as exc:  # noqa: BLE001 - any filesystem error is a configuration problem
        raise ConfigError(f"output '{output}' is not writable: {exc}") from None
    if not keep:
        remove_staging(output, run_id)
