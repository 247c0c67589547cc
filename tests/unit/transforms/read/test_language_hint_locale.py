"""A declared language is read by one function, ``language_hint``, whatever input states it and
in whatever form (``pt-BR``, POSIX ``pt_BR``): a JSON record's ``language``, an RSS channel's
``<language>``, an Atom ``xml:lang``, a JSON Feed's ``language`` and a page's ``og:locale`` all
give the same hint, the ISO 639 language (``pt``), which is what a row's ``language`` holds when
its text says nothing of its language."""

import json

import pytest

from transforms.read.documents import explode_file
from transforms.read.feed_parse import explode_feed
from transforms.read.items import language_hint

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Cidade</title>
<language>{lang}</language><item><title>Novo plano</title><link>https://n.example/1</link>
<description>Novo plano de ônibus</description></item></channel></rss>"""

ATOM = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">
<title>Cidade</title><id>urn:f</id><updated>2025-01-01T00:00:00Z</updated><entry>
<title>Novo plano</title><id>urn:1</id><updated>2025-01-01T00:00:00Z</updated>
<link href="https://n.example/1"/><content type="html">&lt;p&gt;Novo plano&lt;/p&gt;</content>
</entry></feed>"""


def _json_feed(lang: str) -> str:
    items = [{"id": "1", "url": "https://n.example/1", "content_text": "Novo plano de ônibus"}]
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Cidade",
            "language": lang,
            "items": items,
        }  # fmt: skip
    )


def _record_hint(lang: str):
    record = json.dumps({"text": "Novo plano de ônibus", "language": lang})
    [item] = explode_file("/x/r.jsonl", record.encode(), max_bytes=10_000)
    return item.hint_language


def test_a_stated_language_is_its_iso_639_language():
    values = ("pt_BR", "pt-BR", "de_DE", "zh_Hant_TW", "EN", "en-GB", "x" * 9, "../etc", None)
    assert [language_hint(v) for v in values] == [
        "pt",
        "pt",
        "de",
        "zh",
        "en",
        "en",
        None,
        None,
        None,
    ]


@pytest.mark.parametrize("lang", ["pt_BR", "pt-BR", "pt"])
@pytest.mark.parametrize("feed", [RSS.format, ATOM.format, _json_feed], ids=["rss", "atom", "json"])
def test_a_feed_gives_the_hint_a_jsonl_record_gives(feed, lang):
    [entry] = explode_feed(feed(lang=lang).encode(), source_path="/x/f.xml")
    assert entry.hint_language == _record_hint(lang) == "pt"
