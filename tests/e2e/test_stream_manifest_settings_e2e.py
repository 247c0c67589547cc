"""A stream's manifests record the write settings a batch run's manifest records (``config``,
secrets left out), on both engines: the Beam streaming graph's window manifests
(``_runs/<stream id>/<window>.json``) said nothing of ``write.partition_by``/``format``, so a
later batch run with another layout was not refused and one table got two folder layouts."""

import json
import shutil

from pipeline.config.settings import load_settings
from pipeline.run.layout import layout_conflict
from pipeline.run.streaming import StreamingConfig, read_window_manifests, run_streaming
from tests.support import tables
from tests.support.cli import newsbeam
from tests.support.paths import SEEDS

WRITE = {"partition_by": {"articles": ["ingest_date", "topic"]}}


def _batch_config(out) -> dict:
    """The ``config`` a batch run's manifest records for the same settings."""
    (path,) = [p for p in (out / "_runs").glob("*.json")]
    return json.loads(path.read_text())["config"]


def test_the_beam_stream_window_manifests_record_the_write_settings(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], inbox / "story.txt")
    raw = {"input": [str(inbox / "*.txt")], "output": str(out), "write": WRITE}
    stream = StreamingConfig(window_s=5, poll_s=1, max_duration_s=60, stop_after_items=1)
    settings = load_settings(None, raw)
    assert run_streaming(settings, stream, engine="beam") == 0

    (stream_manifest,) = [json.loads(p.read_text()) for p in (out / "_runs").glob("*.json")]
    (window,) = read_window_manifests(str(out), stream_manifest["run_id"])
    assert window["tables"]["articles"] == 1
    batch_out = tmp_path / "batch"
    batch = newsbeam(
        "run", "--input", str(inbox / "*.txt"), "--output", str(batch_out),
        "--config", str(_yaml(tmp_path)), "--run-date", "2026-11-22",
    )  # fmt: skip
    assert batch.returncode == 0, batch.stderr[-2000:]
    skip = ("run_date", "output", "input")
    expected = {k: v for k, v in _batch_config(batch_out).items() if k not in skip}
    for manifest in (window, stream_manifest):
        config = manifest["config"]
        assert config["write"]["partition_by"]["articles"] == ["ingest_date", "topic"]
        assert {k: v for k, v in config.items() if k in expected} == expected
    assert window["run_date"] == window["window_start"][:10]

    # read back: the layout on disk is the one recorded, and another layout is refused
    assert tables.query(out, "SELECT count(*) FROM articles") == [(1,)]
    assert list(out.glob("articles/ingest_date=*/topic=*/*.parquet"))
    conflict = layout_conflict(str(out), "a-batch-run", {"partition_by": {}})
    assert conflict and "write.partition_by.articles ['ingest_date', 'topic']" in conflict
    assert layout_conflict(str(out), "a-batch-run", dict(settings.write)) is None


def _yaml(tmp_path):
    path = tmp_path / "topic.yaml"
    path.write_text("write:\n  partition_by:\n    articles: [ingest_date, topic]\n")
    return path


def test_the_micro_batch_stream_manifests_record_the_write_settings(tmp_path):
    """The local engine's windows are batch runs (their manifests had ``config``); its stream
    manifest (the totals) now says the same."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], inbox / "story.txt")
    stream = newsbeam(
        "run", "--streaming", "--input", str(inbox / "*.txt"), "--output", str(out),
        "--config", str(_yaml(tmp_path)), "--window", "1", "--poll-interval", "1",
        "--stop-after", "1", "--max-duration", "120", "--quiet", timeout=240,
    )  # fmt: skip
    assert stream.returncode == 0, stream.stderr[-2000:]
    manifests = [json.loads(p.read_text()) for p in sorted((out / "_runs").glob("*.json"))]
    assert [m.get("mode") for m in manifests] == [None, "streaming"]  # a window, the totals
    for manifest in manifests:
        write = manifest["config"]["write"]
        assert write["partition_by"]["articles"] == ["ingest_date", "topic"]
    assert tables.query(out, "SELECT count(*) FROM articles") == [(1,)]
