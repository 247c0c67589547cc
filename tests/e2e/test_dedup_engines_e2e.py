"""`newsbeam run` with dedup through node files (``dedup.engine: disk``) writes the same tables
as the runner's shuffles (``runner``): same articles, same duplicates rows and canonical ids,
also against a prior run's index; and a rerun gives the same files."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.cli.main import main
from tests.support.articles import edit, story
from tests.support.paths import ROOT
from transforms.sink.commit import KILL_AT_MOVE_ENV
from transforms.sink.committed import committed_files

DAY1, DAY2 = "2026-03-01", "2026-03-02"


def _record(doc: str, text: str, *, url: str, hours: int) -> str:
    return json.dumps(
        {
            "url": url,
            "title": f"Story {doc}",
            "text": text,
            "published": f"2026-02-28T{hours % 24:02d}:00:00Z",
        }
    )


def _corpus(folder: Path) -> Path:
    """Stories whose copies (near edits, exact, URL copies, teasers) are spread over six files,
    so each file holds some copies of stories whose other copies are in other files."""
    files = [[] for _ in range(6)]
    for s in range(24):
        text = story(700 + s, 120 + 10 * (s % 6))
        copies = [
            (text, f"https://origin.example/{s}"),
            (edit(text, s), f"https://wire{s % 3}.example/{s}"),
            (text.upper(), f"https://mirror.example/{s}"),
            (" ".join(text.split()[: 55 + s]), f"https://teaser.example/{s}"),
        ]
        if s % 5 == 0:
            copies.append((story(900 + s, 130), f"https://origin.example/{s}"))  # URL copy
        for c, (body, url) in enumerate(copies):
            files[(s + 2 * c) % 6].append(_record(f"{s}-{c}", body, url=url, hours=s + 3 * c))
    folder.mkdir()
    for i, lines in enumerate(files):
        (folder / f"part-{i}.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def _prior(folder: Path) -> Path:
    """Yesterday's input: edited copies of a few of today's stories."""
    lines = [
        _record(f"old-{s}", edit(story(700 + s, 120 + 10 * (s % 6)), 50 + s), url="", hours=s)
        for s in range(0, 24, 4)
    ]
    folder.mkdir()
    (folder / "old.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def _run(inputs: Path, out: Path, day: str, engine: str, tmp: Path) -> None:
    config = tmp / f"dedup-{engine}.yaml"
    config.write_text(f"dedup:\n  engine: {engine}\n")
    code = main(
        [
            "run",
            "--input",
            str(inputs),
            "--output",
            str(out),
            "--run-date",
            day,
            "--config",
            str(config),
            "--quiet",
        ]  # fmt: skip
    )
    assert code == 0


def _table(out: Path, table: str, order: str) -> list:
    con = duckdb.connect()
    rel = con.sql(
        f"SELECT * FROM read_parquet('{out}/{table}/**/*.parquet', hive_partitioning=true) "
        f"ORDER BY {order}"
    )
    return [dict(zip(rel.columns, row)) for row in rel.fetchall()]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("engines")
    old, new = _prior(tmp / "old"), _corpus(tmp / "new")
    done = {}
    for engine in ("runner", "disk"):
        out = tmp / f"out-{engine}"
        _run(old, out, DAY1, "runner", tmp)
        _run(new, out, DAY2, engine, tmp)
        done[engine] = out
    return tmp, new, done


def _manifest(out: Path, day: str) -> dict:
    [path] = (out / "_runs").glob(f"{day.replace('-', '')}-*.json")
    return json.loads(path.read_text())


def test_same_articles_and_duplicates_both_ways(outputs):
    _, _, done = outputs
    runner, disk = done["runner"], done["disk"]
    for table, order in (("articles", "article_id, doc_id"), ("duplicates", "doc_id")):
        a, b = _table(runner, table, order), _table(disk, table, order)
        assert a == b, table
    dups = _table(disk, "duplicates", "doc_id")
    kinds = {row["match"] for row in dups}
    assert {"near", "exact", "contained", "prior_run"} <= kinds  # a URL with other text is kept
    articles = _table(disk, "articles", "article_id, doc_id")
    assert len(articles) + len(dups) > 24 * 4  # today's inputs, yesterday's in the runs' articles
    assert {m["dedup_engine"] for m in (_manifest(runner, DAY2), _manifest(disk, DAY2))} == {
        "runner",
        "disk",
    }
    manifest = _manifest(disk, DAY2)
    assert manifest["balanced"] and manifest["dedup_prior_files"] > 0
    # nothing of the node files is left or listed: the staging went with the commit
    assert not (disk / "_staging").exists() or not any((disk / "_staging").iterdir())
    assert not [f for f in manifest["files"] if "_parked" in f]


def test_rerun_with_disk_engine_gives_the_same_files(outputs):
    tmp, new, done = outputs
    out = done["disk"]
    before = {
        p.relative_to(out): pq.read_table(p).to_pylist()
        for p in sorted(out.glob("**/*.parquet"))
        if "_state" not in p.parts
    }
    _run(new, out, DAY2, "disk", tmp)
    after = {
        p.relative_to(out): pq.read_table(p).to_pylist()
        for p in sorted(out.glob("**/*.parquet"))
        if "_state" not in p.parts
    }
    assert before == after


def test_disk_engine_first_run_without_prior(outputs, tmp_path):
    _, new, _ = outputs
    a, b = tmp_path / "a", tmp_path / "b"
    _run(new, a, DAY2, "runner", tmp_path)
    _run(new, b, DAY2, "disk", tmp_path)
    assert _table(a, "duplicates", "doc_id") == _table(b, "duplicates", "doc_id")
    assert _table(a, "articles", "article_id, doc_id") == _table(
        b, "articles", "article_id, doc_id"
    )
    shutil.rmtree(a)


def test_killed_disk_engine_run_leaves_nothing_and_its_rerun_completes(outputs, tmp_path):
    """Killed (SIGKILL) during its commit, after the node files were clustered: nothing of the
    run is committed; its rerun gives the runner engine's rows."""
    _, new, _ = outputs
    config = tmp_path / "disk.yaml"
    config.write_text("dedup:\n  engine: disk\n")
    out = tmp_path / "out"
    args = ["run", "--input", str(new), "--output", str(out), "--run-date", DAY2]
    killed = subprocess.run(
        [sys.executable, "-m", "pipeline", *args, "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, **{KILL_AT_MOVE_ENV: "2"}),
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert committed_files(str(out)) == frozenset()
    runs = out / "_runs"
    assert not runs.exists() or not list(runs.glob("*.json"))
    _run(new, out, DAY2, "disk", tmp_path)
    reference = tmp_path / "reference"
    _run(new, reference, DAY2, "runner", tmp_path)
    for table, order in (("articles", "article_id, doc_id"), ("duplicates", "doc_id")):
        assert _table(out, table, order) == _table(reference, table, order), table
    assert not (out / "_staging").exists()
