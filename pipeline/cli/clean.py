"""``newsbeam clean OUT``: remove what runs that are not running left behind.

Under the output's lock (pipeline/run/lock.py), so no run starts or commits meanwhile, it removes
the staging folders (``_staging/<run id>/``: only a running run's would be live, and none is),
the files of runs that never committed (killed during their commit: no manifest lists them),
and temporary manifests. Committed runs are never touched, nor Iceberg tables' folders (their
snapshots say which files they hold). ``--dry-run`` only lists.
"""

import os
import posixpath
import shutil
import sys

from pipeline.cli.usage import Parser
from pipeline.config.settings import ConfigError
from pipeline.run.lock import LOCK_NAME, output_lock
from transforms.sink.committed import MANIFEST_DIR, committed_files, run_id_of
from transforms.sink.schema import TABLES

__all__ = ["clean_main", "leftovers"]

# The only folders whose files a clean may remove: those runs write (the tables and their state).
# Every folder was once walked, so `clean /` removed every run-named file on the machine.
_RUN_FOLDERS = (*TABLES, "_state")


def _size(path: str) -> int:
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(
        os.path.getsize(os.path.join(root, name))
        for root, _, names in os.walk(path)
        for name in names
    )


def leftovers(output: str) -> list:
    """Paths (absolute) a clean removes: staging folders, uncommitted run files, temporary
    manifests; sorted."""
    found = []
    staging = os.path.join(output, "_staging")
    if os.path.isdir(staging):
        found += [os.path.join(staging, name) for name in os.listdir(staging)]
    runs = os.path.join(output, MANIFEST_DIR)
    for root, _, names in os.walk(runs):
        found += [os.path.join(root, n) for n in names if n.startswith(".") and n.endswith(".tmp")]
    committed = committed_files(output)
    for top in _RUN_FOLDERS:  # never a folder of the user's, even inside an output
        if not os.path.isdir(os.path.join(output, top)):
            continue
        if os.path.isdir(os.path.join(output, top, "metadata")):
            continue  # an Iceberg table: its snapshots own its files (expire_snapshots)
        for root, _, names in os.walk(os.path.join(output, top)):
            for name in names:
                path = os.path.join(root, name)
                rel = posixpath.relpath(path, output)
                if run_id_of(name) is not None and rel not in committed:
                    found.append(path)
    return sorted(found)


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
    if not any(
        os.path.exists(os.path.join(output, m)) for m in (MANIFEST_DIR, "_staging", LOCK_NAME)
    ):
        raise ConfigError(
            f"'{output}' is not the output of a newsbeam run (it holds no {MANIFEST_DIR}/, "
            f"_staging/ or {LOCK_NAME}): nothing was removed; give clean the --output folder of a run"
        )
    with output_lock(output, run_id="clean", doing="clean"):  # makes _lock: after the check
        doomed = leftovers(output)
        freed = 0
        for path in doomed:
            freed += _size(path)
            print(("would remove " if args.dry_run else "removed ") + path)
            if args.dry_run:
                continue
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
        if not args.dry_run:
            _prune_empty_dirs(output, doomed)
    verb = "would free" if args.dry_run else "freed"
    print(
        f"newsbeam clean: {len(doomed)} leftovers, {verb} {freed} bytes in {output}",
        file=sys.stderr,
    )
    return 0


def _prune_empty_dirs(output: str, removed: list) -> None:
    """The folders (partitions, ``_staging``) that held only removed files."""
    top = os.path.abspath(output)
    for path in sorted(removed, key=len, reverse=True):
        folder = os.path.dirname(os.path.abspath(path))
        while folder.startswith(top + os.sep) and os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
