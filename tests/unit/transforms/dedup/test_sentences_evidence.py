"""Heavy edits by their sentences (``contain_sentences``, ``evidence.sentences_inside``) and the
words a Markdown text is shingled by (``minhash.shingle_words``)."""

import dataclasses

from tests.support.articles import article
from transforms.dedup import PRESETS, fingerprint, to_node
from transforms.dedup.clusters import match
from transforms.dedup.minhash import shingles
from transforms.dedup.quotes import sentences_of
from transforms.dedup.streaming import Probe, _pair_verdict
from transforms.dedup.verify import marks_conflict, sentences_inside

_STORY = [
    "The harbour board of Westport approved a new ferry timetable on Tuesday evening.",
    "Boats to the northern islands will leave every forty minutes from the first of May.",
    "The board's chair, Ines Calder, said the change followed two years of complaints.",
    "Commuters had waited up to ninety minutes in winter for a crossing to the mainland.",
    "The operator will hire eleven more crew members and lease a second vessel for summer.",
    "Fares stay at their current level until the end of the year, the board confirmed.",
    "Residents of Holm Island asked for a late boat on Fridays, which was turned down.",
    "A review of the timetable is planned for the autumn once passenger counts are in.",
    "Unions welcomed the hiring plan but warned that the crew rotas were already thin.",
    "The first boats under the new timetable sail on the morning of the first of May.",
]


ON = PRESETS["default"]


def _node(doc_id, text, hours=0.0):
    return to_node(fingerprint(article(doc_id, text, published=hours), ON))


def _edit() -> str:
    """The story as a desk cuts it: sentences 2, 4 and 7 dropped, 1 and 6 swapped, a closing
    of its own."""
    kept = [_STORY[i] for i in (0, 6, 3, 5, 8, 9)] + [_STORY[2]]
    closing = (
        "Readers can send their questions about the new crossings, the fares and the crew to "
        "our newsdesk, and we will answer the most common ones next week."
    )
    return " ".join(kept) + "\n" + closing


def test_a_heavy_edit_is_contained_by_its_sentences():
    story, edit = _node("story", " ".join(_STORY)), _node("edit", _edit(), hours=2.0)
    assert sentences_inside(edit.marks, story.marks, 4) == 0.875  # 7 of its 8 sentences
    found = match(edit, story, ON)
    assert found is not None and found[0] == "contained" and 0.5 <= found[1] < 0.7
    off = dataclasses.replace(PRESETS["default"], contain_sentences=None, contain_words=None)
    assert match(edit, story, off) is None  # the estimate alone is too low
    assert PRESETS["default"].contain_sentences is not None  # on in the default preset
    assert PRESETS["strict"].contain_sentences is None and PRESETS["wire"].contain_sentences is None


def test_markdown_shingles_as_its_html_text():
    html = "The News of the week: the ferry timetable, the new crew and the fares, read previous."
    md = (
        "__The News__ of the week: the _ferry timetable_, the new crew and the fares, "
        "read [previous](https://example.org/2026/05/ferry_fares)."
    )
    assert _node("md", md).signature == _node("html", html).signature
    snake = _node("s", "set max_bucket to one thousand in the dedup section of the config")
    split = _node("t", "set max bucket to one thousand in the dedup section of the config")
    assert snake.signature != split.signature  # an identifier stays one word


_BUDGET_HTML = (
    "On Monday the council published the new budget plan for the coming year. "
    "Schools and the two libraries get more money, the roads get less than before."
)
_BUDGET_MD = (
    "On _Monday_ the council published the [new budget plan](https://gov.example/budget/2026) "
    "for the coming year. Schools and the two __libraries__ get more money, the roads get "
    "less than before."
)


def test_markdown_sentences_hash_as_their_html_text():
    html, md = sentences_of(_BUDGET_HTML), sentences_of(_BUDGET_MD)
    assert len(html) == 2
    assert md.tolist() == html.tolist()


def test_markdown_shingles_in_the_public_helper_as_their_html_text():
    assert shingles(_BUDGET_MD, 5) == shingles(_BUDGET_HTML, 5)


_HARBOUR = [
    "The harbour board approved a new ferry timetable at its meeting on Tuesday evening.",
    "Boats to the northern islands will leave every forty minutes from the first of May.",
    "The change follows two years of complaints about the winter crossings and their delays.",
    "Commuters had waited for up to ninety minutes in winter for a crossing to the mainland.",
    "The operator will hire more crew members and lease a second vessel for the summer.",
    "Fares stay at their current level until the end of the year, the board confirmed.",
    "Residents asked for a late boat on Fridays, a request the board turned down again.",
    "A review of the timetable is planned for the autumn once the passenger counts are in.",
    "Unions welcomed the hiring plan but warned that the crew rotas were already thin.",
    "The first boats under the new timetable sail on the morning of the first of May.",
]


def test_a_heavy_edit_whose_closing_brings_names_passes_the_template_guard():
    """The edit keeps eight of the story's ten sentences word for word; its closing names
    people and figures the story has not, and the story's own names are in the sentences it
    cut: the marks conflict, the sentences say it is the story."""
    story = " ".join(
        _HARBOUR[:3]
        + ["Chair Ines Calder and deputy Tomas Berg of Westport signed the plan with 14 votes."]
        + _HARBOUR[3:]
        + ["Mayor Olga Prinz of Holm said the 2027 budget holds 3.5 million for the new piers."]
    )
    closing = (
        "Reporting by Maria Vance and Jon Okafor in Lindholm, with 2 photographs by Sven Adler "
        "and 6 charts; our newsdesk answers questions about the crossings next week."
    )
    edit = " ".join(_HARBOUR[:8]) + "\n" + closing
    s, e = _node("story", story), _node("edit", edit, hours=2.0)
    default = PRESETS["default"]
    assert marks_conflict(e.marks, s.marks)
    assert sentences_inside(e.marks, s.marks, 4) >= default.guard_sentences
    assert match(e, s, default) is not None
    guarded = dataclasses.replace(default, guard_sentences=None)
    assert match(e, s, guarded) is None


def test_two_fillings_of_a_template_stay_refused():
    template = (
        "{c} reported quarterly revenue of {r} million dollars on Thursday. Net income at {c} "
        "came to {n} million dollars, against {p} million a year earlier. Shares of {c} rose "
        "{s} percent in early trading after the figures were published. The board of {c} "
        "kept its dividend at {d} cents a share for the quarter. Analysts had expected "
        "revenue of {e} million dollars for {c} in the quarter. The results were released "
        "before the market opened in New York on Thursday morning."
    )
    a = template.format(c="Acme Corp", r=412, n=38, p=31, s=4, d=22, e=405)
    b = template.format(c="Globex Inc", r=977, n=85, p=90, s=2, d=41, e=960)
    x, y = _node("acme", a), _node("globex", b, hours=1.0)
    assert sentences_inside(y.marks, x.marks, 4) < PRESETS["default"].guard_sentences
    assert match(y, x, PRESETS["default"]) is None and match(x, y, PRESETS["default"]) is None


_BULLETIN = [
    "This is the weekly bulletin of the harbour office for shipping agents and crews.",
    "Berths on the outer quay are open from six in the morning until ten at night.",
    "Pilots must be booked at least a day ahead through the harbour office desk.",
    "Dangerous cargo needs a written notice before the ship enters the fairway.",
    "In week {week} the port handled {tonnes} tonnes of cargo, led by the {ship} at berth {berth}.",
    "Waste from ships is taken at the eastern pier on weekdays only, never at weekends.",
    "The fuel barge serves the inner basin on request, weather permitting.",
    "Duty officer {who} reports {boats} pilot boardings and no incidents for the week.",
    "Speed in the harbour stays limited to six knots for every vessel and tender.",
    "Questions about this bulletin go to the duty officer at the harbour office.",
]
_WEEK_17 = {"week": 17, "tonnes": "48,200", "ship": "Nordstern", "berth": 4}
_WEEK_18 = {"week": 18, "tonnes": "51,950", "ship": "Baltic Rose", "berth": 7}


def _bulletin(sentences, **slots) -> str:
    return " ".join(sentences).format(**slots)


def test_two_weekly_bulletins_stay_apart_though_most_sentences_are_boilerplate():
    """Eight of ten sentences are the bulletin's boilerplate, word for word both ways; the two
    that carry the week's figures and names all differ. A heavy edit is inside its story, not
    the story inside it: here each is 0.8 inside the other, so the guard keeps refusing."""
    w17 = _node("w17", _bulletin(_BULLETIN, who="Karin Holt", boats=31, **_WEEK_17))
    w18 = _node("w18", _bulletin(_BULLETIN, who="Pieter Mols", boats=27, **_WEEK_18), hours=168)
    default = PRESETS["default"]
    assert marks_conflict(w18.marks, w17.marks)
    assert sentences_inside(w18.marks, w17.marks, 4) == 0.8
    assert sentences_inside(w17.marks, w18.marks, 4) == 0.8
    assert match(w18, w17, default) is None and match(w17, w18, default) is None
    # A stream decides by the same guard: week 18 does not lose to week 17, whichever came first.
    p17, p18 = (
        Probe(n.doc_id, n.article_id, (h,), h, n.signature, marks=n.marks)
        for n, h in ((w17, 0.0), (w18, 168.0))
    )
    assert _pair_verdict("b:k", p18, p17, default) is None
    assert _pair_verdict("b:k", p17, p18, default) is None


def test_a_template_with_one_varying_sentence_in_eleven_stays_apart():
    """Ten fixed sentences and one with the week's figures: 10 of 11 (0.91) inside both ways;
    the slots are the only marks, so they conflict and the guard refuses either way round."""
    one_slot = (
        _BULLETIN[:7]
        + _BULLETIN[8:]
        + [
            "The pilot station keeps channel nine open day and night for every arriving ship.",
            "Tide tables for the coming month hang in the window of the harbour office.",
        ]
    )
    w17 = _node("w17", _bulletin(one_slot, **_WEEK_17))
    w18 = _node("w18", _bulletin(one_slot, **_WEEK_18), hours=168)
    assert sentences_inside(w18.marks, w17.marks, 4) == sentences_inside(w17.marks, w18.marks, 4)
    assert 0.9 < sentences_inside(w18.marks, w17.marks, 4) < 0.92
    assert marks_conflict(w18.marks, w17.marks)
    assert match(w18, w17, ON) is None and match(w17, w18, ON) is None


_FOOTER = (
    "Looking for a new job in the city? Our job board lists fresh openings every single day. "
    "Post your own opening there for free until the end of the month."
)


def test_a_short_post_is_not_contained_by_its_blog_footer():
    """Two short posts of one blog share its three-sentence footer with a longer post: three of
    a short post's four sentences, too few sentences to be evidence (``sentences_min``)."""
    short = "The council will vote on the ferry budget next Tuesday after a long delay. " + _FOOTER
    long = (
        "Our team set its goals for the coming year at a meeting on Monday afternoon. "
        "We want to ship the new version of the app for every platform by the spring. "
        "We also want to release a short film about how the app was built over the years. "
        "Interns will build a small product of their own during the summer months here. "
        "The conference in the autumn will be larger than the one we held last year. "
    ) + _FOOTER
    post, other = _node("post", short, hours=5.0), _node("long", long)
    assert sentences_inside(post.marks, other.marks, 1) == 0.75
    assert match(post, other, PRESETS["default"]) is None
    assert match(post, other, dataclasses.replace(PRESETS["default"], sentences_min=4))
