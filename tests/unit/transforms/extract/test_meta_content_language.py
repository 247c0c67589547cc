"""The page language from ``<meta http-equiv="content-language">``: read with the other meta tags
in one pass, the first such tag, its first language, and only when nothing else declares one."""

import lxml.html
import pytest

from transforms.extract.metadata import page_meta


def _language(head: str, html_attrs: str = "") -> str:
    page = f"<html{html_attrs}><head>{head}<title>T</title></head><body><p>x</p></body></html>"
    return page_meta(lxml.html.fromstring(page)).language


@pytest.mark.parametrize(
    "head, attrs, language",
    [
        ('<meta http-equiv="Content-Language" content="de-DE, en">', "", "de-DE"),
        (
            '<meta http-equiv="last-modified" content="2026-12-01">'
            '<meta http-equiv=" content-language " content="it">'
            '<meta http-equiv="content-language" content="fr">',
            "",
            "it",
        ),
        ('<meta http-equiv="content-language" content="de">', ' lang="pl"', "pl"),
        (
            '<meta name="content-language" content="nl"><meta http-equiv="content-language" '
            'content="de">',
            "",
            "nl",
        ),  # fmt: skip
        ('<meta http-equiv="expires" content="0"><meta name="author" content="A B">', "", None),
    ],
)
def test_content_language_is_the_first_http_equiv_and_the_last_resort(head, attrs, language):
    assert _language(head, attrs) == language
