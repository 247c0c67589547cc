"""End to end: the CLI on seeds/ and on a folder of bad files, read back with DuckDB and pyarrow."""

import gzip
import json
import os
import random
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from pipeline.cli.main import main
from tests.support.cli import run_command
from tests.support.paths import SEEDS

RUN_DATE = "2026-11-22"
BOILERPLATE = [
    "Share This Article",
    "Exit mobile version",
    "0 comments",
    "Home Australia",
    "morehome",
    "The Mirror2d",
    "Read More @",
    "Source: Read Full Article",
]
# Article sentences, one or more from each seed, that must survive cleaning.
SENTENCES = [
    "Russian authorities are offering criminal suspects the option of having charges dropped",
    "Mikhail Benyash, a lawyer who has been advising Russian soldiers",
    "Vladimir Putin has urged his soldiers to kill North Korean troops fighting on his side",
    "A group of North Korean soldiers drafted to join Russia in their war against Ukraine have deserted the frontline",
    "The statistics are alarming.",
]
CAPTIONS = [
    "Russia has long resorted to recruiting prisoners from penal colonies (pictured)",
    "Vladimir Putin and Kim Jong Un meet in Pyongyang on June 19, 2024",
]


def _run(args: list[str]) -> int:
    return main(["run", *args])


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "out"
    code = _run(["--input", f"{SEEDS}/*", "--output", str(out), "--run-date", RUN_DATE])
    assert code == 0
    return out


def _manifest(out: Path) -> dict:
    [path] = (out / "_runs").glob("*.json")
    return json.loads(path.read_text())


def _articles(out: Path) -> list[dict]:
    con = duckdb.connect()
    rel = con.sql(
        f"SELECT * FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true) ORDER BY article_id"
    )
    return [dict(zip(rel.columns, row)) for row in rel.fetchall()]


def test_exact_paths_and_success_markers(seeds_out):
    manifest = _manifest(seeds_out)
    run_id = manifest["run_id"]
    files = sorted(str(p.relative_to(seeds_out)) for p in seeds_out.rglob("*.parquet"))
    part = f"part-{run_id}-00000.parquet"
    assert f"articles/ingest_date={RUN_DATE}/language=en/{part}" in files
    for table in ("duplicates", "rejected", "errors"):
        assert f"{table}/ingest_date={RUN_DATE}/{part}" in files
    assert sorted(manifest["files"]) == files
    for table in ("articles", "duplicates", "rejected", "errors"):
        assert (seeds_out / table / "_SUCCESS").read_text() == run_id
    assert not (seeds_out / "_staging" / run_id).exists()


def test_every_input_accounted_for(seeds_out):
    manifest = _manifest(seeds_out)
    tables = manifest["tables"]
    assert manifest["inputs"] == 5
    assert sum(tables.values()) == 5 and manifest["balanced"]
    assert tables["articles"] >= 4 and tables["errors"] == 0


def test_seed_articles_are_clean_english_and_on_war(seeds_out):
    rows = _articles(seeds_out)
    assert rows and all(r["language"] == "en" for r in rows)
    assert all(r["title"] for r in rows)
    for r in rows:
        codes = [t["code"] for t in r["topics"]]
        assert "medtop:16000000" in codes[:2], (r["title"], codes)
        assert 0 <= r["language_score"] <= 1
    text = "\n".join(r["text"] for r in rows)
    for line in BOILERPLATE:
        assert line not in text, line
    for sentence in SENTENCES:
        assert sentence in text, sentence
    for caption in CAPTIONS:
        per_article = [r["text"].count(caption) for r in rows]
        assert max(per_article) <= 1, caption


def test_types_as_warehouses_see_them(seeds_out):
    dataset = ds.dataset(seeds_out / "articles", format="parquet", partitioning="hive")
    schema = dataset.schema
    assert schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("ingested_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("authors").type == pa.list_(pa.string())
    assert pa.types.is_struct(schema.field("topics").type.value_type)
    assert {"ingest_date", "language"} <= set(schema.names)
    table = dataset.to_table()
    assert set(table.column("ingest_date").to_pylist()) == {RUN_DATE} or all(
        str(v) == RUN_DATE for v in table.column("ingest_date").to_pylist()
    )


def test_rerun_gives_identical_files(seeds_out, tmp_path):
    before = {p.relative_to(seeds_out): p.read_bytes() for p in seeds_out.rglob("*.parquet")}
    assert _run(["--input", f"{SEEDS}/*", "--output", str(seeds_out), "--run-date", RUN_DATE]) == 0
    after = {p.relative_to(seeds_out): p.read_bytes() for p in seeds_out.rglob("*.parquet")}
    assert before == after


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Bad files, each with the table it must end in."""
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 40)
    (folder / "truncated.html.gz").write_bytes(gzip.compress(b"<html>" + b"x" * 5000)[:-20])
    (folder / "records.jsonl").write_text('{"text": "short"}\n{not json\n')
    (folder / "short.txt").write_text("Only a handful of words here.")
    noise = random.Random(1)
    (folder / "invalid-utf8.txt").write_bytes(bytes(noise.randrange(128, 256) for _ in range(4000)))
    with open(folder / "huge.html", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB (sparse), over the read cap
    return {
        "empty.txt": "rejected",
        "binary.html": "errors",
        "truncated.html.gz": "errors",
        "records.jsonl#L1": "rejected",
        "records.jsonl#L2": "errors",
        "short.txt": "rejected",
        "invalid-utf8.txt": "errors",
        "huge.html": "rejected",
    }


def test_bad_inputs_each_end_in_a_table(tmp_path):
    expected = _bad_inputs(tmp_path / "bad")
    out = tmp_path / "out"
    assert _run(["--input", f"{tmp_path}/bad/*", "--output", str(out), "--run-date", RUN_DATE]) == 0
    manifest = _manifest(out)
    assert manifest["inputs"] == len(expected) and manifest["balanced"]
    con = duckdb.connect()
    found = {}
    for table in ("rejected", "errors"):
        for (ref,) in con.sql(
            f"SELECT source_ref FROM read_parquet('{out}/{table}/**/*.parquet')"
        ).fetchall():
            found[os.path.basename(ref)] = table
    assert found == expected
    reasons = dict(
        con.sql(
            f"SELECT source_ref, reason FROM read_parquet('{out}/rejected/**/*.parquet')"
        ).fetchall()
    )
    assert reasons[str(tmp_path / "bad" / "huge.html")] == "too_large"
    assert reasons[str(tmp_path / "bad" / "empty.txt")] == "empty"
    messages = dict(
        con.sql(
            f"SELECT source_ref, error_message FROM read_parquet('{out}/errors/**/*.parquet')"
        ).fetchall()
    )
    assert "truncated gzip" in messages[str(tmp_path / "bad" / "truncated.html.gz")]
    assert "binary" in messages[str(tmp_path / "bad" / "binary.html")]


def test_bad_config_fails_fast(tmp_path, capsys):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("filter:\n  min_wrds: 3\n")
    assert _run(["--config", str(cfg), "--output", str(tmp_path / "o")]) == 2
    assert "unknown setting 'filter.min_wrds'" in capsys.readouterr().err


def test_a_setting_only_the_graph_checks_fails_fast_and_leaves_no_beam_folder(
    tmp_path, capsys, monkeypatch
):
    # Beam makes a temporary folder for every Pipeline and removes it only in run(); a run that
    # stops while the graph is built (the topic model file is read there) must remove it.
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", None)  # tempfile reads TMPDIR again
    cfg = tmp_path / "bad.yaml"
    cfg.write_text(f"topics:\n  model: {tmp_path / 'no-such-model.json'}\n")
    args = ["--input", f"{SEEDS}/*", "--config", str(cfg), "--output", str(tmp_path / "o")]
    assert _run(args) == 2
    assert "'topics.model': cannot read" in capsys.readouterr().err
    assert list((tmp_path / "tmp").glob("beam-pipeline-temp*")) == []


def test_unwritable_output_fails_fast(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert _run(["--input", f"{SEEDS}/*", "--output", str(blocker / "out")]) == 2
    assert "not writable" in capsys.readouterr().err


def test_no_matching_input_fails_fast(tmp_path, capsys):
    assert _run(["--input", str(tmp_path / "nothing-*.txt"), "--output", str(tmp_path / "o")]) == 2
    assert "no input files match" in capsys.readouterr().err


def test_module_entry_point_runs(tmp_path):
    """``python -m pipeline run`` works as the console script does."""
    out = tmp_path / "out"
    proc = run_command("--input", f"{SEEDS}/00[34]*", "--output", str(out), "--run-date", RUN_DATE)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "inputs      2 = articles" in proc.stdout
    assert str(out) in proc.stdout


def test_module_entry_point_exit_code_and_message_on_bad_config(tmp_path):
    """The command ends without the interpreter's shutdown: the code and message still arrive."""
    proc = run_command(
        "--input", f"{SEEDS}/*", "--workers", "0", "--output", str(tmp_path / "out"), timeout=120
    )
    assert proc.returncode == 2
    assert "--workers must be from 1 to" in proc.stderr
