"""What a manifest starts from: a batch run's facts (a micro-batch window is a batch run), a
stream's facts (the same for both streaming engines), and a stream's totals over its windows."""

import dataclasses

from pipeline.config.settings import Settings
from pipeline.config.streaming import StreamingConfig
from pipeline.graph.feeds import redacted_source
from transforms.read.http_fetch import redact_url
from transforms.sink.schema import SCHEMA_VERSION, TABLES, RunInfo

__all__ = ["run_facts", "stream_facts", "window_totals"]


def run_facts(settings: Settings, run: RunInfo, versions: dict) -> dict:
    """The facts a batch run's manifest starts from (credentials left out of the config)."""
    day = run.run_date.isoformat()
    return {
        "run_id": run.run_id,
        "run_date": day,
        "schema_version": SCHEMA_VERSION,
        "output": settings.output,
        "config": dict(redacted_source(settings.source), run_date=day),
        "versions": versions,
    }


def stream_facts(stream_id: str, output: str, stream: StreamingConfig, versions: dict) -> dict:
    """The facts every manifest of a stream starts from (feed URLs redacted)."""
    settings = dataclasses.asdict(stream)
    settings["feed_poll_s"] = [(redact_url(u), s) for u, s in stream.feed_poll_s]
    return {
        "run_id": stream_id,
        "mode": "streaming",
        "schema_version": SCHEMA_VERSION,
        "output": output,
        "streaming": settings,
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
