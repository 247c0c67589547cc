"""What one poll of a local stream reads of its watched files: the byte budget, a JSON lines
file cut after a whole line and read on from there (line numbers kept), a rewritten file read
from the start, and the lines read back through the reader."""

import json

from pipeline.run.read_budget import Progress, plan_reads
from transforms.read.documents import read_file, read_span


def _line(n: int, words: int = 20) -> str:
    return json.dumps({"url": f"https://x.example/{n}", "text": " ".join(["word"] * words)}) + "\n"


def _listing(*paths):
    return {str(p): (p.stat().st_size, p.stat().st_mtime) for p in paths}


def _refs(items):
    return [i.source_ref.rsplit("#", 1)[-1] for i in items]


def test_a_jsonl_file_is_read_in_whole_lines_within_the_budget_then_on_from_there(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(_line(n) for n in range(1, 11)))
    size = len(_line(1))
    listing = _listing(path)
    (take,) = plan_reads([str(path)], listing, {}, budget=3 * size + 5)
    assert take.span == (0, 3 * size, 1) and not take.complete
    assert _refs(read_span(str(path), take.span, max_bytes=10_000)) == ["L1", "L2", "L3"]

    (take,) = plan_reads([str(path)], listing, {str(path): take.progress}, budget=3 * size + 5)
    assert take.span == (3 * size, 6 * size, 4)
    assert _refs(read_span(str(path), take.span, max_bytes=10_000)) == ["L4", "L5", "L6"]

    (rest,) = plan_reads([str(path)], listing, {str(path): take.progress}, budget=10**9)
    whole = path.stat().st_size
    assert rest.complete and rest.progress == Progress(whole, 10, rest.progress.tail)
    with path.open("a") as handle:  # appended: only the new lines, numbered on
        handle.write(_line(11) + _line(12))
    (new,) = plan_reads([str(path)], _listing(path), {str(path): rest.progress}, budget=10**9)
    assert _refs(read_span(str(path), new.span, max_bytes=10_000)) == ["L11", "L12"]
    assert new.complete and new.progress.lines == 12


def test_a_rewritten_file_is_read_from_the_start_and_a_touched_one_reads_nothing(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(_line(1) + _line(2))
    (first,) = plan_reads([str(path)], _listing(path), {}, budget=10**9)
    assert first.span == (0, path.stat().st_size, 1) and first.complete
    assert _refs(read_span(str(path), first.span, max_bytes=10_000)) == ["L1", "L2"]
    (touched,) = plan_reads([str(path)], _listing(path), {str(path): first.progress}, 10**9)
    assert touched.empty and touched.complete
    path.write_text(_line(7, words=3) + _line(8, words=3) + _line(9, words=30))  # rewritten
    (again,) = plan_reads([str(path)], _listing(path), {str(path): first.progress}, 10**9)
    assert again.span == (0, path.stat().st_size, 1) and again.progress.lines == 3


def test_the_budget_is_shared_by_the_files_of_a_poll_and_the_first_is_always_read(tmp_path):
    big, small, other = tmp_path / "a.jsonl", tmp_path / "b.txt", tmp_path / "c.txt"
    big.write_text("".join(_line(n, words=200) for n in range(5)))  # one line > the budget
    small.write_text("x" * 100)
    other.write_text("y" * 100)
    paths = [str(big), str(small), str(other)]
    takes = plan_reads(paths, _listing(big, small, other), {}, budget=250)
    assert [t.path for t in takes] == [str(big)]  # one line more than the budget: alone
    assert takes[0].span[1] == len(_line(0, words=200))
    takes = plan_reads(paths[1:], _listing(small, other), {}, budget=250)
    assert [t.path for t in takes] == paths[1:]
    takes = plan_reads(paths[1:], _listing(small, other), {}, budget=150)
    assert [t.path for t in takes] == [str(small)]  # the other waits for the next poll


def test_a_last_line_without_newline_is_read_and_counted(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(_line(1) + _line(2) + _line(3).rstrip("\n"))
    (take,) = plan_reads([str(path)], _listing(path), {}, budget=len(_line(1)) + 1)
    (rest,) = plan_reads([str(path)], _listing(path), {str(path): take.progress}, 10**9)
    assert _refs(read_span(str(path), rest.span, max_bytes=10_000)) == ["L2", "L3"]
    assert rest.complete and rest.progress.lines == 3


def _read(take):
    """What a window reads of a take (pipeline/run/microbatch.py: a span, else the whole file)."""
    if take.span is None:
        return _refs(read_file(take.path, max_bytes=10_000))
    return _refs(read_span(take.path, take.span, max_bytes=10_000))


def test_lines_appended_after_a_whole_file_was_planned_are_read_once_by_the_next_poll(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(_line(1) + _line(2))
    (take,) = plan_reads([str(path)], _listing(path), {}, budget=10**9)
    with path.open("a") as handle:  # written between the plan and the window's read
        handle.write(_line(3))
    assert _read(take) == ["L1", "L2"]
    (then,) = plan_reads([str(path)], _listing(path), {str(path): take.progress}, 10**9)
    assert _read(then) == ["L3"]


def test_a_utf16_json_lines_file_is_read_whole_as_the_reader_reads_it(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_bytes((_line(1) + _line(2)).encode("utf-16-le"))  # no byte-order mark
    (take,) = plan_reads([str(path)], _listing(path), {}, budget=10**9)
    assert take.span is None and take.complete
    assert _read(take) == ["L1", "L2"]


def test_an_empty_take_does_not_count_as_the_first_file_of_the_poll(tmp_path):
    touched, big = tmp_path / "a.jsonl", tmp_path / "b.txt"
    touched.write_text(_line(1))
    (first,) = plan_reads([str(touched)], _listing(touched), {}, budget=10**9)
    big.write_text("x" * 500)
    paths, progress = [str(touched), str(big)], {str(touched): first.progress}
    takes = plan_reads(paths, _listing(touched, big), progress, budget=100)
    assert [t.path for t in takes] == paths and takes[0].empty
    assert not takes[1].empty and takes[1].complete  # over the budget, yet the first to read
