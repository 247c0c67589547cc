"""A page whose declared charset lies is read in what its bytes are. ISO-8859-1 (and
Windows-1252 but for five bytes) decodes any bytes, so a KOI8-R or Windows-1251 page that
says it is one was read as "ðÏÇÏÄÁ × íÏÓË×Å", its language guessed from the garbage."""

import pytest

from transforms.extract.decode import decode_bytes
from transforms.read.charsets import garbled_reading

RU_TITLE = "Погода в Москве"
RU = "".join(
    f"<p>В Москве в понедельник выпал снег, сообщили в городской службе; водителей просят "
    f"быть осторожными на дорогах и не спешить, заметка {i}.</p>"
    for i in range(6)
)
FR_TITLE = "Élections à Montréal"
FR = "".join(
    f"<p>Les électeurs de Montréal se sont rendus aux urnes dimanche pour élire un nouveau "
    f"maire, a indiqué la commission électorale, qui prévoit des résultats lundi, {i}.</p>"
    for i in range(6)
)


def page(title: str, body: str, declared: str) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    return f"<html><head>{meta}<title>{title}</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    "encoding, declared",
    [("koi8-r", "iso-8859-1"), ("cp1251", "iso-8859-1"), ("koi8-r", "windows-1252")],
)
def test_a_cyrillic_page_declared_western_reads_in_its_own_encoding(encoding, declared):
    text, used = decode_bytes(page(RU_TITLE, RU, declared).encode(encoding))
    assert f"<title>{RU_TITLE}</title>" in text and "в городской службе" in text
    assert used not in ("iso8859-1", "cp1252")


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252"])
def test_a_western_page_that_declares_its_charset_truly_keeps_it(declared):
    data = page(FR_TITLE, FR, declared).encode("latin-1")
    text, used = decode_bytes(data)
    assert f"<title>{FR_TITLE}</title>" in text and used.replace("-", "") in ("iso88591", "cp1252")
    assert not garbled_reading(text, declared)


def test_an_ascii_page_is_never_garbled():
    assert not garbled_reading(
        page("Rail strike ends", "<p>The strike ended.</p>", "latin1"), "latin1"
    )


def test_a_declared_central_european_charset_is_kept_on_a_short_text():
    """On a few words the mess ratio is noise (this Polish reads messier than its ISO-8859-3
    misreading): only a Western declaration, which decodes any bytes, is doubted."""
    polish = "Łódź źdźbło " * 5
    text, used = decode_bytes(page("Łódź", f"<p>{polish}</p>", "iso-8859-2").encode("iso-8859-2"))
    assert polish in text and used == "iso8859-2"
