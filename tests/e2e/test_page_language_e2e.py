"""The page's declared language (``<html lang>``, ``og:locale``, ``content-language``) reaches the
language detector as ``hint_language``: it settles a sample too short to tell Italian from
Romanian, and never turns round the detection of a German text on a page whose template declares
English (through the CLI)."""

import dataclasses
import datetime as dt

from tests.support.articles import article
from tests.support.cli import run_files_with_config
from tests.support.tables import query
from transforms.extract.html import extract_html
from transforms.extract.stage import apply_extracted
from transforms.language.detect import detect_article, shared_detector_factory

GERMAN = (
    "Der Gemeinderat hat am Dienstagabend nach langer Debatte beschlossen, die alte Brücke über "
    "den Fluss im kommenden Frühjahr abzureißen und durch einen Neubau zu ersetzen. Die Kosten "
    "werden auf rund zwölf Millionen Euro geschätzt, von denen das Land einen großen Teil "
    "übernehmen soll. Anwohner hatten sich über Monate gegen die Pläne gewehrt, weil sie während "
    "der Bauzeit lange Umwege fürchten."
)


ITALIAN = "Sulla riviera romagnola alberghi pieni fino a settembre e spiagge affollate ogni giorno."


def _page(lang: str, title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )


def test_the_page_lang_decides_a_short_page_and_not_a_long_one_it_contradicts(tmp_path):
    pages = {
        "turismo.html": _page("it", "Turismo, estate record", ITALIAN),
        "bruecke.html": _page("en", "Brücke wird abgerissen", GERMAN),
    }
    out = run_files_with_config(tmp_path, pages, "filter:\n  min_words: 1\n  min_chars: 1\n")
    rows = query(out, "SELECT title, language FROM articles ORDER BY title")
    assert rows == [("Brücke wird abgerissen", "de"), ("Turismo, estate record", "it")]


def test_the_page_declaration_is_the_hint_and_settles_a_short_sample():
    profiles = shared_detector_factory(0)
    for meta, lang in (('<html lang="it">', "it"), ('<html><meta property="og:locale" content="it_IT">', "it"),
                       ('<html><meta http-equiv="Content-Language" content="it">', "it")):  # fmt: skip
        page = extract_html(
            f"{meta}<title>Turismo, estate record</title><p>Rimini: turismo, estate record</p>".encode()
        )
        merged = apply_extracted(article("", ""), page, run_date=dt.date(2026, 12, 6))
        assert merged.hint_language == lang
        text = merged.text
        assert detect_article(profiles, merged.title, text)[0] == "ro"
        assert (
            detect_article(profiles, merged.title, text, declared=merged.hint_language)[0] == "it"
        )
    stated = dataclasses.replace(article("", ""), hint_language="de")
    page = extract_html(b'<html lang="en"><title>T</title><p>x</p>')
    assert apply_extracted(stated, page, run_date=None).hint_language == "de"
