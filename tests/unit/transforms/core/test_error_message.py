"""An error row's message is one line of printable text, however it was built: a parser that
quotes the input's bytes must not put them into the errors table."""

from tests.support.articles import article
from transforms.core.dead_letters import error_row
from transforms.core.record import ErrorRow, printable_message
from transforms.read.feed_entries import exception_row

GARBAGE = "Invalid WARC record, first line: \x1f\x8b\x08\x00\x00\x02\x03\xed\x94\x1b[31m\u202etxt.exe\ud800\n"


def test_control_bytes_are_escaped_and_line_breaks_are_spaces():
    shown = printable_message(GARBAGE)
    assert shown == (
        "Invalid WARC record, first line: \\x1f\\x8b\\x08\\x00\\x00\\x02\\x03í\\x94\\x1b[31m"
        "\\u202etxt.exe\\ud800 "
    )
    assert shown.isprintable()
    assert printable_message(shown) == shown  # a row read back and built again stays the same


def test_the_message_is_capped_after_escaping():
    assert printable_message("\x00" * 5000) == "\\x00" * 500
    assert printable_message("é" * 3000) == "é" * 2000


def test_every_way_of_building_an_error_row_sanitises_its_message():
    rows = [
        error_row(
            article("a", "text"), stage="read", error_type="ArchiveLoadFailed", message=GARBAGE
        ),
        exception_row("https://e.com/feed", ValueError(GARBAGE)),
        ErrorRow("d", "fetch", "HTTPError", GARBAGE, "", None, "p", "p", 0),
    ]
    for row in rows:
        assert row.error_message.startswith("Invalid WARC record, first line: \\x1f\\x8b")
        assert row.error_message.isprintable(), row
