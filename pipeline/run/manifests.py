"""What a manifest starts from: a batch run's facts (a micro-batch window is a batch run), a
stream's facts (the same for both streaming engines), and a stream's totals over its windows."""

import dataclasses
import re

from pipeline.config.settings import Settings
from pipeline.config.streaming import StreamingConfig
from transforms.read.http_fetch import redact_url
from transforms.sink.schema import SCHEMA_VERSION, TABLES, RunInfo

__all__ = ["run_facts", "stream_facts", "without_secrets", "window_totals"]

# Keys whose values are secrets wherever they sit in the config (a pyiceberg catalog's token or
# credential, a cloud key): a manifest is read by anyone who can list the output.
_SECRET_KEY = re.compile(
    r"pass(word|wd)?$|secret|token|credential|api[-_.]?key|access[-_.]?key|private[-_.]?key"
    r"|session[-_.]?key|signature",
    re.IGNORECASE,
)
SECRET_MARK = "<redacted>"


def without_secrets(value):
    """A config value with secrets left out: the values of secret-looking keys replaced, and
    credentials removed from any ``scheme://user:pass@host`` string (a catalog ``uri``)."""
    if isinstance(value, dict):
        return {
            k: SECRET_MARK if isinstance(k, str) and _SECRET_KEY.search(k) and v is not None
            else without_secrets(v)
            for k, v in value.items()
        }  # fmt: skip
    if isinstance(value, list | tuple):
        return [without_secrets(v) for v in value]
    if isinstance(value, str) and "://" in value and "@" in value:
        return redact_url(value)
    return value


def run_facts(settings: Settings, run: RunInfo, versions: dict) -> dict:
    """The facts a batch run's manifest starts from (credentials left out of the config)."""
    day = run.run_date.isoformat()
    return {
        "run_id": run.run_id,
        "run_date": day,
        "schema_version": SCHEMA_VERSION,
        "output": settings.output,
        "config": dict(without_secrets(settings.source), run_date=day),
        "versions": versions,
    }


def stream_facts(
    stream_id: str, settings: Settings, stream: StreamingConfig, versions: dict
) -> dict:
    """The facts every manifest of a stream starts from (feed URLs redacted): the config as a
    batch manifest records it (``write.partition_by``, ``format``, ...: the layout the next run
    into the output is checked against, ``pipeline.run.layout``), without a run date (a stream's
    window manifests say their own)."""
    timing = dataclasses.asdict(stream)
    timing["feed_poll_s"] = [(redact_url(u), s) for u, s in stream.feed_poll_s]
    return {
        "run_id": stream_id,
        "mode": "streaming",
        "schema_version": SCHEMA_VERSION,
        "output": settings.output,
        "config": without_secrets(settings.source),
        "streaming": timing,
        "versions": versions or {},
    }


def window_totals(manifests: list) -> dict:
    """Totals over the committed windows of a stream."""
    tables = {t: sum(m["tables"].get(t, 0) for m in manifests) for t in TABLES}
    inputs = sum(m.get("inputs", 0) for m in manifests)
    return {
        "windows": len(manifests),
        "inputs": inputs,
        "tables": tables,
        "balanced": inputs == sum(tables.values()),
    }
