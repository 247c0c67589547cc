"""Table rows, which trafilatura writes as "| cell | cell |" under a "|---|" rule, are found in
the page as their row, so the filter judges them and never puts their cells back one by one."""

from transforms.extract.boilerplate import BoilerplateModel, assemble
from transforms.extract.html import ExtractConfig, extract_html, parse_html
from transforms.extract.paragraphs import PageIndex, plan_paragraphs

URL = "https://news.example.com/sport/2026/12/league"
INTRO = (
    "The league's autumn season ended on Sunday with the last three matches played in heavy "
    "rain, and the table below shows where the clubs finished after twenty rounds."
)
OUTRO = (
    "The spring season starts in March, when the two clubs at the bottom of the table will "
    "play for their place in the league against the best teams of the second division."
)
ROWS = [("Club", "Points"), ("Riverside Rovers", "41"), ("North Harbour United", "38")]


def league_page(extra_row: str = "") -> str:
    head = "".join(f"<th>{c}</th>" for c in ROWS[0])
    body = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in ROWS[1:])
    return (
        "<html><head><title>Rovers top the table</title></head><body><article>"
        f"<h1>Rovers top the table</h1><p>{INTRO}</p>"
        f"<table><tr>{head}</tr>{body}{extra_row}</table><p>{OUTRO}</p>"
        "</article></body></html>"
    )


def test_a_row_line_is_its_table_row_and_its_cells_are_no_gaps():
    index = PageIndex(parse_html(league_page()))
    lines = [INTRO, "| Club | Points |", "|---|---|", "| Riverside Rovers | 41 |"]
    lines += ["| North Harbour United | 38 |", OUTRO]
    plan = plan_paragraphs(lines, index, title="Rovers top the table")
    found = [index.texts[p] if p is not None else None for p in plan.positions]
    assert found == [
        INTRO,
        "Club | Points",
        None,  # the rule under the header row is no element of the page
        "Riverside Rovers | 41",
        "North Harbour United | 38",
        OUTRO,
    ]
    assert plan.gaps == {}


def test_rows_come_out_once_with_the_filter_on():
    off = extract_html(league_page(), url=URL, config=ExtractConfig(line_filter=False))
    assert "| Riverside Rovers | 41 |" in off.text.split("\n\n")
    # a model that keeps every line and puts back every left-out paragraph (the shipped one
    # scores these short rows near its threshold): a row not found as its row would come out
    # a second time as its cells
    keep_all = BoilerplateModel(
        {"weights": {"bias": -5.0}, "drop_threshold": 0.7, "add_threshold": 0.7}
    )
    lines = [line for line in off.text.split("\n\n") if line.strip()]
    text = "\n\n".join(keep_all.select(lines, parse_html(league_page()), off.title))
    assert text.count("Riverside Rovers") == 1
    assert text.count("North Harbour United") == 1
    assert INTRO in text and OUTRO in text


def test_a_row_with_a_bar_inside_a_cell_or_fewer_empty_cells_is_found():
    extra = "<tr><td>Old Town | Harbour</td><td></td><td>35</td></tr>"
    index = PageIndex(parse_html(league_page(extra)))
    assert (
        index.texts[index.position("| Old Town \\| Harbour | | 35 |")]
        == "Old Town | Harbour |  | 35"
    )
    assert index.position("| Old Town \\| Harbour | 35 |") == index.position(
        "| Old Town \\| Harbour | | 35 |"
    )


def test_the_rule_under_a_dropped_header_row_goes_with_it():
    index = PageIndex(parse_html(league_page()))
    lines = [INTRO, "| Club | Points |", "|---|---|", "| Riverside Rovers | 41 |", OUTRO]
    plan = plan_paragraphs(lines, index, title="Rovers top the table")
    header = plan.positions[1]
    probs = {p: 0.1 for p in plan.features} | {header: 0.95}
    # the row trafilatura left out is put back as a row
    rows = ["| Riverside Rovers | 41 |", "| North Harbour United | 38 |"]
    assert assemble(plan, probs, 0.8, 0.5) == [INTRO, *rows, OUTRO]
    probs[header] = 0.1
    assert assemble(plan, probs, 0.8, 0.5) == [*lines[:4], rows[1], OUTRO]


def test_a_filter_that_would_leave_no_article_line_leaves_the_text_as_extracted(monkeypatch):
    import transforms.extract.html as html

    drops_all = BoilerplateModel(
        {"weights": {"bias": 10.0}, "drop_threshold": 0.5, "add_threshold": 0.0}
    )
    monkeypatch.setattr(html, "load_model", lambda: drops_all)
    out = html.extract_html(league_page(), url=URL)
    assert INTRO in out.text and "| Riverside Rovers | 41 |" in out.text
    assert out.is_article
