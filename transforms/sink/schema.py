"""The Parquet schema of every table, written down once. Columns are only ever added, at the end."""

import dataclasses
import datetime as dt
from typing import NamedTuple

import pyarrow as pa

from transforms.core.record import Article, DuplicateRow, ErrorRow, RejectedRow

__all__ = ["SCHEMAS", "SCHEMA_VERSION", "TABLES", "RunInfo", "file_schema", "to_row"]

SCHEMA_VERSION = 1
TABLES = ("articles", "duplicates", "rejected", "errors")

TS = pa.timestamp("us", tz="UTC")
TOPIC = pa.struct([("code", pa.string()), ("label", pa.string()), ("score", pa.float64())])

_RUN_COLUMNS = [
    ("ingested_at", TS),
    ("run_id", pa.string()),
    ("schema_version", pa.int32()),
    ("ingest_date", pa.date32()),
]

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("source_domain", pa.string()),
        ("feed_url", pa.string()),
        ("title", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("published_at", TS),
        ("published_date", pa.date32()),
        ("modified_at", TS),
        ("date_source", pa.string()),
        ("language", pa.string()),
        ("language_score", pa.float64()),
        ("text", pa.string()),
        ("word_count", pa.int32()),
        ("description", pa.string()),
        ("site_name", pa.string()),
        ("tags", pa.list_(pa.string())),
        ("image_url", pa.string()),
        ("topics", pa.list_(TOPIC)),
        ("topic", pa.string()),
        ("topic_label", pa.string()),
        ("taxonomy_version", pa.string()),
        ("topic_model", pa.string()),
        ("content_hash", pa.string()),
        ("cluster_id", pa.string()),
        ("duplicate_count", pa.int32()),
        ("doc_id", pa.string()),
        ("source_path", pa.string()),
        ("source_ref", pa.string()),
        *_RUN_COLUMNS,
        ("title_source", pa.string()),
        ("author_source", pa.string()),
        ("source_agency", pa.string()),
        ("text_source", pa.string()),  # page | feed_content | feed_summary | file
        ("id_source", pa.string()),  # what article_id hashes: canonical_url | url | entry_id | text
    ]
)

DUPLICATES = pa.schema(
    [
        ("article_id", pa.string()),
        ("duplicate_of", pa.string()),
        ("match", pa.string()),
        ("similarity", pa.float64()),
        ("cluster_id", pa.string()),
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("title", pa.string()),
        ("language", pa.string()),
        ("published_at", TS),
        ("word_count", pa.int32()),
        ("doc_id", pa.string()),
        ("source_path", pa.string()),
        ("source_ref", pa.string()),
        *_RUN_COLUMNS,
    ]
)

REJECTED = pa.schema(
    [
        ("doc_id", pa.string()),
        ("stage", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("language", pa.string()),
        ("word_count", pa.int32()),
        ("source_path", pa.string()),
        ("source_ref", pa.string()),
        *_RUN_COLUMNS,
    ]
)

ERRORS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("stage", pa.string()),
        ("error_type", pa.string()),
        ("error_message", pa.string()),
        ("traceback", pa.string()),
        ("url", pa.string()),
        ("source_path", pa.string()),
        ("source_ref", pa.string()),
        ("input_bytes", pa.int64()),
        *_RUN_COLUMNS,
    ]
)

SCHEMAS = {"articles": ARTICLES, "duplicates": DUPLICATES, "rejected": REJECTED, "errors": ERRORS}
_TYPES = {
    Article: "articles",
    DuplicateRow: "duplicates",
    RejectedRow: "rejected",
    ErrorRow: "errors",
}


class RunInfo(NamedTuple):
    """What every row of one run shares."""

    run_id: str
    run_date: dt.date

    @property
    def ingested_at(self) -> dt.datetime:
        """The run's logical time (its run date, 00:00 UTC): the same on every rerun."""
        return dt.datetime.combine(self.run_date, dt.time.min, tzinfo=dt.timezone.utc)


def file_schema(table: str, partition_by: tuple) -> pa.Schema:
    """The schema inside the files: partition columns live in the directory names only."""
    schema = SCHEMAS[table]
    return pa.schema([f for f in schema if f.name not in partition_by])


def to_row(record, run: RunInfo) -> dict:
    """A record as a dict with exactly its table's columns."""
    table = _TYPES[type(record)]
    values = dataclasses.asdict(record) if table != "articles" else _article_values(record)
    values.update(
        ingested_at=run.ingested_at,
        run_id=run.run_id,
        schema_version=SCHEMA_VERSION,
        ingest_date=run.run_date,
    )
    return {f.name: values.get(f.name) for f in SCHEMAS[table]}


def _article_values(article: Article) -> dict:
    values = {f.name: getattr(article, f.name) for f in dataclasses.fields(article)}
    values["authors"] = list(article.authors)
    values["tags"] = list(article.tags)
    values["topics"] = [
        {"code": t.code, "label": t.label, "score": float(t.score)} for t in article.topics
    ]
    return values


def table_of(record) -> str:
    return _TYPES[type(record)]
