"""A watched JSON lines file's last line and a file that grows: half a line waits for its newline
(never an error row), a last line that is whole JSON is read at once and its newline appended later
is not a line, a broken last line is read once the file is quiet, and a file that grows on every
listing is read up to its last whole line (a file not read by line waits until it is stable)."""

import gzip
import json

from pipeline.run.read_budget import growing_files, plan_reads, poll_takes, quiet_files
from transforms.read.documents import read_span


def _line(n: int) -> str:
    return json.dumps({"url": f"https://x.example/{n}", "title": f"T{n}", "text": "w " * 30})


def _listing(*paths):
    return {str(p): (p.stat().st_size, p.stat().st_mtime) for p in paths}


def _read(path, take):
    items = list(read_span(str(path), take.span, max_bytes=10_000))
    return [(i.source_ref.rsplit("#", 1)[-1], i.hint_title) for i in items]


def test_half_a_last_line_waits_for_its_newline_then_keeps_its_number(tmp_path):
    path = tmp_path / "wire.jsonl"
    whole = _line(2)
    path.write_text(_line(1) + "\n" + whole[:40])
    (take,) = plan_reads([str(path)], _listing(path), {}, 10**9, whole=set())
    assert _read(path, take) == [("L1", "T1")] and not take.complete
    (idle,) = plan_reads([str(path)], _listing(path), {str(path): take.progress}, 10**9, whole=())
    assert idle.empty and not idle.complete  # flushed half and idle: still nothing of it
    with path.open("a") as handle:
        handle.write(whole[40:] + "\n")
    (rest,) = plan_reads([str(path)], _listing(path), {str(path): take.progress}, 10**9, whole=())
    assert _read(path, rest) == [("L2", "T2")] and rest.complete


def test_a_whole_json_last_line_is_read_at_once_and_its_late_newline_is_no_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(_line(1) + "\n" + _line(2))
    (take,) = plan_reads([str(path)], _listing(path), {}, 10**9, whole=set())
    assert _read(path, take) == [("L1", "T1"), ("L2", "T2")] and take.complete
    with path.open("a") as handle:
        handle.write("\n" + _line(3) + "\n")
    (more,) = plan_reads([str(path)], _listing(path), {str(path): take.progress}, 10**9, whole=())
    assert _read(path, more) == [("L3", "T3")]


def test_a_broken_last_line_is_read_once_its_file_is_quiet(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(_line(1) + "\n" + '{"url": "https://x.example/2", "ti')
    listing = _listing(path)
    mtime = listing[str(path)][1]
    assert quiet_files(listing, mtime + 5, 10) == set()
    assert quiet_files(listing, mtime + 10, 10) == {str(path)}
    (take,) = plan_reads([str(path)], listing, {}, 10**9, whole={str(path)})
    items = list(read_span(str(path), take.span, max_bytes=10_000))
    assert [i.source_ref.rsplit("#", 1)[-1] for i in items] == ["L1", "L2"] and take.complete
    assert items[0].hint_title == "T1" and type(items[1]).__name__ == "ErrorRow"


def test_a_file_that_grows_on_every_listing_is_read_to_its_last_whole_line(tmp_path):
    wire, notes, packed = tmp_path / "wire.jsonl", tmp_path / "notes.txt", tmp_path / "p.jsonl"
    wire.write_text(_line(1) + "\n" + _line(2)[:30])
    notes.write_text("a note being written")
    packed.write_bytes(gzip.compress((_line(1) + "\n").encode()))
    previous = {str(wire): (10, 1.0), str(notes): (5, 1.0), str(packed): (3, 1.0)}
    listing = _listing(wire, notes, packed)
    assert growing_files(listing, {}) == [str(packed), str(wire)]
    takes = poll_takes(previous, listing, {}, {}, budget=10**9, quiet_s=600, now=0)
    # notes.txt and the compressed .jsonl are read whole, once the same on two listings
    assert [t.path for t in takes] == [str(wire)]
    assert _read(wire, takes[0]) == [("L1", "T1")] and not takes[0].complete
    done = {str(packed): listing[str(packed)]}
    assert growing_files(listing, done) == [str(wire)]
