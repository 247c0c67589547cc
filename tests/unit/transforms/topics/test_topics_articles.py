"""Topics on full-length articles: the lead outweighs later paragraphs, the primary threshold is
a config key (topics.min_primary), the packaged taxonomy is loaded on the worker rather than
pickled with the stage, and the benchmarks' article sets and news samples read as written."""

import dataclasses
import sys

import pytest

from pipeline.config.rules import RULES, ConfigError, check_value
from tests.support.articles import article
from tests.support.paths import ROOT
from transforms.topics.classify import MIN_PRIMARY, _ClassifyFn, classify
from transforms.topics.taxonomy import load_taxonomy

SPORT, ECONOMY = "medtop:15000000", "medtop:04000000"

# A football story whose later paragraphs are about the club's money: the lead decides (with
# every paragraph weighing the same, the money would win).
LONG_TITLE = "Rovers beat City in cup replay"
LEAD = [
    "Rovers beat City 2-1 in the cup replay on Tuesday night, with a late goal from their "
    "striker sending the home fans into raptures.",
    "The manager praised the players, the goalkeeper made two fine saves and the team will play "
    "in the fifth round at home.",
    "It was a night the club's supporters will remember for a long time, after two seasons in "
    "which little went right on the pitch.",
]
MONEY = [
    "Off the pitch, the owners said revenue rose last year and that profits would pay for a new "
    "stand.",
    "Shares in the holding company rose on the stock market after the result, and investors "
    "welcomed a higher dividend.",
    "Analysts said the bank loans, interest rates and the company's debt were under control.",
    "The chief executive expects sales of shirts and tickets to grow, and a new sponsorship deal "
    "with an airline is close.",
]


def test_the_lead_of_a_long_article_outweighs_its_later_paragraphs():
    taxonomy = load_taxonomy()
    text = "\n".join([*LEAD, *MONEY])
    assert classify(LONG_TITLE, text, taxonomy=taxonomy, language="en")[0].code == SPORT
    # The same paragraphs, money first: then the story is about money.
    money_first = "\n".join([*MONEY, *LEAD])
    assert classify(None, money_first, taxonomy=taxonomy, language="en")[0].code == ECONOMY


def test_min_primary_is_a_config_key_with_a_rule():
    check_value("topics.min_primary", 0.0, RULES["topics.min_primary"])
    with pytest.raises(ConfigError, match="'topics.min_primary' must be a number from 0 to 1"):
        check_value("topics.min_primary", 1.5, RULES["topics.min_primary"])
    defaults = (ROOT / "configs" / "default.yaml").read_text(encoding="utf-8")
    assert f"min_primary: {MIN_PRIMARY}" in defaults


def _article(title, text, language):
    return dataclasses.replace(article(title, text), title=title, language=language)


def test_the_packaged_taxonomy_is_loaded_on_the_worker_not_pickled(tmp_path):
    from apache_beam.internal import pickler

    packaged = load_taxonomy()
    fn = _ClassifyFn(packaged, 3, 0.1)
    assert len(pickler.dumps(fn)) < 4000  # the taxonomy alone pickles to ~0.5 MB
    worker = pickler.loads(pickler.dumps(fn))
    worker.setup()
    article = _article("Leverkusen gewinnt in Mainz", "Die Mannschaft gewann das Spiel, der "
                       "Trainer lobte den Stürmer nach dem Tor.", "de")  # fmt: skip
    (out,) = list(worker.process(article))
    assert (out.topic, out.taxonomy_version) == (SPORT, packaged.version)
    # A taxonomy read from a user's file travels with the stage (a remote worker lacks the file).
    own = tmp_path / "own.yaml"
    own.write_text(
        "name: own\nversion: '1'\ntopics:\n  - code: x:1\n    label: sport\n"
        "    terms: {3: [match, goal]}\n",
        encoding="utf-8",
    )
    carried = pickler.loads(pickler.dumps(_ClassifyFn(load_taxonomy(str(own)), 3, 0.1)))
    carried.setup()
    (out,) = list(carried.process(_article("A goal", "The match.", "en")))
    assert (out.topic, out.taxonomy_version) == ("x:1", "1")


def test_benchmark_article_sets_keep_title_and_paragraphs(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import topics_articles

    path = tmp_path / "xx-test.txt"
    path.write_text(
        "# comment\n### test sport\nTitle one\nPara one.\nPara two.\n"
        "### dev tech\nTitle two\nOnly para.\n",
        encoding="utf-8",
    )
    assert topics_articles.read_articles(path) == [
        ("test", "sport", "Title one", "Para one.\nPara two."),
        ("dev", "tech", "Title two", "Only para."),
    ]
    sets = sorted(p.name for p in topics_articles.ARTICLES.glob("*.txt"))
    assert {"de-test.txt", "fr-test.txt", "en-test.txt"} <= set(sets)
    for name in ("de-test.txt", "fr-test.txt", "en-test.txt"):
        items = topics_articles.read_articles(topics_articles.ARTICLES / name)
        per_class = {}
        for _, section, _, text in items:
            per_class[section] = per_class.get(section, 0) + 1
            assert text.count("\n") >= 2  # several paragraphs, as real articles
        assert min(per_class.values()) >= 25, (name, per_class)


def test_language_news_samples_are_detected_as_their_language():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import language

    from transforms.language.detect import detect_article, shared_detector_factory

    samples = [s for s in language.news_samples() if s[0] in ("it", "zh", "ja", "ru", "ar")]
    assert {s[0] for s in samples} == {"it", "zh", "ja", "ru", "ar"}
    profiles = shared_detector_factory(0)
    got = [detect_article(profiles, title, text)[0].split("-")[0] for _, title, text in samples]
    assert got == [s[0] for s in samples]
