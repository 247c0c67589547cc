"""``newsbeam clean`` removes only what runs left in an output's own folders: a folder that is
not an output is refused whole, and a folder of the user's inside an output is never touched.
Every folder was walked before: ``clean /`` removed each run-named file on the machine."""

from tests.support.cli import DAY1, newsbeam, run_day


def _user_files(folder):
    """Files a user keeps whose names look like a run's (``part-<date>-<hex>``)."""
    (folder / "sub").mkdir(parents=True)
    (folder / "articles").mkdir()
    files = [
        folder / "notes.txt",
        folder / "sub" / "part-20260101-abc.parquet",
        folder / "articles" / "part-20260101-abc.parquet",
    ]
    for path in files:
        path.write_text(f"mine: {path.name}\n")
    return files


def test_a_folder_that_is_not_an_output_is_refused_and_left_as_it_was(tmp_path):
    files = _user_files(tmp_path / "mine")
    for flags in ([], ["--dry-run"]):
        done = newsbeam("clean", str(tmp_path / "mine"), *flags)
        assert done.returncode == 2, done.stderr
        [line] = done.stderr.strip().splitlines()
        assert line == (
            f"newsbeam: configuration error: '{tmp_path / 'mine'}' is not the output of a newsbeam "
            "run (it holds no _runs/ and no _staging/<run id>/): nothing was removed; give clean "
            "the --output folder of a run"
        )
        assert done.stdout == ""
    assert all(path.read_text() == f"mine: {path.name}\n" for path in files)
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["articles", "notes.txt", "sub"]


def test_a_users_folder_inside_an_output_is_never_cleaned(tmp_path):
    out = tmp_path / "out"
    assert run_day(out, DAY1).returncode == 0
    mine = out / "mine" / "part-20260101-abc.parquet"
    mine.parent.mkdir()
    mine.write_text("mine\n")
    stale = next((out / "articles").rglob("*.parquet")).with_name("part-20250101-dead.parquet")
    stale.write_bytes(b"left by a killed run")
    done = newsbeam("clean", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"removed {stale}"]
    assert mine.read_text() == "mine\n" and not stale.exists()
