"""Hostile input files written by the tests (never third-party data), each beside a good article."""

import io
import json
import os
import socket
import zlib
from pathlib import Path

from tests.support.sample_stories import STORIES

MB = 1 << 20

STORY = (
    "The city council voted on Tuesday to rebuild the old harbour wall before the winter storms. "
    "Engineers told the members that the stones had shifted by almost a metre since the spring "
    "floods, and that the fishing boats moored behind the wall were at risk. The mayor said the "
    "work would start next month and last until March, paid for by a regional fund and a loan. "
    "Residents who spoke at the meeting asked for the footpath along the quay to stay open, and "
    "the council agreed to keep one lane for walkers while the cranes are working. Local traders "
    "welcomed the decision, saying that the harbour brings visitors to the town all year round. "
)


def page(title: str, story: str = STORY, extra: str = "") -> bytes:
    """A small, realistic news page: navigation, the article with its date, a footer."""
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in story.split(". ") if s.strip())
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | Harbour Gazette</title>"
        "<meta property='article:published_time' content='2026-03-02T08:00:00Z'>"
        f"</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}{extra}</article>"
        "<footer>Copyright Harbour Gazette</footer></body></html>"
    ).encode()


def zeros_gzip(n_mb: int, *, members: int = 1) -> bytes:
    """gzip of ``n_mb`` MB of zero bytes, repeated as ``members`` gzip members (a bomb)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MB)
    member = b"".join(comp.compress(block) for _ in range(n_mb)) + comp.flush()
    return member * members


def _warc_bombs() -> bytes:
    """A gzipped WARC: a record whose WARC-level gzip member inflates to 1 GB, a record whose
    gzip Content-Encoding payload inflates to 1 GB, then a good HTML record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    length = len(http) + 1024 * MB
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/zeros\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        "WARC-Date: 2026-03-02T08:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out.write(comp.compress(head + http))
    for _ in range(1024):
        out.write(comp.compress(bytes(MB)))
    out.write(comp.compress(b"\r\n\r\n") + comp.flush())
    writer = WARCWriter(out, gzip=True)
    for url, headers, body in (
        (
            "https://bomb.example/encoded",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            zeros_gzip(1024),
        ),
        (
            "https://harbour.example/warc-story",
            [("Content-Type", "text/html")],
            page("From WARC", STORIES["museum"]),
        ),
    ):
        status = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=status
        )
        writer.write_record(record)
    return out.getvalue()


def write_hostile(folder: Path) -> dict:
    """Write the good article and the hostile files; return ``{name: (table, reason or type)}``
    for every input item expected, the good ones as ``("articles", title)``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.html").write_bytes(page("Council votes to rebuild harbour wall"))
    (folder / "bomb.html.gz").write_bytes(zeros_gzip(8, members=256))  # 2 GB of zeros
    (folder / "crawl.warc.gz").write_bytes(_warc_bombs())
    os.symlink("/dev/zero", folder / "zero.txt")
    os.mkfifo(folder / "pipe.html")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "server.sock"))
    sock.close()
    os.symlink(folder / "missing.html", folder / "dangling.html")
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    (folder / "binary.dat").write_bytes(bytes(range(256)) * 64)
    # NULs only after the first 8 KB (which decides "binary"): 8 KB of blank lines first.
    nul_text = STORIES["bakery"] + "\n" + " \n" * 4100 + "\x00The harbour\x00 master agreed.\x00"
    (folder / "nul.txt").write_bytes(nul_text.encode("utf-8"))
    raw_name = os.path.join(os.fsencode(folder), b"caf\xe9-story.txt")
    with open(raw_name, "wb") as handle:
        handle.write(STORIES["cafe"].encode("utf-8"))
    records = [
        {
            "url": "https://harbour.example/\ud800",
            "title": "Surrogate \ud800 title",
            "text": STORIES["rail"],
        },
        "[" * 100_000 + "]" * 100_000,
        {
            "url": "https://harbour.example/long-hint",
            "text": STORIES["library"],
            "language": "x" * 300,
        },
        {
            "url": "https://harbour.example/path-hint",
            "text": STORIES["orchard"],
            "language": "../../etc/x",
        },
    ]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    (folder / "records.jsonl").write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    (folder / "out").mkdir()  # the run's own output folder, inside the input folder
    return {
        "good.html": ("articles", "Council votes to rebuild harbour wall"),
        "bomb.html.gz": ("rejected", "too_large"),
        "warc:https://bomb.example/zeros": ("rejected", "too_large"),
        "warc:https://bomb.example/encoded": ("rejected", "too_large"),
        "warc:https://harbour.example/warc-story": ("articles", "From WARC"),
        "zero.txt": ("rejected", "not_regular_file"),
        "pipe.html": ("rejected", "not_regular_file"),
        "server.sock": ("rejected", "not_regular_file"),
        "dangling.html": ("errors", "FileNotFoundError"),
        "loop.txt": ("errors", "OSError"),
        "binary.dat": ("errors", "UndecodableError"),
        "nul.txt": ("articles", None),
        "caf\ufffd-story.txt": ("articles", None),
        "records.jsonl#L1": ("articles", "Surrogate \ufffd title"),
        "records.jsonl#L2": ("errors", "RecursionError"),
        "records.jsonl#L3": ("articles", None),
        "records.jsonl#L4": ("articles", None),
    }


__all__ = ["MB", "STORIES", "STORY", "page", "write_hostile", "zeros_gzip"]
