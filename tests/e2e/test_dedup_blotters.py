"""Two weeks' police blotters (one frame, half their items shared) are two articles through the
CLI, on both dedup engines; a plain copy of one of them is still its duplicate
(docs/dedup.md, "Blotters: a veto on the skeleton")."""

import json

import pytest

from pipeline.cli.main import main
from tests.support.blotters import WEEK_ONE, WEEK_ONE_COPY, WEEK_TWO
from tests.support.tables import query
from transforms.dedup import DedupConfig


@pytest.mark.parametrize("engine", ["runner", "disk"])
def test_two_blotters_are_two_articles_and_a_copy_is_a_duplicate(tmp_path, engine):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    texts = {"Police log week 1": WEEK_ONE, "Police log week 2": WEEK_TWO,
             "Police log week 1 (republished)": WEEK_ONE_COPY}  # fmt: skip
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
