"""The extraction benchmark's title match: typography (dash, quotation marks) is no difference,
words are."""

import sys

from tests.support.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from extraction import meta_match  # noqa: E402


def test_dashes_and_quotation_marks_of_any_kind_match():
    gold = 'Minions malen - mit Rolle und "bunter" Farbe'
    assert meta_match("Minions malen – mit Rolle und „bunter“ Farbe", gold)
    assert meta_match("Minions malen — mit Rolle und «bunter» Farbe", gold)
    assert meta_match("Minions malen ‒ mit Rolle und ‚bunter‘ Farbe", gold)
    assert meta_match("Minions malen −mit Rolle und 'bunter' Farbe", gold)


def test_a_hyphen_inside_a_word_is_not_a_spaced_dash():
    assert not meta_match("Wasser-Stoff", "Wasser Stoff")
    assert meta_match("VW‐Chef warnt", "VW-Chef warnt")


def test_other_words_still_differ():
    assert not meta_match("Minions malen – mit Pinsel und Farbe", "Minions malen - mit Rolle")
