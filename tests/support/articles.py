"""Synthetic articles for the dedup tests: random-word stories and edited (syndicated) copies."""

import datetime as dt
import random

from transforms.core.record import Article, normalize_for_hash, stable_id

_VOCAB = [
    f"{a}{b}"
    for a in ("ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "fa", "gu", "he")
    for b in ("ran", "tel", "mos", "dik", "vun", "zep", "bol", "kar", "nim", "sof")
]


def story(seed: int, words: int = 200) -> str:
    """A story of random words in sentences of 10 and paragraphs of 5 sentences."""
    rng = random.Random(seed)
    sentences = [" ".join(rng.choice(_VOCAB) for _ in range(10)) + "." for _ in range(words // 10)]
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def edit(text: str, seed: int, *, drop_paragraph: bool = True, typos: int = 3) -> str:
    """A syndicated copy: a dateline added, the last paragraph dropped, a few words changed."""
    rng = random.Random(seed)
    paragraphs = text.split("\n\n")
    if drop_paragraph and len(paragraphs) > 4:
        paragraphs = paragraphs[:-1]
    words = f"NEWTOWN (Wire) - {' '.join(paragraphs)}".split(" ")
    for _ in range(typos):
        i = rng.randrange(3, len(words))
        words[i] = words[i][::-1]
    return " ".join(words)


def article(
    doc: str,
    text: str,
    *,
    url=None,
    published=None,
    word_count=None,
    article_id=None,
) -> Article:
    when = (
        None
        if published is None
        else dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + (dt.timedelta(hours=published))
    )
    return Article(
        doc_id=doc,
        source_path=f"/in/{doc}.txt",
        source_ref=f"/in/{doc}.txt",
        source_format="txt",
        url=url,
        canonical_url=url,
        article_id=article_id or stable_id(url or normalize_for_hash(text)),
        title=f"title {doc}",
        language="en",
        text=text,
        word_count=len(text.split()) if word_count is None else word_count,
        published_at=when,
    )


# A short news article in three paragraphs (extraction tests of the boilerplate filter).
BUDGET_URL = "https://news.example.com/city/2026/12/budget"
BUDGET_PARAS = [
    "The city council approved next year's budget on Thursday after a debate that lasted well "
    "into the night, with the opposition voting against it.",
    "The budget sets aside money for three projects that residents asked for in the spring "
    "consultation, the finance officer told the council.",
    "Work on all three is to start before the summer, and the council will report on their "
    "progress at its meeting in September.",
]
