"""A page whose first 200 KB (what detection reads) are ASCII or UTF-8 and whose stray bytes come
later: the stray bytes are read in a legacy encoding, never "in" UTF-8 or ASCII (U+FFFD)."""

import pytest

from transforms.read.charsets import decode_not_utf8

ENGLISH = "The harbour authority said on Monday that the old grain terminal will become a market. "


@pytest.mark.parametrize(
    "head", [ENGLISH * 2500, "Café – " + ENGLISH * 2500], ids=["ascii-head", "utf8-head"]
)
def test_a_windows_1252_word_after_the_detected_part_reads_right(head):
    data = head.encode() + "Crème brûlée".encode("cp1252")
    text, encoding = decode_not_utf8(data)
    assert encoding == "utf-8+cp1252"
    assert text.endswith("market. Crème brûlée") and "\ufffd" not in text


def test_the_stray_encoding_is_never_utf8_or_ascii():
    data = ("Café – " + ENGLISH * 2500).encode() + "Новости дня".encode("cp1251")
    text, encoding = decode_not_utf8(data)
    assert encoding.startswith("utf-8+")
    assert encoding not in ("utf-8+utf-8", "utf-8+ascii")
    assert text.startswith("Café – The harbour")
