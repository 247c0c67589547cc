"""Dedup across runs through the CLI: day 1, day 2, a rerun of day 2, and the lookback."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.cli.main import main
from tests.support.paths import SEEDS
from tests.support.tables import rows

NEW_STORY = (
    "The city council of Eastbridge voted on Tuesday to rebuild the old harbour bridge, closed "
    "since the spring floods damaged two of its piers. Engineers told the council that the work "
    "will take eighteen months and cost about forty million euros, paid from a regional fund and "
    "a loan. Fishermen who moor their boats under the bridge asked for a temporary pier during "
    "the works, and the mayor promised one before the summer season. Residents of the north "
    "bank, who now drive twenty kilometres around the estuary, welcomed the vote but asked for "
    "a ferry until the bridge reopens. The council will publish the tender in January."
)


def _run(inputs: Path, out: Path, run_date: str, *extra: str) -> dict:
    code = main(
        ["run", "--input", f"{inputs}/*", "--output", str(out), "--run-date", run_date, *extra]
    )
    assert code == 0
    runs = sorted((out / "_runs").glob(f"{run_date.replace('-', '')}-*.json"))
    return json.loads(runs[-1].read_text())


def _seed(number: str) -> Path:
    [path] = SEEDS.glob(f"{number}_*.txt")
    return path


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    root = tmp_path_factory.mktemp("days")
    day1, day2 = root / "day1", root / "day2"
    day1.mkdir()
    day2.mkdir()
    for n in ("000", "001", "002"):
        shutil.copy(_seed(n), day1 / f"{n}.txt")
    # Day 2: two of yesterday's stories again (renamed, as a re-published copy) and one new one.
    shutil.copy(_seed("000"), day2 / "again-000.txt")
    shutil.copy(_seed("002"), day2 / "again-002.txt")
    (day2 / "new.txt").write_text(NEW_STORY, encoding="utf-8")
    out = root / "out"
    first = _run(day1, out, "2026-11-01")
    second = _run(day2, out, "2026-11-02")
    day2_articles = rows(out, "articles", where="ingest_date = DATE '2026-11-02'", order="doc_id")
    day2_duplicates = rows(
        out, "duplicates", where="ingest_date = DATE '2026-11-02'", order="doc_id"
    )
    rerun = _run(day2, out, "2026-11-02")
    return {
        "root": root,
        "out": out,
        "first": first,
        "second": second,
        "rerun": rerun,
        "day1_articles": rows(
            out, "articles", where="ingest_date = DATE '2026-11-01'", order="doc_id"
        ),
        "day2_articles": day2_articles,
        "day2_duplicates": day2_duplicates,
    }


def test_day_one_writes_its_articles_and_their_index(days):
    assert days["first"]["tables"]["articles"] == 3
    assert days["first"]["dedup_prior_files"] == 0
    index = sorted((days["out"] / "_state" / "dedup" / "2026-11-01").glob("*.parquet"))
    assert len(index) == 1
    ids = duckdb.sql(f"SELECT article_id FROM read_parquet('{index[0]}') ORDER BY 1").fetchall()
    assert [r[0] for r in ids] == sorted(a["article_id"] for a in days["day1_articles"])


def test_day_two_records_yesterdays_stories_as_duplicates_of_their_ids(days):
    second = days["second"]
    assert second["dedup_prior_files"] == 1
    assert second["tables"]["articles"] == 1
    assert second["tables"]["duplicates"] == 2
    assert second["balanced"]
    [new] = days["day2_articles"]
    assert new["source_path"].endswith("new.txt")
    day1_ids = {a["source_path"].rsplit("/", 1)[-1]: a["article_id"] for a in days["day1_articles"]}
    by_file = {d["source_path"].rsplit("/", 1)[-1]: d for d in days["day2_duplicates"]}
    assert set(by_file) == {"again-000.txt", "again-002.txt"}
    assert by_file["again-000.txt"]["duplicate_of"] == day1_ids["000.txt"]
    assert by_file["again-002.txt"]["duplicate_of"] == day1_ids["002.txt"]
    assert {d["match"] for d in by_file.values()} == {"prior_run"}


def test_rerun_of_day_two_gives_the_same_rows_and_does_not_match_itself(days):
    rerun = days["rerun"]
    assert rerun["run_id"] == days["second"]["run_id"]
    assert rerun["tables"] == days["second"]["tables"]
    assert (
        rows(days["out"], "articles", where="ingest_date = DATE '2026-11-02'", order="doc_id")
        == days["day2_articles"]
    )
    assert (
        rows(days["out"], "duplicates", where="ingest_date = DATE '2026-11-02'", order="doc_id")
        == days["day2_duplicates"]
    )
    # One index file for day two, replaced, not added to.
    assert len(list((days["out"] / "_state" / "dedup" / "2026-11-02").glob("*.parquet"))) == 1


def test_stories_older_than_the_lookback_are_written_again(days):
    config = days["root"] / "week.yaml"
    config.write_text("dedup:\n  lookback_days: 7\n", encoding="utf-8")
    later = _run(days["root"] / "day2", days["out"], "2026-12-20", "--config", str(config))
    assert later["dedup_prior_files"] == 0
    assert later["tables"]["articles"] == 3
    assert later["tables"]["duplicates"] == 0


def test_a_backfill_does_not_see_later_runs(days):
    backfill = _run(days["root"] / "day1", days["out"], "2026-10-31")
    assert backfill["dedup_prior_files"] == 0
    assert backfill["tables"]["articles"] == 3
