"""A file that grows while it is read (a crawler appending to its JSON lines or WARC) is read as
far as it reached when it was opened: before, a batch run read on as long as the file grew (a
run over a JSON lines file appended to at ~1 MB/s was still reading when killed at 120 s)."""

import json

from transforms.core.record import Article, ErrorRow
from transforms.read.documents import read_file

TEXT = "The council voted on Monday to approve the new budget for schools and roads. " * 10


def _lines(start: int, count: int) -> str:
    return "".join(
        json.dumps({"url": f"https://news.example/{n}", "title": f"Story {n}", "text": TEXT}) + "\n"
        for n in range(start, start + count)
    )


def test_lines_appended_while_a_json_lines_file_is_read_are_left_for_the_next_run(tmp_path):
    path = tmp_path / "live.jsonl"
    path.write_text(_lines(0, 1000))  # ~0.9 MB: past what the first read buffers
    items = read_file(str(path), max_bytes=1 << 20)
    first = next(items)
    with path.open("a") as grown:  # the crawler goes on writing
        grown.write(_lines(1000, 500))
    rest = list(items)
    urls = [i.url for i in [first, *rest] if isinstance(i, Article)]
    assert urls == [f"https://news.example/{n}" for n in range(1000)]
    assert not [i for i in rest if isinstance(i, ErrorRow)]


def test_a_line_cut_by_the_open_is_one_error_row_and_the_whole_lines_are_read(tmp_path):
    path = tmp_path / "live.jsonl"
    path.write_text(_lines(0, 3) + '{"url": "https://news.example/3", "text": "The coun')
    items = list(read_file(str(path), max_bytes=1 << 20))
    assert [i.url for i in items if isinstance(i, Article)] == [
        f"https://news.example/{n}" for n in range(3)
    ]
    (cut,) = [i for i in items if isinstance(i, ErrorRow)]
    assert cut.source_ref.endswith("#L4")


def test_lines_appended_to_a_utf16_json_lines_file_are_left_for_the_next_run(tmp_path):
    # A UTF-16 dump is read line by line through its own stream: that stream stops at the size
    # at open as well (it read the live handle, so it went on while the file grew).
    path = tmp_path / "live.jsonl"
    path.write_bytes(b"\xff\xfe" + _lines(0, 1000).encode("utf-16-le"))  # ~1.8 MB
    items = read_file(str(path), max_bytes=1 << 20)
    first = next(items)
    with path.open("ab") as grown:
        grown.write(_lines(1000, 500).encode("utf-16-le"))
    rest = list(items)
    urls = [i.url for i in [first, *rest] if isinstance(i, Article)]
    assert urls == [f"https://news.example/{n}" for n in range(1000)]
    assert first.hint_title == "Story 0"
    assert not [i for i in rest if isinstance(i, ErrorRow)]
