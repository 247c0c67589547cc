"""``newsbeam clean`` never removes what a run committed, nor anything outside the output, however
odd the output: a path with ``[`` in it, a truncated manifest, user files and symlinks in
``_staging`` or in place of a table folder, a folder holding only an old ``_lock``. And a Beam-engine
stream holds the output's lock, so no clean or batch runs beside it."""

import shutil
from pathlib import Path

import duckdb
import pytest

import pipeline.cli.clean as clean_module
from pipeline.config.settings import load_settings
from pipeline.run.lock import OutputBusy, output_lock
from pipeline.run.streaming import StreamingConfig, run_streaming
from tests.support.cli import DAY1, newsbeam, run_day

KILLED = "20251231-dead"  # a run killed before its commit point: no manifest


@pytest.fixture(scope="module")
def committed(tmp_path_factory):
    """An output with day 1 committed, and the titles a user reads from it."""
    out = tmp_path_factory.mktemp("ref") / "out"
    done = run_day(out, DAY1)
    assert done.returncode == 0, done.stderr
    [manifest] = (out / "_runs").glob("*.json")
    return out, manifest.stem, _titles(out)


def _titles(out: Path) -> list:
    files = sorted(str(p) for p in (out / "articles").rglob("*.parquet"))  # no glob: out[old]
    rows = duckdb.sql(f"SELECT title FROM read_parquet({files}) ORDER BY title").fetchall()
    return [r[0] for r in rows]


def _files(out: Path) -> dict:
    return {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "_lock"}


def _copy(committed, dest: Path) -> Path:
    shutil.copytree(committed[0], dest, symlinks=True)
    return dest


def _stale(out: Path) -> Path:
    """A file a killed run left in a table: its run has no manifest."""
    part = next((out / "articles").rglob("*.parquet"))
    stale = part.with_name(f"part-{KILLED}-00000.parquet")
    stale.write_bytes(b"left by a killed run")
    return stale


def test_an_output_whose_path_holds_a_bracket_keeps_its_committed_runs(tmp_path, committed):
    out = _copy(committed, tmp_path / "out[old]")
    kept = _files(out)
    stale = _stale(out)
    for flags, verb in ((["--dry-run"], "would remove"), ([], "removed")):
        done = newsbeam("clean", str(out), *flags)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [f"{verb} {stale}"]
    assert _files(out) == kept and not stale.exists()
    assert _titles(out) == committed[2] and len(committed[2]) == 5


def test_a_truncated_manifest_keeps_its_runs_files_and_is_named(tmp_path, committed):
    out = _copy(committed, tmp_path / "out")
    manifest = out / "_runs" / f"{committed[1]}.json"
    manifest.write_bytes(manifest.read_bytes()[:40])  # a disk filled while it was written
    kept = _files(out)
    stale = _stale(out)
    done = newsbeam("clean", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"removed {stale}"]
    assert f"unreadable run manifest {manifest} (" in done.stderr
    assert "its run's files are kept" in done.stderr
    assert _files(out) == kept
    assert _titles(out) == committed[2]


def test_a_micro_batch_windows_truncated_manifest_keeps_its_files(tmp_path, committed):
    """A micro-batch stream commits each window as ``<stream id>-w<n>``; after a kill -9 there is
    no stream manifest, only the window's, and a truncated one must still keep its files."""
    out = _copy(committed, tmp_path / "out")
    window = "s20261207T092618-abcd1234-w000001"
    for path in [p for p in out.rglob("*") if committed[1] in p.name]:
        path.rename(path.with_name(path.name.replace(committed[1], window)))
    (out / "_runs" / f"{window}.json").write_bytes(b'{"run_id": "s2026')
    (out / "_staging" / "s20261207T092618-abcd1234-w000002").mkdir(parents=True)
    kept = _files(out)
    stale = _stale(out)
    done = newsbeam("clean", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.splitlines()) == sorted(
        [f"removed {stale}", f"removed {out / '_staging' / 's20261207T092618-abcd1234-w000002'}"]
    )
    assert _files(out) == kept


def test_staging_holds_only_run_ids_for_clean_and_symlinks_are_never_followed(tmp_path, committed):
    out = _copy(committed, tmp_path / "out")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "deep").mkdir(parents=True)
    precious = elsewhere / "deep" / "precious.txt"
    precious.write_text("not the output's\n")
    staging = out / "_staging"
    (staging / KILLED / "articles").mkdir(parents=True)
    (staging / KILLED / "articles" / "part-x.parquet").write_bytes(b"staged")
    (staging / "notes.txt").write_text("mine\n")  # not a run id: not clean's
    (staging / "20251230-beef").symlink_to(elsewhere)  # a run id, but a link: unlinked only
    # A table folder that is a link is not walked: its run-named files are not the output's.
    (elsewhere / f"part-{KILLED}-00000.parquet").write_text("mine too\n")
    shutil.rmtree(out / "duplicates")
    (out / "duplicates").symlink_to(elsewhere)
    done = newsbeam("clean", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"removed {staging / '20251230-beef'}",
        f"removed {staging / KILLED}",
    ]
    assert sorted(p.name for p in staging.iterdir()) == ["notes.txt"]
    assert precious.read_text() == "not the output's\n"
    assert (elsewhere / f"part-{KILLED}-00000.parquet").read_text() == "mine too\n"
    assert _titles(out) == committed[2]


def test_a_staging_folder_that_is_a_link_is_not_followed(tmp_path, committed):
    out = _copy(committed, tmp_path / "out")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / KILLED).mkdir(parents=True)
    (elsewhere / KILLED / "data.txt").write_text("not the output's\n")
    (out / "_staging").symlink_to(elsewhere)
    done = newsbeam("clean", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert (elsewhere / KILLED / "data.txt").read_text() == "not the output's\n"


def test_a_folder_with_only_an_old_lock_is_not_an_output(tmp_path):
    mine = tmp_path / "mine"
    (mine / "articles").mkdir(parents=True)
    (mine / "_lock").write_text("")  # an older clean left it in a folder it refused
    user = mine / "articles" / f"part-{KILLED}-00000.parquet"
    user.write_text("mine\n")
    done = newsbeam("clean", str(mine))
    assert done.returncode == 2
    assert "is not the output of a newsbeam run" in done.stderr
    assert "no _runs/ and no _staging/<run id>/" in done.stderr
    assert user.read_text() == "mine\n"


def test_a_path_that_cannot_be_removed_is_named_and_the_others_go(
    tmp_path, committed, monkeypatch, capsys
):
    out = _copy(committed, tmp_path / "out")
    stale = _stale(out)
    (out / "_staging" / KILLED).mkdir(parents=True)
    real_rmtree = shutil.rmtree

    def busy_rmtree(path, *args, **kwargs):
        if Path(path).name == KILLED:
            raise PermissionError(13, "Permission denied", str(path))
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(clean_module.shutil, "rmtree", busy_rmtree)
    assert clean_module.clean_main([str(out)]) == 1
    shown = capsys.readouterr()
    assert shown.out.splitlines() == [f"removed {stale}"]  # only what was removed
    assert f"newsbeam clean: could not remove {out / '_staging' / KILLED}: " in shown.err
    assert "Permission denied" in shown.err and "1 could not be removed" in shown.err
    assert not stale.exists() and (out / "_staging" / KILLED).is_dir()


def test_a_beam_engine_stream_holds_the_output_lock(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    settings = load_settings(None, {"input": [str(inbox / "*.txt")], "output": str(out)})
    stream = StreamingConfig(window_s=2, poll_s=1, max_duration_s=3)
    with output_lock(str(out), run_id="20261101-holder00"):  # a batch run, or a clean
        with pytest.raises(OutputBusy, match="run 20261101-holder00 .* this stream refused"):
            run_streaming(settings, stream, engine="beam")
    assert not (out / "_runs").exists() and not (out / "_staging").exists()
