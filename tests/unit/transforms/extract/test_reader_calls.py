"""Lines after the article that speak to the reader or point to other articles ("Never miss a
story: sign up to our newsletter", "Read also: ...") are told apart from the article's text."""

from transforms.extract.html import extract_html, parse_html
from transforms.extract.paragraphs import PageIndex, plan_paragraphs

URL = "https://news.example.com/city/2026/12/bridge"
ARTICLE = [
    "The old railway bridge over the canal will close for repairs in February, the city's "
    "transport office said on Monday, after inspectors found rust in two of its main beams.",
    "Trains will stop at the station on the other side of the canal while the work goes on, "
    "and a bus will take passengers across the water every ten minutes until the summer.",
    "The repairs are to cost 18 million euros, of which the national rail company pays two "
    "thirds, and the bridge should reopen before the start of the next school year.",
]
CALL = "Never miss a story: sign up to your free newsletter and follow us on Facebook."
POINTER = "Read also: Why the canal bridges of the city are older than its railway"


def page() -> str:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    return (
        "<html><head><title>Railway bridge to close for repairs</title></head><body><article>"
        f"<h1>Railway bridge to close for repairs</h1>{body}<p>{POINTER}</p><p>{CALL}</p>"
        "</article></body></html>"
    )


def test_calls_to_the_reader_and_pointers_have_their_features():
    index = PageIndex(parse_html(page()))
    plan = plan_paragraphs([*ARTICLE, POINTER, CALL], index, title="Railway bridge")
    feats = {index.texts[p]: f for p, f in plan.features.items()}
    assert feats[CALL]["reader"] == 1 and feats[CALL]["tail_call"] == 1.0
    assert feats[POINTER]["xref"] == 1.0
    assert all(feats[p]["xref"] == 0.0 and feats[p]["tail_call"] == 0.0 for p in ARTICLE)


def test_the_call_after_the_article_is_dropped_and_the_article_kept():
    text = extract_html(page(), url=URL).text
    assert CALL not in text
    for para in ARTICLE:
        assert para in text
