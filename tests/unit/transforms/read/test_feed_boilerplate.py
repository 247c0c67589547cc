"""Blocks a feed's entries repeat are its boilerplate; everything else stays as the feed gave it."""

from transforms.read.feed_boilerplate import strip_shared_blocks

FOOTER = "Listen to every episode on our site and support the show through the members page today."
SPONSOR = "This episode is brought to you by a mattress company that wants you to sleep well."


def _body(n: int) -> str:
    words = " ".join(f"topic{n}word{i}" for i in range(30))
    return f"Episode {n} is about {words}."


def test_a_footer_most_entries_share_is_removed_from_html_and_text():
    entries = [
        {"title": "1", "content_html": f"Intro <p>{_body(1)}</p><p>{FOOTER}</p>"},
        {"title": "2", "content_html": f"<p>{_body(2)}</p>\n<p>{SPONSOR}</p><p>{FOOTER}</p>"},
        {"title": "3", "content_text": f"{_body(3)}\n\n{FOOTER}"},
        {"title": "4", "content_html": f"<p>{_body(4)}</p><p>{SPONSOR}</p>"},
    ]
    out = strip_shared_blocks(entries)
    assert out[0]["content_html"] == f"Intro <p>{_body(1)}</p>"  # the lead text kept
    # the sponsor read is in 2 of 4: it stays (a block needs 3 entries and half of them)
    assert out[1]["content_html"] == f"<p>{_body(2)}</p>\n<p>{SPONSOR}</p>"
    assert out[2]["content_text"] == _body(3)
    assert out[3] is entries[3]
    assert [e["title"] for e in out] == ["1", "2", "3", "4"]


def test_blocks_only_a_few_entries_share_stay():
    entries = [{"content_html": f"<p>{_body(n)}</p><p>{FOOTER}</p>"} for n in range(2)] + [
        {"content_html": f"<p>{_body(n)}</p>"} for n in range(2, 7)
    ]
    assert strip_shared_blocks(entries) == entries  # 2 of 7: not the feed's boilerplate


def test_an_entry_that_would_be_left_almost_empty_keeps_its_content():
    entries = [{"content_html": f"<p>Short note {n}.</p><p>{FOOTER}</p>"} for n in range(3)]
    assert strip_shared_blocks(entries) == entries


def test_odd_content_never_costs_the_entries():
    entries = [{"content_html": "<p>\x00</p>"}, {"content_html": 5}, {"summary": "s"}] * 2
    assert strip_shared_blocks(entries) == entries
