"""JSON-LD author names with HTML entities, through the CLI: one unescaped name each, a person
in ``authors`` and a desk in ``source_agency`` (trafilatura's own JSON-LD reading split
"Redacci&oacute;n" at the entity's ";"). The pages are written for the test."""

from tests.support.cli import article_rows

BODY = """<p>El ayuntamiento abrió el lunes el puente nuevo sobre el río después de dos años de
obras, y cientos de vecinos acudieron a la orilla para cruzarlo por primera vez.</p>
<p>El puente viejo estaba cerrado desde la crecida de hace tres años, cuando el agua dañó los
pilares, y los escolares tenían que dar un rodeo de dos kilómetros cada mañana.</p>
<p>La obra costó 1,8 millones de euros, un tercio de ellos pagado por la provincia, y el puente
tiene carril para bicicletas y alumbrado en toda su longitud.</p>"""
DESK_BODY = """<p>La biblioteca municipal amplía su horario desde el próximo mes y abrirá también los
sábados por la tarde, según anunció la concejalía de cultura en una nota.</p>
<p>La ampliación responde a las quejas de estudiantes que no encontraban sitio en época de
exámenes; el ayuntamiento contratará a dos personas más para cubrir los turnos.</p>"""


def page(title: str, author: str, body: str = BODY) -> str:
    return f"""<html lang="es"><head><title>{title}</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{title}", "author": {{"@type": "Person", "name": "{author}"}}}}</script>
</head><body><article><h1>{title}</h1>{body}</article></body></html>"""


def test_json_ld_authors_with_entities_come_out_unescaped_and_whole(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "puente.html").write_text(
        page("Abre el puente nuevo", "Mar&iacute;a L&oacute;pez"), encoding="utf-8"
    )
    (src / "desk.html").write_text(
        page("La biblioteca abre los sábados", "Redacci&oacute;n Central", DESK_BODY),
        encoding="utf-8",
    )
    rows = article_rows(src, tmp_path / "out", "title, authors, author_source, source_agency")
    assert rows == [
        ("Abre el puente nuevo", ["María López"], "json-ld", None),
        ("La biblioteca abre los sábados", [], "none", "Redacción Central"),
    ]
