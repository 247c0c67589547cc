"""Shared test helpers: the in-process runner, the repo's paths."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SEEDS = ROOT / "seeds"


@pytest.fixture
def runner():
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    return FnApiRunner()


def counters(result, namespace: str) -> dict:
    """Committed counters of one namespace from a finished pipeline result."""
    out = {}
    for c in result.metrics().query()["counters"]:
        if c.key.metric.namespace == namespace:
            out[c.key.metric.name] = out.get(c.key.metric.name, 0) + c.committed
    return out


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 serving what the test adds (tests/integration/transforms/read/test_http_fetch.Site)."""
    from tests.integration.transforms.read.test_http_fetch import Site, serve

    s = Site()
    server, base = serve(s)
    s.base = base
    yield s
    s.stop.set()
    server.shutdown()
    server.server_close()


def run_command(*args: str, timeout: float = 300):
    """``python -m pipeline run ARGS`` as a user runs it, from the repo root; the finished process."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def commit_manifest(out, run_id: str, files) -> None:
    """Add ``files`` (paths relative to ``out``) to the committed manifest of ``run_id``, as a
    run's commit does: readers that honour the commit protocol use only files so listed."""
    import json

    path = Path(out) / "_runs" / f"{run_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = json.loads(path.read_text()) if path.exists() else {"run_id": run_id, "files": []}
    doc["files"] = sorted(set(doc["files"]) | {str(f) for f in files})
    path.write_text(json.dumps(doc))
