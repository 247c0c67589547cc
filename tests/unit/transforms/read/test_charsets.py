"""Encodings pages do not state or state wrong, as pure functions on bytes (and decode_bytes,
which reads through them)."""

import pytest

from transforms.extract.decode import UndecodableError, decode_bytes
from transforms.read.charsets import as_utf8, utf16_without_bom

FRENCH = "Le président a annoncé mercredi une réforme très contestée."
GERMAN = "Die Änderungen betreffen Familien, für die künftig höhere Zuschüsse gelten."
RUSSIAN = "Президент России заявил, что переговоры «ПРОДОЛЖАТСЯ» на следующей неделе. " * 5


def _page(title: str, body: str) -> str:
    return f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body>"


@pytest.mark.parametrize(
    "page",
    [
        _page("Café résumé", f"<p>{FRENCH}</p>").encode("cp1252"),  # read as cp1250: "trčs"
        _page("Crème brûlée", "<p>Text – with dashes — and “quotes”.</p>" * 20)
        .encode("utf-8")
        .replace("brûlée".encode(), "brûlée".encode("cp1252")),  # read as mac_iceland
        _page("Nachrichten – Politik", "<nav>Start » Politik © 2024</nav>").encode("utf-8")
        + f"<p>{GERMAN}</p>".encode("cp1252"),  # the UTF-8 part read as cp1250: "â€“"
    ],
    ids=["all-cp1252", "one-cp1252-word-in-utf8", "utf8-template-cp1252-article"],
)
def test_a_page_declared_utf8_holding_windows_1252_reads_right(page):
    text, encoding = decode_bytes(page)
    expected = page.decode("utf-8", errors="replace")
    for word in ("résumé", "très", "brûlée", "Nachrichten – Politik", "© 2024", "künftig"):
        if word.encode("cp1252") in page or word.encode("utf-8") in page:
            assert word in text, (word, encoding, text[:200])
    assert "\ufffd" not in text and encoding in ("cp1252", "utf-8+cp1252")
    assert len(text) <= len(expected)


def test_a_legacy_page_that_is_not_western_is_still_detected():
    text, encoding = decode_bytes(_page("Новости", RUSSIAN).encode("cp1251"))
    assert "«ПРОДОЛЖАТСЯ»" in text and "Новости" in text and encoding == "cp1251"


def test_valid_utf8_wins_over_a_default_latin1_header():
    data = f"<p>{GERMAN}</p>".encode()
    assert decode_bytes(data, header="text/html; charset=ISO-8859-1") == (
        f"<p>{GERMAN}</p>",
        "utf-8",
    )


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [GERMAN * 3, RUSSIAN, '{"title": "Zürich", "text": "x"}\n'])
def test_utf16_without_a_byte_order_mark_is_found_and_read(codec, text):
    data = text.encode(codec)
    assert utf16_without_bom(data) == codec
    assert decode_bytes(data) == (text, codec)
    assert as_utf8(data) == (text.encode("utf-8"), codec)


def test_a_lying_utf16_declaration_on_utf8_bytes_is_not_believed():
    page = f'<meta charset="utf-16"><p>{GERMAN}</p>'
    assert decode_bytes(page.encode("utf-8"))[0] == page
    assert decode_bytes(page.encode("ascii", "ignore"))[1] == "utf-8"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,  # zero bytes at both positions
        b"\x01\x00\x02\x00\x03\x00" * 500,  # 16-bit numbers: controls when read as UTF-16
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500),
    ],
)
def test_binary_is_not_taken_for_utf16(data):
    assert utf16_without_bom(data) is None
    with pytest.raises(UndecodableError):
        decode_bytes(data)


def test_plain_bytes_are_left_as_they_are():
    assert as_utf8(GERMAN.encode("utf-8")) == (GERMAN.encode("utf-8"), None)
    assert as_utf8(GERMAN.encode("utf-16")) == (GERMAN.encode("utf-8"), "utf-16-le")
