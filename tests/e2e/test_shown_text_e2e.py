"""A headline saved in NFD (macOS) and the same in NFC group as one title in the tables, and a
title wrapped in direction marks reads as its words."""

import unicodedata

from tests.support import tables
from tests.support.cli import newsbeam
from tests.support.sample_stories import STORIES

TITLE = "Café owners in Zürich résumé talks"


def test_nfd_and_nfc_copies_give_one_title_and_marks_around_a_title_go(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    story = f"{TITLE}\n\n{STORIES['cafe']}\n"
    (src / "nfc.txt").write_text(unicodedata.normalize("NFC", story), encoding="utf-8")
    (src / "nfd.txt").write_text(unicodedata.normalize("NFD", story), encoding="utf-8")
    (src / "rtl.txt").write_text(f"\u200f\u202eFerry line reopens\u202c\n\n{STORIES['ferry']}\n")
    out = tmp_path / "out"
    proc = newsbeam("run", "--input", str(src), "--output", str(out), "--run-date", "2026-12-01")
    assert proc.returncode == 0, proc.stderr
    titles = tables.query(
        out,
        "SELECT title, count(*) FROM (SELECT title FROM articles UNION ALL "
        "SELECT title FROM duplicates) GROUP BY title ORDER BY title",
    )
    assert titles == [(TITLE, 2), ("Ferry line reopens", 1)]
    [(text,)] = tables.query(out, f"SELECT text FROM articles WHERE title = '{TITLE}'")
    assert unicodedata.is_normalized("NFC", text)
