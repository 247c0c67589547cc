"""Calls to act and photo captions inside an article are not in its text; a sentence of the
article that only mentions a newsletter, or a photo, stays (transforms/extract/furniture.py),
and so does every sentence of the must-survive list (benchmarks/data/furniture-survive.tsv):
interview questions, quoted imperatives, "already a member", "From left to right, ...",
reading-time figures, Dutch "imago", "Adobe stock", subheads about copyright."""

import sys

import pytest

from tests.support.paths import ROOT
from transforms.extract.boilerplate import load_model
from transforms.extract.furniture import (
    call_to_act,
    caption,
    furniture_reason,
    site_notice,
    sure_furniture,
)
from transforms.extract.html import extract_html, parse_html
from transforms.extract.paragraphs import PageIndex, plan_paragraphs

sys.path.insert(0, str(ROOT / "benchmarks"))
from furniture_rules import survivors, taken  # noqa: E402

SURVIVORS = survivors()

URL_DE = "https://zeitung.example.de/lokales/2026/12/hallenbad"
ARTICLE_DE = [
    "Das Hallenbad am Stadtpark bleibt bis zum Frühjahr geschlossen, teilte die Stadtverwaltung "
    "am Montag mit, nachdem Gutachter Risse in der Decke über dem großen Becken gefunden hatten.",
    "Der Schwimmverein verschickt seinen Newsletter seit 2019 an rund 4.000 Mitglieder und hat "
    "sie darin über die Schließung und die Trainingszeiten im Nachbarort informiert.",
    "Die Reparatur soll nach ersten Schätzungen 2,4 Millionen Euro kosten, von denen das Land "
    "zwei Drittel übernimmt; der Stadtrat entscheidet im Januar über den Rest der Summe.",
]
CAPTION_DE = "Das Hallenbad am Stadtpark im Sommer 2024. (Foto: Stadtarchiv)"
CALL_DE = "Abonnieren Sie unseren kostenlosen Newsletter und verpassen Sie keine Nachricht mehr!"

URL_EN = "https://news.example.com/city/2026/12/bridge"
ARTICLE_EN = [
    "The old railway bridge over the canal will close for repairs in February, the city's "
    "transport office said on Monday, after inspectors found rust in two of its main beams.",
    "The rail company said its weekly newsletter, which reaches 20,000 commuters, would list the "
    "replacement buses, and that a photo of the rusted beams had been sent to the council.",
    "The repairs are to cost 18 million euros, of which the national rail company pays two "
    "thirds, and the bridge should reopen before the start of the next school year.",
]
CAPTION_EN = "Workers inspect the rusted beams under the bridge on Monday."
CALL_EN = "Share this article with your friends and follow us on Facebook for more local news."


def page(title: str, article: list, caption_text: str, call: str, lang: str) -> str:
    """The caption as WordPress writes it (de) or in a figure (en), the call inside the text."""
    first, *rest = (f"<p>{p}</p>" for p in article)
    if lang == "de":
        figure = (
            '<div class="wp-caption aligncenter"><img src="/bild.jpg" alt="">'
            f'<p class="wp-caption-text">{caption_text}</p></div>'
        )
    else:
        figure = (
            f'<figure><img src="/b.jpg" alt=""><figcaption>{caption_text}</figcaption></figure>'
        )
    return (
        f'<html lang="{lang}"><head><title>{title}</title></head><body><article>'
        f"<h1>{title}</h1>{first}{figure}{rest[0]}<p>{call}</p>{rest[1]}"
        "</article></body></html>"
    )


CASES = {
    "de": (
        URL_DE,
        page("Hallenbad bleibt zu", ARTICLE_DE, CAPTION_DE, CALL_DE, "de"),
        ARTICLE_DE,
        CAPTION_DE,
        CALL_DE,
    ),
    "en": (
        URL_EN,
        page("Railway bridge to close", ARTICLE_EN, CAPTION_EN, CALL_EN, "en"),
        ARTICLE_EN,
        CAPTION_EN,
        CALL_EN,
    ),
}


@pytest.mark.parametrize("lang", sorted(CASES))
def test_caption_and_call_inside_the_article_are_not_in_the_text(lang):
    url, html, article, caption_text, call = CASES[lang]
    text = extract_html(html, url=url).text
    assert call not in text
    assert caption_text not in text
    for para in article:  # the sentence that mentions a newsletter and a photo stays
        assert para in text


@pytest.mark.parametrize("lang", sorted(CASES))
def test_the_rules_mark_the_caption_and_the_call_only(lang):
    _url, html, article, caption_text, call = CASES[lang]
    index = PageIndex(parse_html(html))
    plan = plan_paragraphs([article[0], caption_text, *article[1:2], call, article[2]], index)
    marked = {index.texts[p]: reason for p, reason in plan.sure.items()}
    assert marked == {caption_text: "caption", call: "call"}


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe now to our e-edition for the full story.",
        "Follow The Gazette on Twitter and Instagram and send us your news.",
        "Jetzt Newsletter abonnieren und keine Nachricht mehr verpassen: Melden Sie sich hier an.",
        "Unterstütze unser Magazin bereits mit 2,50 Euro im Monat!",
        "Klicken Sie auf den Button, um den Inhalt von Youtube zu laden.",
        "Pour lire la suite et accéder à 3 articles par mois, créez votre compte.",
        "¡Síguenos en nuestro canal de Telegram!",
        "Wesprzyj nas darowizną lub przekaż nam 1% podatku.",
        "Already a subscriber? Log in to keep reading.",
        "Hat Ihnen dieser Artikel gefallen? Dann teilen Sie ihn mit Freunden.",
        "Benachrichtigungen aktivieren",
        "Jetzt registrieren und alle Artikel lesen",
        "Jetzt testen!",
        "Abbonati",
        "Suscríbete y te enviaremos cada mañana las noticias de la ciudad.",
        "„Stadtgespräch“ – jeden Freitag: Abonnieren Sie unseren Newsletter aus dem Rathaus",
        "Download the Gazette app and get the news as it happens.",
    ],
)
def test_calls_to_act(line):
    assert call_to_act(line)


@pytest.mark.parametrize(
    "line",
    [
        "The company said it would subscribe to the new standard next year.",
        "Der Verein verschickt seinen Newsletter an 4.000 Mitglieder.",
        "Follow-up inspections found more rust, the office said.",
        "Register offices in the county will open on Saturdays from January.",
        "Teilen Sie keine Daten mit Unbekannten, rät die Polizei.",
    ],
)
def test_sentences_that_are_no_call(line):
    assert not call_to_act(line)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Cristina Fernández im Kongress (Foto: Jane Doe/Reuters).", True),
        ("Crédits photos : Agence Exemple", True),
        ("Das Hermelin im Winterfell. (jdoe / iStock.com)", True),
        ("Abbildung 4: Aufbau der Messung", True),
        ("Der Markt in der Altstadt / (C) Jane Doe", True),
        ("Die Werkhalle am Hafen (c) Jane Doe", True),
        ("Copyright 2024 by Jane Doe", True),
        ("Der Hafen im Winter (IMAGO / Jane Doe)", True),
        ("Lesezeit: 3 Minuten", True),
        ("4 min read", True),
        ("Von links nach rechts: Anna Beispiel, Bernd Muster und die Bürgermeisterin.", True),
        ("Bild: Stadtarchiv", True),
        ("Wie der SWR berichtet, lagen technische Mängel vor (Quelle: SWR).", False),
        ("Das sagte ein Sprecher der Nachrichtenagentur (dpa/gem).", False),
        ("She took a photo of the beams and sent it to the council.", False),
    ],
)
def test_captions_by_their_credit(line, expected):
    assert caption(line, len(line.split())) is expected


def test_a_gallery_keeps_its_captions():
    """When captions are most of the extracted text (a slide show), they are the article."""
    slides = "".join(
        f"<figure><img src='/{i}.jpg'><figcaption>Costume idea {i}: wear a long red coat, "
        f"a wide hat and boots, and paint your face to look like a character from a film.</figcaption>"
        "</figure>"
        for i in range(5)
    )
    tree = parse_html(f"<html><body><article><h1>Costumes</h1>{slides}</article></body></html>")
    index = PageIndex(tree)
    positions = range(1, len(index.texts))
    texts = {p: index.texts[p] for p in positions}
    ancestors = {p: list(index.elements[p].iterancestors()) for p in positions}
    words = {p: len(texts[p].split()) for p in positions}
    elements = {p: index.elements[p] for p in positions}
    assert sure_furniture(texts, words, elements, ancestors, set(positions)) == {}


@pytest.mark.parametrize("lang, kind, sentence", SURVIVORS, ids=[r[2][:40] for r in SURVIVORS])
def test_article_sentences_that_no_rule_takes(lang, kind, sentence):
    assert taken([(lang, kind, sentence)]) == []


def test_the_survive_list_holds_every_kind_of_the_review():
    kinds = {kind for _lang, kind, _sentence in SURVIVORS}
    langs = {lang for lang, kind, _sentence in SURVIVORS if kind == "interview question"}
    assert {"already a member", "from left", "reading time", "quoted imperative", "imago"} <= kinds
    assert {"adobe stock", "copyright subhead", "credit label", "subscribers"} <= kinds
    assert {"en", "de", "fr", "es", "it"} <= langs


def survive_page(lang: str) -> tuple:
    """An article page whose paragraphs are the list's full sentences of ``lang`` between
    sentences of a report, as the review's page had them."""
    sentences = [s for la, _k, s in SURVIVORS if la == lang and s.rstrip()[-1:] in '.?"”»']
    first, middle, last = ARTICLE_EN if lang == "en" else ARTICLE_DE
    half = len(sentences) // 2
    paras = [first, *sentences[:half], middle, *sentences[half:], last]
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = (
        f'<html lang="{lang}"><head><title>Report</title></head><body><article><h1>Report</h1>'
        f"{body}</article></body></html>"
    )
    return html, sentences


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_rules_take_no_sentence_out_of_an_article_page(lang, monkeypatch):
    """The text of the page is the same with the rules on and off, and holds each sentence."""
    html, sentences = survive_page(lang)
    url = URL_EN if lang == "en" else URL_DE
    with_rules = extract_html(html, url=url).text
    monkeypatch.setattr(load_model(), "sure_threshold", 1.01)
    assert extract_html(html, url=url).text == with_rules
    # the model itself (rules off too) leaves out the one-line question under a label
    left_out = [] if lang == "en" else ["BILD: Herr Minister, wann kommt die Steuerreform?"]
    assert [s for s in sentences if s not in with_rules] == left_out


# The site's notices about its comments, cookies and blocked embeds, as real articles end.
NOTICES_DE = [
    "Kommentare von Lesern stellen keinesfalls die Meinung der Redaktion dar!",
    "Beachten Sie, dass die Redaktion unpassende oder beleidigende Kommentare entfernen wird.",
    "Ihr Kommentar ist zu lang. Es sind maximal 2048 Zeichen erlaubt!",
    "Wir würden hier gerne ein Video zeigen. Leider haben Sie uns hierfür keine Zustimmung gegeben.",
    "Cookie-Erklärung",
]


def test_the_sites_notices_after_the_article_are_not_in_its_text():
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_DE)
    notices = "".join(f"<p>{n}</p>" for n in NOTICES_DE)
    html = (
        '<html lang="de"><head><title>Hallenbad bleibt zu</title></head><body><article>'
        f"<h1>Hallenbad bleibt zu</h1>{body}{notices}</article></body></html>"
    )
    text = extract_html(html, url=URL_DE).text
    for notice in NOTICES_DE:
        assert notice not in text
    for para in ARTICLE_DE:
        assert para in text


@pytest.mark.parametrize(
    "line",
    [
        "Die Redaktion hat am Montag mehrere Kommentare von Lesern veröffentlicht.",
        "Der Bürgermeister sagte, die Kommentare im Rat seien unsachlich gewesen.",
        "Die Firma verwendet für ihre Kekse seit Jahren Butter aus der Region.",
    ],
)
def test_sentences_that_are_no_notice(line):
    assert not site_notice(line, len(line.split()))


@pytest.mark.parametrize(
    "line",
    [
        "Navigation",
        "Menü",
        "Posted on",
        "This site uses cookies to improve your experience.",
        "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.",
        "Diese Website nutzt Cookies.",
        "Lesedauer ca. 7 Minuten",
        "Auf unserer Website werden Cookies gemäß unserer Datenschutzerklärung verwendet.",
    ],
)
def test_labels_and_notices_alone_on_a_line_are_furniture(line):
    assert furniture_reason(line, len(line.split())) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Die Suche nach dem Täter dauert an, sagte die Polizei am Montag.",
        "Home Office bleibt für viele Beschäftigte auch nach der Pandemie die Regel.",
    ],
)
def test_sentences_with_those_words_are_no_furniture(line):
    assert furniture_reason(line, len(line.split())) is None


@pytest.mark.parametrize("word", ["Search", "Home", "Suche"])
def test_a_one_word_label_is_furniture_only_as_a_links_or_forms_text(word):
    """ "Home" and "Away" head a match preview's halves, "Search" a section: left to the model
    unless the word is a link's, a form's or a menu's."""
    from lxml import html as lxml_html

    page = lxml_html.fromstring(
        f"<div><nav><ul><li><a href='/'>{word}</a></li></ul></nav><h3>{word}</h3></div>"
    )
    link, head = page.find(".//a"), page.find(".//h3")
    assert furniture_reason(word, 1, link, list(link.iterancestors())) == "notice"
    assert furniture_reason(word, 1, head, list(head.iterancestors())) is None
    assert furniture_reason(word, 1) is None
    crumb = lxml_html.fromstring(f"<ul><li><a href='/'>{word}</a> &#8250; </li></ul>").find(".//li")
    assert furniture_reason(f"{word} ›", 1, crumb, list(crumb.iterancestors())) == "notice"
