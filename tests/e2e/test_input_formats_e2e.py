"""Every row of the README's input table, end to end through the CLI, read back as text and titles;
a WARC of pages extracts as the same pages given as .html; a folder is read recursively; the run
id does not depend on how the pattern is spelled and the output folder is never read."""

import gzip
import io
import json
import os

import pyarrow.dataset as ds
import pytest

from tests.support.cli import run_command
from tests.support.hostile_files import STORY, page
from tests.support.paths import ROOT
from tests.support.sample_stories import STORIES as _STORIES

STORIES = dict(_STORIES, harbour=STORY)

RUN_DATE = "2026-03-02"
XHTML = (
    '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
    "<head><title>{title}</title></head><body><article><h1>{title}</h1><p>{story}</p>"
    "</article></body></html>"
)


def _first_sentence(name: str) -> str:
    return STORIES[name].split(". ")[0]


def _warc(pages: list, *, compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    for url, body in pages:
        writer.write_record(
            writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        )
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        )
    return buf.getvalue()


def _rss(name: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Gazette</title>'
        "<link>https://gazette.example/</link><item><title>Rss story</title>"
        "<link>https://gazette.example/rss-story</link><guid>rss-1</guid>"
        "<pubDate>Mon, 02 Mar 2026 07:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{STORIES[name]}</p>]]></content:encoded></item>"
        "</channel></rss>"
    )


def _atom(name: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Gazette</title><id>urn:gazette</id><updated>2026-03-02T07:00:00Z</updated>"
        "<entry><title>Atom story</title><id>urn:atom-1</id>"
        '<link href="https://gazette.example/atom-story"/><updated>2026-03-02T07:00:00Z</updated>'
        f'<content type="html">&lt;p&gt;{STORIES[name]}&lt;/p&gt;</content></entry></feed>'
    )


def _rdf(name: str) -> str:
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        '<channel rdf:about="https://gazette.example/"><title>Gazette</title>'
        "<link>https://gazette.example/</link></channel>"
        '<item rdf:about="https://gazette.example/rdf-story"><title>Rdf story</title>'
        "<link>https://gazette.example/rdf-story</link>"
        f"<content:encoded><![CDATA[<p>{STORIES[name]}</p>]]></content:encoded></item></rdf:RDF>"
    )


def _json_feed(name: str) -> str:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Gazette",
            "items": [
                {
                    "id": "jf-1",
                    "url": "https://gazette.example/json-feed-story",
                    "title": "Json feed story",
                    "content_html": f"<p>{STORIES[name]}</p>",
                }
            ],
        }
    )


def _record(name: str, title: str, **extra) -> str:
    return json.dumps({"url": f"https://gazette.example/{name}", "title": title, **extra})


def write_formats(folder) -> dict:
    """One file per row of the README's input table; ``{key: (story, title)}``."""
    sub = folder / "sub" / "deeper"  # the folder is read recursively
    sub.mkdir(parents=True)
    files = {
        "story.txt": f"Ferry adds an evening crossing\n\n{STORIES['ferry']}\n",
        "page.html": page("Chess champion", STORIES["chess"]),
        "page.htm": page("Footbridge closed", STORIES["bridge"]),
        "page.xhtml": XHTML.format(title="Choir at the cathedral", story=STORIES["choir"]),
        "records.jsonl": _record(
            "solar", "Solar cooperative", html=page("Solar", STORIES["solar"]).decode()
        )
        + "\n"
        + _record("harbour", "Harbour wall", html=f"<p>{STORY}</p>"),  # a fragment of HTML
        "records.ndjson": _record("clinic", "Dental clinic", text=STORIES["clinic"]),
        "array.json": "[" + _record("market", "Market returns", text=STORIES["market"]) + "]",
        "news.rss": _rss("storm"),
        "news.atom": _atom("garden"),
        "news.rdf": _rdf("cinema"),
        "feed.json": _json_feed("bakery"),
        "sub/deeper/story.txt.gz": f"Rail buses for six weeks\n\n{STORIES['rail']}\n",
        "sub/page.html.gz": page("Library opens on Sundays", STORIES["library"]),
        "sub/records.jsonl.gz": _record("orchard", "Apple harvest", text=STORIES["orchard"]),
    }
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    (folder / "crawl.warc").write_bytes(
        _warc([("https://gazette.example/museum", page("Museum reopens", STORIES["museum"]))],
              compress=False)
    )  # fmt: skip
    (folder / "sub" / "crawl.warc.gz").write_bytes(
        _warc([("https://gazette.example/cafe", page("Quay goes car free", STORIES["cafe"]))],
              compress=True)
    )  # fmt: skip
    return {
        "story.txt": ("ferry", "Ferry adds an evening crossing"),
        "page.html": ("chess", "Chess champion"),
        "page.htm": ("bridge", "Footbridge closed"),
        "page.xhtml": ("choir", "Choir at the cathedral"),
        "records.jsonl#L1": ("solar", "Solar cooperative"),
        "records.jsonl#L2": ("harbour", "Harbour wall"),
        "records.ndjson#L1": ("clinic", "Dental clinic"),
        "array.json#0": ("market", "Market returns"),
        "news.rss#guid=rss-1": ("storm", "Rss story"),
        "news.atom#guid=urn:atom-1": ("garden", "Atom story"),
        "news.rdf#guid=https://gazette.example/rdf-story": ("cinema", "Rdf story"),
        "feed.json#guid=jf-1": ("bakery", "Json feed story"),
        "story.txt.gz": ("rail", "Rail buses for six weeks"),
        "page.html.gz": ("library", "Library opens on Sundays"),
        "records.jsonl.gz#L1": ("orchard", "Apple harvest"),
        "crawl.warc": ("museum", "Museum reopens"),
        "crawl.warc.gz": ("cafe", "Quay goes car free"),
    }


def _read(out, table: str = "articles") -> list:
    files = [
        os.path.join(d, f) for d, _, names in os.walk(out / table) for f in names
        if f.endswith(".parquet")
    ]  # fmt: skip
    return ds.dataset(files, format="parquet", partitioning="hive").to_table().to_pylist()


def _key(ref: str) -> str:
    path, _, fragment = ref.partition("#")
    name = os.path.basename(path)
    return name if ".warc" in name or not fragment else f"{name}#{fragment}"  # WARC ids: random


@pytest.fixture(scope="module")
def formats_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats") / "in"
    folder.mkdir()
    expected = write_formats(folder)
    out = folder.parent / "out"
    proc = run_command("--input", str(folder), "--output", str(out), "--run-date", RUN_DATE)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return folder, out, expected


def test_every_input_format_gives_its_text_and_title(formats_run):
    _, out, expected = formats_run
    rows = {_key(r["source_ref"]): r for r in _read(out)}
    assert sorted(rows) == sorted(expected)
    for key, (story, title) in expected.items():
        row = rows[key]
        assert row["title"] == title, key
        assert _first_sentence(story) in row["text"], key
        assert row["language"] == "en" and "<" not in row["text"], key
    assert rows["crawl.warc"]["url"] == "https://gazette.example/museum"
    assert rows["page.html"]["published_at"].isoformat().startswith("2026-03-02T08:00")


def test_warc_records_extract_as_the_same_pages_as_html(tmp_path, formats_run):
    """The same pages as .html files and inside a WARC (request records and a warcinfo too)."""
    html_dir, warc_dir = tmp_path / "html", tmp_path / "warc"
    html_dir.mkdir()
    warc_dir.mkdir()
    names = ("chess", "bridge", "museum")
    pages = [(f"https://gazette.example/{n}", page(f"Story of the {n}", STORIES[n])) for n in names]
    for (_, body), name in zip(pages, names):
        (html_dir / f"{name}.html").write_bytes(body)
    (warc_dir / "pages.warc.gz").write_bytes(_warc(pages, compress=True))
    results = {}
    for kind, folder in (("html", html_dir), ("warc", warc_dir)):
        out = tmp_path / f"out-{kind}"
        proc = run_command("--input", f"{folder}/*", "--output", str(out), "--run-date", RUN_DATE)
        assert proc.returncode == 0, proc.stderr[-3000:]
        results[kind] = sorted(_read(out), key=lambda r: r["title"])
        [manifest] = (out / "_runs").glob("*.json")
        results[f"{kind}-manifest"] = json.loads(manifest.read_text())
    columns = ("title", "text", "published_at", "language", "word_count", "description")
    assert [{c: r[c] for c in columns} for r in results["warc"]] == [
        {c: r[c] for c in columns} for r in results["html"]
    ]
    assert [r["url"] for r in results["warc"]] == [url for url, _ in sorted(pages)]
    metrics = results["warc-manifest"]["metrics"]["read"]
    assert metrics["skipped_warc_request"] == 3 and metrics["skipped_warc_warcinfo"] == 1
    assert results["warc-manifest"]["inputs"] == 3 and results["warc-manifest"]["balanced"]


def test_pattern_spelling_gives_one_run_and_the_output_is_not_read(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "story.txt").write_text(f"Ferry adds an evening crossing\n\n{STORIES['ferry']}\n")
    out = data / "out"  # inside the input glob
    spellings = [f"{data}/**", os.path.relpath(data, ROOT) + "/./**", f"{tmp_path}/x/../data/**"]
    for pattern in spellings:
        proc = run_command("--input", pattern, "--output", str(out), "--run-date", RUN_DATE)
        assert proc.returncode == 0, proc.stderr[-3000:]
    [manifest] = (out / "_runs").glob("*.json")  # one run id for the three spellings
    assert json.loads(manifest.read_text())["inputs"] == 1
    [row] = _read(out)
    assert row["title"] == "Ferry adds an evening crossing"
    assert not (out / "errors").exists() or _read(out, "errors") == []
