"""Topic classification: the lexicon classifier, the taxonomy loader, the Beam stage."""

import pickle

import apache_beam as beam
import pytest
from apache_beam.testing.util import assert_that, equal_to

from pipeline.config.settings import ConfigError
from tests.support.paths import SEEDS
from tests.support.pipelines import counters
from transforms.core.record import Article, TopicScore
from transforms.topics.classify import ClassifyTopics, Taxonomy, Topic, classify, tokenize
from transforms.topics.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy

WAR = "medtop:16000000"
TOP_LEVEL = {
    "medtop:01000000", "medtop:02000000", "medtop:03000000", "medtop:04000000",
    "medtop:05000000", "medtop:06000000", "medtop:07000000", "medtop:08000000",
    "medtop:09000000", "medtop:10000000", "medtop:11000000", "medtop:12000000",
    "medtop:13000000", "medtop:14000000", "medtop:15000000", "medtop:16000000",
    "medtop:17000000",
}  # fmt: skip

SPORT = (
    "United beat Chelsea 2-1 to reach the cup final",
    "The striker scored twice in the second half and the goalkeeper saved a late penalty, "
    "sending the club into the final of the tournament. The coach praised his players after "
    "the match in front of a full stadium.",
    "medtop:15000000",
)
BUSINESS = (
    "Carmaker's quarterly profit beats forecasts; shares rise",
    "The company said revenue grew 8 percent in the third quarter as sales in Asia picked up. "
    "Investors sent its stock higher on the exchange, and analysts raised their earnings "
    "estimates. The chief executive said the firm would pay a larger dividend.",
    "medtop:04000000",
)
SCIENCE = (
    "Space telescope finds water on a distant planet",
    "Astronomers using the orbiting observatory detected water vapour in the atmosphere of a "
    "planet outside the solar system. The scientists published the discovery in a journal; "
    "NASA said the spacecraft will study more such worlds.",
    "medtop:13000000",
)
HEALTH = (
    "New vaccine cuts hospital admissions for flu",
    "Doctors say the vaccine halved the number of patients admitted to hospital with influenza "
    "in a clinical trial. Health officials urged older people to get the shot before winter; "
    "the disease kills thousands each year.",
    "medtop:07000000",
)
GERMAN = (
    "Bundesregierung beschließt neues Klimagesetz",
    "Das Kabinett hat am Mittwoch ein Gesetz beschlossen, das die Emissionen bis 2030 deutlich "
    "senken soll. Die Opposition kritisierte die Pläne als unzureichend.",
)


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def _seed_texts():
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5
    return [p.read_text(encoding="utf-8") for p in paths]


def test_packaged_taxonomy_is_the_17_iptc_top_level_topics(taxonomy):
    assert set(taxonomy.codes) == TOP_LEVEL
    assert taxonomy.label_of(WAR) == "conflict, war and peace"
    assert taxonomy.label_of("medtop:04000000") == "economy, business and finance"
    assert taxonomy.version and "CC BY 4.0" in taxonomy.attribution
    assert all(t.terms for t in taxonomy.topics)
    assert pickle.loads(pickle.dumps(taxonomy)) == taxonomy


@pytest.mark.parametrize("index", range(5))
def test_seed_war_stories_are_conflict_first_or_second(taxonomy, index):
    text = _seed_texts()[index]
    title, _, body = text.strip().partition("\n")
    for t, b in ((None, text), (title, body)):
        topics = classify(t, b, taxonomy=taxonomy)
        assert WAR in [x.code for x in topics[:2]], topics


@pytest.mark.parametrize("title,text,expected", [SPORT, BUSINESS, SCIENCE, HEALTH])
def test_written_texts_get_their_topic(taxonomy, title, text, expected):
    topics = classify(title, text, taxonomy=taxonomy)
    assert topics[0].code == expected, topics


def test_scores_codes_and_order(taxonomy):
    for text in [*_seed_texts(), SPORT[1], BUSINESS[1], GERMAN[1]]:
        topics = classify("headline", text, taxonomy=taxonomy, max_topics=5, min_score=0.0)
        assert all(isinstance(t, TopicScore) for t in topics)
        assert all(t.code in taxonomy.codes for t in topics)
        assert all(t.label == taxonomy.label_of(t.code) for t in topics)
        assert all(0.0 <= t.score <= 1.0 for t in topics)
        assert [t.score for t in topics] == sorted((t.score for t in topics), reverse=True)
        assert len(topics) <= 5


def test_max_topics_and_min_score(taxonomy):
    text = _seed_texts()[0]
    assert len(classify(None, text, taxonomy=taxonomy, max_topics=1)) == 1
    best_only = classify(None, text, taxonomy=taxonomy, max_topics=3, min_score=1.0)
    assert len(best_only) == 1  # the best topic is kept whatever min_score says
    assert len(classify(None, text, taxonomy=taxonomy, max_topics=3, min_score=0.0)) == 3


def test_no_evidence_gives_no_topic(taxonomy):
    assert classify(None, "", taxonomy=taxonomy) == ()
    assert classify("Lorem ipsum", "dolor sit amet consectetur", taxonomy=taxonomy) == ()


def test_title_weighs_more_than_body(taxonomy):
    body = "The league match was won by the team. The company reported higher profit and sales."
    sport = classify("Cup final tonight", body, taxonomy=taxonomy)[0].code
    business = classify("Profit rises at the firm", body, taxonomy=taxonomy)[0].code
    assert (sport, business) == ("medtop:15000000", "medtop:04000000")


def test_longest_term_wins_and_plurals_match(taxonomy):
    assert tokenize("Companies' STOCKS") == ["company", "stock"]
    topics = classify(
        None, "A computer virus spread by e-mail hit Windows users.", taxonomy=taxonomy
    )
    assert topics[0].code == "medtop:13000000"
    assert "medtop:07000000" not in [t.code for t in topics]  # "virus" was part of a phrase


def test_german_text_gets_its_topic_from_the_german_lexicon(taxonomy):
    """German text no longer falls through the English terms: the German lexicon classifies it."""
    english_lexicon = classify(*GERMAN, taxonomy=taxonomy, language="en")
    german = classify(*GERMAN, taxonomy=taxonomy, language="de")
    assert german[0].code in ("medtop:06000000", "medtop:11000000")  # climate law, cabinet
    assert german[0].score > (english_lexicon[0].score if english_lexicon else 0.0)


# --- the taxonomy file -----------------------------------------------------------------------


def _doc(**overrides):
    data = {
        "name": "test",
        "version": "1",
        "topics": [
            {"code": "medtop:15000000", "label": "sport", "terms": {3: ["football", "goal"]}},
            {"code": "medtop:04000000", "label": "economy", "terms": {2: ["shares"]}},
        ],
    }
    data.update(overrides)
    return data


def _topic(**kw):
    return {"code": "medtop:99", "label": "x", "terms": {1: ["y"]}, **kw}


@pytest.mark.parametrize(
    "data,message",
    [
        ([], "mapping at the top level"),
        (_doc(version=""), "'version' is missing"),
        (_doc(topics=[]), "'topics' must be a non-empty list"),
        (_doc(topics=[{"label": "x", "terms": {1: ["y"]}}]), "'code' is missing"),
        (_doc(topics=[_topic(code="16000000")]), "not a QCode"),
        (_doc(topics=[_topic(), _topic()]), "duplicate code 'medtop:99'"),
        (_doc(topics=[_topic(label="")]), "'label' is missing"),
        (_doc(topics=[_topic(terms={})]), "'terms' is empty"),
        (_doc(topics=[_topic(terms=None)]), "'terms' is empty"),
        (_doc(topics=[_topic(terms={1: []})]), "weight 1 has no terms"),
        (_doc(topics=[_topic(terms={0: ["a"]})]), "must be a positive number"),
        (_doc(topics=[_topic(terms={1: ["--"]})]), "has no words"),
        (_doc(topics=[_topic(terms={2: ["a"], 1: ["A"]})]), "listed twice"),
    ],
)
def test_taxonomy_validation_errors(data, message):
    with pytest.raises(TaxonomyError, match=message):
        parse_taxonomy(data, where="t.yaml")


def test_load_taxonomy_from_a_file(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(
        "name: tiny\nversion: '7'\ntopics:\n"
        "  - {code: 'x:1', label: one, terms: {2: [alpha, beta gamma]}}\n"
    )
    taxonomy = load_taxonomy(str(path))
    assert taxonomy == Taxonomy(
        name="tiny",
        version="7",
        topics=(Topic("x:1", "one", (("alpha", 2.0), ("beta gamma", 2.0))),),
        languages=("en",),
    )
    assert classify("Beta gamma", "", taxonomy=taxonomy)[0].code == "x:1"


def test_load_taxonomy_file_errors(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_taxonomy(str(tmp_path / "missing.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics: [\n")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        load_taxonomy(str(bad))


# --- the Beam stage --------------------------------------------------------------------------


def _article(i, title, text, language="en"):
    return Article(
        doc_id=f"d{i}",
        source_path=f"p{i}",
        source_ref=f"p{i}",
        source_format="txt",
        title=title,
        text=text,
        language=language,
    )


def test_classify_topics_stage_and_counters(taxonomy, runner):
    articles = [
        _article(0, SPORT[0], SPORT[1]),
        _article(1, BUSINESS[0], BUSINESS[1]),
        _article(2, None, "Lorem ipsum dolor sit amet."),
        _article(3, None, _seed_texts()[2], language="ko"),  # a language no lexicon covers
        _article(4, *GERMAN, language="de"),
    ]
    p = beam.Pipeline(runner=runner)
    out = p | beam.Create(articles) | ClassifyTopics(taxonomy=taxonomy, max_topics=2)

    def summary(a):
        assert len(a.topics) <= 2 and all(isinstance(t, TopicScore) for t in a.topics)
        assert a.topic == (a.topics[0].code if a.topics else None)
        return a.doc_id, a.topic, a.topic_label, a.taxonomy_version, a.topic_model

    version = taxonomy.version
    lexicon = f"lexicon-{version}"
    assert_that(
        out | beam.Map(summary),
        equal_to(
            [
                ("d0", "medtop:15000000", "sport", version, f"{lexicon}:en"),
                (
                    "d1",
                    "medtop:04000000",
                    "economy, business and finance",
                    version,
                    f"{lexicon}:en",
                ),
                ("d2", None, None, version, f"{lexicon}:en"),
                ("d3", None, None, version, None),
                ("d4", "medtop:11000000", "politics", version, f"{lexicon}:de"),
            ]
        ),  # fmt: skip
    )
    result = p.run()
    result.wait_until_finish()
    assert counters(result, "topics") == {
        "seen": 5,
        "kept": 3,
        "unclassified": 2,
        "no_topic_below_threshold": 1,
        "no_topic_language_not_covered": 1,
        "primary_15000000": 1,
        "primary_04000000": 1,
        "primary_11000000": 1,
    }


def test_classify_topics_rejects_bad_arguments(taxonomy):
    with pytest.raises(ValueError, match="max_topics"):
        ClassifyTopics(taxonomy=taxonomy, max_topics=0)
    with pytest.raises(ValueError, match="min_score"):
        ClassifyTopics(taxonomy=taxonomy, min_score=2.0)


# --- the supervised path (train-topics) ------------------------------------------------------


def _labelled():
    items = [(SPORT[0], SPORT[1]), (BUSINESS[0], BUSINESS[1]), (SCIENCE[0], SCIENCE[1])] * 4
    return items, ["sport", "business", "science"] * 4


def test_naive_bayes_learns_and_round_trips():
    from transforms.topics.model import CompiledModel, TopicModel, cross_validate, train_naive_bayes

    items, labels = _labelled()
    model = train_naive_bayes(items, labels, min_count=1)
    assert TopicModel.from_json(model.to_json()) == model
    best = CompiledModel(model).predict("Coach praises striker after cup final", "")
    assert best[0][0] == "sport" and abs(sum(p for _, p in best) - 1.0) < 1e-9
    assert cross_validate(items, labels, folds=3, min_count=1) == [1.0, 1.0, 1.0]
    with pytest.raises(ValueError):
        train_naive_bayes(items, labels[:-1])


CONFLICT = (
    "Troops advance after artillery strikes on the front line",
    "Soldiers and armoured units pushed forward after a night of shelling. The army said its "
    "brigades had taken two villages while drones and missiles hit enemy positions; a ceasefire "
    "proposal was rejected and more troops were sent to the front. The defence ministry said the "
    "war had entered a new phase, with soldiers recruited from prisons and foreign fighters "
    "deployed by the military alongside regular forces. Commanders reported deserters, wounded "
    "soldiers and prisoners of war after the battle for the region.",
)
CODES = {
    "sport": "medtop:15000000",
    "business": "medtop:04000000",
    "science": "medtop:13000000",
    "war": WAR,
}


def _write_labelled(path, *, codes=True):
    import csv

    items, labels = _labelled()
    items, labels = items + [CONFLICT] * 4, labels + ["war"] * 4
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["label", "title", "text"])
        writer.writerows(
            [CODES[label] if codes else label, t, x] for (t, x), label in zip(items, labels)
        )
    return path


def test_train_topics_main(tmp_path, capsys):
    from pipeline.cli.train_topics import train_topics_main

    data = _write_labelled(tmp_path / "labelled.csv")
    out = tmp_path / "model.json"
    assert train_topics_main(["--data", str(data), "--folds", "4", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "4-fold CV macro-F1: 1.000" in printed and out.exists()
    assert "nb-" in printed
    assert train_topics_main([str(data), "--label-column", "nope"]) == 2
    assert "no column ['nope']" in capsys.readouterr().err
    plain = _write_labelled(tmp_path / "plain.csv", codes=False)
    assert train_topics_main(["--data", str(plain), "--out", str(tmp_path / "x.json")]) == 2
    assert "are not codes of" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_model_file_round_trip_and_errors():
    from transforms.topics.model import load_model, model_file_text, model_id, train_naive_bayes

    items, labels = _labelled()
    model = train_naive_bayes(items, labels, min_count=1)
    loaded, mid = load_model(model_file_text(model, meta={"items": 12}))
    assert loaded == model and mid == model_id(model) and mid.startswith("nb-")
    with pytest.raises(ValueError, match="not JSON"):
        load_model("{nope")
    with pytest.raises(ValueError, match="train one with"):
        load_model(model.to_json())  # the bare model, without the file's format tag


def test_pipeline_uses_a_trained_model_from_config(tmp_path):
    import json

    import duckdb

    from pipeline.cli.main import main

    data = _write_labelled(tmp_path / "labelled.csv")
    model = tmp_path / "model.json"
    assert main(["train-topics", "--data", str(data), "--out", str(model), "--folds", "0"]) == 0
    model_id = json.loads(model.read_text())["model_id"]
    config = tmp_path / "config.yaml"
    config.write_text(f"topics:\n  model: {model}\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", "2026-11-22"]
    assert main([*args, "--config", str(config)]) == 0
    rows = duckdb.sql(
        f"SELECT topic, topic_model, topics FROM read_parquet('{out}/articles/**/*.parquet', "
        "hive_partitioning=true)"
    ).fetchall()
    assert len(rows) == 5
    codes = set(CODES.values())
    # The seeds are war stories; a 20-item model gets most of them (4 of 5 when written).
    assert sum(topic == WAR for topic, _, _ in rows) >= 3
    for topic, used, topics in rows:
        assert used == model_id and topic in codes  # one model for any language: its id alone
        assert all(t["code"] in codes and 0.0 <= t["score"] <= 1.0 for t in topics)
    manifest = json.loads(next((out / "_runs").glob("*.json")).read_text())
    assert manifest["topic_model"] == model_id

    # A model whose labels are not the taxonomy's codes, or no model at all: exit 2 before running.
    bad = tmp_path / "bad.json"
    plain = _write_labelled(tmp_path / "plain.csv", codes=False)
    assert main(["train-topics", "--data", str(plain), "--out", str(bad), "--any-labels"]) == 0
    for path in (bad, tmp_path / "missing.json"):
        config.write_text(f"topics:\n  model: {path}\n", encoding="utf-8")
        assert main([*args, "--output", str(tmp_path / "o2"), "--config", str(config)]) == 2
