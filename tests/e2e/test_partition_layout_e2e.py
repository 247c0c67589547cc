"""A second run into an output with another ``write.partition_by`` would mix two folder layouts
in one table: DuckDB refused every later query (``Hive partition mismatch``, a traceback from
``newsbeam query`` and ``report``), and warehouses' Hive partitioning expects one layout.
It exits 2 naming the fix, before anything runs; the output stays as it was."""

from tests.support import tables
from tests.support.cli import newsbeam
from tests.support.paths import SEEDS


def test_a_run_with_another_partition_layout_is_refused_and_queries_still_work(tmp_path):
    out = tmp_path / "out"
    first = newsbeam(
        "run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", "2026-11-22"
    )
    assert first.returncode == 0, first.stderr[-2000:]
    cfg = tmp_path / "topic.yaml"
    cfg.write_text("write:\n  partition_by:\n    articles: [ingest_date, topic]\n")
    second = newsbeam(
        "run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", "2026-11-23",
        "--config", str(cfg),
    )  # fmt: skip
    assert second.returncode == 2, second.stderr[-2000:]
    [line] = second.stderr.strip().splitlines()
    assert line.startswith("newsbeam: configuration error: ")
    assert "write.partition_by.articles ['ingest_date', 'language']" in line
    assert "use another --output" in line
    assert not list(out.glob("articles/ingest_date=2026-11-23"))
    assert tables.query(out, "SELECT count(*) FROM articles") == [(5,)]
    query = newsbeam("query", str(out), "SELECT count(*) AS n FROM articles", "--format", "csv")
    assert query.returncode == 0 and query.stdout.split() == ["n", "5"], query.stderr[-2000:]


def test_a_stream_with_another_partition_layout_is_refused_before_it_polls(tmp_path):
    """A stream's windows are batch runs: into an output whose runs wrote another layout it exits
    2 with the same line as a batch run, and writes nothing."""
    out = tmp_path / "out"
    first = newsbeam(
        "run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", "2026-11-22"
    )
    assert first.returncode == 0, first.stderr[-2000:]
    runs = sorted(p.name for p in (out / "_runs").iterdir())
    cfg = tmp_path / "topic.yaml"
    cfg.write_text("write:\n  partition_by:\n    articles: [ingest_date, topic]\n")
    watched = tmp_path / "watched"
    watched.mkdir()
    (watched / "a.txt").write_text("A story about the harbour\n\nThe harbour opened today.\n")
    stream = newsbeam(
        "run", "--streaming", "--input", str(watched), "--output", str(out), "--config", str(cfg),
        "--window", "1", "--poll-interval", "1", "--max-duration", "20", "--quiet", timeout=120,
    )  # fmt: skip
    assert stream.returncode == 2, stream.stderr[-2000:]
    [line] = stream.stderr.strip().splitlines()
    assert line.startswith("newsbeam: configuration error: ")
    assert "write.partition_by.articles ['ingest_date', 'language']" in line
    assert sorted(p.name for p in (out / "_runs").iterdir()) == runs
    assert tables.query(out, "SELECT count(*) FROM articles") == [(5,)]


def test_a_single_partition_key_given_as_a_string_is_one_key(tmp_path):
    """``articles: language`` is ``[language]``: it was read letter by letter (folders
    ``l=.../a=.../n=...``), and a second run with the same config is not refused."""
    out = tmp_path / "out"
    cfg = tmp_path / "language.yaml"
    cfg.write_text("write:\n  partition_by:\n    articles: language\n")
    for day in ("2026-11-22", "2026-11-23"):
        run = newsbeam(
            "run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", day,
            "--config", str(cfg),
        )  # fmt: skip
        assert run.returncode == 0, run.stderr[-2000:]
    folders = {
        p.relative_to(out / "articles").parts[:-1] for p in out.glob("articles/**/*.parquet")
    }
    assert folders and all(len(f) == 1 and f[0].startswith("language=") for f in folders)
    assert ("language=en",) in folders
    [(english,)] = tables.query(out, "SELECT count(*) FROM articles WHERE language = 'en'")
    assert english > 0
