"""URL helpers of the HTTP client: origins, credentials in URLs, clean redirect targets."""

import base64
from typing import Optional
from urllib.parse import unquote, urlsplit, urlunsplit

__all__ = ["clean_url", "origin", "redact_url", "split_credentials"]


def origin(url: Optional[str]) -> Optional[tuple]:
    """``(scheme, host, port)`` of an http(s) URL (default ports filled in), else None."""
    try:
        parts = urlsplit(url or "")
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port


def split_credentials(url: str) -> tuple:
    """``(url without user:password@, "Basic ..." header value or None)``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, None
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode("ascii")
    clean = urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return clean, f"Basic {token}"


def redact_url(url: str) -> str:
    """The URL without the credentials it may carry: what is stored and shown."""
    return split_credentials(url)[0] if isinstance(url, str) else url


def clean_url(url: str) -> str:
    """Drop the fragment (never sent; it would defeat redirect-loop detection) and credentials
    (a Location header's are never used or shown)."""
    parts = urlsplit(split_credentials(url)[0])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
