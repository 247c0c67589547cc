"""A title stated as "Headline | site | slogan" gives the headline, the part the page's h1
states, not the slogan (the longest part)."""

from transforms.extract.html import extract_html

BODY = "".join(
    f"<p>{p}</p>"
    for p in (
        "Am frühen Morgen liegt Nebel über dem See, und die ersten Boote fahren hinaus zu den "
        "Stellen, an denen die Hechte im Winter stehen, tief unten am Rand der Scharkante.",
        "Wer im Januar fischt, braucht Geduld, warme Kleidung und ein Vorfach, das den scharfen "
        "Zähnen der Räuber standhält, denn ein verlorener Fisch ist eine verpasste Gelegenheit.",
        "Die meisten Fänge gelingen in den Stunden vor Mittag, wenn das Licht flach über das "
        "Wasser fällt und die Fische für kurze Zeit aktiver werden als sonst am Tag.",
    )
)
URL = "https://www.fischerblatt.example/de/winterhechte-1026"


def title_of(title: str, h1: str, nav_h1: str = "") -> tuple:
    head = f'<title>{title}</title><meta property="og:title" content="{title}">'
    nav = f'<nav class="menu"><h1>{nav_h1}</h1></nav>' if nav_h1 else ""
    html = (
        f'<html lang="de"><head>{head}</head><body>{nav}'
        f"<article><h1>{h1}</h1>{BODY}</article></body></html>"
    )
    out = extract_html(html, url=URL)
    return out.title, out.title_source


def test_the_part_the_h1_states_wins_over_a_longer_slogan():
    title = "Seehechte im Winter | fischerblatt.example | Dein Magazin für Fischerei am See"
    assert title_of(title, "Seehechte im Winter") == ("Seehechte im Winter", "meta")


def test_the_h1_part_is_found_whatever_its_case_and_punctuation():
    title = "Seehechte im Winter | fischerblatt.example | Dein Magazin für Fischerei am See"
    assert title_of(title, "SEEHECHTE IM WINTER!") == ("Seehechte im Winter", "meta")


def test_a_section_part_is_dropped_when_the_h1_states_the_headline():
    title = "Hechte im Winter fangen - Tipps vom Profi"
    assert title_of(title, "Hechte im Winter fangen") == ("Hechte im Winter fangen", "meta")


def test_without_an_h1_part_the_longest_part_that_is_not_the_site_stays():
    title = "Seehechte im Winter | fischerblatt.example | Dein Magazin für Fischerei am See"
    assert title_of(title, "Ein ganz anderer Titel") == (
        "Dein Magazin für Fischerei am See",
        "meta",
    )


def test_a_menu_h1_does_not_pick_a_part():
    # the slogan is the navigation's h1: the page's own headline is not stated, the title stays
    title = "Seehechte im Winter - Fischen am See"
    assert title_of(title, "Ein ganz anderer Titel", nav_h1="Fischen am See") == (title, "meta")


def test_a_headline_without_separated_parts_stays_whole():
    title = "Seehechte: Im Winter am See"
    assert title_of(title, "Seehechte") == (title, "meta")
