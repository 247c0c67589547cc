"""The ensemble measurement's signals: each other extractor's verdict lands on the page paragraph
it came from, so the filter's candidates can be compared with it."""

import sys

from tests.support.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from ensemble_signals import (  # noqa: E402
    _page_stoplist,
    _positions,
    _stoplist,
    justext_classes,
    page_signals,
    readability_lines,
    stop_density,
)

from transforms.extract.html import parse_html  # noqa: E402
from transforms.extract.paragraphs import PageIndex  # noqa: E402

_STORY = (
    "The harbour board met on Tuesday evening and agreed, after a long and sometimes heated "
    "debate with the fishermen of the old quay, that the north pier will be rebuilt before the "
    "winter storms arrive, and that the work will be paid for from the reserve fund.",
    "Residents who had waited for years for the repairs said they were relieved, but several of "
    "them asked the board why the decision had taken so long, and whether the money set aside "
    "would be enough to finish the job without raising the harbour dues again next year.",
    "The chair of the board answered that the engineers' report had only arrived in the spring "
    "and that the board had wanted to be sure of the costs before it made any promise to the "
    "town, because the last project had run far over its budget and its time.",
)
_PAGE = (
    "<html><head><title>North pier to be rebuilt</title></head><body>"
    '<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
    '<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>'
    "<article><h1>North pier to be rebuilt</h1>"
    + "".join(f"<p>{p}</p>" for p in _STORY)
    + '</article><footer><p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></p>'
    "</footer></body></html>"
)


def _index_of(index: PageIndex, start: str) -> int:
    return next(i for i, t in enumerate(index.texts) if t.startswith(start))


def test_justext_classes_land_on_the_story_and_the_menu_paragraphs():
    tree = parse_html(_PAGE)
    index = PageIndex(parse_html(_PAGE))
    classes = justext_classes(tree, index, _stoplist())
    story = [_index_of(index, p[:40]) for p in _STORY]
    assert [classes[p][0] for p in story] == ["good", "good", "good"]
    assert classes[_index_of(index, "Home")][0] == "bad"


def test_readability_keeps_the_story_and_its_lines_are_found_in_the_page():
    index = PageIndex(parse_html(_PAGE))
    lines = readability_lines(parse_html(_PAGE))
    assert any(line.startswith("The harbour board met on Tuesday") for line in lines)
    assert not any("Privacy" in line for line in lines)
    assert {_index_of(index, p[:40]) for p in _STORY} <= _positions(index, lines)


def test_page_signals_name_the_story_paragraphs_in_every_extractor():
    signals = page_signals({"html": _PAGE, "url": "https://example.org/pier"}, _stoplist())
    index = PageIndex(parse_html(_PAGE))
    story = {_index_of(index, p[:40]) for p in _STORY}
    assert story <= signals["prec"]
    assert story <= signals["read"]
    assert set(signals["cpu"]) == {"extract", "parse", "jt", "prec", "read"}


def test_stop_density_is_the_share_of_stopwords():
    stoplist = frozenset({"the", "of", "and"})
    assert stop_density("The end of the road and more", stoplist) == 4 / 7
    assert stop_density("", stoplist) == 0.0


def test_the_page_language_picks_its_stoplist():
    german = _page_stoplist('<!DOCTYPE html><html class="x" lang="de-DE"><body>')
    english = _page_stoplist("<html lang='en'><body>")
    assert "und" in german and "und" not in english
    assert _page_stoplist("<html><body>no language stated</body></html>") == frozenset()
