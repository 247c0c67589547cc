"""``query`` with a table that is not there and ``report --to`` a path that cannot be written:
one line with the fix, exit 2, no traceback; ``report --to`` makes missing folders as a run's
``--output`` does."""

import pytest

from tests.support.cli import DAY1, newsbeam, run_day


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("paths") / "out"
    assert run_day(out, DAY1).returncode == 0
    return out


def test_a_table_that_is_not_there_is_one_line_naming_the_tables(out):
    """Was DuckDB's five lines: 'Did you mean "pg_sequences"?' and a pointer under the SQL."""
    done = newsbeam("query", str(out), "SELECT count(*) FROM article")
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line == (
        f"newsbeam: query failed: no table article in {out}; "
        "its tables: articles, duplicates, rejected, errors"
    )


def test_report_to_missing_folders_makes_them_as_run_output_does(out, tmp_path):
    to = tmp_path / "new" / "sub" / "run.html"
    done = newsbeam("report", str(out), "--to", str(to))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(to)
    assert f"<title>newsbeam run {DAY1.replace('-', '')}-" in to.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["a_file/run.html", "a_folder"])
def test_report_to_a_path_that_cannot_be_written_is_exit_2_with_the_fix(out, tmp_path, where):
    """Was a FileExistsError / IsADirectoryError traceback, exit 1."""
    (tmp_path / "a_file").write_text("mine\n")
    (tmp_path / "a_folder").mkdir()
    to = tmp_path / where
    done = newsbeam("report", str(out), "--to", str(to))
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"newsbeam: report '{to}' cannot be written: ")
    assert line.endswith("give --to a file path whose folder can be made or written")
    assert (tmp_path / "a_file").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file", "a_folder"]  # no .partial
