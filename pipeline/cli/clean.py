"""``newsbeam clean OUT``: remove what runs that are not running left behind.

Under the output's lock (pipeline/run/lock.py), so no run starts or commits meanwhile, it removes
the staging folders (``_staging/<run id>/``: only a running run's would be live, and none is),
the files of runs that never committed (killed during their commit: no manifest lists them),
and temporary manifests. Committed runs are never touched, nor Iceberg tables' folders (their
snapshots say which files they hold). ``--dry-run`` only lists.

What it may remove is narrow on purpose (each was once a way to lose committed data): a file is
removed only when its run id has no manifest at all (a truncated one lists nothing, yet its run
may have committed: it is reported, its files kept); only ``_staging/`` entries named like run
ids; symlinks are unlinked, never followed, and a symlinked table folder is not walked.
"""

import os
import posixpath
import shutil
import sys

from pipeline.cli.usage import Parser
from pipeline.config.settings import ConfigError
from pipeline.run.lock import LOCK_NAME, output_lock
from transforms.sink.committed import (
    MANIFEST_DIR,
    is_run_id,
    manifest_run_ids,
    read_committed,
    run_id_of,
)
from transforms.sink.schema import TABLES

__all__ = ["clean_main", "leftovers"]

# The only folders whose files a clean may remove: those runs write (the tables and their state).
# Every folder was once walked, so `clean /` removed every run-named file on the machine.
_RUN_FOLDERS = (*TABLES, "_state")
# The write probe's staging (pipeline/run/lock.py: streams probe as ``s-probe``).
_PROBE = "s-probe"


def _real_dir(path: str) -> bool:
    return os.path.isdir(path) and not os.path.islink(path)


def _staging_entries(output: str) -> list:
    staging = os.path.join(output, "_staging")
    if not _real_dir(staging):
        return []
    return [os.path.join(staging, n) for n in os.listdir(staging) if is_run_id(n) or n == _PROBE]


def _size(path: str) -> int:
    if not _real_dir(path):
        return os.lstat(path).st_size
    return sum(
        os.lstat(os.path.join(root, name)).st_size
        for root, _, names in os.walk(path)
        for name in names
    )


def leftovers(output: str) -> tuple:
    """``(paths, unreadable)``: the paths (absolute, sorted) a clean removes (staging folders,
    uncommitted run files, temporary manifests) and the unreadable manifests whose runs' files
    are kept."""
    found = _staging_entries(output)
    runs = os.path.join(output, MANIFEST_DIR)
    for root, _, names in os.walk(runs) if _real_dir(runs) else ():
        found += [os.path.join(root, n) for n in names if n.startswith(".") and n.endswith(".tmp")]
    committed, unreadable = read_committed(output)
    manifested = manifest_run_ids(output)
    for top in _RUN_FOLDERS:  # never a folder of the user's, even inside an output
        if not _real_dir(os.path.join(output, top)):
            continue
        if os.path.isdir(os.path.join(output, top, "metadata")):
            continue  # an Iceberg table: its snapshots own its files (expire_snapshots)
        for root, _, names in os.walk(os.path.join(output, top)):
            for name in names:
                path = os.path.join(root, name)
                run_id = run_id_of(name)
                if run_id is None or run_id in manifested:
                    continue
                if posixpath.relpath(path, output) not in committed:
                    found.append(path)
    return sorted(found), unreadable


def clean_main(argv: list) -> int:
    parser = Parser(
        prog="newsbeam clean",
        description="Remove staging folders and the files of runs that never committed "
        "(killed or failed during their commit) from an output folder. Committed runs are kept.",
    )
    parser.add_argument("output", help="the output folder runs write to")
    parser.add_argument("--dry-run", action="store_true", help="list what would be removed")
    args = parser.parse_args(argv)
    output = args.output
    if "://" in output:
        raise ConfigError("clean works on local output folders only")
    if not os.path.isdir(output):
        raise ConfigError(f"'{output}' is not a folder")
    if not (_real_dir(os.path.join(output, MANIFEST_DIR)) or _staging_entries(output)):
        # _lock alone is no sign (an older clean left it in folders it refused), unless a run
        # that is starting holds it: then say who (OutputBusy), not "not an output".
        if os.path.isfile(os.path.join(output, LOCK_NAME)):
            with output_lock(output, run_id="clean", doing="clean"):
                pass
        raise ConfigError(
            f"'{output}' is not the output of a newsbeam run (it holds no {MANIFEST_DIR}/ and no "
            f"_staging/<run id>/): nothing was removed; give clean the --output folder of a run"
        )
    with output_lock(output, run_id="clean", doing="clean"):  # makes _lock: after the check
        doomed, unreadable = leftovers(output)
        for path, why in unreadable:
            print(
                f"newsbeam clean: unreadable run manifest {path} ({why}): its run's files are "
                "kept; restore or remove that manifest yourself",
                file=sys.stderr,
            )
        freed, failed = 0, 0
        for path in doomed:
            size = _size(path)
            if not args.dry_run:
                try:
                    _remove(path)
                except OSError as exc:
                    failed += 1
                    print(f"newsbeam clean: could not remove {path}: {exc}", file=sys.stderr)
                    continue
            freed += size
            print(("would remove " if args.dry_run else "removed ") + path)
        if not args.dry_run:
            _prune_empty_dirs(output, doomed)
    verb = "would free" if args.dry_run else "freed"
    print(
        f"newsbeam clean: {len(doomed) - failed} leftovers, {verb} {freed} bytes in {output}"
        + (f"; {failed} could not be removed (above)" if failed else ""),
        file=sys.stderr,
    )
    return 1 if failed else 0


def _remove(path: str) -> None:
    """A symlink is unlinked, never followed (rmtree would refuse it, or reach outside)."""
    if _real_dir(path):
        shutil.rmtree(path)
    else:
        os.remove(path)


def _prune_empty_dirs(output: str, removed: list) -> None:
    """The folders (partitions, ``_staging``) that held only removed files."""
    top = os.path.abspath(output)
    for path in sorted(removed, key=len, reverse=True):
        folder = os.path.dirname(os.path.abspath(path))
        while folder.startswith(top + os.sep) and os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
