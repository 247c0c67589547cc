"""Feed entries as articles: the items of a fetched feed, the fetched page or the feed's own
text for each entry, and the rows of what failed. Pure functions, no Beam."""

import dataclasses
from typing import Optional

from transforms.core.dead_letters import (
    clip_message,
    clip_traceback,
    error_row,
    format_exception,
    rejected_row,
)
from transforms.core.record import Article, ErrorRow, RejectedRow, normalize_for_hash, stable_id
from transforms.read.feed_parse import explode_feed, feed_html_document, plain_text
from transforms.read.http_fetch import FetchResult, redact_url
from transforms.read.http_state import FeedState

__all__ = [
    "already_ingested",
    "as_listed",
    "entry_text_hash",
    "exception_row",
    "feed_items",
    "feed_text_article",
    "fetch_error",
    "fetched_article",
    "not_fetched",
]


def as_listed(url: str, result):
    """A failed fetch of a feed asked where it moved (301/308) as the answer of its listed
    ``url``, the URL its articles' ``feed_url`` and its state name (the one that failed is said
    in the message); any other answer (or exception) as it is."""
    if isinstance(result, Exception) or result.ok or result.url == redact_url(url):
        return result
    detail = f"{result.detail} (at {result.url}, where it moved)"
    return dataclasses.replace(result, url=redact_url(url), detail=detail)


def fetch_error(result: FetchResult, *, article: Optional[Article] = None) -> ErrorRow:
    if article is not None:
        row = error_row(article, stage="fetch", error_type=result.error, message=result.describe())
        return dataclasses.replace(row, url=result.url)
    return ErrorRow(
        doc_id=stable_id(result.url),
        stage="fetch",
        error_type=result.error,
        error_message=result.describe(),
        traceback="",
        url=result.url,
        source_path=result.url,
        source_ref=result.url,
        input_bytes=0,
    )


def exception_row(url: str, exc: Exception) -> ErrorRow:
    return ErrorRow(
        doc_id=stable_id(url),
        stage="read",
        error_type=type(exc).__name__,
        error_message=clip_message(str(exc)),
        traceback=clip_traceback(format_exception(exc)),
        url=url,
        source_path=url,
        source_ref=url,
        input_bytes=0,
    )


def feed_items(
    url: str, result: FetchResult, previous: Optional[FeedState], *, run_id: str, run_date: str
) -> tuple[list, FeedState]:
    """The items of one fetched feed and its new state. 304: no items; failure: one ErrorRow and
    the previous validators kept, so the next run still asks conditionally."""
    if result.ok and not result.not_modified:
        etag, modified = result.etag, result.last_modified
    else:
        etag = result.etag or (previous.etag if previous else None)
        modified = result.last_modified or (previous.last_modified if previous else None)
    # A feed moved for good stays moved until its new URL fails (the listed one is asked again).
    moved = result.moved_to or (previous.moved_to if previous and result.ok else None)
    state = FeedState(url, etag, modified, result.status, run_id, run_date, moved)
    if not result.ok:
        return [fetch_error(result)], state
    if result.not_modified:
        return [], state
    items = explode_feed(
        result.body or b"",
        source_path=url,
        feed_url=url,
        base_url=result.final_url,
        content_type=result.header("content-type") or "",
    )
    return items, state


def feed_text_article(article: Article, *, min_words: int = 0) -> Optional[Article]:
    """The entry with its feed summary as the document (``text_source`` feed_summary), or None
    when the feed gave no summary of at least ``min_words`` words (a one-line teaser cannot pass
    the article filters: the fetch error says more about it)."""
    summary = plain_text(article.feed_text)
    if not summary or len(summary.split()) < min_words:
        return None
    raw = feed_html_document(article.hint_title, article.feed_text, language=article.hint_language)
    return dataclasses.replace(
        article,
        raw=raw,
        content_type="html",
        encoding="text/html; charset=utf-8",
        text_source="feed_summary",
        feed_text=None,
    )


def fetched_article(article: Article, result: FetchResult, *, min_words: int = 0):
    """The Article with the fetched page as ``raw``; when the fetch failed, the Article with the
    feed's own summary instead (see :func:`feed_text_article`), or an ErrorRow saying why it has
    neither."""
    if not result.ok or result.not_modified:
        if result.ok:  # a 304 for a page we never asked conditionally: treat as an error
            result = dataclasses.replace(result, error="http_error", detail="HTTP 304")
        fallback = feed_text_article(article, min_words=min_words)
        return fallback or fetch_error(result, article=article)
    ctype = result.header("content-type") or ""
    is_text = ctype.split(";", 1)[0].strip().lower() == "text/plain"
    return dataclasses.replace(
        article,
        raw=result.body or b"",
        encoding=ctype or None,
        content_type="text" if is_text else "html",
    )


def not_fetched(article: Article) -> RejectedRow:
    return rejected_row(
        article,
        stage="fetch",
        reason="not_fetched",
        detail="fetch.pages is off and the feed gave less text than filter.min_words",
    )


def already_ingested(article: Article) -> RejectedRow:
    return rejected_row(
        article,
        stage="fetch",
        reason="already_ingested",
        detail=f"{'URL' if article.url else 'text'} written by an earlier run",
    )


def entry_text_hash(article: Article) -> Optional[str]:
    """The ``content_hash`` (``dedup.verdicts.content_hash``) of the text a feed entry carries in
    its own document (``feed_html_document``), or None when it carries none. Equal to the hash of
    the article written from it when extraction kept all of that text (plain paragraphs); when it
    did not, the entry is extracted and its copy found by dedup, as before."""
    if not article.raw or article.url:
        return None
    doc = article.raw.decode("utf-8", "replace")
    start, end = doc.find("<article>"), doc.rfind("</article>")
    text = plain_text(doc[start + len("<article>") : end]) if 0 <= start < end else None
    return stable_id(normalize_for_hash(text), length=40) if text else None
