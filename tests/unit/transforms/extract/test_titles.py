"""Titles that are page furniture (a menu heading, a category or section name, the site's logo)
give way to the page's headline; a short headline that is the page's own stays."""

import pytest

from transforms.extract.html import extract_html

PARAGRAPHS = (
    "Der Gemeinderat hat am Dienstag beschlossen, die Straßenbahn bis in die nördlichen "
    "Vororte zu verlängern, ein Vorhaben, über das seit mehr als zehn Jahren gestritten wird.",
    "Die Befürworter sagen, die neuen Linien würden die Fahrzeit für Tausende Pendler halbieren, "
    "die heute jeden Morgen in überfüllten Bussen zur Arbeit fahren müssen.",
    "Die Gegner warnen vor Kosten von 400 Millionen Euro und verlangen zuerst ein unabhängiges "
    "Gutachten, bevor weitere Aufträge vergeben werden.",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
HEADLINE = "Straßenbahn fährt bald bis in die Vororte"
MENU = (
    '<nav class="main-menu"><h2 class="block-title">Hauptmenü</h2><ul><li><a href="/">Start</a></li>'
    '<li><a href="/category/allgemein/">Allgemein</a></li>'
    '<li><a href="/presse/">Pressemitteilungen</a></li></ul></nav>'
)


def page(*, title: str, head: str = "", top: str = "", article: str = "") -> str:
    return (
        f'<html lang="de"><head><title>{title}</title>{head}</head><body>{MENU}{top}'
        f"<article>{article}{BODY}</article></body></html>"
    )


def title_of(html: str):
    out = extract_html(html, url="https://www.stadtblog.example/2024/strassenbahn/")
    return out.title, out.title_source


def test_a_menu_heading_gives_way_to_the_article_headline():
    # two h1 (logo and headline): trafilatura's guess is the menu's "block-title" h2
    logo = '<div class="site-name"><h1>Stadtblog</h1></div>'
    article = f"<header><h1>{HEADLINE}</h1></header>"
    html = page(title=f"{HEADLINE} | Stadtblog", top=logo, article=article)
    assert title_of(html) == (HEADLINE, "heading")


def test_a_category_link_heading_gives_way_to_the_headline_the_title_tag_states():
    # a blog theme puts the post's category above its headline, both as h2
    article = f'<h2 class="cat-title"><a href="/category/allgemein/">Allgemein</a></h2><h2>{HEADLINE}</h2>'
    assert title_of(page(title=HEADLINE, article=article)) == (HEADLINE, "heading")


def test_a_section_name_as_og_title_gives_way_to_the_headline():
    head = '<meta property="og:title" content="Pressemitteilungen">'
    html = page(title=f"Stadtwerke: {HEADLINE}", head=head, article=f"<h1>{HEADLINE}</h1>")
    assert title_of(html) == (HEADLINE, "heading")


def test_a_section_name_with_no_headline_heading_takes_the_title_tag():
    head = '<meta property="og:title" content="Pressemitteilungen">'
    assert title_of(page(title=HEADLINE, head=head)) == (HEADLINE, "title")


def test_the_site_logo_heading_is_not_taken_for_the_headline():
    logo = '<div id="branding"><h1><a href="/">Stadtblog Nord</a></h1></div>'
    article = f'<h2><a href="/2024/strassenbahn/">{HEADLINE}</a></h2>'
    html = page(title=f"{HEADLINE} : Stadtblog Nord", top=logo, article=article)
    assert title_of(html)[0] == HEADLINE


def test_a_short_headline_of_the_page_itself_stays():
    # a post really called "Gefällt mir", linked from itself, with no longer heading
    article = '<h1><a href="/2024/gefaellt-mir/">Gefällt mir</a></h1>'
    assert title_of(page(title="Gefällt mir – Stadtblog", article=article)) == (
        "Gefällt mir",
        "title",
    )


def test_an_h1_stays_when_the_title_tag_is_only_the_site_slogan():
    article = "<h1>Essen-Westviertel</h1>"
    html = page(title="Ausflugtipps an Rhein und Ruhr", article=article)
    assert title_of(html)[0] == "Essen-Westviertel"


def test_a_title_tag_headline_escaped_twice_is_read_unescaped():
    head = '<meta property="og:title" content="Pressemitteilungen">'
    title = "Stadtwerke &amp;amp; Verkehrsbetriebe legen Pläne für die Straßenbahn vor"
    expected = "Stadtwerke & Verkehrsbetriebe legen Pläne für die Straßenbahn vor"
    assert title_of(page(title=title, head=head)) == (expected, "title")


# A page saved as a file has no URL of its own; its canonical link still names its host.
def saved_page_title(og_title: str, site_name: str = "") -> str:
    site = f'<meta property="og:site_name" content="{site_name}">' if site_name else ""
    head = (
        '<link rel="canonical" href="https://www.stadtblog.example/2024/strassenbahn/">'
        f'<meta property="og:title" content="{og_title}">{site}'
    )
    return extract_html(page(title=og_title, head=head)).title


def test_a_saved_pages_host_part_goes_from_its_headline():
    assert saved_page_title(f"{HEADLINE} | STADTBLOG") == HEADLINE
    assert saved_page_title(f"{HEADLINE} - Stadtblog.example") == HEADLINE


def test_a_site_part_after_a_wordpress_chevron_or_a_bare_bar_goes():
    assert extract_html(page(title=f"{HEADLINE} › Stadtblog")).title == HEADLINE
    assert saved_page_title(f"Stadtblog|{HEADLINE}") == HEADLINE


def test_a_site_name_of_several_parts_goes_whole_from_the_headline():
    name = "Stadtblog - Nachrichten aus dem Norden"
    assert saved_page_title(f"{HEADLINE} | {name}", site_name=name) == HEADLINE
    # a headline with a dash of its own keeps it once the site's name is gone
    headline = "Straßenbahn - die Gegner warnen"
    assert saved_page_title(f"{headline} - {name}", site_name=name) == headline


def test_a_page_read_from_a_mirror_url_loses_the_site_part_as_its_saved_file_does():
    head = (
        '<link rel="canonical" href="https://www.stadtblog.example/2024/strassenbahn/">'
        f'<meta property="og:title" content="{HEADLINE} | STADTBLOG">'
    )
    html = page(title=HEADLINE, head=head)
    mirrored = extract_html(html, url="https://archive.example.org/pages/strassenbahn.html")
    assert mirrored.title == extract_html(html).title == HEADLINE


def test_the_comment_forms_heading_gives_way_to_the_headline():
    # WordPress: the headline is a link in an h2, the comment form's h3 follows the text
    headline = '<h2><a href="/2024/strassenbahn/">Straßenbahn bis in die Vororte</a></h2>'
    form = (
        '<div id="respond"><h3 id="reply-title" class="comment-reply-title">Write a Reply or '
        'Comment <small><a id="cancel-comment-reply-link" href="#respond">Antworten abbrechen'
        "</a></small></h3><form><textarea></textarea></form></div>"
    )
    html = (
        "<html><head><title>Straßenbahn bis in die Vororte | Stadtblog</title></head><body>"
        f"<div class='post'>{headline}{BODY}</div>{form}</body></html>"
    )
    assert title_of(html)[0] == "Straßenbahn bis in die Vororte"


@pytest.mark.parametrize("headline", ["Brexit: what happens next", "Brexit - what happens next"])
def test_a_headline_given_as_og_site_name_is_not_cut_down_to_the_sites_name(headline):
    """A live page's og:site_name was its headline: what would remain is the site's name."""
    head = (
        f'<meta property="og:site_name" content="{headline}">'
        f'<meta property="og:title" content="{headline} | BBC News">'
    )
    html = page(title=f"{headline} | BBC News", head=head)
    title = extract_html(html, url="https://www.bbc.com/news/uk-politics-12345").title
    # a site name with a separator of its own stays whole in the title: no part is the site
    assert title == headline if ":" in headline else title == f"{headline} | BBC News"
