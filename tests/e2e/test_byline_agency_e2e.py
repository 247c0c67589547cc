"""A byline with a role label, a desk and an agency, through the CLI: the person in
``authors``, the desk and the agency in ``source_agency``. The page is written for the test."""

from tests.support.cli import article_rows

PAGE = """<html lang="de"><head><title>Neue Brücke über die Ilm freigegeben</title></head>
<body><article><h1>Neue Brücke über die Ilm freigegeben</h1>
<p class="byline">Von Anna Weber, Redaktion / dpa</p>
<p>Nach zwei Jahren Bauzeit ist die neue Fußgängerbrücke über die Ilm am Samstag für den
Verkehr freigegeben worden. Hunderte Anwohner kamen zur Eröffnung an das Ufer.</p>
<p>Die alte Holzbrücke war nach dem Hochwasser vor drei Jahren gesperrt worden, weil die
Pfeiler unterspült waren. Seitdem mussten Schulkinder einen Umweg von zwei Kilometern gehen.</p>
<p>Die Stadt hat für den Neubau rund 1,8 Millionen Euro ausgegeben, ein Drittel davon trug
das Land. Die Brücke ist breit genug für Radfahrer und hat eine Beleuchtung.</p>
</article></body></html>"""


def test_a_role_a_desk_and_an_agency_in_a_byline(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "bruecke.html").write_text(PAGE, encoding="utf-8")
    rows = article_rows(src, tmp_path / "out", "title, authors, author_source, source_agency, text")
    assert len(rows) == 1
    title, authors, source, agency, text = rows[0]
    assert title == "Neue Brücke über die Ilm freigegeben"
    assert authors == ["Anna Weber"]
    assert source == "byline"
    assert agency == "Redaktion; dpa"
    assert "Fußgängerbrücke über die Ilm" in text
