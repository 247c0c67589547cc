"""Dedup knobs: one frozen dataclass and the named presets chosen by benchmarks/dedup.py."""

import dataclasses
from typing import Optional

__all__ = ["PRESETS", "DedupConfig"]


def _fraction(name: str, value, *, off: bool = False) -> None:
    """A share in (0, 1]; ``off``: null (the rule switched off) is allowed too."""
    if off and value is None:
        return
    if not 0.0 < value <= 1.0:
        raise ValueError(f"{name} must be in (0, 1]" + " or null (off)" * off)


@dataclasses.dataclass(frozen=True)
class DedupConfig:
    """MinHash-LSH parameters.

    ``bands * rows`` signature values are cut into ``bands`` band keys; two documents become
    candidates when one band key is equal (S-curve midpoint about ``(1 / bands) ** (1 / rows)``)
    and are merged only when their estimated Jaccard similarity is at least ``threshold``.

    ``max_bucket`` bounds the work and memory of one LSH bucket: a bucket with more members keeps
    only the ``max_bucket`` members with the smallest ``doc_id`` (a deterministic pseudo-random
    sample, the same on every runner); the others get no edge from that bucket and are counted as
    ``dedup/bucket_overflow``. Near-duplicates share many bands, so they are usually still found
    through another bucket. Exact and URL copies never depend on LSH.
    """

    shingle_size: int = 5  # words per shingle
    num_perm: int = 128  # signature length (uint32 values)
    bands: int = 32
    rows: int = 4
    threshold: float = 0.5  # minimum estimated Jaccard of a verified near-duplicate pair
    seed: int = 1
    max_bucket: int = 1000
    # A copy whose shingles are at least this share inside a longer document (a teaser, a heavy
    # edit) is a ``contained`` duplicate of it; None: off.
    contain_threshold: Optional[float] = 0.7
    contain_min_equal: int = 3  # equal signature positions a containment estimate needs
    # A heavy edit (sentences cut, a new lead or ending) keeps the quotes, names and figures of
    # its story: a copy whose containment estimate is at least this (below contain_threshold)
    # is ``contained`` too when at least ``marks_inside`` of its marks (numbers and names, at
    # least ``marks_min``) are in the other's. None: off (0.6 found more heavy
    # edits but merged short texts carrying one long sentence of a page: docs/dedup.md).
    contain_marked: Optional[float] = None
    marks_inside: float = 0.8
    marks_min: int = 10  # marks a copy needs for their share inside the other to be evidence
    marks_quotes: bool = False  # contain_marked also needs the copy's quotes in the other's
    # A rewrite around a story's quotes (new lead, narrative reworded) keeps about half of its
    # shingles inside the story, but its quotes word for word: a copy whose estimate is at least
    # this is ``contained`` when ``quotes_inside`` of its quoted 5-word shingles (at least
    # ``quotes_min``, ``quotes.quotes_of``) are quoted by the other too, and ``quotes_narrative``
    # of its words outside the quotes are the other's (docs/dedup.md). None: off.
    contain_quoted: Optional[float] = 0.4
    quotes_inside: float = 0.9
    quotes_min: int = 6
    # ... and at least this share of its narrative's shingles (the text outside the quotes,
    # ``quotes.narrative_of``) in the other's narrative: quotes shared with little else are two
    # outlets quoting one statement. None: not asked.
    quotes_narrative: Optional[float] = 0.3
    # A heavy edit (sentences cut and moved, a closing of its own) keeps most of its sentences
    # word for word: a copy whose estimate is at least this is ``contained`` when
    # ``sentences_inside`` of its sentences (at least ``sentences_min``) are the other's
    # (``evidence.sentences_inside``, docs/dedup.md). None: off.
    contain_sentences: Optional[float] = 0.5
    sentences_inside: float = 0.7
    # 6, not 4: a blog's 3-sentence footer is 3 of a 4-sentence post's sentences (two short
    # posts of one captured feed were "contained" in a third by it at 4 and 5).
    sentences_min: int = 6
    # With contain_sentences on: a copy with at least this share of its sentences the other's
    # word for word, and the other with less of its sentences the copy's, is not refused by the
    # template guard (``verify.template_conflict``: a heavy edit's own closing brings names and
    # figures, and it is inside its story one way; a template's fillings change most of their
    # sentences, or share their boilerplate both ways). None: the guard always applies.
    guard_sentences: Optional[float] = 0.8
    # A desk's rewrite rewords the narrative (its shingles and sentences are not the story's)
    # but keeps its words: a copy measuring at least ``contain_words`` (at least ``words_quoted``
    # when ``quotes_inside`` of its quotes are the other's) with ``sentences_min`` sentences is
    # ``contained`` when ``words_inside`` of its narrative's words of 4+ characters (at least
    # ``words_min``, ``quotes.words_of``) are words of the other's narrative
    # (``evidence.words_inside``, docs/dedup.md "Reworded edits by their words"). None: off,
    # and the fingerprints carry no words (up to 520 bytes a node when on). A text whose words
    # repeat like a table's carries none (``quotes.MIN_NEW_WORDS``: results, listings and
    # digests of a small vocabulary share all their words). ``words_quoted`` found no edit the
    # quote rule had not, on either split: off.
    contain_words: Optional[float] = 0.5
    words_quoted: Optional[float] = None
    words_inside: float = 0.8
    words_min: int = 20
    # Extra LSH keys (one signature position each) that find short copies of long documents,
    # which share too few positions for a band of ``rows``; 0: only bands.
    contain_keys: int = 32
    template_guard: bool = True  # numbers / names substituted between two texts: no match
    # With the template guard: two texts that are mostly one frame's repeated skeleton (a police
    # blotter) and carry a sample of their once-shingles
    # (``skeleton.skeleton_of``) are no copies when those are below ``threshold`` alike and
    # below this share inside one another either way (a copy keeps them: ~1). None: off, and the
    # fingerprints carry no sample (up to 520 bytes a node for such texts only).
    skeleton_contain: Optional[float] = 0.65
    # The lead: a second, short signature (``lead_perm`` values) of the first ``lead_words``
    # words. A teaser of a long story is its opening: inside the story's lead it is most of the
    # lead, where inside the whole story it is too small a part for the signature to measure.
    lead_words: int = 150
    lead_perm: int = 32  # 0: no lead
    lead_min_equal: int = 4  # equal lead positions a containment estimate on the leads needs
    lead_keys: int = 16  # LSH keys (one lead position each) that make a teaser a candidate
    # Two documents of one canonical URL with no feed entry ids to compare are one article
    # unless their estimated Jaccard is below this and neither is contained in the other
    # (``clusters.same_url_story``); 0: one URL is always one article.
    url_min_similarity: float = 0.2

    def __post_init__(self):
        if self.shingle_size < 1 or self.bands < 1 or self.rows < 1:
            raise ValueError("shingle_size, bands and rows must be positive")
        if self.bands * self.rows > self.num_perm:
            raise ValueError(
                f"bands * rows ({self.bands * self.rows}) > num_perm ({self.num_perm})"
            )
        for name in (
            "threshold",
            "marks_inside",
            "quotes_inside",
            "sentences_inside",
            "words_inside",
        ):
            _fraction(name, getattr(self, name))
        for name in (
            "contain_threshold",
            "contain_marked",
            "contain_quoted",
            "contain_sentences",
            "quotes_narrative",
            "guard_sentences",
            "contain_words",
            "words_quoted",
            "skeleton_contain",
        ):
            _fraction(name, getattr(self, name), off=True)
        if not 0.0 <= self.url_min_similarity <= 1.0:
            raise ValueError("url_min_similarity must be in [0, 1]")
        if self.max_bucket < 2:
            raise ValueError("max_bucket must be at least 2")
        if self.marks_min < 1:
            raise ValueError("marks_min must be at least 1")
        if self.quotes_min < 1 or self.sentences_min < 1 or self.words_min < 1:
            raise ValueError("quotes_min, sentences_min and words_min must be at least 1")
        if not 1 <= self.contain_min_equal <= self.num_perm:
            raise ValueError("contain_min_equal must be in [1, num_perm]")
        if not 0 <= self.contain_keys <= self.num_perm:
            raise ValueError("contain_keys must be in [0, num_perm]")
        if not 0 <= self.lead_perm <= self.num_perm:
            raise ValueError(
                f"lead_perm ({self.lead_perm}) must be from 0 (no lead) to num_perm "
                f"({self.num_perm}): lower lead_perm"
            )
        if self.lead_words < 1:
            raise ValueError("lead_words must be at least 1")
        # Without a lead (lead_perm 0) there are no lead keys, whatever lead_keys says.
        if self.lead_perm and not 0 <= self.lead_keys <= self.lead_perm:
            raise ValueError(
                f"lead_keys ({self.lead_keys}) must be from 0 to lead_perm ({self.lead_perm}): "
                "lower lead_keys or raise lead_perm"
            )
        if self.lead_perm and not 1 <= self.lead_min_equal <= self.lead_perm:
            raise ValueError(
                f"lead_min_equal ({self.lead_min_equal}) must be from 1 to lead_perm "
                f"({self.lead_perm}): lower lead_min_equal or raise lead_perm"
            )

    @classmethod
    def preset(cls, name: str) -> "DedupConfig":
        """One of ``PRESETS``: ``strict``, ``default`` or ``wire``."""
        try:
            return PRESETS[name]
        except KeyError:
            raise ValueError(f"unknown dedup preset {name!r}; known: {sorted(PRESETS)}") from None


# Chosen with benchmarks/dedup.py (docs/dedup.md has the figures per preset): default finds
# copies that keep most of the body without merging different articles on one event; strict
# misses heavier edits; wire also finds half-trimmed copies and accepts a rare false merge.
# strict and wire do without the evidence rules (quotes, sentences, words) of the default preset.
_NO_EVIDENCE = {"contain_quoted": None, "contain_sentences": None, "contain_words": None}
PRESETS = {
    # Only copies that are nearly word for word the same.
    "strict": DedupConfig(shingle_size=5, bands=16, rows=8, threshold=0.8, **_NO_EVIDENCE),
    # Syndicated copies with a changed headline, dateline, byline, a paragraph more or less.
    "default": DedupConfig(),
    # Wire copy edited harder by each outlet: lower threshold, more bands.
    "wire": DedupConfig(shingle_size=4, bands=42, rows=3, threshold=0.35, **_NO_EVIDENCE),
}
