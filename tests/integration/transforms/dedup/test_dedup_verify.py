"""No chaining, the template guard and contained copies: pure rules, then the CLI on written files."""

import json

import duckdb

from pipeline.cli.main import main
from tests.support.articles import article, story
from tests.support.dedup import FindDuplicates
from transforms.dedup import (
    DedupConfig,
    fingerprint,
    marks_conflict,
    marks_of,
    match,
    split_component,
    to_node,
)

EARNINGS = (
    "{company} reported third-quarter results on Thursday that beat analysts' expectations, "
    "sending its shares up {move} percent in early trading. Revenue rose to {revenue} billion "
    "dollars from {prior} billion dollars a year earlier, the company said in a statement, while "
    "net income climbed to {income} million dollars, or {eps} dollars a share. Analysts polled "
    "by Refinitiv had expected earnings of {expected} dollars a share on revenue of {consensus} "
    "billion dollars. Chief executive {ceo} said demand had held up better than feared in the "
    "quarter and that the company would keep investing in new products and in its factories. "
    "The company raised its forecast for the full year and now expects revenue of between "
    "{low} and {high} billion dollars. Its shares have gained {ytd} percent so far this year, "
    "against a rise of about twelve percent for the broader market over the same period. "
    "The results will be discussed with analysts on a conference call later in the day. "
    "The company did not comment on reports that it was considering the sale of some of its "
    "smaller units, and declined to say whether it planned to buy back more of its own shares "
    "before the end of the year. Trading in the stock was heavier than usual for a Thursday."
)
ACME = dict(
    company="Acme Corp",
    move=4,
    revenue="5.2",
    prior="4.8",
    income=610,
    eps="1.12",
    expected="1.05",
    consensus="5.1",
    ceo="Maria Lopez",
    low="20.4",
    high="20.9",
    ytd=18,
)
GLOBEX = dict(company="Globex Inc", move=2, revenue="3.9", prior="3.7", income=420, eps="0.87",
              expected="0.81", consensus="3.8", ceo="Henrik Olsen", low="15.1", high="15.6",
              ytd=9)  # fmt: skip

STORY = (
    "Rescue teams in the mountain village of Valdoro pulled two hikers from a collapsed mine "
    "shaft on Sunday after a search that lasted more than thirty hours, the regional civil "
    "protection agency said. The hikers, a father and his teenage son, had taken shelter in "
    "the old shaft during a storm on Friday evening when part of the entrance gave way behind "
    "them. Their phones had no signal underground, and the alarm was raised only when they "
    "failed to return to their guest house. "
    "Volunteers from three neighbouring valleys joined the search on Saturday morning, and a "
    "dog team found the blocked entrance late that night. Engineers then spent most of Sunday "
    "shoring up the tunnel before the rescuers could dig through the last metres of rock. "
    "Both hikers were taken to hospital in the provincial capital with mild hypothermia and "
    "minor cuts, a hospital spokeswoman said, and are expected to go home on Tuesday. "
    "The mayor of Valdoro said the village would seal the remaining old shafts on the trail "
    "before the summer season, and thanked the volunteers, many of whom had worked through "
    "the night without a break. The agency reminded walkers to check the forecast before "
    "setting out and to tell someone where they are going, even on short routes."
)
TEASER = (  # the story's first paragraph, as a feed carries it
    "Rescue teams in the mountain village of Valdoro pulled two hikers from a collapsed mine "
    "shaft on Sunday after a search that lasted more than thirty hours, the regional civil "
    "protection agency said. The hikers, a father and his teenage son, had taken shelter in "
    "the old shaft during a storm on Friday evening when part of the entrance gave way behind "
    "them. Read more..."
)


def _node(doc, text, hours, **kw):
    return to_node(fingerprint(article(doc, text, published=hours, **kw), DedupConfig()))


def test_marks_conflict_between_two_companies_of_one_template_not_a_corrected_typo():
    acme, globex = marks_of(EARNINGS.format(**ACME)), marks_of(EARNINGS.format(**GLOBEX))
    assert marks_conflict(acme, globex)
    typo = EARNINGS.format(**{**ACME, "ceo": "Maria Lopes"})
    byline = "By Jane Roe, Wire Service. NEW YORK (Wire) - " + EARNINGS.format(**ACME)
    assert not marks_conflict(acme, marks_of(typo))
    assert not marks_conflict(acme, marks_of(byline + " Reporting by Jane Roe; editing by Al Poe"))
    assert not marks_conflict(acme, marks_of(EARNINGS.format(**ACME)[:600]))  # a cut copy
    assert marks_of("Too short to have marks: 12 Apples") == b""


def test_two_earnings_reports_from_one_template_are_not_copies():
    a = _node("acme", EARNINGS.format(**ACME), 1)
    g = _node("globex", EARNINGS.format(**GLOBEX), 2)
    assert match(g, a, DedupConfig(template_guard=False))[0] == "near"  # the words agree
    assert match(g, a) is None
    copy = _node("copy", "By Jane Roe. " + EARNINGS.format(**ACME).replace("Thursday", "Thurs"), 3)
    assert match(copy, a)[0] == "near"


def test_a_teaser_is_contained_in_its_story_and_the_story_is_kept():
    teaser = _node("teaser", TEASER, 0)  # published first: ranks first
    full = _node("full", STORY, 5)
    assert match(full, teaser) is None  # the story is not inside its teaser
    kind, share = match(teaser, full)
    assert kind == "contained" and share >= 0.8
    [(canonical, copies)] = split_component([teaser, full], DedupConfig())
    assert canonical.doc_id == "full"
    assert [(c.doc_id, k) for c, k, _ in copies] == [("teaser", "contained")]
    assert split_component([teaser, full], DedupConfig(contain_threshold=None)) == [
        (teaser, []),
        (full, []),
    ]


def test_a_chain_is_split_so_every_copy_matches_its_canonical():
    """a ~ b and b ~ c, a far from c: c is not a copy of a. Members in any order: same split."""
    words = story(90, 300).split(" ")
    third = len(words) // 3
    a = " ".join(words[: 2 * third])
    b = " ".join(words[third // 2 : third // 2 + 2 * third])
    c = " ".join(words[third:])
    nodes = [_node("a", a, 0), _node("b", b, 1), _node("c", c, 2)]
    assert match(nodes[1], nodes[0]) and match(nodes[2], nodes[1])
    assert match(nodes[2], nodes[0]) is None
    config = DedupConfig(contain_threshold=None)
    split = split_component(nodes, config)
    assert split == split_component(nodes[::-1], config)
    assert [(k.doc_id, [m.doc_id for m, *_ in copies]) for k, copies in split] == [
        ("a", ["b"]),
        ("c", []),
    ]
    for _canonical, copies in split:
        for _, _, similarity in copies:
            assert similarity >= config.threshold


def _write_inputs(folder):
    folder.mkdir()
    texts = {
        "acme.txt": "Acme beats forecasts\n\n" + EARNINGS.format(**ACME),
        "globex.txt": "Globex beats forecasts\n\n" + EARNINGS.format(**GLOBEX),
        "acme-wire.txt": "Acme shares rise\n\nNEW YORK (Wire) - "
        + EARNINGS.format(**ACME).replace("on Thursday", "on Thurs"),
        "story.txt": "Hikers rescued from mine shaft\n\n" + STORY,
        "teaser.txt": "Hikers rescued\n\n" + TEASER,
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_cli_keeps_templated_reports_apart_and_drops_the_teaser(tmp_path):
    _write_inputs(tmp_path / "in")
    out = tmp_path / "out"
    code = main(["run", "--input", f"{tmp_path}/in/*", "--output", str(out),
                 "--run-date", "2026-03-01"])  # fmt: skip
    assert code == 0
    con = duckdb.connect()
    kept = con.execute(
        f"SELECT title FROM read_parquet('{out}/articles/**/*.parquet') ORDER BY title"
    ).fetchall()
    assert [t for (t,) in kept] == [  # the wire copy is the longer Acme text: it is kept
        "Acme shares rise",
        "Globex beats forecasts",
        "Hikers rescued from mine shaft",
    ]
    dups = con.execute(
        "SELECT d.title, d.match, d.similarity, a.title FROM "
        f"read_parquet('{out}/duplicates/**/*.parquet') d JOIN "
        f"read_parquet('{out}/articles/**/*.parquet') a ON d.duplicate_of = a.article_id "
        "ORDER BY d.title"
    ).fetchall()
    assert [(d[0], d[1], d[3]) for d in dups] == [
        ("Acme beats forecasts", "near", "Acme shares rise"),
        ("Hikers rescued", "contained", "Hikers rescued from mine shaft"),
    ]
    assert dups[0][2] >= 0.5 and dups[1][2] >= 0.8
    [manifest] = (out / "_runs").glob("*.json")
    assert json.loads(manifest.read_text())  # the run committed


def test_prior_run_copies_follow_the_same_rule(tmp_path):
    """Day 2 brings Globex's report and the teaser: the teaser is a prior_run copy of day 1's
    story, Globex's report is not a copy of day 1's Acme report."""
    day1, day2, out = tmp_path / "d1", tmp_path / "d2", tmp_path / "out"
    day1.mkdir()
    day2.mkdir()
    (day1 / "acme.txt").write_text("Acme\n\n" + EARNINGS.format(**ACME), encoding="utf-8")
    (day1 / "story.txt").write_text("Hikers\n\n" + STORY, encoding="utf-8")
    (day2 / "globex.txt").write_text("Globex\n\n" + EARNINGS.format(**GLOBEX), encoding="utf-8")
    (day2 / "teaser.txt").write_text("Teaser\n\n" + TEASER, encoding="utf-8")
    for folder, day in ((day1, "2026-03-01"), (day2, "2026-03-02")):
        args = ["run", "--input", f"{folder}/*", "--output", str(out), "--run-date", day]
        assert main(args) == 0
    con = duckdb.connect()
    day2_kept = con.execute(
        f"SELECT title FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true) "
        "WHERE ingest_date = DATE '2026-03-02'"
    ).fetchall()
    assert day2_kept == [("Globex",)]
    dups = con.execute(
        f"SELECT title, match FROM read_parquet('{out}/duplicates/**/*.parquet')"
    ).fetchall()
    assert dups == [("Teaser", "prior_run")]


def test_find_duplicates_in_beam_splits_the_chain():
    import apache_beam as beam
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner
    from apache_beam.testing.util import assert_that, equal_to

    words = story(91, 300).split(" ")
    third = len(words) // 3
    texts = {
        "a": " ".join(words[: 2 * third]),
        "b": " ".join(words[third // 2 : third // 2 + 2 * third]),
        "c": " ".join(words[third:]),
    }
    items = [article(d, t, published=i) for i, (d, t) in enumerate(texts.items())]
    config = DedupConfig(contain_threshold=None)
    p = beam.Pipeline(runner=FnApiRunner())
    out = p | beam.Create(items) | FindDuplicates(config=config)
    assert_that(
        out.duplicates | beam.Map(lambda d: (d.doc_id, d.duplicate_of == items[0].article_id)),
        equal_to([("b", True)]),
    )
    assert_that(
        out.articles | beam.Map(lambda a: (a.doc_id, a.duplicate_count)),
        equal_to([("a", 1), ("c", 0)]),
        label="Kept",
    )
    p.run().wait_until_finish()
