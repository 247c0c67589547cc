"""A full disk and an exhausted inode table, on real small tmpfs mounts (skipped where mounting
is not permitted): the run fails saying so, nothing of it is visible, no staging is left, and a
rerun once space is back completes."""

import errno
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from apache_beam.io.filesystem import BeamIOError

from tests.support.cli import DAY1, DAY2, day_manifest, run_day, run_files
from transforms.sink.commit import commit_run
from transforms.sink.commit_errors import CommitError, describe_failure
from transforms.sink.committed import committed_files


@pytest.fixture
def tmpfs(tmp_path):
    """Mount a tmpfs with the options given (``mount("size=64k")``); unmounted at the end."""
    mounted = []

    def mount(options: str) -> Path:
        point = tmp_path / f"mnt-{uuid.uuid4().hex[:6]}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _remount(point: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(point)], check=True)


def test_disk_full_while_writing_fails_cleanly_and_a_rerun_completes(tmpfs):
    point = tmpfs("size=64k")
    out = point / "out"
    failed = run_day(out, DAY1)
    assert failed.returncode == 1
    last = failed.stderr.strip().splitlines()[-1]
    assert last.startswith("newsbeam: run failed: disk full while writing run 20261101-")
    # Python's own write says "[Errno 28] No space left on device", pyarrow's "[Errno 28] Error
    # writing bytes to file. Detail: [errno 28] No space left on device": which write meets the
    # full disk first depends on the sizes of what the run writes.
    assert f"to {out}: [Errno 28] " in last and "No space left on device" in last
    assert "nothing of the run is visible; free space" in last
    assert run_files(out, DAY1) == [] and day_manifest(out, DAY1) is None
    assert not (out / "_staging").exists()  # a failed run removes its staging

    _remount(point, "size=64m")
    done = run_day(out, DAY1)
    assert done.returncode == 0, done.stderr
    assert day_manifest(out, DAY1)["tables"]["articles"] == 5


def _staged_run(out: Path, committed_day: str) -> tuple:
    """A committed run of ``committed_day`` in ``out``, and the staging of a run of DAY1 made
    from a real run's files (moved back under ``_staging``, as the writers leave them)."""
    done = run_day(out, committed_day)
    assert done.returncode == 0, done.stderr
    scratch = out.parent / "scratch"
    assert run_day(scratch, DAY1).returncode == 0
    manifest = day_manifest(scratch, DAY1)
    staging = out / "_staging" / manifest["run_id"]
    for rel in manifest["files"]:
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(scratch / rel, staging / rel)
    shutil.rmtree(scratch)
    return manifest, staging


def _fill(folder: Path, *, files: bool) -> None:
    """Use up the filesystem's space (one big file) or its inodes (empty files)."""
    try:
        if files:
            for i in range(1_000_000):
                (folder / f"filler-{i}").touch()
        else:
            for size in (1 << 20, 4096, 1):  # to the last byte: no page is left free
                try:
                    with open(folder / f"filler-{size}", "wb", buffering=0) as handle:
                        while True:
                            handle.write(b"\0" * size)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
    except OSError as exc:
        assert exc.errno == errno.ENOSPC


@pytest.mark.parametrize("what", ["space", "inodes"])
def test_disk_full_during_the_commit_rolls_the_run_back(tmpfs, what):
    point = tmpfs("size=32m,nr_inodes=400")
    out = point / "out"
    manifest, staging = _staged_run(out, DAY2)
    before = committed_files(str(out))
    filler = point / "filler"
    filler.mkdir()
    _fill(filler, files=what == "inodes")

    with pytest.raises(CommitError) as caught:
        commit_run(str(out), str(staging), manifest["run_id"], manifest["files"], manifest)
    message = caught.value.message
    expected = "disk full" if what == "space" else "no free inodes (disk full)"
    assert message.startswith(f"{expected} while committing run {manifest['run_id']} to {out}: ")
    assert message.endswith("df -i) and rerun") and "nothing of the run is visible" in message
    assert "Rename operation failed" not in message
    assert run_files(out, DAY1) == [] and day_manifest(out, DAY1) is None
    assert not staging.exists()
    assert committed_files(str(out)) == before  # the other day's run is untouched
    assert all((out / rel).exists() for rel in before)

    shutil.rmtree(filler)
    done = run_day(out, DAY1)
    assert done.returncode == 0, done.stderr
    assert sorted(day_manifest(out, DAY1)["files"]) == sorted(manifest["files"])


def test_failures_are_named_by_what_they_are(tmp_path):
    out = str(tmp_path)
    for code, words in (
        (errno.EMFILE, "too many open files while committing run r1"),
        (errno.EDQUOT, "disk quota exceeded while committing run r1"),
        (errno.ENOSPC, "disk full while committing run r1"),
    ):
        # What Beam's FileSystems.rename raises: the OSError is inside its details.
        error = OSError(code, os.strerror(code))
        wrapped = BeamIOError("Rename operation failed", {("/a", "/b"): error})
        message = describe_failure(wrapped, doing="committing", run_id="r1", output=out)
        assert message.startswith(words) and "Rename operation failed" not in message
    text = RuntimeError("worker said: OSError: [Errno 24] Too many open files: '/x'\n...")
    message = describe_failure(text, doing="writing", run_id="r1", output=out)
    assert message.startswith("too many open files while writing run r1")
    assert "ulimit -n" in message


def test_a_lost_worker_is_named_with_what_to_do(tmp_path):
    # The two texts Beam's runner gives when a worker process is gone (a killed worker's data
    # channel; the job service's worker subprocess), inside its wrapper's traceback text.
    for said in ("Channel closed prematurely.", "Worker subprocess exited with return code -9"):
        error = RuntimeError(f"Pipeline failed.\nTraceback (most recent call last):\n  ...\n{said}")
        message = describe_failure(error, doing="writing", run_id="r1", output=str(tmp_path))
        assert message.startswith("a worker process ended while writing run r1"), message
        assert "out of memory" in message and "--workers" in message
    other = describe_failure(RuntimeError("boom"), doing="writing", run_id="r1", output="o")
    assert other.startswith("RuntimeError while writing run r1 to o: boom")
