"""Commit a run: its staged files into place, then its manifest (the one commit point), then
``_SUCCESS``. The protocol is written down in docs/ARCHITECTURE.md ("Commit protocol").

What commits as one is a *unit*: a batch run (``run_id``), or one pane of a streaming window
(``<run_id>/<pane>``, see ``unit_id``). A unit's staging is ``_staging/<unit>/``, its manifest
``_runs/<unit>.json``, its ``_SUCCESS`` markers name it, and its files are named
``part-<file id>-<shard>.parquet`` with the file id ``unit_file_id(unit)``."""

import json
import logging
import os
import posixpath
import signal
import uuid
from collections.abc import Iterable
from typing import Optional

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from transforms.dedup.state import STATE_DIR
from transforms.read.http_state import state_relpath
from transforms.sink.commit_errors import CommitError, describe_failure
from transforms.sink.committed import manifest_path
from transforms.sink.facts import summarise_facts
from transforms.sink.schema import TABLES
from transforms.sink.write_parquet import partition_path, write_partition_file

__all__ = [
    "CommitRun",
    "commit_files",
    "commit_run",
    "discard_uncommitted",
    "ensure_dir",
    "missing_tables",
    "remove_staging",
    "staging_dir",
    "unit_file_id",
    "unit_id",
    "write_json",
]

_LOG = logging.getLogger(__name__)

# Test builds kill the process (SIGKILL, as a crash would) right after the k-th file moved into
# place by a commit (tests/e2e/test_commit_faults.py); the manifest's rename counts as a move.
KILL_AT_MOVE_ENV = "NEWSBEAM_TEST_KILL_AT_MOVE"


def ensure_dir(path: str) -> None:
    """Make ``path`` and its parents; an existing folder (or an object store, which has no
    folders) is fine, any other failure (disk full, too many open files) is raised."""
    try:
        FileSystems.mkdirs(path)
    except Exception:  # noqa: BLE001 - Beam raises IOError or BeamIOError for "exists"
        if "://" in path or os.path.isdir(path):
            return
        os.makedirs(path, exist_ok=True)  # raises the real OSError (ENOSPC, EMFILE, ...)


def _delete(paths: list) -> None:
    if paths:
        FileSystems.delete(paths)


def _match(pattern: str) -> list:
    try:
        return [m.path for m in FileSystems.match([pattern])[0].metadata_list]
    except Exception:  # noqa: BLE001 - nothing there yet
        return []


def unit_id(run_id: str, pane: str = "") -> str:
    """What commits as one: a batch run (``run_id``), or one pane of a streaming window."""
    return f"{run_id}/{pane}" if pane else run_id


def unit_file_id(unit: str) -> str:
    """The id in a unit's file names: ``part-<file id>-<shard>.parquet``, ``feeds-<file id>.json``."""
    return unit.replace("/", "-")


def _run_files(output: str, unit: str) -> list:
    """Every data, index and state file ``unit`` has in ``output`` (a committed run's, a
    crashed run's leftovers, or both)."""
    found, file_id = [], unit_file_id(unit)
    for table in (*TABLES, STATE_DIR):
        found += _match(posixpath.join(output, table, "**", f"part-{file_id}-*.parquet"))
    found += _match(posixpath.join(output, state_relpath(file_id)))
    return sorted(set(found))


def staging_dir(output: str, run_id: str) -> str:
    """Where a run's files wait before its commit."""
    return posixpath.join(output, "_staging", run_id)


def remove_staging(output: str, run_id: str) -> None:
    """Remove a run's staging folder (and ``_staging`` once no run uses it); never raises."""
    staging = staging_dir(output, run_id)
    try:
        if FileSystems.exists(staging):
            FileSystems.delete([staging])
        parent = posixpath.join(output, "_staging")
        if "://" not in parent and os.path.isdir(parent) and not os.listdir(parent):
            os.rmdir(parent)
    except Exception as exc:  # noqa: BLE001 - a failed cleanup must not hide the run's outcome
        _LOG.warning("could not remove staging folder %s: %s", staging, exc)


def _tmp_path(path: str) -> str:
    return posixpath.join(posixpath.dirname(path), f".{posixpath.basename(path)}.tmp")


def write_json(path: str, payload: dict) -> None:
    """Write ``payload`` to a temporary name beside ``path``, then rename it over ``path``: a
    reader finds the old file or the new one, never a partial one."""
    ensure_dir(posixpath.dirname(path))
    tmp = _tmp_path(path)
    with FileSystems.create(tmp, mime_type="application/json") as handle:
        handle.write(json.dumps(payload, indent=2, sort_keys=True, default=str).encode("utf-8"))
    if "://" in path:
        FileSystems.rename([tmp], [path])  # object stores: the copy appears whole
    else:
        os.replace(tmp, path)  # atomic over an existing manifest, unlike Beam's rename


def missing_tables(relpaths: Iterable[str]) -> list:
    """The tables of which no file was staged (a run with no article, no rejection ...)."""
    staged = {rel.split("/", 1)[0] for rel in relpaths}
    return [t for t in TABLES if t not in staged]


def stage_empty_tables(staging: str, run_id: str, run_date, configs: dict, relpaths: list) -> list:
    """Stage an empty Parquet file with the schema for each table without one, so every table
    exists after a committed run (a query over ``<table>/**/*.parquet`` never fails); its
    partition is the run date (``__HIVE_DEFAULT_PARTITION__`` for other keys). Returns the
    relative paths staged."""
    added = []
    for table in missing_tables(relpaths):
        if table not in configs:
            continue
        config = configs[table]
        part = partition_path({"ingest_date": run_date}, config.partition_by)
        written = write_partition_file(staging, unit_file_id(run_id), (table, part, 0), [], config)
        added.append(written.relpath)
    return added


class _Moves:
    """Counts the files moved into place, for the test builds' kill switch."""

    def __init__(self):
        self.done = 0
        raw = os.environ.get(KILL_AT_MOVE_ENV, "")
        self._kill_at = int(raw) if raw.isdigit() else 0

    def moved(self) -> None:
        self.done += 1
        if self.done == self._kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


def _retract(output: str, run_id: str) -> None:
    """Undo an earlier commit of ``run_id`` before touching its files: its manifest goes first,
    so from here until the new manifest the run is not committed (never half old, half new),
    and its ``_SUCCESS`` markers, which name it."""
    _delete(_match(manifest_path(output, run_id)))
    for table in TABLES:
        marker = posixpath.join(output, table, "_SUCCESS")
        if "://" not in marker and os.path.isfile(marker):
            with open(marker, "rb") as handle:
                named = handle.read(256).decode("utf-8", "replace")
            if named == run_id:
                os.remove(marker)


def commit_files(
    output: str,
    staging: str,
    run_id: str,
    relpaths: Iterable[str],
    moves=None,
    *,
    sources: Optional[dict] = None,
    replace: bool = True,
) -> list:
    """Replace every file ``run_id`` (a unit) has in ``output`` with the staged files; return
    the final paths. Files of other runs are never touched, so daily runs accumulate and a rerun
    of one day replaces exactly that day's files (and a crashed run's leftovers).

    ``sources``: ``{relpath: staged path}`` for files staged elsewhere than ``staging/relpath``.
    ``replace=False`` (a streaming pane, whose files have new names): nothing is deleted, and a
    file whose staged copy is gone but is in place was moved by an earlier attempt of this
    commit (a retried bundle), so the retry goes on with the rest."""
    moves = moves or _Moves()
    sources = sources or {}
    if replace:
        _delete(_run_files(output, run_id))
    final = []
    for rel in sorted(set(relpaths)):
        src, dst = sources.get(rel) or posixpath.join(staging, rel), posixpath.join(output, rel)
        final.append(dst)
        if not replace and not FileSystems.exists(src) and FileSystems.exists(dst):
            continue
        ensure_dir(posixpath.dirname(dst))
        FileSystems.rename([src], [dst])
        moves.moved()
    return final


def commit_run(
    output: str,
    staging: str,
    run_id: str,
    relpaths: Iterable[str],
    manifest: dict,
    *,
    empty_tables: Optional[tuple] = None,
    iceberg: Optional[dict] = None,
    sources: Optional[dict] = None,
    retryable: bool = False,
) -> dict:
    """The one commit of a unit: a batch run, a micro-batch, or a streaming window's pane
    (``run_id`` is then ``unit_id(run, pane)``); returns the manifest written.

    1. retract an earlier commit of ``run_id`` (its manifest, then its files);
    2. move the staged files into place (data, ``_state/dedup`` index, ``_state/http`` state);
    3. write the manifest, listing every file, to a temporary name and rename it: the commit
       point. Readers that honour the protocol (transforms/sink/committed.py) use a file only when a
       committed manifest lists it, so a run killed before this point is invisible to them;
    4. ``_SUCCESS`` in each table folder; remove the staging folder.

    ``empty_tables`` ``(run_date, writer configs)``: stage an empty file for each table without
    one first. ``iceberg`` (``{"catalog", "namespace", "partition_by"}``): the tables are
    Iceberg tables, committed by ``transforms/sink/iceberg.py`` before the manifest. A failure
    before the commit point removes what was moved and the staging, and raises ``CommitError``
    saying what happened ("disk full while committing ..."). ``sources``: see ``commit_files``.
    ``retryable`` (a streaming pane, whose runner retries a failed commit): its files have new
    names, so none is replaced; a failure leaves the moved and staged files as they are, for
    the retry to finish the move.
    """
    relpaths = sorted(set(relpaths))
    moves, retracted, tables_done = _Moves(), False, []
    try:
        if empty_tables is not None and iceberg is None:
            run_date, configs = empty_tables
            relpaths += stage_empty_tables(staging, run_id, run_date, configs, relpaths)
        retracted = True  # from here an earlier commit of the run may be partly undone
        _retract(output, run_id)
        if iceberg is None:
            final = commit_files(
                output, staging, run_id, relpaths, moves, sources=sources, replace=not retryable
            )
        else:
            final = _commit_iceberg(output, staging, run_id, relpaths, moves, iceberg, tables_done)
            manifest = dict(manifest, iceberg=tables_done[-1])
        manifest = dict(manifest, files=[posixpath.relpath(p, output) for p in final])
        write_json(manifest_path(output, run_id), manifest)
    except BaseException as exc:  # SIGTERM (SystemExit) mid-commit rolls back too
        message = None  # said before the rollback frees space (or inodes)
        if isinstance(exc, Exception):
            message = describe_failure(exc, doing="committing", run_id=run_id, output=output)
        if not retryable:
            if retracted and not tables_done:  # files an Iceberg snapshot holds are never removed
                _roll_back(output, run_id)
            remove_staging(output, run_id)
        if message is None:
            raise
        raise CommitError(message) from exc
    moves.moved()
    try:
        for table in TABLES:
            with FileSystems.create(posixpath.join(output, table, "_SUCCESS")) as handle:
                handle.write(run_id.encode("utf-8"))
    except Exception as exc:  # noqa: BLE001 - the run is committed; the markers are a courtesy
        _LOG.warning("run %s is committed but _SUCCESS could not be written: %s", run_id, exc)
    remove_staging(output, run_id)
    return manifest


def _commit_iceberg(output, staging, run_id, relpaths, moves, iceberg: dict, done: list) -> list:
    """Move the run's files (table files under ``<table>/data/`` with this commit's token) and
    commit each table; ``done`` gets each table committed, then the Iceberg summary last."""
    from transforms.sink.iceberg import commit_tables, iceberg_relpath, rows_in

    token = uuid.uuid4().hex[:8]
    state = [rel for rel in relpaths if rel.split("/", 1)[0] not in TABLES]
    # The run's old table files stay: the tables' earlier snapshots hold them (time travel).
    old = _run_files(output, run_id)
    _delete([p for p in old if posixpath.relpath(p, output).split("/", 1)[0] not in TABLES])
    final, by_table = [], {}
    for rel in relpaths:
        table = rel.split("/", 1)[0]
        if rel not in state and not rows_in(posixpath.join(staging, rel)):
            continue  # no rows: the table exists in the catalog, no file needed
        dst = posixpath.join(output, rel if rel in state else iceberg_relpath(rel, run_id, token))
        ensure_dir(posixpath.dirname(dst))
        FileSystems.rename([posixpath.join(staging, rel)], [dst])
        final.append(dst)
        if rel not in state:
            by_table.setdefault(table, []).append(dst)
        moves.moved()
    snapshots = commit_tables(
        output,
        run_id,
        by_table,
        catalog=iceberg.get("catalog"),
        namespace=iceberg["namespace"],
        partition_by=iceberg["partition_by"],
        committed=done,
    )
    done.append({"namespace": iceberg["namespace"], "snapshots": snapshots})
    return final


def discard_uncommitted(output: str, run_id: str, *, iceberg: bool = False) -> None:
    """After a run failed anywhere (a worker killed during the commit too): if it has no
    committed manifest, remove its files and staging; never raises."""
    try:
        committed = FileSystems.exists(manifest_path(output, run_id))
    except Exception:  # noqa: BLE001
        committed = True  # cannot tell: leave the files to a rerun or `newsbeam clean`
    if not committed and not iceberg:
        _roll_back(output, run_id)
    remove_staging(output, run_id)


def _roll_back(output: str, run_id: str) -> None:
    """After a failed commit: nothing of the run stays (best effort; ``newsbeam clean`` and a
    rerun remove what a second failure leaves)."""
    try:
        _delete(_run_files(output, run_id))
        _delete(_match(_tmp_path(manifest_path(output, run_id))))
    except Exception as exc:  # noqa: BLE001 - report the first failure, not this one
        _LOG.warning("could not remove the files of failed run %s: %s", run_id, exc)


class _CommitFn(beam.DoFn):
    def __init__(self, output, staging, run_id, manifest, empty_tables, iceberg):
        self._output = output
        self._staging = staging
        self._run_id = run_id
        self._manifest = manifest
        self._empty_tables = empty_tables
        self._iceberg = iceberg

    def process(self, relpaths, facts):
        manifest = dict(self._manifest, **summarise_facts(facts))
        yield commit_run(
            self._output,
            self._staging,
            self._run_id,
            relpaths,
            manifest,
            empty_tables=self._empty_tables,
            iceberg=self._iceberg,
        )


class CommitRun(beam.PTransform):
    """Barrier + commit: runs once, after every file is staged and every fact counted.

    Input: a dict with ``paths`` (relative paths staged by the writers) and ``facts``
    (``((kind, value), n)``: facts counted by the steps that saw them, summed here). Output: the manifest dict.
    ``configs`` (the writers' configs by table) and ``run_date``: a table without a file gets
    an empty one with its schema. ``iceberg``: commit into Iceberg tables (``commit_run``).
    """

    def __init__(
        self,
        *,
        output: str,
        staging: str,
        run_id: str,
        manifest: dict,
        configs: Optional[dict] = None,
        run_date=None,
        iceberg: Optional[dict] = None,
    ):
        super().__init__()
        empty = (run_date, dict(configs)) if configs is not None else None
        self._args = (output, staging, run_id, manifest, empty, iceberg)

    def expand(self, inputs):
        paths = inputs["paths"] | "AllPaths" >> beam.combiners.ToList()
        facts = inputs["facts"] | "CountFacts" >> beam.CombinePerKey(sum)
        return paths | "Commit" >> beam.ParDo(
            _CommitFn(*self._args), facts=beam.pvalue.AsList(facts)
        )
