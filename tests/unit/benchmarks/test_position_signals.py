"""The position measurement's signals on a written page: a bio in a box below the story is off
the story's parent, deeper, and shares few of its words; a "Related" line after the story is
where the tail cut starts."""

import sys

from tests.support.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from position_signals import _first_marker, cohesion, dom_signals  # noqa: E402

from transforms.extract.html import parse_html  # noqa: E402
from transforms.extract.paragraphs import PageIndex, plan_paragraphs  # noqa: E402

_STORY = (
    "The harbour board met on Tuesday evening and agreed, after a long and sometimes heated "
    "debate with the fishermen of the old quay, that the north pier will be rebuilt before the "
    "winter storms arrive, and that the work will be paid for from the harbour reserve fund.",
    "Fishermen who had waited for years for the pier repairs said they were relieved, but "
    "several of them asked the harbour board why the decision had taken so long, and whether the "
    "reserve fund would be enough to finish the pier without raising the harbour dues again.",
    "The chair of the harbour board answered that the engineers' report on the north pier had "
    "only arrived in the spring and that the board had wanted to be sure of the costs before it "
    "made any promise to the fishermen, because the last project had run far over its budget.",
)
_BIO = (
    "Maria Lopez writes about cooking, gardening and travel for our weekend magazine and "
    "teaches photography at a college in her spare time, when she is not walking her two dogs."
)
_TEASER = "Ten easy dinners for busy weeknights that the whole family will love this autumn"


def _page() -> dict:
    html = (
        "<html><head><title>North pier to be rebuilt</title></head><body><article>"
        "<h1>North pier to be rebuilt</h1><div class='story'>"
        + "".join(f"<p>{p}</p>" for p in _STORY)
        + f"</div><div class='box'><div class='inner'><p>{_BIO}</p></div></div>"
        + f"<h2>Related</h2><p>{_TEASER}</p></article></body></html>"
    )
    index = PageIndex(parse_html(html))
    title = "North pier to be rebuilt"
    plan = plan_paragraphs([*_STORY, _BIO, "Related", _TEASER], index, title)
    return {"index": index, "plan": plan, "title": title}


def _pos(page: dict, start: str) -> int:
    return next(i for i, t in enumerate(page["index"].texts) if t.startswith(start))


def test_a_bio_in_a_box_is_off_the_story_parent_and_deeper():
    page = _page()
    dom = dom_signals(page)
    story, bio = _pos(page, _STORY[1][:30]), _pos(page, _BIO[:30])
    assert (dom[story]["off_parent"], dom[story]["deeper"]) == (0.0, 0.0)
    assert (dom[bio]["off_parent"], dom[bio]["deeper"]) == (1.0, 1.0)
    assert dom[bio]["tree_dist"] > dom[story]["tree_dist"]


def test_the_story_shares_its_words_and_the_bio_does_not():
    page = _page()
    coh = cohesion(page)
    assert coh[_pos(page, _STORY[1][:30])] > 0.2 > coh[_pos(page, _BIO[:30])]


def test_the_tail_cut_starts_at_the_related_heading():
    page = _page()
    assert _first_marker(page, []) == _pos(page, "Related")
