"""The lexicon-change benchmark's comparison: an earlier lexicon (Polish "sieci" as a plain
science term) beside the packaged one, on a written item, as
``python benchmarks/topics_lexicon_pages.py`` prints it."""

import shutil
import sys

from tests.support.paths import ROOT
from transforms.topics.taxonomy import load_taxonomy

sys.path.insert(0, str(ROOT / "benchmarks"))
from topics_lexicon_pages import compare  # noqa: E402

WEEKLY = (
    "pl",
    "Tygodnik Sieci: nowy numer",
    "W nowym numerze Sieci piszemy o sporze w koalicji i o wyborach. Sieci w kioskach od "
    "poniedziałku; prenumerata Sieci u wydawcy.",
)


def test_a_page_whose_topic_moved_is_listed_with_both_topics(tmp_path):
    shutil.copytree(ROOT / "configs" / "taxonomy", tmp_path / "taxonomy")
    shutil.copytree(ROOT / "configs" / "lexicons", tmp_path / "lexicons")
    pl = tmp_path / "lexicons" / "pl.yaml"
    pl.write_text(pl.read_text().replace("sieci komórkow*,", "sieci, sieci komórkow*,", 1))
    before = load_taxonomy(str(tmp_path / "taxonomy" / "iptc-mediatopics.yaml"))
    old, new, moved = compare(before, load_taxonomy(), [WEEKLY])
    assert old["science and technology"] == 1 and new["science and technology"] == 0
    assert moved == [(WEEKLY[1], "science and technology", next(iter(new)))]
    assert next(iter(new)) != "science and technology"
