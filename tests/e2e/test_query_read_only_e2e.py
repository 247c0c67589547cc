"""``newsbeam query`` reads the output's tables and nothing else: a query that would write a file,
read another one, attach a database, change a setting or load an extension is refused (exit 2)
with a message that says why, and leaves nothing behind."""

import pytest

from pipeline.cli.main import main
from tests.support.cli import DAY1, newsbeam, run_day


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("query") / "out"
    assert run_day(out, DAY1).returncode == 0
    return out


def test_the_tables_are_still_read(out):
    done = newsbeam("query", str(out), "SELECT count(*) AS n FROM articles", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "5"]


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT title FROM articles) TO '{target}' (FORMAT csv)",
        "EXPORT DATABASE '{target}'",
        "ATTACH '{target}' AS stolen",
        "SELECT * FROM read_text('{secret}')",
        "SELECT * FROM read_csv('{secret}')",
        "SELECT * FROM '{secret}'",
        "SELECT count(*) FROM read_parquet('{out}/_runs/*.json')",
        "SET enable_external_access = true",
        "INSTALL httpfs",
        "LOAD httpfs",
    ],
)
def test_a_query_that_reaches_outside_the_tables_is_refused(out, tmp_path, sql):
    secret = tmp_path / "secret.csv"
    secret.write_text("password\nhunter2\n", encoding="utf-8")
    target = tmp_path / "stolen.db"
    done = newsbeam("query", str(out), sql.format(target=target, secret=secret, out=out))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "hunter2" not in done.stdout + done.stderr
    assert "query refused: a query may only read the tables articles, duplicates, rejected, " in (
        done.stderr
    )
    assert "use --format csv|json and redirect the output" in done.stderr
    assert not target.exists()


# A refused settings change is told from a query that is merely wrong by the error's type and the
# statement's kind, not by DuckDB's wording.
REFUSED = "query refused: a query may only read the tables articles, duplicates, rejected, errors"


@pytest.mark.parametrize(
    "sql",
    [
        "SET threads = 1",
        "RESET memory_limit",
        "PRAGMA threads = 1",
        "SET lock_configuration = false",
    ],
)
def test_a_settings_change_is_refused(out, capsys, sql):
    assert main(["query", str(out), sql]) == 2
    err = capsys.readouterr().err
    assert REFUSED in err and "the configuration has been locked" in err


@pytest.mark.parametrize(
    "sql, said",
    [
        ("SELECT * FROM nosuch", "no table nosuch in "),
        ("PRAGMA table_info('nosuch')", "no table nosuch in "),
        ("SELEC 1", 'syntax error at or near "SELEC"'),
    ],
)
def test_a_wrong_query_fails_and_is_not_called_refused(out, capsys, sql, said):
    assert main(["query", str(out), sql]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsbeam: query failed: ") and said in err and REFUSED not in err
