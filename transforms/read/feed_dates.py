"""Entry dates written with month names in the feed's own language, which feedparser leaves
unparsed: ``Seg, 24 Set 2018 19:42:40 -0300`` (a Brazilian news feed), ``3 févr. 2025 08:00 +0100``.

RSS says dates are RFC 822 (English names), but feeds of Portuguese, Spanish, French, German,
Italian and Dutch publishers use their own; such an entry's ``published`` stayed a raw string.
"""

import datetime as dt
import re
import unicodedata
from typing import Optional

__all__ = ["localized_date"]

_MONTHS = {
    # Prefixes of 4 letters first, then 3 (accents removed, lower case), no two for one month.
    **dict.fromkeys(("jan", "ene", "gen", "janv"), 1),
    **dict.fromkeys(("feb", "fev", "fevr", "febr"), 2),
    **dict.fromkeys(("mar", "mrz", "mae", "mrt", "marc"), 3),
    **dict.fromkeys(("apr", "abr", "avr"), 4),
    **dict.fromkeys(("may", "mai", "mag", "mei", "maio"), 5),
    **dict.fromkeys(("jun", "giu", "juin"), 6),
    **dict.fromkeys(("jul", "lug", "juil"), 7),
    **dict.fromkeys(("aug", "ago", "aou", "aout"), 8),
    **dict.fromkeys(("sep", "set"), 9),
    **dict.fromkeys(("oct", "out", "okt", "ott"), 10),
    **dict.fromkeys(("nov",), 11),
    **dict.fromkeys(("dec", "dez", "dic"), 12),
}

_DATE = re.compile(
    r"^\s*(?:[^\W\d_]+\.?,?\s+)?(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})"
    r"(?:[\s,]+(?:[^\W\d_]{1,5}\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?"
    r"\s*(?:([+-])(\d{2}):?(\d{2})|GMT|UTC|UT|Z)?\s*$",
    re.IGNORECASE,
)


def _month(name: str) -> Optional[int]:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return _MONTHS.get(plain[:4]) or _MONTHS.get(plain[:3])


def localized_date(value) -> Optional[str]:
    """``value`` as an ISO 8601 UTC timestamp when it is a day, a month name in one of the
    languages above (or English), a year, maybe a time and an offset; None otherwise. A date
    without an offset is read as UTC, as feedparser reads one."""
    if not isinstance(value, str) or len(value) > 80:
        return None
    m = _DATE.match(value)
    month = _month(m.group(2)) if m else None
    if month is None:
        return None
    day, year = int(m.group(1)), int(m.group(3))
    hour, minute, second = (int(m.group(i) or 0) for i in (4, 5, 6))
    offset = dt.timedelta(hours=int(m.group(8) or 0), minutes=int(m.group(9) or 0))
    try:
        stamp = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.timezone.utc)
        # the offset can carry a stamp of year 1 or 9999 out of datetime's range
        return (stamp - offset if m.group(7) == "+" else stamp + offset).isoformat()
    except (ValueError, OverflowError):
        return None
