"""Fuzz the readers with hostile bytes: whatever a file holds, reading it never raises, never
hangs, and every item it yields is a row the Parquet writer accepts (valid UTF-8, no NULs in
text, a safe partition value). Seeded, so a failure reproduces; bounded by the case count."""

import datetime as dt
import gzip
import io
import json
import random

import pyarrow as pa
import pytest

from tests.support.hostile_files import page
from tests.support.sample_stories import STORIES
from transforms.core.record import Article, ErrorRow, RejectedRow
from transforms.extract.decode import UndecodableError, decode_bytes
from transforms.read.documents import explode_file, read_file
from transforms.sink.schema import SCHEMAS, RunInfo, table_of, to_row
from transforms.sink.write_parquet import partition_value

CASES = 150
RUN = RunInfo(run_id="20260302-fuzz", run_date=dt.date(2026, 3, 2))
HOSTILE = [
    b"\x00",
    b"\xff\xfe",
    b'"\\ud800"',
    b"\\ud800",
    b"[" * 5000,
    b"{" * 3000,
    b"\xed\xa0\x80",  # a surrogate encoded as UTF-8 (invalid)
    b"\r\n\r\n",
    b"WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n",
    b"\x1f\x8b\x08\x00",
    b"<html><body>",
    b"</article>" * 50,
    "…".encode() * 200,
    b"\xef\xbb\xbf",
]


def _warc(body: bytes) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://e.example/a", "response", io.BytesIO(body), http_headers=http
        )
    )
    return buf.getvalue()


def _seeds() -> list:
    story = STORIES["ferry"]
    html = page("Ferry", story)
    record = json.dumps(
        {"url": "https://e.example/a", "title": "T", "text": story, "language": "en"}
    )
    return [
        ("a.txt", story.encode()),
        ("a.html", html),
        ("a.jsonl", (record + "\n" + record).encode()),
        ("a.json", f"[{record}]".encode()),
        ("a.warc", _warc(html)),
        ("a.html.gz", gzip.compress(html)),
        ("a.rss", f"<rss version='2.0'><channel><item><title>x</title><description>{story}"
                  "</description></item></channel></rss>".encode()),
        ("noext", html),
    ]  # fmt: skip


def _mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(5)
        at = rng.randrange(len(data) + 1)
        if op == 0 and data:  # flip bytes
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1:  # insert a hostile snippet
            data[at:at] = rng.choice(HOSTILE)
        elif op == 2:  # truncate
            del data[at:]
        elif op == 3:  # duplicate a slice
            data[at:at] = data[rng.randrange(len(data) + 1) :][: rng.randint(1, 400)]
        else:  # random bytes
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(data)


def _check_item(item) -> None:
    assert isinstance(item, Article | RejectedRow | ErrorRow)
    if isinstance(item, Article):
        for value in (
            item.content,
            item.hint_title,
            item.url,
            item.source_path,
            item.hint_language,
        ):
            if value is not None:
                value.encode("utf-8")  # strict: no lone surrogates reach the writer
        assert (
            item.hint_language is None or partition_value(item.hint_language) == item.hint_language
        )
        assert "\x00" not in (item.content or "")
        return
    row = to_row(item, RUN)
    pa.Table.from_pylist([row], schema=SCHEMAS[table_of(item)])  # what the writer does


@pytest.mark.parametrize("seed", range(3))
def test_mutated_files_always_read_into_rows(seed):
    rng = random.Random(seed)
    seeds = _seeds()
    for _ in range(CASES):
        name, data = rng.choice(seeds)
        items = explode_file(f"/fuzz/{name}", _mutate(rng, data), max_bytes=1 << 20)
        assert items, name
        for item in items:
            _check_item(item)
            if isinstance(item, Article) and item.raw is not None:
                try:
                    text, _ = decode_bytes(item.raw)
                except UndecodableError:
                    continue
                assert "\x00" not in text
                text.encode("utf-8")


def test_mutated_files_on_disk_read_the_same(tmp_path):
    rng = random.Random(7)
    for i, (name, data) in enumerate(_seeds() * 5):
        path = tmp_path / f"{i}-{name}"
        mutated = _mutate(rng, data)
        path.write_bytes(mutated)
        from_disk = [x for x in read_file(str(path), max_bytes=1 << 20) if not isinstance(x, str)]
        for item in from_disk:
            _check_item(item)
        assert len(from_disk) == len(explode_file(str(path), mutated, max_bytes=1 << 20))


def test_random_partition_values_are_safe():
    rng = random.Random(3)
    alphabet = 'ab/\\.:*?"<>|#%\n\x00\ud800é漢 '
    for _ in range(2000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300)))
        name = partition_value(value)
        assert name not in (".", "..") and not set("/\\\x00") & set(name)
        assert 0 < len(name.encode("utf-8")) <= 100
