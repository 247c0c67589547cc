"""The cross-run dedup index: one entry per written article, kept under ``<output>/_state/dedup/``."""

import dataclasses
import datetime as dt
from typing import Optional

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.core.record import Article
from transforms.dedup.clusters import Node

__all__ = [
    "INDEX_SCHEMA",
    "IndexEntry",
    "entry_to_node",
    "index_entries_table",
    "index_row",
    "index_entry",
    "read_index_entries",
    "select_prior",
]

DEFAULT_LOOKBACK_DAYS = 30

INDEX_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("canonical_url", pa.string()),
        pa.field("signature", pa.binary()),  # little-endian uint32 MinHash values
        pa.field("published_at", pa.timestamp("us", tz="UTC")),
        pa.field("run_date", pa.date32(), nullable=False),
        pa.field("marks", pa.binary()),  # verify.marks_of: numbers and names (template guard)
        pa.field("lead", pa.binary()),  # minhash.lead_signature: the opening words (teasers)
        pa.field("entry_id", pa.string()),  # a feed entry's guid: one entry, one article
    ]
)


@dataclasses.dataclass(frozen=True)
class IndexEntry:
    """What a later run needs to recognise an article this run wrote."""

    article_id: str
    content_hash: str
    canonical_url: Optional[str]
    signature: bytes
    published_at: Optional[dt.datetime]
    run_date: dt.date
    marks: Optional[bytes] = b""
    lead: Optional[bytes] = b""
    entry_id: Optional[str] = None


def index_entry(article: Article, *, run_date: dt.date) -> IndexEntry:
    """The index entry of a written (canonical) article; it must have been through dedup."""
    if article.content_hash is None or article.signature is None:
        raise ValueError(f"article {article.doc_id} has no content_hash/signature: not deduped")
    return IndexEntry(
        article_id=article.article_id,
        content_hash=article.content_hash,
        canonical_url=article.canonical_url,
        signature=article.signature,
        published_at=article.published_at,
        run_date=run_date,
        marks=article.marks or b"",
        lead=article.lead or b"",
        entry_id=article.entry_id,
    )


def select_prior(entries, *, run_date: dt.date, lookback_days: int = DEFAULT_LOOKBACK_DAYS):
    """Entries of earlier run dates within the lookback. A rerun of ``run_date`` never sees its
    own entries, and a backfill of an older date never sees later runs."""
    first = run_date - dt.timedelta(days=lookback_days)
    return [e for e in entries if first <= e.run_date < run_date]


def entry_to_node(entry: IndexEntry, num_perm: Optional[int] = None) -> Node:
    """A prior-run node for the dedup graph. A signature of another length (the index was
    written with another ``num_perm``) is left out: URL and exact matches still work."""
    signature = entry.signature or b""
    if num_perm is not None and len(signature) != 4 * num_perm:
        signature = b""
    lead = (entry.lead or b"") if signature else b""
    return Node(
        doc_id=f"prior:{entry.run_date.isoformat()}:{entry.article_id}",
        article_id=entry.article_id,
        published_at=entry.published_at,
        word_count=0,
        canonical_url=entry.canonical_url,
        content_hash=entry.content_hash,
        signature=signature,
        prior=True,
        marks=entry.marks or b"",
        lead=lead,
        entry_id=entry.entry_id,
    )


def index_row(entry: IndexEntry) -> dict:
    """One entry as a row of ``INDEX_SCHEMA`` (``published_at`` in UTC)."""
    row = {f.name: getattr(entry, f.name) for f in INDEX_SCHEMA}
    if row["published_at"] is not None:
        row["published_at"] = row["published_at"].astimezone(dt.timezone.utc)
    return row


def index_entries_table(entries) -> pa.Table:
    """A pyarrow table in ``INDEX_SCHEMA``, rows sorted by (run_date, article_id)."""
    rows = sorted(entries, key=lambda e: (e.run_date, e.article_id))
    return pa.Table.from_pylist([index_row(e) for e in rows], schema=INDEX_SCHEMA)


def read_index_entries(paths) -> list:
    """Every entry of the given Parquet files (columns beyond the schema are ignored; files
    written before the ``marks``, ``lead`` or ``entry_id`` column read as entries without them)."""
    out = []
    for path in paths:
        names = set(pq.read_schema(path).names)
        fields = [f for f in INDEX_SCHEMA if f.name in names]
        table = pq.read_table(path, columns=[f.name for f in fields])
        for row in table.cast(pa.schema(fields)).to_pylist():
            out.append(IndexEntry(**row))
    return out
