"""A UTF-16 JSON lines file is read line by line, as a UTF-8 one is: its size is not capped (each
line is), and its items are the UTF-8 file's, line for line (same refs, doc_ids, titles)."""

import json

import pytest

from transforms.core.record import Article, ErrorRow
from transforms.read.documents import read_file

MAX = 4096


def _lines(n: int) -> str:
    rows = [
        json.dumps(
            {
                "url": f"https://gazeta.example/{i}",
                "title": f"Zażółć gęślą jaźń {i}",
                "text": "Rada miasta przyjęła plan budowy nowego mostu. " * 4,
            },
            ensure_ascii=False,
        )
        for i in range(n)
    ]
    rows[7] = '{"url": "https://gazeta.example/bad", "text": '  # cut short: one error row
    return "\n".join(rows) + "\n"


def _items(folder, data: bytes) -> list:
    folder.mkdir()
    path = folder / "dump.jsonl"
    path.write_bytes(data)
    return [
        (type(i).__name__, i.source_ref.split("#")[1], i.doc_id, getattr(i, "hint_title", None))
        for i in read_file(str(path), max_bytes=MAX)
    ]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_dump_over_the_cap_is_read_line_by_line_like_utf8(tmp_path, codec):
    text = _lines(60)  # ~20 KB in UTF-8, ~40 KB in UTF-16: ten times the cap
    utf8 = _items(tmp_path / "a", text.encode("utf-8"))
    utf16 = _items(tmp_path / "b", text.encode(codec))

    assert [row[:2] for row in utf16] == [row[:2] for row in utf8]
    assert [(row[0], row[3]) for row in utf16 if row[0] == "Article"][:2] == [
        ("Article", "Zażółć gęślą jaźń 0"),
        ("Article", "Zażółć gęślą jaźń 1"),
    ]
    assert len(utf16) == 60 and [r[1] for r in utf16 if r[0] == "ErrorRow"] == ["L8"]


def test_a_utf16_line_over_the_cap_is_one_too_large_row(tmp_path):
    long = json.dumps({"url": "https://gazeta.example/long", "text": "słowo " * 2000})
    short = json.dumps({"url": "https://gazeta.example/short", "text": "Krótki tekst o moście."})
    path = tmp_path / "d.jsonl"
    path.write_bytes(f"{long}\n{short}\n".encode("utf-16"))

    items = list(read_file(str(path), max_bytes=MAX))

    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        ("RejectedRow", "too_large"),
        ("Article", None),
    ]
    assert isinstance(items[1], Article) and items[1].url == "https://gazeta.example/short"
    assert not any(isinstance(i, ErrorRow) for i in items)
