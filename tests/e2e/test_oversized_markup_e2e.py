"""Pages past libxml2's limits through the CLI: a 15 MB attribute, 200,000 nested <div>s, one
<div> of 1,000,000 attributes (which held a worker for hours in libxml2 before they were capped)."""

import pytest

from tests.support.articles import story
from tests.support.cli import newsbeam
from tests.support.tables import rows

HUGE = 15_000_000
NESTING = 200_000
CROWD = " ".join(f"a{i}" for i in range(1_000_000))


def _page(title: str, seed: int, *, before: str = "", wrap=("", "")) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in story(seed, 120).split("\n\n"))
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><nav><a href='/'>Home</a></nav>{before}{wrap[0]}"
        f"<article><h1>{title}</h1>{paragraphs}</article>{wrap[1]}</body></html>"
    )


PAGES = {
    "image.html": ("Harbour wall plan approved", 1, {"before": f"<img src='data:image/png;base64,{'A' * HUGE}'>"}),
    "state.html": ("Ferry timetable changes", 2, {"wrap": (f'<div data-state="{"x" * HUGE}">', "</div>")}),
    "deep.html": ("Library opens on Sundays", 3, {"wrap": ("<div>" * NESTING, "</div>" * NESTING)}),
    "crowded.html": ("Tram line extended", 4, {"wrap": (f"<div {CROWD}>", "</div>")}),
}  # fmt: skip


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oversized")
    for name, (title, seed, parts) in PAGES.items():
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / name).write_text(_page(title, seed, **parts), encoding="utf-8")
    out = folder / "out"
    done = newsbeam("run", "--input", str(folder / "in"), "--output", str(out),
                    "--run-date", "2026-03-02")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_article_text_and_title_are_extracted(extracted, name):
    title, seed, _ = PAGES[name]
    found = {r["source_ref"].rsplit("/", 1)[-1]: r for r in rows(extracted, "articles")}
    assert name in found, rows(extracted, "rejected")
    assert found[name]["title"] == title
    paragraphs = story(seed, 120).split("\n\n")
    assert found[name]["text"].split("\n\n") == paragraphs
    assert "AAAA" not in found[name]["text"] and "xxxx" not in found[name]["text"]
