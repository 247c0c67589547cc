"""A watched JSON lines file that a writer appends to, through the CLI: one window reads at most
``streaming.max_bytes_per_poll`` bytes (the rest waits for the next poll, cut after a whole
line), and after an append, also across a restart, only the new lines are read: every line is
one article, once, with its own line number; nothing is read twice (no ``prior_run`` copies)."""

import json
from pathlib import Path

from tests.support import cli
from tests.support.feed_servers import feed_story, read_table

BUDGET = 3500


def _lines(first: int, last: int) -> str:
    return "".join(
        json.dumps(
            {"url": f"https://wire.example/{n}", "title": f"Wire {n}", "text": feed_story(n)}
        )
        + "\n"
        for n in range(first, last + 1)
    )


def _stream(out: Path, inbox: Path, config: Path, items: int):
    args = ["--input", str(inbox), "--window", "1", "--poll-interval", "0.5"]
    args += ["--stop-after", str(items), "--max-duration", "240", "--config", str(config)]
    return cli.newsbeam("run", "--streaming", "--output", str(out), *args, timeout=400)


def _windows(out: Path) -> list:
    found = sorted(Path(out, "_runs").glob("s*-w*.json"))
    return [json.loads(p.read_text()) for p in found]


def test_an_appended_jsonl_is_read_within_the_budget_and_only_its_new_lines(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    wire = inbox / "wire.jsonl"
    wire.write_text(_lines(1, 10), encoding="utf-8")
    sizes = [len(line) + 1 for line in _lines(1, 10).splitlines()]
    most = BUDGET // min(sizes)  # whole lines that fit in one poll's budget
    assert most == 3 and BUDGET // max(sizes) == 3
    config = tmp_path / "stream.yaml"
    config.write_text(f"streaming:\n  max_bytes_per_poll: {BUDGET}\n")

    proc = _stream(out, inbox, config, 10)
    assert proc.returncode == 0, proc.stderr
    windows = _windows(out)
    assert len(windows) >= 3, [w["inputs"] for w in windows]
    assert all(w["inputs"] <= most for w in windows), [w["inputs"] for w in windows]
    assert sum(w["inputs"] for w in windows) == 10

    # The writer appends four lines; a new stream (a restart) reads only them.
    with wire.open("a", encoding="utf-8") as handle:
        handle.write(_lines(11, 14))
    proc = _stream(out, inbox, config, 4)
    assert proc.returncode == 0, proc.stderr
    assert sum(w["inputs"] for w in _windows(out)) == 14

    rows = read_table(out, "articles")
    assert sorted(r["title"] for r in rows) == sorted(f"Wire {n}" for n in range(1, 15))
    refs = {r["title"]: r["source_ref"] for r in rows}
    assert refs["Wire 1"] == f"{wire}#L1" and refs["Wire 12"] == f"{wire}#L12"
    assert {r["text"] for r in rows if r["title"] == "Wire 13"} == {feed_story(13)}
    assert read_table(out, "duplicates") == []
    assert read_table(out, "rejected") == [] and read_table(out, "errors") == []
