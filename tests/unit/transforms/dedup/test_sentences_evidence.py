"""Heavy edits by their sentences (``contain_sentences``, ``evidence.sentences_inside``) and the
words a Markdown text is shingled by (``minhash.shingle_words``)."""

import dataclasses

from tests.support.articles import article
from transforms.dedup import PRESETS, fingerprint, to_node
from transforms.dedup.clusters import match
from transforms.dedup.minhash import shingles
from transforms.dedup.quotes import sentences_of
from transforms.dedup.verify import sentences_inside

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


ON = dataclasses.replace(PRESETS["default"], contain_sentences=0.5)


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
    assert match(edit, story, PRESETS["default"]) is None  # the estimate alone is too low


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
