"""An article that broken markup puts inside an unclosed sidebar, through the CLI."""

from tests.support.cli import newsbeam
from tests.support.tables import rows

TITLE = "Harbour ferry gets a night timetable"
SLOGAN = "Your daily touchpoint for the harbour town."
# jusText, which finds the text here, needs function words: plain English, not random words
PARAGRAPHS = [
    "The ferry between the old harbour and the island will run every hour through the night "
    "from the first of May, the port authority said on Monday after a vote of the council.",
    "Until now the last boat left the harbour at eleven in the evening, and people who work "
    "late shifts in the town had to stay there or take a taxi around the bay.",
    "The night service is paid for by the island's tourist tax for two years. After that the "
    "council wants to see how many people used it before it decides whether to keep it.",
    "Two smaller boats will do the night runs, so that the large ferry can be cleaned and "
    "checked while it is in the dock, which was only possible on Sundays before.",
]


def _page() -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{TITLE}</title>"
        f"</head><body><header><p class='slogan'>{SLOGAN}</p></header>"
        "<div class='main-content'><aside class='sidebar'><div id='nav_menu-6' class='widget'>"
        "<ul><li><a href='/a'>News</a></li><li><a href='/b'>Events</a></li></ul>"
        f"<article class='article-detailed'><h1>{TITLE}</h1>"
        f"<div class='article-content'>{paragraphs}</div></article>"
        f"<footer><p>{SLOGAN}</p></footer></body></html>"
    )


def test_the_article_inside_an_unclosed_sidebar_is_extracted(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ferry.html").write_text(_page(), encoding="utf-8")
    out = tmp_path / "out"
    done = newsbeam("run", "--input", str(tmp_path / "in"), "--output", str(out),
                    "--run-date", "2026-03-02")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    [row] = rows(out, "articles") or [rows(out, "rejected")]
    assert row["title"] == TITLE
    assert row["text"].split("\n\n") == PARAGRAPHS
    assert SLOGAN not in row["text"]
