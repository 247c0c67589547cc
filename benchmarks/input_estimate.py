"""``dedup.engine: auto``'s document estimate against the documents the reader finds.

    python benchmarks/input_estimate.py [--pages 200] [--baseline-rev REV]

Builds, from the first N real pages of the shared trafilatura-eval set (the way
/work/shared/tools/real-data-smoke builds its inputs), one folder per layout: a page a file
(``.html``, ``.html.gz``), one WARC (plain, gzipped), JSON lines (plain, gzipped, and as
Spark's ``part-00000``), a ``.txz`` tar; and the real feed files of the shared feeds set.
Prints, per layout, its bytes, the documents ``read_file`` yields, and the estimate of this
code (and of git revision REV, ``git archive``, same folders). Then the measured figures the
estimate rests on: bytes per WARC response record, and entries per real feed file.
"""

import argparse
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path("/work/shared/data")
PAGES = SHARED / "extraction/trafilatura-eval/html"
FEEDS = SHARED / "feeds/real"

# Run in a fresh interpreter with the code under test first on sys.path: the estimate per folder.
_ESTIMATE = """
import json, sys
from pipeline.config.settings import load_settings
from pipeline.graph import batch
out = {}
for name, folder in json.loads(sys.argv[1]).items():
    settings = load_settings(None, {"input": [folder], "output": folder + "-out"})
    out[name] = batch.input_size(settings)[1]
print(json.dumps(out))
"""


def real_pages(n: int) -> list:
    files = sorted(PAGES.iterdir())[:n]
    return [(f.name[:-3], gzip.decompress(f.read_bytes())) for f in files]


def warc_bytes(pages: list, *, gzip_records: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip_records)
    for name, body in pages:
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{len(name)}", "response", io.BytesIO(body), http_headers=http
            )
        )
    return out.getvalue()


def build(work: Path, pages: list) -> dict:
    """``{layout: folder}``, each folder holding the same pages in one layout."""
    lines = b"".join(
        json.dumps(
            {"url": f"https://example.org/{n}", "html": b.decode("utf-8", "replace")}
        ).encode()
        + b"\n"
        for n, b in pages
    )
    tar = io.BytesIO()
    with tarfile.open(fileobj=tar, mode="w:xz") as archive:
        for name, body in pages:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    files = {
        "html": [(name, body) for name, body in pages],
        "html.gz": [(name + ".gz", gzip.compress(body)) for name, body in pages],
        "warc": [("pages.warc", warc_bytes(pages, gzip_records=False))],
        "warc.gz": [("pages.warc.gz", warc_bytes(pages, gzip_records=True))],
        "jsonl": [("pages.jsonl", lines)],
        "jsonl.gz": [("pages.jsonl.gz", gzip.compress(lines))],
        "part-00000": [("part-00000", lines)],
        "txz": [("pages.txz", tar.getvalue())],
    }
    folders = {}
    for layout, contents in files.items():
        folder = work / layout
        folder.mkdir()
        for name, data in contents:
            (folder / name).write_bytes(data)
        folders[layout] = str(folder)
    folders["real feeds"] = str(FEEDS)
    return folders


def found(folder: str) -> tuple:
    """``(bytes, documents read_file yields)`` of every file under ``folder``."""
    from transforms.core.record import Article
    from transforms.read.documents import read_file

    size = documents = 0
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            size += os.path.getsize(path)
            documents += sum(isinstance(i, Article) for i in read_file(path, max_bytes=1 << 30))
    return size, documents


def estimates(code: Path, folders: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _ESTIMATE, json.dumps(folders)],
        env={**os.environ, "PYTHONPATH": str(code)},
        cwd=code,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def feed_entries() -> list:
    """Entries ``read_file`` finds in each real feed file that has any (HTML pages and URL lists
    served as feeds left out)."""
    from transforms.core.record import Article
    from transforms.read.documents import read_file, sniff_format

    counts = []
    for base, _, names in os.walk(FEEDS):
        for name in sorted(names):
            path = os.path.join(base, name)
            if "FirstEntry" in name or sniff_format(path, open(path, "rb").read(2048)) != "feed":
                continue
            n = sum(isinstance(i, Article) for i in read_file(path, max_bytes=50 << 20))
            if n:
                counts.append(n)
    return counts


def export_rev(rev: str, folder: Path) -> Path:
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--baseline-rev")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = real_pages(args.pages)
        folders = build(work, pages)
        now = estimates(ROOT, folders)
        before = (
            estimates(export_rev(args.baseline_rev, work / "before"), folders)
            if args.baseline_rev
            else {}
        )
        label = f"{args.baseline_rev} est." if args.baseline_rev else ""
        print(f"| layout | bytes | documents read | {label} | now est. |")
        print("|---|---:|---:|---:|---:|")
        for layout, folder in folders.items():
            size, documents = found(folder)
            was = f"{before[layout]:,}" if before else ""
            print(f"| {layout} | {size:,} | {documents:,} | {was} | {now[layout]:,} |")
        for gz in (False, True):
            size = len(warc_bytes(pages, gzip_records=gz))
            kind = "gzipped " if gz else ""
            print(f"{kind}WARC: {size / len(pages):,.0f} bytes per response record")
        counts = feed_entries()
        print(
            f"real feed files with entries: {len(counts)}; entries per feed: median "
            f"{statistics.median(counts):.0f}, mean {statistics.mean(counts):.1f}, "
            f"max {max(counts)}"
        )


if __name__ == "__main__":
    main()
