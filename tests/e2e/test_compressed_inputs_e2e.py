"""Compressed inputs through the CLI: bzip2 and xz files (several streams too), zip and tar
archives of pages and JSON lines (also tars of more than one bzip2 block, 900 kB), a WARC in
bzip2; a bomb in each of these is one rejected row and every other input still gives its
article."""

import bz2
import gzip
import io
import json
import lzma
import random
import tarfile
import zipfile

import pytest

from tests.support.cli import run_command
from tests.support.hostile_files import MB, page
from tests.support.sample_stories import STORIES
from tests.support.tables import query

MAX_BYTES = MB  # the run's read.max_bytes: small, so the bombs below stay quick to make


def _jsonl(*names: str) -> bytes:
    lines = [
        json.dumps(
            {"url": f"https://gazette.example/{n}", "title": f"{n} story", "text": STORIES[n]}
        )
        for n in names
    ]
    return "\n".join(lines).encode()


def _zeros(n_mb: int):
    """A stream of ``n_mb`` MB of zero bytes, never held whole."""

    class Zeros(io.RawIOBase):
        left = n_mb * MB

        def readable(self):
            return True

        def readinto(self, buffer):
            n = min(len(buffer), self.left)
            buffer[:n] = bytes(n)
            self.left -= n
            return n

    return Zeros()


def _tar(members: list, mode: str) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as archive:
        for name, size, stream in members:
            info = tarfile.TarInfo(name)
            info.size = size
            archive.addfile(info, stream)
    return buf.getvalue()


def _zip(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def _warc_page(url: str, body: bytes) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    )
    return buf.getvalue()


_WHO = ("The council", "A spokesperson", "Local traders", "The ferry operator", "Engineers")
_SAID = ("said on Tuesday that", "warned that", "confirmed that", "told reporters that")
_WHAT = ("the new bridge", "the winter timetable", "the library extension", "the river path")
_HOW = ("would open in spring", "needed more money", "was delayed by the storms", "cost less")
_SYLLABLES = ("ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "bra", "tol", "vin", "mar", "dun")


def long_story(seed: int, sentences: int) -> str:
    """A story of ``sentences`` written sentences (about 110 bytes each) with made-up names and
    numbers in each: bzip2 shrinks it only about 12 times, so a 900 kB block of it is more than
    the 64 KiB a reader sniffs first."""
    rng = random.Random(seed)

    def name() -> str:
        return "".join(rng.choices(_SYLLABLES, k=rng.randrange(2, 5))).capitalize()

    return " ".join(
        f"{rng.choice(_WHO)} {rng.choice(_SAID)} {rng.choice(_WHAT)} {rng.choice(_HOW)}, "
        f"{name()} {name()} of {name()} told {rng.randrange(10**6)} readers."
        for _ in range(sentences)
    )


def _big_tar(name: str, mode: str, seed: int) -> tuple:
    """A tar of 5 pages, more than 1 MB in all; the articles they give (title by ref)."""
    titles = {f"{name}#{seed}/p{i}.html": f"Town story {seed + i}" for i in range(5)}
    pages = [
        (ref.split("#")[1], page(title, long_story(seed + i, 2200)))
        for i, (ref, title) in enumerate(titles.items())
    ]
    assert sum(len(p) for _, p in pages) > MB
    return _tar([(n, len(p), io.BytesIO(p)) for n, p in pages], mode), titles


def _bz2_bomb(n_mb: int) -> bytes:
    comp = bz2.BZ2Compressor(9)
    return b"".join(comp.compress(bytes(MB)) for _ in range(n_mb)) + comp.flush()


def write_inputs(folder) -> tuple:
    """The inputs; ``(articles, rejected, errors)``: title by ref, reason by ref, type by ref
    (refs relative to ``folder``)."""
    tar_pages = [
        ("news/bridge.html", page("Footbridge closed", STORIES["bridge"])),
        ("news/choir.txt", f"Choir at the cathedral\n\n{STORIES['choir']}\n".encode()),
    ]
    files = {
        # two bzip2 streams, as pbzip2 writes them
        "articles.jsonl.bz2": bz2.compress(_jsonl("bakery")) + bz2.compress(b"\n" + _jsonl("rail")),
        "more.jsonl.xz": lzma.compress(_jsonl("library")),
        "pages.zip": _zip(
            {
                "site/orchard.html": page("Apple harvest", STORIES["orchard"]),
                "site/": b"",
                "records.jsonl": _jsonl("museum", "cafe"),
                "site/ferry.html.gz": gzip.compress(
                    page("Ferry adds a crossing", STORIES["ferry"])
                ),
            }
        ),
        "pages.tar.gz": _tar([(n, len(d), io.BytesIO(d)) for n, d in tar_pages], "w:gz"),
        "pages.tar.xz": _tar(
            [
                ("chess.html", len(p), io.BytesIO(p))
                for p in [page("Chess final", STORIES["chess"])]
            ],
            "w:xz",
        ),
        "crawl.warc.bz2": bz2.compress(
            _warc_page("https://gazette.example/solar", page("Solar cooperative", STORIES["solar"]))
        ),
        "bomb.jsonl.bz2": _bz2_bomb(64),
        "bomb.txt.xz": lzma.compress(bytes(64 * MB), preset=0),
        "bomb.zip": _zip(
            {"zeros.html": bytes(64 * MB), "clinic.html": page("Clinic", STORIES["clinic"])}
        ),
        "bomb.tar.gz": _tar(
            [("zeros.txt", 256 * MB, _zeros(256)), ("late.txt", 5, io.BytesIO(b"never"))], "w:gz"
        ),
        "cut.html.bz2": bz2.compress(page("Cut short", STORIES["market"]))[:-40],
    }
    big = {"big.tar.bz2": "w:bz2", "big.tbz2": "w:bz2", "big.tgz": "w:gz", "big.txz": "w:xz"}
    big_articles = {}
    for seed, (name, mode) in enumerate(big.items()):
        files[name], titles = _big_tar(name, mode, 10 * seed)
        big_articles.update(titles)
    # more than one bzip2 block, not tars: each stays one document
    files["notes.txt.bz2"] = bz2.compress(f"Harbour notes\n\n{long_story(90, 8500)}".encode())
    files["plain.tar.bz2"] = bz2.compress(f"Quay notes\n\n{long_story(91, 8500)}".encode())
    for name, data in files.items():
        (folder / name).write_bytes(data)
    articles = {
        "articles.jsonl.bz2#L1": "bakery story",
        "articles.jsonl.bz2#L2": "rail story",
        "more.jsonl.xz#L1": "library story",
        "pages.zip#site/orchard.html": "Apple harvest",
        "pages.zip#records.jsonl#L1": "museum story",
        "pages.zip#records.jsonl#L2": "cafe story",
        "pages.zip#site/ferry.html.gz": "Ferry adds a crossing",
        "pages.tar.gz#news/bridge.html": "Footbridge closed",
        "pages.tar.gz#news/choir.txt": "Choir at the cathedral",
        "pages.tar.xz#chess.html": "Chess final",
        "crawl.warc.bz2": "Solar cooperative",
        "bomb.zip#clinic.html": "Clinic",
        "notes.txt.bz2": "Harbour notes",
        "plain.tar.bz2": "Quay notes",
        **big_articles,
    }
    rejected = {
        "bomb.jsonl.bz2": "too_large",
        "bomb.txt.xz": "too_large",
        "bomb.zip#zeros.html": "too_large",
        "bomb.tar.gz#zeros.txt": "too_large",
        "bomb.tar.gz#rest": "too_large",
    }
    errors = {"cut.html.bz2": "EOFError"}
    return articles, rejected, errors


def _key(folder, ref: str) -> str:
    key = ref[len(str(folder)) + 1 :]
    return "crawl.warc.bz2" if key.startswith("crawl.warc.bz2#") else key  # WARC ids: random


@pytest.fixture(scope="module")
def compressed_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("compressed")
    (root / "in").mkdir()
    expected = write_inputs(root / "in")
    (root / "small.yaml").write_text(f"read:\n  max_bytes: {MAX_BYTES}\n")
    proc = run_command(
        "--input", f"{root}/in/*", "--output", f"{root}/out", "--config", f"{root}/small.yaml",
        "--run-date", "2026-03-02", "--no-progress",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root / "in", root / "out", expected


def test_compressed_files_and_archives_give_their_articles(compressed_run):
    folder, out, (articles, _, _) = compressed_run
    rows = query(out, "SELECT source_ref, source_path, title, text FROM articles")
    found = {_key(folder, ref): (path, title, text) for ref, path, title, text in rows}
    assert {k: v[1] for k, v in found.items()} == articles
    for key, (path, _, text) in found.items():
        archive = key.split("#")[0]
        assert path == str(folder / archive), key  # the file a user can find on disk
        assert len(text.split()) > 50, key


def test_a_bomb_in_any_compression_is_one_rejected_row(compressed_run):
    folder, out, (_, rejected, errors) = compressed_run
    rows = query(out, "SELECT source_ref, reason, detail FROM rejected")
    assert {_key(folder, ref): reason for ref, reason, _ in rows} == rejected
    details = " ".join(detail for _, _, detail in rows)
    assert f"{MAX_BYTES}" in details and "archive output exceeds" in details
    failed = query(out, "SELECT source_path, error_type, error_message FROM errors")
    assert {_key(folder, p): t for p, t, _ in failed} == errors
    assert "truncated bzip2 stream" in failed[0][2]
