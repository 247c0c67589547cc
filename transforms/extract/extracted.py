"""What extraction found in one document: main text plus page metadata."""

import dataclasses
import datetime as dt
from typing import Optional

__all__ = ["Extracted"]


@dataclasses.dataclass(frozen=True)
class Extracted:
    """The result of ``extract_html`` or ``clean_plain_text``.

    ``published_at`` and ``modified_at`` are timezone-aware UTC. ``date_source`` says where
    ``published_at`` came from: json-ld | meta | url | text | none; ``title_source`` and
    ``author_source`` say the same of ``title`` and ``authors`` ("text": found in the page's text
    or by trafilatura's heuristics, "byline": the page's byline element). ``published_date`` is the
    calendar day of publication in the publisher's time zone (the day the page shows), which for
    a UTC stamp near midnight differs from ``published_at.date()``. ``is_article`` is False for
    pages without main text (navigation, listings, empty pages).
    """

    text: str = ""
    title: Optional[str] = None
    title_source: str = "none"  # json-ld | meta | title | heading | none
    authors: tuple = ()
    author_source: str = "none"  # json-ld | meta | byline | text | none
    source_agency: Optional[str] = None  # agencies credited in the byline: "AP; Reuters"
    published_at: Optional[dt.datetime] = None
    published_date: Optional[dt.date] = None  # the day of published_at where it was published
    modified_at: Optional[dt.datetime] = None
    date_source: str = "none"
    canonical_url: Optional[str] = None
    site_name: Optional[str] = None
    description: Optional[str] = None
    tags: tuple = ()
    image_url: Optional[str] = None
    is_article: bool = True
    language: Optional[str] = None  # the page's declared language (html lang / og:locale)
