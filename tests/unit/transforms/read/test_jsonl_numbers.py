"""JSON numbers that are no usable value (NaN, infinities, 1e999, thousands of digits) are null:
the record is read, only that field is lost."""

from transforms.core.record import Article
from transforms.read.jsonl import explode_jsonl

TEXT = '"The ferry will run every hour from May, the operator said."'


def test_odd_numbers_in_metadata_do_not_cost_the_record():
    fields = [
        '"title": NaN',
        f'"title": "Big", "published": {"9" * 5000}',
        '"title": Infinity, "published": 1e999',
        '"title": 2026, "published": -Infinity',
    ]
    lines = [
        f'{{"url": "https://a.example/{n}", {extra}, "text": {TEXT}}}'
        for n, extra in enumerate(fields, start=1)
    ]
    items = list(explode_jsonl("/in/x.jsonl", "\n".join(lines).encode()))
    assert all(isinstance(item, Article) for item in items), items
    assert [(i.url, i.hint_title, i.hint_published) for i in items] == [
        ("https://a.example/1", None, None),
        ("https://a.example/2", "Big", None),
        ("https://a.example/3", None, None),
        ("https://a.example/4", "2026", None),
    ]
    assert all(i.content == TEXT.strip('"') for i in items)


def test_a_body_that_is_an_odd_number_is_still_an_error_row():
    items = list(explode_jsonl("/in/x.jsonl", b'{"url": "https://a.example/1", "text": NaN}'))
    assert [type(i).__name__ for i in items] == ["ErrorRow"]
