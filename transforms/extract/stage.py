"""Extract the article: main text and metadata from HTML (trafilatura) or from cleaned plain text."""

import dataclasses
import datetime as dt
import email.utils
import time
from typing import NamedTuple, Optional
from urllib.parse import urlsplit

import apache_beam as beam

from transforms.core.dead_letters import apply_stage
from transforms.core.record import Article, normalize_for_hash, stable_id
from transforms.core.shown_text import shown_text, shown_title
from transforms.core.stage_fn import StageFn
from transforms.core.words import count_words, non_prose_reason
from transforms.extract.author_site import people_and_site
from transforms.extract.authors import people_and_agencies
from transforms.extract.html import ExtractConfig, Extracted, extract_html
from transforms.extract.metadata import split_tags
from transforms.extract.text_clean import clean_plain_text
from transforms.read.feed_parse import feed_html_document
from transforms.read.items import language_hint

__all__ = [
    "ExtractArticles",
    "ExtractConfig",
    "apply_extracted",
    "feed_summary_document",
    "prefer_feed_text",
    "source_domain",
    "stated_date",
]

_EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.timezone.utc)


def _parse_stated(value: Optional[str]) -> Optional[dt.datetime]:
    """A timestamp string (ISO 8601, RFC 822, or free form) as an aware datetime in the offset it
    states (UTC when it states none), or None."""
    if not value:
        return None
    parsed = None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            try:
                from dateutil import parser as dateparser

                parsed = dateparser.parse(value)
            except (ValueError, OverflowError):
                return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.timezone.utc)


class StatedDate(NamedTuple):
    """A date the input states: the instant in UTC and the day where it was stated."""

    at: dt.datetime
    day: dt.date


def stated_date(
    value: Optional[str], *, run_date: Optional[dt.date] = None
) -> Optional[StatedDate]:
    """``value`` (ISO 8601, RFC 822, or free form) parsed once: the UTC instant and the day in
    the offset it states (a feed's 00:30+02:00 is on its own day, not on UTC's), or None.

    Dates after the end of ``run_date`` or before 1990 are treated as wrong and dropped.
    """
    parsed = _parse_stated(value)
    if parsed is None:
        return None
    at = parsed.astimezone(dt.timezone.utc)
    if at < _EARLIEST:
        return None
    end = dt.datetime.combine(run_date, dt.time.max, tzinfo=dt.timezone.utc) if run_date else None
    if end is not None and at > end:
        return None
    return StatedDate(at, parsed.date())


def source_domain(url: Optional[str]) -> Optional[str]:
    """The host of a URL without ``www.``, lower case."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


_PARSE = object()  # apply_extracted's ``stated`` when the caller has not parsed the date


def apply_extracted(
    article: Article,
    page: Extracted,
    *,
    run_date: Optional[dt.date],
    feed: bool = False,
    stated=_PARSE,
) -> Article:
    """Merge what extraction found with the input's own metadata.

    Precedence: metadata the input states (a JSON record's fields, a feed entry) wins over what
    the page says; the page fills the gaps. ``date_source`` says where ``published_at`` came from.
    ``stated``: ``stated_date`` of the input's date when the caller has it (else parsed here).
    """
    if stated is _PARSE:
        stated = stated_date(article.hint_published, run_date=run_date)
    if stated is not None:
        published, published_date = stated
        date_source = "feed" if feed else "input"
    else:
        published, date_source = page.published_at, page.date_source
        published_date = page.published_date or (published.date() if published else None)
    canonical = page.canonical_url or article.url
    text = shown_text(page.text) or ""
    title = shown_title(article.hint_title) or shown_title(page.title)
    stated = "feed" if feed else "input"
    # A feed's or record's authors get the page's rules: "jane@example.com (Jane Doe)", "Josh
    # Owens and Adam Stacoviak", "Reuters" are a person, two people and an agency.
    # The site is decided as for the page's own bylines (author_site): "janedoe.com" is the
    # site, "Jane Doe" on it a person.
    host = source_domain(canonical or article.url) or None
    people, agencies = people_and_agencies(article.hint_authors, host=host)
    people, site = people_and_site(people, page.site_name, host, stated=True)
    agencies = ([page.source_agency] if page.source_agency else []) + list(agencies + site)
    if canonical or article.url:
        article_id, id_source = stable_id("url", canonical or article.url), "canonical_url"
    else:
        article_id, id_source = stable_id("text", normalize_for_hash(text)), "text"
    return dataclasses.replace(
        article,
        content=None,
        feed_text=None,
        article_id=article_id,
        id_source=id_source,
        canonical_url=canonical,
        source_domain=source_domain(canonical or article.url),
        title=title,
        title_source=_title_source(article, page, stated) if title else "none",
        authors=people if article.hint_authors else tuple(page.authors),
        author_source=(stated if people else "none")
        if article.hint_authors
        else page.author_source,
        source_agency="; ".join(dict.fromkeys(agencies)) or None,
        published_at=published,
        published_date=published_date,
        modified_at=page.modified_at,
        date_source=date_source if published is not None else "none",
        site_name=page.site_name,
        description=article.hint_description or page.description,
        tags=split_tags(tuple(article.hint_tags) + tuple(page.tags)),
        image_url=page.image_url,
        text=text,
        word_count=count_words(text),
        hint_language=article.hint_language or language_hint(page.language),
    )


def _title_source(article: Article, page: Extracted, stated: str) -> str:
    return stated if shown_title(article.hint_title) else page.title_source


def feed_summary_document(article: Article) -> Article:
    """The entry's feed summary as an HTML document to extract (the page's stand-in)."""
    doc = feed_html_document(article.hint_title, article.feed_text or "", language=None)
    return dataclasses.replace(article, content=doc.decode("utf-8"), content_type="html")


def prefer_feed_text(page: Extracted, summary: Extracted) -> bool:
    """The feed's own summary replaces the fetched page when the page holds no article (a
    consent wall, a listing, a video page) or less text than the summary (a paywall teaser)."""
    if not (summary.text or "").strip():
        return False
    if not getattr(page, "is_article", True) or not (page.text or "").strip():
        return True
    return len(summary.text.split()) > len(page.text.split())


class _ExtractFn(StageFn):
    namespace = "extract"

    def __init__(self, config: ExtractConfig, run_date: Optional[dt.date]):
        self._config = config
        self._run_date = run_date

    def _extract(self, article: Article, *, date_search: bool) -> Extracted:
        if article.content_type == "html" or article.source_format == "html":
            return extract_html(
                article.content or "",
                url=article.url,
                run_date=self._run_date,
                config=self._config,
                date_search=date_search,
            )
        return clean_plain_text(article.content or "")

    def process(self, article: Article):
        self.seen()
        start = time.perf_counter()
        stated = stated_date(article.hint_published, run_date=self._run_date)
        # A date the input states wins (apply_extracted): htmldate's search of the text for one
        # (~4 ms of a feed entry's ~6 ms: docs/performance.md) would be unused.
        search = stated is None
        page = self._extract(article, date_search=search)
        if article.feed_text:
            summary = self._extract(feed_summary_document(article), date_search=search)
            if prefer_feed_text(page, summary):
                self.count("feed_text_instead")
                page = summary
                article = dataclasses.replace(article, text_source="feed_summary")
        self.measure("ms_per_doc", int((time.perf_counter() - start) * 1000))
        if not getattr(page, "is_article", True):
            reason, detail = "not_article", "no main text: navigation, listing or empty page"
        else:
            reason = "not_prose"
            detail = _NOT_PROSE.get(non_prose_reason(page.text))
        if detail is not None:
            title = shown_title(article.hint_title) or shown_title(page.title)
            words = count_words(page.text or "")
            yield self.reject(article, reason, detail, title=title, word_count=words)
            return
        feed = article.source_format == "feed"
        run_date = self._run_date
        yield self.kept(apply_extracted(article, page, run_date=run_date, feed=feed, stated=stated))


_NOT_PROSE = {
    "url_list": "one URL per line, no sentences: a list of links, not an article",
    "token_list": "one short token per line, no sentences: a list or data file, not an article",
}


class ExtractArticles(beam.PTransform):
    """Article with ``content`` to Article with ``text`` and metadata; ``content`` is dropped.

    A document that takes longer than ``timeout_s`` becomes an error row (TimeoutError) and the
    worker goes on to the next one.
    """

    def __init__(
        self,
        *,
        config: ExtractConfig = ExtractConfig(),
        run_date: Optional[dt.date] = None,
        timeout_s: Optional[float] = 30.0,
    ):
        super().__init__()
        self._config = config
        self._run_date = run_date
        self._timeout_s = timeout_s

    def expand(self, articles):
        fn = _ExtractFn(self._config, self._run_date)
        return apply_stage(articles, "Extract", fn, stage="extract", timeout=self._timeout_s)
