"""Two weeks' police blotters (one frame, half their items shared) are two articles through the
CLI, on both dedup engines; a plain copy of one of them is still its duplicate, and so is the
teaser of a weather round-up, its first 8 of 30 items (docs/dedup.md, "Blotters: a veto on the
skeleton")."""

import json

import pytest

from pipeline.cli.main import main
from tests.support.blotters import WEATHER_PAGE, WEATHER_TEASER, WEEK_ONE, WEEK_ONE_COPY, WEEK_TWO
from tests.support.tables import query
from transforms.dedup import DedupConfig


def _run(tmp_path, engine, texts):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    lines = [
        {"url": f"https://news{k}.example/police-log-{k}", "title": title,
         "published": f"2026-03-0{k + 1}T09:00:00Z", "text": text}
        for k, (title, text) in enumerate(texts.items())
    ]  # fmt: skip
    (folder / "logs.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    config = tmp_path / "dedup.yaml"
    config.write_text(f"dedup:\n  engine: {engine}\n")
    assert main(["run", "--input", f"{folder}/*", "--output", str(out), "--config", str(config),
                 "--run-date", "2026-03-10", "--quiet"]) == 0  # fmt: skip
    return out


@pytest.mark.parametrize("engine", ["runner", "disk"])
def test_two_blotters_are_two_articles_and_a_copy_is_a_duplicate(tmp_path, engine):
    texts = {"Police log week 1": WEEK_ONE, "Police log week 2": WEEK_TWO,
             "Police log week 1 (republished)": WEEK_ONE_COPY}  # fmt: skip
    out = _run(tmp_path, engine, texts)
    kept = query(out, "SELECT title, duplicate_count, text FROM articles ORDER BY title")
    assert [(title, count) for title, count, _ in kept] == [
        ("Police log week 1", 1),
        ("Police log week 2", 0),
    ]
    assert [text for _, _, text in kept] == [WEEK_ONE, WEEK_TWO]
    dups = query(
        out,
        "SELECT d.title, d.match, d.similarity, a.title FROM duplicates d "
        "JOIN articles a ON d.duplicate_of = a.article_id",
    )
    [(title, kind, similarity, canonical)] = dups
    assert (title, kind, canonical) == (
        "Police log week 1 (republished)",
        "near",
        "Police log week 1",
    )
    assert similarity >= DedupConfig().threshold


@pytest.mark.parametrize("engine", ["runner", "disk"])
def test_the_teaser_of_a_weather_round_up_is_its_duplicate(tmp_path, engine):
    texts = {"Weather round-up": WEATHER_PAGE, "Weather round-up (summary)": WEATHER_TEASER}
    out = _run(tmp_path, engine, texts)
    kept = query(out, "SELECT title, duplicate_count, text FROM articles")
    assert kept == [("Weather round-up", 1, WEATHER_PAGE)]
    dups = query(
        out,
        "SELECT d.title, d.match, d.similarity, a.title FROM duplicates d "
        "JOIN articles a ON d.duplicate_of = a.article_id",
    )
    assert dups == [("Weather round-up (summary)", "contained", 1.0, "Weather round-up")]
