"""The records that flow through newsbeam: one Article per input item, and the side-table rows."""

import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from typing import NamedTuple, Optional

__all__ = [
    "Article",
    "DuplicateRow",
    "ErrorRow",
    "RejectedRow",
    "TopicScore",
    "normalize_for_hash",
    "normalized_words",
    "printable_message",
    "stable_id",
    "valid_text",
]


class TopicScore(NamedTuple):
    """One topic assigned to an article: taxonomy code, its label and a score in [0, 1]."""

    code: str
    label: str
    score: float


@dataclasses.dataclass(frozen=True)
class Article:
    """One input item on its way through the per-article stages.

    Stages return a new Article with ``dataclasses.replace``; nothing mutates one. The raw bytes
    (``raw``) are dropped by the decode stage and the decoded page (``content``) by the extract
    stage, so neither is ever shuffled.
    """

    # Identity and provenance: set by the reader.
    doc_id: str  # unique per input item: hash of source_ref
    source_path: str  # the file (or URL) the item came from
    source_ref: str  # source_path plus the record's position inside it (line, WARC offset, entry)
    source_format: str  # txt | html | jsonl | warc | feed
    raw: Optional[bytes] = None
    # Hints given by the input itself (a JSON record, a feed entry, a WARC header).
    url: Optional[str] = None
    feed_url: Optional[str] = None
    hint_title: Optional[str] = None
    hint_published: Optional[str] = None
    hint_language: Optional[str] = None
    hint_authors: tuple = ()
    hint_tags: tuple = ()
    hint_description: Optional[str] = None
    entry_id: Optional[str] = None  # a feed entry's guid / id (dedup: one entry, one article)
    # Where the text comes from: page (a fetched link) | feed_content | feed_summary | file.
    text_source: str = "file"
    # A feed entry's own summary (HTML) while its page is fetched: the text to use when the
    # fetch fails or the page is not an article. Dropped by the extract stage.
    feed_text: Optional[str] = None
    # Decode.
    content: Optional[str] = None  # decoded page or text; dropped after extraction
    content_type: Optional[str] = None  # html | text
    encoding: Optional[str] = None
    # Extract.
    article_id: Optional[str] = None
    # What article_id hashes: canonical_url | text (no URL); dedup sets url | entry_id | text
    # when another story holds the canonical URL (``clusters.identity``).
    id_source: Optional[str] = None
    canonical_url: Optional[str] = None
    source_domain: Optional[str] = None
    title: Optional[str] = None
    authors: tuple = ()
    published_at: Optional[dt.datetime] = None
    published_date: Optional[dt.date] = None  # the day of published_at where it was published
    modified_at: Optional[dt.datetime] = None
    date_source: str = "none"  # json-ld | meta | url | feed | input | text | none
    site_name: Optional[str] = None
    description: Optional[str] = None
    tags: tuple = ()
    image_url: Optional[str] = None
    text: Optional[str] = None
    word_count: int = 0
    # Language.
    language: Optional[str] = None
    language_score: Optional[float] = None
    # Fingerprint and dedup.
    content_hash: Optional[str] = None
    signature: Optional[bytes] = None  # MinHash signature, packed little-endian uint32
    marks: Optional[bytes] = None  # hashes of its numbers and names (dedup's template guard)
    lead: Optional[bytes] = None  # MinHash of its opening words (dedup: teasers of long stories)
    cluster_id: Optional[str] = None
    duplicate_count: int = 0
    # Topics.
    topics: tuple = ()  # tuple[TopicScore, ...], best first
    topic: Optional[str] = None
    topic_label: Optional[str] = None
    taxonomy_version: Optional[str] = None
    # The classifier: lexicon-<taxonomy version> or nb-<hash of the trained model>.
    topic_model: Optional[str] = None
    # Metadata provenance (like date_source) and agencies kept apart from the authors.
    title_source: str = "none"  # input | feed | json-ld | meta | title | heading | none
    author_source: str = "none"  # input | feed | json-ld | meta | byline | text | none
    source_agency: Optional[str] = None  # "AP", "Reuters; AFP": agencies credited as authors


@dataclasses.dataclass(frozen=True)
class DuplicateRow:
    """A copy that lost to a canonical article."""

    article_id: str
    doc_id: str
    duplicate_of: str  # article_id of the canonical copy
    match: str  # url | exact | near | prior_run
    similarity: float
    cluster_id: str
    url: Optional[str]
    canonical_url: Optional[str]
    title: Optional[str]
    language: Optional[str]
    published_at: Optional[dt.datetime]
    word_count: int
    source_path: str
    source_ref: str


@dataclasses.dataclass(frozen=True)
class RejectedRow:
    """An expected drop, with the stage and the reason."""

    doc_id: str
    stage: str
    reason: str
    detail: str
    url: Optional[str]
    title: Optional[str]
    language: Optional[str]
    word_count: int
    source_path: str
    source_ref: str


@dataclasses.dataclass(frozen=True)
class ErrorRow:
    """A dead letter: what failed, where, and enough to replay it."""

    doc_id: str
    stage: str
    error_type: str
    error_message: str
    traceback: str
    url: Optional[str]
    source_path: str
    source_ref: str
    input_bytes: int

    def __post_init__(self):
        # Every error row is built here, whatever raised: a parser's message may quote the
        # input's bytes (warcio's "Invalid WARC record, first line: \x1f\x8b...").
        object.__setattr__(self, "error_message", printable_message(self.error_message))


MAX_ERROR_MESSAGE = 2000
_LINE_BREAKS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _shown(char: str) -> str:
    if char in _LINE_BREAKS or unicodedata.category(char) == "Zs":
        return " "
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def printable_message(message, limit: int = MAX_ERROR_MESSAGE) -> str:
    """An error message as one line of printable text, at most ``limit`` characters: a control
    or format character (NUL, ESC, a bidi override, a lone surrogate) is shown escaped
    (``\\x1b``), a line break as a space; a terminal or a log line shows it as it is."""
    text = str(message if message is not None else "")[: limit * 2]
    if not text.isprintable():
        text = "".join(c if c.isprintable() else _shown(c) for c in text)
    return text[:limit]


_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
# ``_NON_WORD.sub`` after NFKC and casefold, for ASCII text in one ``str.translate`` (2x faster,
# and dedup calls it on every sentence of every text): NFKC leaves ASCII as it is, casefold is
# lower, and each of the 128 characters is mapped as the regex maps it (tested on all of them).
_ASCII_WORDS = str.maketrans({i: _NON_WORD.sub(" ", chr(i).casefold()) for i in range(128)})


def normalized_words(text: str) -> list:
    """The words of ``normalize_for_hash(text)``. ``str.split()`` splits on the characters
    ``str.isspace()`` accepts, the same set the regex class for white space matches."""
    if text and text.isascii():
        return text.translate(_ASCII_WORDS).split()
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text or "").casefold()).split()


def normalize_for_hash(text: str) -> str:
    """Text reduced to what makes two copies the same story: NFKC, casefold, no punctuation,
    single spaces."""
    return " ".join(normalized_words(text))


def stable_id(*parts: str, length: int = 16) -> str:
    """A short, stable hex id: the first ``length`` hex digits of SHA-1 over the parts."""
    # surrogatepass: a file name that is not UTF-8 reaches here with surrogate escapes.
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:length]


def valid_text(text: str) -> str:
    """``text`` as valid UTF-8: lone surrogates (a JSON ``"\\ud800"``, an undecodable file name's
    escapes) become U+FFFD, which Parquet and every reader accept."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
