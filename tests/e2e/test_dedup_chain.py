"""No chaining through the CLI: three weekly digests a ~ b and b ~ c, a far from c (the
"Podcast Episode #061 merged into #056" case of real feeds). c stays an article; b is a copy of a
at a similarity of at least the threshold, measured against a itself."""

import json

from pipeline.cli.main import main
from tests.support.articles import article
from tests.support.tables import query
from transforms.dedup import DedupConfig, fingerprint, match, to_node

BRIEFS = [
    "The city council approved a new budget for road repairs on Tuesday, setting aside money "
    "for potholes on the ring road and for safer crossings near three primary schools.",
    "A regional airline said it would add two daily flights to the capital from March, after "
    "passenger numbers at the small airport rose for the third year in a row.",
    "Firefighters spent most of the night bringing a blaze at a timber yard under control; "
    "nobody was hurt, but smoke forced the closure of the nearby motorway for several hours.",
    "The university opened a new laboratory for battery research, funded by a consortium of "
    "carmakers who hope to cut charging times for electric vans used in city deliveries.",
    "Farmers in the valley warned that a late frost had damaged much of the apricot blossom, "
    "and said prices at the weekly market could rise sharply in the summer.",
    "The national orchestra announced a free open-air concert in the harbour park, its first "
    "since the park reopened after two years of work on the flood defences.",
    "Police asked drivers to avoid the old bridge over the weekend while engineers inspect "
    "cracks found in its supports during a routine check last month.",
    "A local bakery won the regional bread competition with a rye loaf made from a recipe "
    "that the owner said had been passed down in her family for four generations.",
    "The hospital trust said waiting times in its emergency department fell by a fifth over "
    "the winter, which it put down to extra nurses and a new triage system.",
    "Volunteers planted more than two thousand trees along the river on Sunday as part of a "
    "project to shade the water and bring back trout to the upper stretches.",
    "The football club confirmed that its stadium will get a new roof over the east stand, "
    "with building work planned between the end of the season and August.",
    "The public library extended its opening hours on weekday evenings after a survey found "
    "that many students had nowhere quiet to study after school.",
]


def _digests():
    """a = briefs 0-7, b = briefs 2-9, c = briefs 4-11: consecutive weeks of one digest."""
    return {key: "\n\n".join(BRIEFS[2 * k : 2 * k + 8]) for k, key in enumerate("abc")}


def test_the_digests_chain():
    config = DedupConfig()
    nodes = {
        key: to_node(fingerprint(article(key, text, published=k), config))
        for k, (key, text) in enumerate(_digests().items())
    }
    assert match(nodes["b"], nodes["a"])[0] == "near"
    assert match(nodes["c"], nodes["b"])[0] == "near"
    assert match(nodes["c"], nodes["a"]) is None  # a ~ b ~ c, a far from c


def test_cli_splits_the_chain_and_measures_similarity_against_the_canonical(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    lines = [
        {"url": f"https://digest.example/week-{k}", "title": f"Weekly digest {key}",
         "published": f"2026-02-0{k + 1}T08:00:00Z", "text": text}
        for k, (key, text) in enumerate(_digests().items())
    ]  # fmt: skip
    (folder / "digests.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    assert main(["run", "--input", f"{folder}/*", "--output", str(out),
                 "--run-date", "2026-02-10", "--quiet"]) == 0  # fmt: skip
    kept = query(out, "SELECT title, duplicate_count FROM articles ORDER BY title")
    assert kept == [("Weekly digest a", 1), ("Weekly digest c", 0)]
    dups = query(
        out,
        "SELECT d.title, d.match, d.similarity, a.title FROM duplicates d "
        "JOIN articles a ON d.duplicate_of = a.article_id",
    )
    [(title, kind, similarity, canonical)] = dups
    assert (title, kind, canonical) == ("Weekly digest b", "near", "Weekly digest a")
    assert similarity >= DedupConfig().threshold
