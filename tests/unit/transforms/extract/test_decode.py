import codecs

import pytest

from transforms.extract.decode import UndecodableError, declared_charset, decode_bytes, looks_binary

RUSSIAN = "Президент России заявил, что переговоры продолжатся на следующей неделе в Москве. " * 3
GERMAN = "Die Bürgermeisterin äußerte sich über die Straßenbahn und die Öffnungszeiten. " * 3
CHINESE = "中国国家统计局今天发布了最新的经济数据，显示工业生产继续增长。" * 3
JAPANESE = "東京都は今日、新しい交通計画を発表しました。市民の生活に大きな影響があります。" * 3


@pytest.mark.parametrize(
    "text, codec",
    [
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (GERMAN, "latin-1"),
        (GERMAN, "cp1252"),
        (CHINESE, "gb2312"),
        (JAPANESE, "shift_jis"),
        (GERMAN, "utf-8"),
    ],
)
def test_undeclared_charsets_are_detected(text, codec):
    decoded, _ = decode_bytes(text.encode(codec))
    assert decoded == text


@pytest.mark.parametrize("codec", ["cp1251", "gb2312", "shift_jis", "iso-8859-2"])
def test_meta_charset_is_honoured(codec):
    text = {
        "cp1251": RUSSIAN,
        "gb2312": CHINESE,
        "shift_jis": JAPANESE,
        "iso-8859-2": "Łódź źdźbło " * 5,
    }[codec]
    page = f'<html><head><meta charset="{codec}"></head><body><p>{text}</p></body></html>'
    decoded, encoding = decode_bytes(page.encode(codec))
    assert text in decoded
    # Read as browsers read the label (WHATWG): GB2312 as GB18030, Shift_JIS as Windows-31J.
    wider = {"gb2312": "gb18030", "shift_jis": "cp932"}
    assert encoding == wider.get(codec, codecs.lookup(codec).name)


def test_http_header_charset_wins_over_detection():
    data = GERMAN.encode("cp1252")
    decoded, encoding = decode_bytes(data, header="text/html; charset=windows-1252")
    assert decoded == GERMAN and encoding == "cp1252"


def test_lying_declaration_falls_back_to_utf8():
    page = f'<meta charset="ascii"><p>{GERMAN}</p>'.encode()
    assert GERMAN in decode_bytes(page)[0]
    page = f'<meta charset="iso-8859-5"><p>{CHINESE}</p>'.encode()  # declared but impossible
    assert CHINESE in decode_bytes(page)[0] or decode_bytes(page)[1] == "iso8859-5"


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig", "utf-32"])
def test_bom(codec):
    assert decode_bytes(GERMAN.encode(codec))[0] == GERMAN


def test_mostly_utf8_with_one_bad_byte_keeps_utf8():
    data = GERMAN.encode("utf-8") + b"\xff" + GERMAN.encode("utf-8")
    text, encoding = decode_bytes(data)
    assert encoding.startswith("utf-8")
    assert text.startswith(GERMAN) and text.endswith(GERMAN) and len(text) == 2 * len(GERMAN) + 1


def test_binary_is_refused():
    data = bytes(range(256)) * 50
    assert looks_binary(data)
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(data)


def test_png_header_is_binary():
    with pytest.raises(UndecodableError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500))


def test_declared_charset_sources():
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><rss/>') == "cp1252"
    assert declared_charset(b"<p>x</p>", header="text/html; charset=UTF-8") == "utf-8"
    assert (
        declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">')
        == "koi8-r"
    )
    assert declared_charset(b'<meta charset="no-such-codec">') is None


@pytest.mark.parametrize(
    "label, codec",
    [
        ("punycode", None),  # Python codecs no browser reads a page in
        ("cp037", None),
        ("unicode_escape", None),
        ("hz-gb-2312", None),  # a WHATWG "replacement" label
        ("Windows-1252", "cp1252"),
        ("windows-874", "cp874"),  # web labels Python's registry lacks
        ("x-mac-cyrillic", "mac-cyrillic"),
        ("windows-31j", "cp932"),
    ],
)
def test_only_web_encodings_are_declared(label, codec):
    assert declared_charset(f"<meta charset='{label}'><p>C:\\news</p>".encode()) == codec
    assert declared_charset(b"<p>x</p>", header=f"text/html; charset={label}") == codec
