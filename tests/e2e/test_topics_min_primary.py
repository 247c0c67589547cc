"""topics.min_primary and topics.margin from a config file, through the CLI, and the topics stage in a real Beam
pipeline with the taxonomy it reloads on the worker."""

import dataclasses
import json

import pytest

from tests.support.articles import article
from tests.support.cli import run_command, run_files_with_config
from tests.support.sample_stories import BUDGET
from tests.support.tables import query
from transforms.topics.classify import MIN_PRIMARY, ClassifyTopics, classify
from transforms.topics.taxonomy import load_taxonomy

SPORT = "medtop:15000000"

# Thin evidence: a walk, one exhibition seen in a window (not Windows), nothing else.
THIN = (
    "Notes from a Saturday",
    "We walked along the river on Saturday morning with two friends and the dog, stopped for a "
    "while near the old bridge, talked about the week that had been and the one to come, and on "
    "the way back we saw an exhibition of old maps in the window of the town hall before going "
    "home, where we sat and read for the rest of the day until it was dark.",
)


def test_cli_min_primary_zero_keeps_a_topic_the_default_leaves_out(tmp_path):
    taxonomy = load_taxonomy()
    assert classify(*THIN, taxonomy=taxonomy, language="en", min_primary=MIN_PRIMARY) == ()
    guess = classify(*THIN, taxonomy=taxonomy, language="en", min_primary=0.0)
    assert guess and guess[0].code != "medtop:13000000"  # "window" is not Microsoft's
    config = "language:\n  allowed: []\ntopics:\n  min_primary: 0.0\n"
    out = run_files_with_config(tmp_path, {"a.txt": f"{THIN[0]}\n\n{THIN[1]}\n"}, config)
    rows = query(out, "SELECT topic_label FROM articles")
    assert rows == [(guess[0].label,)]
    manifest = json.loads(next((out / "_runs").glob("*.json")).read_text())
    assert manifest["metrics"]["topics"]["kept"] == 1


def _budget_topic(tmp_path, config: str) -> list:
    tmp_path.mkdir()
    files = {"budget.txt": f"{BUDGET[0]}\n\n{BUDGET[1]}\n"}
    out = run_files_with_config(tmp_path, files, f"language:\n  allowed: []\n{config}")
    return query(out, "SELECT language, topic_label FROM articles")


def test_cli_margin_zero_leaves_out_the_topic_the_margin_rule_gives(tmp_path):
    # The story's best share stays under the threshold: the margin rule alone labels it.
    assert classify(*BUDGET, taxonomy=load_taxonomy(), language="en", min_primary=MIN_PRIMARY,
                    margin=0) == ()  # fmt: skip
    assert _budget_topic(tmp_path / "default", "") == [("en", "politics")]
    assert _budget_topic(tmp_path / "off", "topics:\n  margin: 0\n") == [("en", None)]
    # A raised threshold: the unset rule stands aside; set, it applies.
    raised = "topics:\n  min_primary: 0.4\n"
    assert _budget_topic(tmp_path / "raised", raised) == [("en", None)]
    both = f"{raised}  margin: 1.5\n"
    assert _budget_topic(tmp_path / "both", both) == [("en", "politics")]


@pytest.mark.parametrize(
    "value, message",
    [
        ("0.5", "'topics.margin' must be 0 (off) or at least 1 (the leader's evidence over the "
                "runner-up's), or null for the default, got 0.5"),
        ("wide", "'topics.margin' must be a number from 0 to 100, or null for 1.5 while "
                 "topics.min_primary is at most 0.35, off above, got the text 'wide'"),
    ],
)  # fmt: skip
def test_cli_a_bad_margin_exits_2_naming_the_key(tmp_path, value, message):
    config = tmp_path / "config.yaml"
    config.write_text(f"topics:\n  margin: {value}\n")
    proc = run_command("--input", f"{tmp_path}/*.txt", "--output", str(tmp_path / "out"),
                       "--config", str(config), timeout=120)  # fmt: skip
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert proc.stderr.strip() == f"newsbeam: configuration error: {message}"
    assert not (tmp_path / "out").exists()


def _article(title, text, language):
    return dataclasses.replace(article(title, text), title=title, language=language)


def test_a_beam_pipeline_classifies_with_the_reloaded_taxonomy():
    import apache_beam as beam
    from apache_beam.testing.test_pipeline import TestPipeline
    from apache_beam.testing.util import assert_that, equal_to

    article = _article("Le PSG s'impose à Marseille", "Le club a gagné le match grâce à un but "
                       "de son attaquant; l'entraîneur salue les joueurs.", "fr")  # fmt: skip
    with TestPipeline() as p:
        got = (
            p
            | beam.Create([article])
            | ClassifyTopics(taxonomy=load_taxonomy(), min_primary=0.5)
            | beam.Map(lambda a: (a.topic, a.topic_model))
        )
        version = load_taxonomy().version
        assert_that(got, equal_to([(SPORT, f"lexicon-{version}:fr")]))
