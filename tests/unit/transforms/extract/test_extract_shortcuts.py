"""Work extraction skips changes nothing a row holds: no htmldate search of the text when the
input states the date (the jusText stoplist kept as a frozenset: tests/unit/pipeline/runtime/)."""

import datetime as dt

from transforms.extract.html import extract_html

PAGE = (
    "<html><head><title>Harbour</title></head><body><article><p>Posted on 12 March 2024.</p>"
    "<p>The harbour council approved the new ferry timetable after a long meeting on Monday, "
    "and the first crossings will leave the north quay every twenty minutes.</p>"
    "</article></body></html>"
)


def test_date_search_off_leaves_the_date_to_the_caller_and_the_text_as_it_was():
    day = dt.date(2026, 12, 7)
    searched = extract_html(PAGE, run_date=day)
    skipped = extract_html(PAGE, run_date=day, date_search=False)
    assert searched.published_date == dt.date(2024, 3, 12) and searched.date_source == "text"
    assert skipped.published_at is None and skipped.date_source == "none"
    assert skipped.text == searched.text and skipped.title == searched.title


def test_the_stated_date_is_parsed_once_per_entry_and_its_day_and_instant_are_kept(monkeypatch):
    from transforms.core.record import Article
    from transforms.extract import stage

    calls = []
    parse = stage._parse_stated
    monkeypatch.setattr(stage, "_parse_stated", lambda value: calls.append(value) or parse(value))
    fields = {"doc_id": "d", "source_path": "feed.xml", "source_ref": "feed.xml#1"}
    entry = Article(
        **fields,
        source_format="feed",
        content=PAGE,
        content_type="html",
        url="https://example.org/ferry",
        feed_text="<p>The harbour council approved the new ferry timetable on Monday.</p>",
        hint_published="Mon, 11 Mar 2024 23:30:00 -0500",
    )
    fn = stage._ExtractFn(stage.ExtractConfig(), dt.date(2026, 12, 7))
    fn.setup()
    (row,) = list(fn.process(entry))
    assert calls == [entry.hint_published]  # once: for the date search and for the row
    assert row.published_at == dt.datetime(2024, 3, 12, 4, 30, tzinfo=dt.timezone.utc)
    assert row.published_date == dt.date(2024, 3, 11)  # the day the feed states
    assert row.date_source == "feed" and "ferry timetable" in row.text
