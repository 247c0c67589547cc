"""Hostile files beside a good article, through the CLI in bounded memory: each is a row."""

import json
import os
import sys

import pytest

from tests.support.hostile_files import write_hostile
from tests.support.paths import ROOT
from tests.support.process_memory import run_measured
from tests.support.tables import rows

# Resident memory of the run's process tree; a normal run peaks near 0.3 GB, the 2 GB gzip
# bomb alone would pass the bound if it were read whole.
MEMORY_BOUND = 1 << 30
TIMEOUT_S = 240  # generous: a hang (a FIFO read, an endless /dev/zero) would never finish


def _key(row: dict) -> str:
    ref = row["source_ref"]
    if "crawl.warc.gz#" in ref:
        return "warc:" + row["url"]
    return os.path.basename(ref)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "in"
    expected = write_hostile(folder)
    config = folder.parent / "config.yaml"
    config.write_text("max_error_rate: 1.0\n")
    out = folder / "out"
    args = ["--input", str(folder), "--output", str(out), "--config", str(config)]
    proc, peak = run_measured(
        [sys.executable, "-m", "pipeline", "run", *args, "--run-date", "2026-03-02"],
        cwd=ROOT,
        timeout=TIMEOUT_S,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert peak < MEMORY_BOUND, f"peak resident memory {peak / 2**20:.0f} MB"
    return out, expected


def test_every_hostile_file_is_one_row_and_the_good_articles_are_written(hostile_run):
    out, expected = hostile_run
    found = {}
    for table, field in (("articles", "title"), ("rejected", "reason"), ("errors", "error_type")):
        for row in rows(out, table):
            key = _key(row)
            assert key not in found, f"{key} written twice"
            found[key] = (table, row[field])
    assert found.keys() == expected.keys()
    for key, (table, value) in expected.items():
        assert found[key][0] == table, key
        if value is not None:
            assert found[key][1] == value, key


def test_the_manifest_balances_and_the_output_folder_was_not_read(hostile_run):
    out, expected = hostile_run
    [path] = (out / "_runs").glob("*.json")
    manifest = json.loads(path.read_text())
    assert manifest["balanced"] and manifest["inputs"] == len(expected)
    assert not any("/out/" in r["source_ref"] for r in rows(out, "errors"))


def test_good_text_survives_hostile_neighbours(hostile_run):
    out, _ = hostile_run
    articles = {_key(r): r for r in rows(out, "articles")}
    good = articles["good.html"]
    # the headline repeated at the top of the body is not kept in the text (extraction's rule)
    assert good["text"].startswith("The city council voted on Tuesday to rebuild the old harbour")
    assert good["published_at"].isoformat().startswith("2026-03-02T08:00")
    warc = articles["warc:https://harbour.example/warc-story"]
    assert warc["text"].startswith("A museum of maritime history reopened")
    assert warc["url"] == "https://harbour.example/warc-story" and warc["title"] == "From WARC"
    nul = articles["nul.txt"]["text"]
    assert nul.startswith("A family bakery") and nul.rstrip().endswith("The harbour master agreed.")
    assert "\x00" not in nul
    cafe = articles["caf\ufffd-story.txt"]
    assert (
        cafe["text"].startswith("Cafe owners on the quay welcome")
        and "\ufffd" in cafe["source_path"]
    )
    assert articles["records.jsonl#L1"]["url"] == "https://harbour.example/\ufffd"
    assert {articles[f"records.jsonl#L{n}"]["language"] for n in (3, 4)} == {"en"}
