"""Reach the Iceberg catalog of ``write.iceberg.catalog`` before a run: its host and credentials
are otherwise first used by the commit, after the whole run (a refused port failed the run at
its end with exit 1; a host that never answers held the commit for good)."""

import re

from pipeline.config.settings import ConfigError, Settings
from pipeline.run import remote
from transforms.read.http_urls import redact_url

__all__ = ["CATALOG_CHECK_S", "check_catalog"]

# A catalog answers its first call in well under a second on a LAN and in a few seconds across
# the internet with a token exchange or cloud credentials from instance metadata.
CATALOG_CHECK_S = 10.0
_ERRNO = re.compile(r"\[Errno \d+\] [^'\"\n)]*")


def _local(catalog: dict) -> bool:
    """The default catalog and a SQLite file: nothing on a network to reach (the commit
    creates them)."""
    return not catalog or str(catalog.get("uri", "")).startswith("sqlite:")


def _said(exc: BaseException) -> str:
    """The error in a line: a socket error by its errno text, else the message's last line."""
    text = str(exc)
    found = _ERRNO.search(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    said = found.group(0) if found else (lines[-1] if lines else type(exc).__name__)
    return said if len(said) <= 300 else said[:299] + "…"


def check_catalog(settings: Settings) -> None:
    """``ConfigError`` (exit 2) when the run's Iceberg catalog does not answer a read-only call
    (does the namespace exist) within ``CATALOG_CHECK_S``: an unreachable host, a refused port,
    wrong credentials. Run from where the run is launched, as the inputs and output are checked."""
    write = settings.write
    iceberg = write.get("iceberg") or {}
    catalog = iceberg.get("catalog") or {}
    if write.get("format") != "iceberg" or _local(catalog):
        return
    from transforms.sink.iceberg import load_iceberg_catalog

    namespace = iceberg.get("namespace") or "newsbeam"
    where = redact_url(str(catalog.get("uri") or catalog.get("type") or "configured"))
    try:
        remote.call_bounded(
            lambda: load_iceberg_catalog(settings.output, catalog).namespace_exists(namespace),
            seconds=CATALOG_CHECK_S,
            doing=f"reaching the Iceberg catalog '{where}'",
        )
    except Exception as exc:  # noqa: BLE001 - whatever the catalog's client raises
        raise ConfigError(
            f"cannot reach the Iceberg catalog '{where}' (write.iceberg.catalog): {_said(exc)}; "
            "check its uri, that its host is up and reachable from here, and its credentials"
        ) from None
