"""The margin benchmark's comparison: the same items scored with the share rule alone and with
the margin rule, side by side, as ``python benchmarks/topics_margin.py`` prints them."""

import sys

from tests.support.paths import ROOT
from tests.support.sample_stories import BUDGET
from tests.unit.transforms.topics.test_topics_margin import COAST

sys.path.insert(0, str(ROOT / "benchmarks"))
from topics_margin import compare  # noqa: E402

from transforms.topics.taxonomy import load_taxonomy  # noqa: E402

POLITICS, WEATHER = "medtop:11000000", "medtop:17000000"


def test_compare_prints_macro_f1_coverage_and_precision_before_and_after(capsys):
    items = [("en", POLITICS, *BUDGET), ("en", WEATHER, *COAST)]
    compare(load_taxonomy(), "written en", items)
    line = capsys.readouterr().out
    # before: neither gets a topic; after: the budget story is politics, the coast one still none
    assert "macro-F1 0.000 -> 0.500" in line
    assert "coverage 0.000 -> 0.500" in line
    assert "changed 1" in line
    assert "precision 11 0.000->1.000" in line
