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
