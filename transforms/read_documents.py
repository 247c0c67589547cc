"""Read input files (txt, html, JSON lines, WARC, feeds; optionally gzip) into one Article per item."""

import io
import json
import posixpath
import zlib
from collections.abc import Iterable
from typing import Optional, Union

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.metrics import Metrics

from transforms.dead_letters import apply_stage, error_row, rejected_row
from transforms.record import Article, ErrorRow, RejectedRow, stable_id

__all__ = ["ReadDocuments", "explode_file", "sniff_format"]

Item = Union[Article, RejectedRow, ErrorRow]

_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
}
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_GZIP_LAYERS = 3
_TEXT_KEYS = ("html", "raw_html", "content_html", "content", "text", "body")


def _strip_gz(path: str) -> str:
    return path[:-3] if path.lower().endswith(".gz") else path


def sniff_format(path: str, data: bytes) -> str:
    """txt | html | jsonl | json | warc | feed, from the extension, else from the first bytes."""
    ext = posixpath.splitext(_strip_gz(path).lower())[1]
    fmt = _EXTENSIONS.get(ext)
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if fmt == "json" and b"jsonfeed.org" in head:
        return "feed"
    if fmt in (None, "feed") and head.startswith(b"<"):
        if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")):
            return "feed"
        if fmt is None:
            return "html"
    if fmt is None and head.startswith(b"warc/"):
        return "warc"
    if fmt is None and head.startswith(b"{"):
        return "jsonl"
    return fmt or "txt"


def gunzip_all(data: bytes, *, max_bytes: int) -> bytes:
    """Undo gzip (also gzip inside gzip) up to ``max_bytes`` of output; raise on truncation."""
    for _ in range(_MAX_GZIP_LAYERS):
        if not data.startswith(_GZIP_MAGIC):
            return data
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(data, max_bytes + 1)
        if len(out) > max_bytes:
            raise OverflowError(f"decompressed size exceeds the {max_bytes}-byte cap")
        if not inflater.eof:
            raise EOFError("truncated gzip stream (compressed file ended before its end marker)")
        data = out
    return data


def _article(path: str, ref: str, fmt: str, **fields) -> Article:
    return Article(
        doc_id=stable_id(ref), source_path=path, source_ref=ref, source_format=fmt, **fields
    )


def _json_record(path: str, ref: str, record) -> Item:
    if not isinstance(record, dict):
        raise ValueError(f"a JSON record must be an object, got {type(record).__name__}")
    body_key = next((k for k in _TEXT_KEYS if isinstance(record.get(k), str)), None)
    if body_key is None:
        raise ValueError(f"the JSON record has none of the fields {', '.join(_TEXT_KEYS)}")
    body = record[body_key]
    is_html = body_key in ("html", "raw_html", "content_html") or body.lstrip()[:1] == "<"
    authors = record.get("authors") or record.get("author") or ()
    tags = record.get("tags") or record.get("categories") or ()
    return _article(
        path,
        ref,
        "jsonl",
        url=_str(record.get("url") or record.get("link")),
        content=body,
        content_type="html" if is_html else "text",
        encoding="utf-8",
        hint_title=_str(record.get("title")),
        hint_published=_str(
            record.get("published") or record.get("published_at") or record.get("date")
        ),
        hint_language=_str(record.get("language") or record.get("lang")),
        hint_authors=tuple(str(a) for a in ([authors] if isinstance(authors, str) else authors)),
        hint_tags=tuple(str(t) for t in ([tags] if isinstance(tags, str) else tags)),
        hint_description=_str(record.get("description") or record.get("summary")),
    )


def _str(value) -> Optional[str]:
    return str(value).strip() or None if value is not None else None


def _explode_jsonl(path: str, data: bytes) -> Iterable[Item]:
    text = data.decode("utf-8-sig")  # JSON is UTF-8 by definition; a decode error fails the file
    stripped = text.lstrip()
    if stripped.startswith("["):  # one JSON array of records
        for i, record in enumerate(json.loads(text)):
            ref = f"{path}#{i}"
            yield _safe_record(path, ref, lambda r=record, ref=ref: _json_record(path, ref, r))
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        ref = f"{path}#L{n}"
        yield _safe_record(
            path, ref, lambda ln=line, ref=ref: _json_record(path, ref, json.loads(ln))
        )


def _safe_record(path: str, ref: str, make) -> Item:
    """One bad record becomes an ErrorRow for that record; the file's other records go on."""
    try:
        return make()
    except (ValueError, TypeError) as exc:
        placeholder = _article(path, ref, "jsonl")
        return error_row(placeholder, stage="read", error_type=type(exc).__name__, message=str(exc))


def _explode_warc(path: str, data: bytes) -> Iterable[Item]:
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(io.BytesIO(data)):
        if record.rec_type not in ("response", "resource"):
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        ref = f"{path}#{record.rec_headers.get_header('WARC-Record-ID') or url}"
        ctype = ""
        if record.http_headers is not None:
            ctype = record.http_headers.get_header("Content-Type") or ""
        payload = record.content_stream().read()
        article = _article(path, ref, "warc", url=url, raw=payload, encoding=ctype or None)
        if ctype and "html" not in ctype.lower() and "text" not in ctype.lower():
            yield _rejected(article, "not_html", f"WARC record of type {ctype}")
            continue
        yield article


def _rejected(article: Article, reason: str, detail: str) -> RejectedRow:
    return rejected_row(article, stage="read", reason=reason, detail=detail)


def explode_file(path: str, data: bytes, *, max_bytes: int) -> list[Item]:
    """All the items in one file: Articles, plus RejectedRows/ErrorRows for what can't go on."""
    fmt = sniff_format(path, data)
    if fmt == "warc" or path.lower().endswith(".warc.gz"):
        return list(_explode_warc(path, data))  # warcio reads gzip members itself
    data = gunzip_all(data, max_bytes=max_bytes)
    fmt = sniff_format(path, data)
    if fmt in ("jsonl", "json"):
        return list(_explode_jsonl(path, data))
    if fmt == "feed":
        from transforms.parse_feeds import explode_feed

        return list(explode_feed(data, source_path=path))
    return [_article(path, path, fmt, raw=data)]


class _ReadFileFn(beam.DoFn):
    def __init__(self, max_bytes: int):
        self._max_bytes = max_bytes
        self._files = Metrics.counter("read", "files")
        self._seen = Metrics.counter("read", "seen")
        self._too_large = Metrics.counter("read", "dropped_too_large")

    def process(self, readable: fileio.ReadableFile):
        self._files.inc()
        path = readable.metadata.path
        size = readable.metadata.size_in_bytes
        if size > self._max_bytes:
            self._seen.inc()
            self._too_large.inc()
            placeholder = _article(path, path, sniff_format(path, b""))
            yield beam.pvalue.TaggedOutput(
                "rejected",
                _rejected(placeholder, "too_large", f"{size} bytes > max_bytes {self._max_bytes}"),
            )
            return
        with readable.open(compression_type=fileio.CompressionTypes.UNCOMPRESSED) as handle:
            data = handle.read()
        for item in explode_file(path, data, max_bytes=self._max_bytes):
            self._seen.inc()
            if isinstance(item, Article):
                yield item
            else:
                yield beam.pvalue.TaggedOutput(
                    "rejected" if isinstance(item, RejectedRow) else "errors", item
                )


class ReadDocuments(beam.PTransform):
    """File patterns (any Beam filesystem) to StageOutputs(main=Article, rejected, errors)."""

    def __init__(self, *, patterns: list[str], max_bytes: int):
        super().__init__()
        self._patterns = list(patterns)
        self._max_bytes = max_bytes

    def expand(self, pbegin):
        files = (
            pbegin
            | "Patterns" >> beam.Create(self._patterns)
            | "Match" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
            | "Spread" >> beam.Reshuffle()
            | "Open" >> fileio.ReadMatches(skip_directories=True)
        )
        return apply_stage(files, "ReadFile", _ReadFileFn(self._max_bytes), stage="read")
