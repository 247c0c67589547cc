"""JSON lines as exported by real tools: a byte-order mark at the start of any line (files
concatenated with ``cat``), metadata fields that hold a list, an object or true/false."""

from transforms.core.record import Article
from transforms.read.jsonl import explode_jsonl

TEXT = "The ferry will run every hour from May, the operator said."


def _line(n: int, extra: str = "") -> str:
    return f'{{"url": "https://a.example/{n}", "title": "Story {n}"{extra}, "text": "{TEXT}"}}'


def test_a_byte_order_mark_on_any_line_is_not_an_error():
    data = ("\ufeff" + _line(1) + "\n\ufeff" + _line(2) + "\n" + _line(3) + "\n").encode()
    items = list(explode_jsonl("/in/cat.jsonl", data))
    assert all(isinstance(i, Article) for i in items), items
    assert [i.hint_title for i in items] == ["Story 1", "Story 2", "Story 3"]


def test_metadata_that_is_no_text_is_dropped_not_printed_as_python():
    extras = [
        ', "title": ["Headline", "Second"], "description": {"en": "x"}',
        ', "title": true, "authors": [["Jane Doe"], "Ann Lee", false], "tags": [{"t": 1}, "Port"]',
        ', "title": 2026, "published": false',
    ]
    data = "\n".join(_line(n, extra) for n, extra in enumerate(extras, start=1)).encode()
    items = list(explode_jsonl("/in/odd.jsonl", data))
    assert all(isinstance(i, Article) for i in items), items
    assert [(i.hint_title, i.hint_description, i.hint_published) for i in items] == [
        (None, None, None),
        (None, None, None),
        ("2026", None, None),
    ]
    assert items[1].hint_authors == ("Ann Lee",)
    assert items[1].hint_tags == ("Port",)
