"""A feed's declared encoding is kept only when it is a web encoding (feed_text)."""

import pytest

from transforms.read.feed_text import drop_foreign_charsets

_DOC = b"<?xml version='1.0' encoding='%s'?><rss/>"


@pytest.mark.parametrize("name", ["punycode", "cp037", "unicode_escape", "hz", "bogus"])
def test_a_foreign_declaration_is_dropped(name):
    data, ctype = drop_foreign_charsets(
        _DOC % name.encode(), f"application/rss+xml; charset={name}"
    )
    assert (data, ctype) == (b"<?xml version='1.0'?><rss/>", "application/rss+xml")


@pytest.mark.parametrize(
    "name, codec",
    [
        ("utf-8", "utf-8"),
        ("ISO-8859-1", "cp1252"),
        ("windows-1251", "cp1251"),
        ("gb2312", "gb18030"),
        ("x-mac-cyrillic", "mac-cyrillic"),
    ],
)
def test_a_web_declaration_is_kept_as_the_codec_browsers_use(name, codec):
    ctype = f'text/xml; charset="{name}"'
    assert drop_foreign_charsets(_DOC % name.encode(), ctype) == (
        _DOC % codec.encode(),
        f'text/xml; charset="{codec}"',
    )
