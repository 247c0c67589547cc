"""The narrative of a text that quotes (``quotes.narrative_of``): its words outside the quotes,
carried after the quotes in the marks bytes and compared like them (``verify._by_quotes``);
marks written before the narrative read back as quotes without one."""

import numpy as np

from transforms.dedup.config import DedupConfig
from transforms.dedup.quotes import (
    TRAILER,
    narrative_of,
    quotes_of,
    split_all,
    split_marks,
    with_quotes,
)
from transforms.dedup.verify import _by_quotes, marks_of, quotes_inside

_QUOTE = '"We will not raise the council tax again this year," Lima said.'
_STORY = (
    "The council of Brenford approved its budget for next year on Monday after a long debate. "
    f"{_QUOTE} The opposition voted against the plan and called it a missed chance. "
    '"Nobody in the town was asked about the new car park," said councillor Ada Finch.'
)


def test_the_narrative_is_the_text_outside_the_quotes():
    quoted = narrative_of('"We will not raise the council tax again this year," Lima said.')
    assert len(quoted) == 0  # two words outside the quote: no shingle
    plain = "The council of Brenford approved its budget for next year on Monday"
    # The same words around a quote or alone: the same shingles, none across the quote.
    assert np.array_equal(narrative_of(f"{plain} {_QUOTE}"), narrative_of(plain))
    assert len(narrative_of(plain)) == 8
    assert not set(narrative_of(_STORY)) & set(quotes_of(_STORY))


def test_narrative_reads_back_after_the_quotes():
    text = " ".join(f"word{i}" for i in range(30)) + f" Mayor Ana Lima said. {_STORY}"
    both = with_quotes(marks_of(text), text)
    marks, quotes, narrative = split_all(both)
    assert marks.tobytes() == marks_of(text)
    assert np.array_equal(quotes, quotes_of(text)) and np.array_equal(narrative, narrative_of(text))
    assert len(narrative) > 20
    assert [a.tobytes() for a in split_marks(both)] == [marks.tobytes(), quotes.tobytes()]
    # Marks written with the quotes but before the narrative: quotes, no narrative.
    tail = np.array([len(quotes), TRAILER], dtype="<u4").tobytes()
    older = marks.tobytes() + quotes.tobytes() + tail
    again = split_all(older)
    assert again[0].tobytes() == marks.tobytes() and np.array_equal(again[1], quotes)
    assert len(again[2]) == 0


def test_the_narrative_tells_a_rewrite_from_a_brief_that_only_quotes():
    rewrite = (
        "The council of Brenford approved its budget for next year on Monday. "
        f"{_QUOTE} The opposition voted against the plan."
    )
    brief = f"A short item from the town hall desk this evening about money. {_QUOTE}"
    story, r, b = (with_quotes(b"", t) for t in (_STORY, rewrite, brief))
    assert quotes_inside(r, story, 6) == quotes_inside(b, story, 6) == 1.0  # the quotes alike
    config = DedupConfig()
    assert _by_quotes(split_all(r), split_all(story), config)
    assert not _by_quotes(split_all(b), split_all(story), config)
    # the narrative is what tells them apart: not asked, the brief passes too
    unasked = DedupConfig(quotes_narrative=None)
    assert _by_quotes(split_all(b), split_all(story), unasked)
