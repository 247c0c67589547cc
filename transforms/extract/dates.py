"""Publication and modification dates of a page: timestamps, URL dates, the publisher's day."""

import datetime as dt
import re
import warnings
from typing import Optional
from urllib.parse import urlsplit

__all__ = ["date_from_url", "local_day", "page_dates", "parse_timestamp"]

_EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.timezone.utc)
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "date",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.date",
    "dcterms.issued", "sailthru.date", "parsely-pub-date", "article.published",
    "citation_publication_date", "datecreated", "originalpublicationdate", "date.available",
)  # fmt: skip
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "dcterms.modified", "dc.date.modified", "article.updated",
)  # fmt: skip
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)")
_LOCALE_REGION = re.compile(r"^[a-z]{2,3}[-_]([a-z]{2})\b")
_GENERIC_CCTLDS = frozenset("io co tv me fm ai ly to cc ws".split())  # used as generic TLDs


_DOTTED_DAY_FIRST = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}\b")  # 10.12.2022: day first
# 10/05/2022: October 5th as dateutil reads it, or the 10th of May (a Mexican page). CMSs write
# either whatever the page's language (a German page stated 11/01/2023 for November 1st), so
# it is read day first only when the page's modified stamp says so (see page_dates).
_SLASHED = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{4}\b")
_HAS_TIME = re.compile(r"\d:\d\d")
# Zone abbreviations dateutil does not know (it reads them as no zone, that is UTC: an IST stamp
# came out 5.5 h off). Hours east of UTC; a per-country reading where one abbreviation names
# several zones, "" the reading elsewhere.
_ZONE_NAMES = {
    "IST": {"IE": 1, "IL": 2, "": 5.5}, "CST": {"CN": 8, "TW": 8, "CU": -5, "": -6},
    "AST": {"SA": 3, "IQ": 3, "KW": 3, "": -4}, "BST": {"BD": 6, "": 1},
    "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9,
    "AKDT": -8, "HST": -10, "ADT": -3, "NST": -3.5, "NDT": -2.5, "WET": 0, "WEST": 1,
    "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "TRT": 3,
    "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "PHT": 8, "MYT": 8, "AWST": 8, "WIB": 7,
    "ICT": 7, "PKT": 5, "NPT": 5.75, "AEST": 10, "AEDT": 11, "ACST": 9.5, "ACDT": 10.5,
    "NZST": 12, "NZDT": 13, "SAST": 2, "WAT": 1, "CAT": 2, "EAT": 3, "BRT": -3, "ART": -3,
}  # fmt: skip


def _zone_reader(country: Optional[str]):
    """dateutil's ``tzinfos`` callable: a zone abbreviation read in the page's country."""

    def tzinfos(name, offset):
        hours = _ZONE_NAMES.get((name or "").upper())
        if isinstance(hours, dict):
            hours = hours.get(country or "", hours[""])
        if hours is None:
            return None
        return dt.timezone(dt.timedelta(hours=hours), name)

    return tzinfos


def _in_zone_of(stamp: dt.datetime, country: Optional[str]) -> dt.datetime:
    """A naive wall-clock time read in the main time zone of ``country`` (UTC when unknown)."""
    if country:
        import pytz

        zones = pytz.country_timezones.get(country)
        if zones:
            try:
                return pytz.timezone(zones[0]).localize(stamp)
            except (OverflowError, ValueError):
                pass
    return stamp.replace(tzinfo=dt.timezone.utc)


def _parse(
    value, run_date: Optional[dt.date], country: Optional[str] = None, dayfirst: bool = False
):
    """``(aware datetime, kind)`` within bounds, or None. ``kind`` is "offset" (the text
    names its zone or offset), "naive" (a time without zone: read in the page's country zone)
    or "date" (no time of day: midnight UTC, the day as stated)."""
    if not value or not isinstance(value, str) or not re.search(r"\d{4}", value):
        return None
    from dateutil import parser as dateparser

    text = value.strip()[:200]  # a timestamp is short; the rest is not read
    try:
        parsed = dateparser.isoparse(text)
    except (ValueError, OverflowError):
        try:
            with warnings.catch_warnings():  # unknown zone names are read as no zone
                warnings.simplefilter("ignore")
                parsed = dateparser.parse(
                    text,
                    dayfirst=dayfirst or bool(_DOTTED_DAY_FIRST.match(text)),
                    tzinfos=_zone_reader(country),
                )
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.tzinfo is not None:
        kind = "offset"
    elif _HAS_TIME.search(text):
        kind, parsed = "naive", _in_zone_of(parsed, country)
    else:
        kind, parsed = "date", parsed.replace(tzinfo=dt.timezone.utc)
    if parsed < _EARLIEST:
        return None
    if run_date is not None:
        if parsed > dt.datetime.combine(run_date, dt.time.max, tzinfo=dt.timezone.utc):
            return None
    return parsed, kind


def _stamp(value, run_date: Optional[dt.date], country: Optional[str] = None):
    found = _parse(value, run_date, country)
    return found[0] if found else None


def parse_timestamp(value, *, run_date: Optional[dt.date] = None) -> Optional[dt.datetime]:
    """A timestamp as aware UTC; None when unparsable, before 1990 or after ``run_date``.

    Numeric dates written with dots (``10.12.2022``) are read day first, as everywhere they
    are used.
    """
    parsed = _stamp(value, run_date)
    return parsed.astimezone(dt.timezone.utc) if parsed else None


def date_from_url(url: Optional[str]) -> Optional[dt.datetime]:
    """A /YYYY/MM/DD/ date in a URL path, at midnight UTC."""
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    if not match:
        return None
    try:
        return dt.datetime(*map(int, match.groups()), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def _country(language: str, url: Optional[str]) -> Optional[str]:
    """The page's country: region of its locale (``es-AR``), else its country-code TLD."""
    match = _LOCALE_REGION.match(language.lower())
    if match:
        return match[1].upper()
    tld = (urlsplit(url).hostname or "").rsplit(".", 1)[-1] if url else ""
    return tld.upper() if len(tld) == 2 and tld not in _GENERIC_CCTLDS else None


def local_day(stamp: dt.datetime, country: Optional[str]) -> dt.date:
    """The calendar day of ``stamp`` where it was published.

    A stamp with an offset already names the publisher's clock. A UTC stamp ("Z", +00:00) is
    read in the main time zone of the page's country when that is known: 2022-05-04T00:44Z on a
    Brazilian page is the 3rd of May there.
    """
    if stamp.utcoffset() == dt.timedelta(0) and country:
        import pytz

        zones = pytz.country_timezones.get(country)
        if zones:
            return stamp.astimezone(pytz.timezone(zones[0])).date()
    return stamp.date()


def _choose(found: list) -> tuple:
    """The first of ``[(stamp, kind, source)]``, unless it has no offset and a later one states
    its offset for the same moment give or take a day (the zone an offset-less time was written
    in is a guess: one page came out 8 h late)."""
    if not found:
        return None, None, "none", None
    first = found[0]
    if first[1] != "offset":
        for other in found[1:]:
            if other[1] == "offset" and abs(other[0] - first[0]) <= dt.timedelta(hours=26):
                return other
    return first


def page_dates(
    ld_published: Optional[str],
    ld_modified: Optional[str],
    meta: dict,
    url,
    run_date,
    language: str,
) -> tuple:
    """(published UTC, published local day, source, modified UTC).

    Meta tags come before JSON-LD (as in htmldate), but a stamp that states its offset wins
    over an earlier one without (see ``_choose``). A URL day within one day of the stamp's
    names the publisher's calendar day and wins over a day computed from a time zone. A
    ``modified`` before ``published`` is dropped (None): the page contradicts itself.
    """
    country = _country(language, url)
    raws = [((meta.get(k) or [None])[0], "meta") for k in _PUBLISHED_META]
    raws.append((ld_published, "json-ld"))
    parsed = [(_parse(raw, run_date, country), src, raw) for raw, src in raws]
    stamp, kind, source, raw = _choose([(f[0], f[1], src, raw) for f, src, raw in parsed if f])
    in_url = date_from_url(url)
    if in_url and run_date and in_url.date() > run_date:
        in_url = None
    if stamp is not None:
        day = stamp.date() if kind == "date" else local_day(stamp, country)
        if in_url and abs((in_url.date() - day).days) <= 1:
            day = in_url.date()
        published = stamp.astimezone(dt.timezone.utc)
    else:
        published, day, source = in_url, in_url and in_url.date(), "url" if in_url else "none"
    modified = _stamp(ld_modified, run_date, country)
    for key in _MODIFIED_META:
        modified = modified or _stamp((meta.get(key) or [None])[0], run_date, country)
    modified = modified.astimezone(dt.timezone.utc) if modified else None
    # A page modified before it was published contradicts itself: modified is dropped. A
    # published day without a time (a URL or date-only stamp) is compared by the day.
    slack = dt.timedelta(hours=24) if source == "url" or kind == "date" else dt.timedelta(0)
    if modified and published and modified < published - slack:
        # 10/05/2022 17:22 modified 2022/05/10 17:36: the published stamp was day first
        other = _parse(raw, run_date, country, dayfirst=True) if _SLASHED.match(raw or "") else None
        other_day = other and (other[0].date() if kind == "date" else local_day(other[0], country))
        # a URL date that does not agree with the day-first reading names the month-first one:
        # the modified stamp is then the page's error, not the published one's
        if other and in_url and abs((in_url.date() - other_day).days) > 1:
            other = None
        if other and other[0] <= modified + slack:  # the reading the modified stamp allows
            published = other[0].astimezone(dt.timezone.utc)
            day = in_url.date() if in_url else other_day
        else:
            modified = None
    return published, day, source, modified
