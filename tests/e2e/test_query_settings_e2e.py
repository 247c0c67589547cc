"""``newsbeam query`` tells a refused settings change from a query that is merely wrong by the
error's type and the statement's kind, not by DuckDB's wording."""

import pytest

from pipeline.cli.main import main
from tests.support.cli import DAY1, run_day

REFUSED = "query refused: a query may only read the tables articles, duplicates, rejected, errors"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("query") / "out"
    assert run_day(out, DAY1).returncode == 0
    return out


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
        ("SELECT * FROM nosuch", "Table with name nosuch does not exist"),
        ("PRAGMA table_info('nosuch')", "Table with name nosuch does not exist"),
        ("SELEC 1", 'syntax error at or near "SELEC"'),
    ],
)
def test_a_wrong_query_fails_and_is_not_called_refused(out, capsys, sql, said):
    assert main(["query", str(out), sql]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsbeam: query failed: ") and said in err and REFUSED not in err

