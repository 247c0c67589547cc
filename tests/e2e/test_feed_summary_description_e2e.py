"""An entry whose text is the feed's summary (no content, no link to fetch, or --no-fetch) has
that summary, as plain text, as its `description`, as an entry with a fetched page has: it was
empty. A long one is clipped at a word boundary, never inside a word."""

import html
import json

from tests.support.cli import run_command
from tests.support.feed_pages import story
from tests.support.tables import query

FERRY = (
    "The ferry to the north quay will run every twenty minutes from Monday, the harbour "
    "council said after a long meeting on the summer timetable. Drivers & cyclists board first; "
    "the last crossing leaves at midnight and the night bus waits for it at the square."
)
FARES = (
    "Fares stay as they are until the autumn, when the council will look at a weekly ticket "
    "for pupils and for the nurses of the island hospital who cross twice a day."
)


def _rss(items: list) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Harbour Times</title><link>https://harbour.example/</link>"
        f"<language>en</language>{''.join(items)}</channel></rss>"
    ).encode()


def _item(title: str, summary_html: str, link: str = "") -> str:
    link = f"<link>{link}</link>" if link else ""
    return (
        f"<item><title>{title}</title>{link}<guid>{title}</guid>"
        f"<description>{html.escape(summary_html)}</description></item>"
    )


def test_the_summary_an_entry_is_read_from_is_its_description(tmp_path):
    long_story = f"{story(1)} {story(2)}"  # about 2,000 characters: more than a description
    feed = tmp_path / "harbour.xml"
    feed.write_bytes(
        _rss(
            [
                _item(
                    "Ferry timetable",
                    f"<p>{FERRY.replace('&', '&amp;')}</p>\n<p><b>{FARES}</b></p>",
                ),
                _item("Long read", f"<p>{long_story}</p>"),
                _item("Linked", f"<p>{story(3)}</p>", link="https://harbour.example/linked"),
            ]
        )
    )
    out = tmp_path / "out"
    done = run_command("--input", str(feed), "--output", str(out), "--no-fetch", "--quiet")
    assert done.returncode == 0, done.stderr[-3000:]
    rows = dict(
        (title, (source, description, text))
        for title, source, description, text in query(
            out, "SELECT title, text_source, description, text FROM articles"
        )
    )
    assert set(rows) == {"Ferry timetable", "Long read", "Linked"}
    assert {source for source, _, _ in rows.values()} == {"feed_summary"}
    source, description, text = rows["Ferry timetable"]
    assert description == f"{FERRY} {FARES}"  # markup gone, "&amp;" read as "&"
    assert text.startswith(FERRY)
    _, description, _ = rows["Long read"]
    assert description.endswith("\u2026") and len(description) <= 1000
    assert long_story.startswith(description[:-1]) and long_story[len(description) - 1] == " "
    assert story(3).startswith(rows["Linked"][1][:-1])  # with --no-fetch, as before
    [manifest] = (out / "_runs").glob("*.json")
    assert json.loads(manifest.read_text())["balanced"]
