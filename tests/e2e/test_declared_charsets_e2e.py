"""A page's declared charset is taken only when it names an encoding of the WHATWG Encoding
standard, the ones a browser reads a page in. Python's codec registry knows many more names, and
a page (or a server's header) that declared one of them was once decoded with it: ``punycode``
made the page an error row, EBCDIC ``cp037`` turned an ASCII page into symbols (rejected
``not_article``), ``unicode_escape`` rewrote the backslashes of its text, ``hz`` its ``~{``.
Through the CLI, read back: each of those pages is its article, word for word."""

import pytest

from tests.support.cli import run_command
from tests.support.hostile_files import page
from tests.support.sample_stories import STORIES
from tests.support.tables import rows

# What such a codec changes in plain ASCII text; each page ends with it.
MARK = r"Readers wrote C++ +1 and ~{ok~} in C:\news\u0041 folders."
BOGUS = ("punycode", "cp037", "cp500", "unicode_escape", "raw_unicode_escape", "hz", "idna")
WEB = {
    "koi8-r": "Городской совет утвердил бюджет на следующий год.",
    "windows-1250": "Zażółć gęślą.",
}


def _page(key: str, charset: str, extra: str) -> bytes:
    body = page(f"Story of the {key}", STORIES[key], f"<p>{extra}</p>").decode()
    return body.replace("<meta charset='utf-8'>", f"<meta charset='{charset}'>").encode(
        charset if charset in WEB else "ascii"
    )


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    src, out = tmp_path_factory.mktemp("in"), tmp_path_factory.mktemp("out")
    keys = iter(STORIES)
    for charset in BOGUS:
        (src / f"{charset}.html").write_bytes(_page(next(keys), charset, MARK))
    for charset, words in WEB.items():  # declarations that are right keep working
        (src / f"{charset}.html").write_bytes(_page(next(keys), charset, f"{words} {MARK}"))
    proc = run_command("--input", f"{src}/*", "--output", str(out), "--run-date", "2026-11-22")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def _texts(out) -> dict:
    found = rows(out, "articles", columns="source_path, title, text")
    return {r["source_path"].rsplit("/", 1)[1].removesuffix(".html"): r for r in found}


def test_every_page_is_an_article(out):
    assert rows(out, "errors") == [] and rows(out, "rejected") == []
    assert sorted(_texts(out)) == sorted([*BOGUS, *WEB])


@pytest.mark.parametrize("charset", BOGUS)
def test_a_codec_no_browser_reads_pages_in_is_not_applied(out, charset):
    row = _texts(out).get(charset)
    assert row, f"no article from the page declared {charset}"
    assert row["title"].startswith("Story of the ")
    assert row["text"].rstrip().endswith(MARK)


@pytest.mark.parametrize("charset", WEB)
def test_a_web_encoding_that_is_declared_is_read_in_it(out, charset):
    assert _texts(out)[charset]["text"].rstrip().endswith(f"{WEB[charset]} {MARK}")
