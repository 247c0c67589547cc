"""A language stated as a POSIX locale (``pt_BR``) is read as the tag ``pt-BR`` wherever the
input states it: a JSON record's ``language`` as a page's ``og:locale`` (which the extract stage
normalised on its own before). The detector compares base languages either way; what changes
for a JSON record is the hint itself, and the language a record gets when its text says nothing
of its language (``pt-br``, no longer ``pt_br``)."""

import json

from transforms.read.documents import explode_file
from transforms.read.items import language_hint


def test_a_posix_locale_is_read_as_a_language_tag():
    assert [language_hint(v) for v in ("pt_BR", "de_DE", "zh_Hant_TW", "en", "en-GB")] == [
        "pt-BR",
        "de-DE",
        "zh-Hant-TW",
        "en",
        "en-GB",
    ]


def test_a_jsonl_record_language_in_posix_form_is_a_tag():
    lines = [
        json.dumps({"text": "Novo plano de ônibus", "language": "pt_BR"}),
        json.dumps({"text": "Neuer Busplan", "lang": "de_AT"}),
    ]
    items = explode_file("/x/r.jsonl", "\n".join(lines).encode(), max_bytes=10_000)
    assert [item.hint_language for item in items] == ["pt-BR", "de-AT"]
