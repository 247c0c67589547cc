"""A watched JSON lines file as a writer makes it, through the CLI: a line flushed half and left
idle over polls waits for its newline (no error row); a file that grows on every listing (never
the same size twice) is read while it grows, up to its last whole line; after a restart a last
line that never gets its newline (and is no whole JSON) is read once the file is quiet
(``streaming.last_line_quiet_seconds``). Every line is one row, once, with its own number."""

import json
import signal
import threading
from pathlib import Path

from tests.support import cli
from tests.support.feed_servers import feed_story, read_table, wait_for


def _line(n: int) -> str:
    return json.dumps(
        {"url": f"https://wire.example/{n}", "title": f"Wire {n}", "text": feed_story(40 + n)}
    )


def _committed(out: Path) -> list:
    return sorted(Path(out, "_runs").glob("s*-w*.json"))


class _Ticks:
    """The stream's progress lines (one per window close, each after a listing of the folder)."""

    def __init__(self, proc):
        self.count, self.lines = 0, []
        threading.Thread(target=self._read, args=(proc,), daemon=True).start()

    def _read(self, proc):
        for line in proc.stderr:
            self.lines.append(line)
            self.count += " | window " in line or " | no window " in line


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_half_lines_wait_a_growing_file_is_read_as_it_grows_and_a_quiet_last_line_is_read(
    tmp_path,
):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    wire = inbox / "wire.jsonl"
    config = tmp_path / "stream.yaml"
    config.write_text("streaming:\n  last_line_quiet_seconds: 60\n")
    args = ["run", "--streaming", "--output", str(out), "--input", str(inbox), "--config"]
    args += [str(config), "--window", "0.5", "--poll-interval", "0.5", "--max-duration", "300"]
    proc = cli.start(*args)
    ticks = _Ticks(proc)
    try:
        # Line 1 whole, line 2 flushed half; left so over three listings.
        wire.write_text(_line(1) + "\n" + _line(2)[:50], encoding="utf-8")
        wait_for(lambda: _committed(out), proc, limit=240)
        seen = ticks.count
        wait_for(lambda: ticks.count >= seen + 3, proc)
        _append(wire, _line(2)[50:] + "\n")
        # Then the file grows on every listing: a line and a half each time the stream ticks,
        # until a window commits lines while it still grows.
        n, growing = 3, len(_committed(out))
        while len(_committed(out)) <= growing + 1:
            seen = ticks.count
            _append(wire, _line(n) + "\n" + _line(n + 1)[:30])
            wait_for(lambda: ticks.count > seen, proc)  # noqa: B023 - waited for here
            _append(wire, _line(n + 1)[30:] + "\n")
            n += 2
        last = n - 1
        wait_for(lambda: sum(json.loads(p.read_text())["inputs"] for p in _committed(out)) >= last,
                 proc)  # fmt: skip
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=120) == 130
    finally:
        proc.kill()
        proc.wait()

    rows = read_table(out, "articles")
    assert sorted(r["title"] for r in rows) == sorted(f"Wire {k}" for k in range(1, last + 1))
    assert {r["source_ref"] for r in rows if r["title"] == f"Wire {last}"} == {f"{wire}#L{last}"}
    assert read_table(out, "errors") == [] and read_table(out, "duplicates") == []

    # A last line that never gets its newline: read by the next start once quiet (1 s here).
    _append(wire, '{"url": "https://wire.example/broken", "title": "Bro')
    config.write_text("streaming:\n  last_line_quiet_seconds: 1\n")
    again = cli.newsbeam(*args[:-6], "--window", "0.5", "--poll-interval", "0.5",
                         "--stop-after", "1", "--max-duration", "120")  # fmt: skip
    assert again.returncode == 0, again.stderr
    errors = read_table(out, "errors")
    assert [e["source_ref"] for e in errors] == [f"{wire}#L{last + 1}"]
    assert len(read_table(out, "articles")) == last
