"""A JSON lines file larger than ``read.max_bytes`` (a real export or dump) is read line by
line: every line is an article, a line over the cap is one ``too_large`` row, and the file's
size alone rejects nothing (it was one ``too_large`` row for the whole file)."""

import json
import subprocess
import sys

from tests.support import tables
from tests.support.feed_pages import story
from tests.support.paths import ROOT

LINES = 40
LONG = 7  # this line is longer than the cap


def test_a_jsonl_file_over_max_bytes_is_read_line_by_line(tmp_path):
    lines = []
    for n in range(1, LINES + 1):
        text = story(n) * (20 if n == LONG else 1)
        lines.append({"url": f"https://news.example/{n}", "title": f"Story {n}", "text": text})
    src = tmp_path / "dump.jsonl"
    src.write_text("".join(json.dumps(line) + "\n" for line in lines))
    config = tmp_path / "small.yaml"
    config.write_text("read:\n  max_bytes: 20000\n")
    assert src.stat().st_size > 3 * 20000
    out = tmp_path / "out"
    args = ["run", "--input", str(src), "--output", str(out), "--config", str(config)]
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", *args, "--run-date", "2026-12-01", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    titles = tables.query(out, "SELECT title FROM articles ORDER BY url")
    assert sorted(t for (t,) in titles) == sorted(f"Story {n}" for n in range(1, 41) if n != LONG)
    rejected = tables.query(out, "SELECT source_ref, reason, detail FROM rejected")
    assert rejected == [(f"{src}#L{LONG}", "too_large", "line over 20000 bytes")]
    assert tables.query(out, "SELECT count(*) FROM errors") in ([], [(0,)])
