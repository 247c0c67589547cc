"""JSON lines whose body field has the wrong type: one error row each that says which field and
what it holds, the good line beside them an article."""

import json
import subprocess
import sys

from tests.support import tables
from tests.support.cli import newsbeam
from tests.support.paths import ROOT
from tests.support.sample_stories import STORIES


def test_a_body_field_of_the_wrong_type_is_named_in_its_error_row(tmp_path):
    lines = [
        {"url": "https://news.example/n", "title": "Numbers", "text": 12345},
        {"url": "https://news.example/l", "title": "List", "body": ["a", "b"]},
        {"url": "https://news.example/f", "title": "Ferry", "text": STORIES["ferry"]},
    ]
    src = tmp_path / "export.jsonl"
    src.write_text("".join(json.dumps(line) + "\n" for line in lines))
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--input", str(src), "--output", str(out)]
        + ["--run-date", "2026-12-01", "--no-progress", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert tables.query(out, "SELECT title FROM articles") == [("Ferry",)]
    errors = tables.query(out, "SELECT source_ref, error_message FROM errors ORDER BY 1")
    assert [(ref.rsplit("#", 1)[1], msg) for ref, msg in errors] == [
        ("L1", "the JSON record's 'text' is a number, not a string"),
        ("L2", "the JSON record's 'body' is a list, not a string"),
    ]


def test_files_joined_with_cat_and_list_titles_give_articles_with_their_own_titles(tmp_path):
    """Two exports joined with ``cat``, each starting with a byte-order mark: the second mark
    sits at the start of a line in the middle of the file. A title that is a list is no title,
    never Python's ``['...']``: the text has no headline of its own (its first line is a whole
    paragraph, too long for a title), so the row has none."""
    first = {"url": "https://news.example/b", "title": "Bakery", "text": STORIES["bakery"]}
    second = {"url": "https://news.example/r", "title": ["Rail", "x"], "text": STORIES["rail"]}
    src = tmp_path / "joined.jsonl"
    src.write_bytes(
        ("\ufeff" + json.dumps(first) + "\n\ufeff" + json.dumps(second) + "\n").encode()
    )
    out = tmp_path / "out"
    proc = newsbeam("run", "--input", str(src), "--output", str(out), "--run-date", "2026-12-01")
    assert proc.returncode == 0, proc.stderr
    assert tables.query(out, "SELECT count(*) FROM errors") == [(0,)]
    titles = dict(tables.query(out, "SELECT url, title FROM articles"))
    assert titles["https://news.example/b"] == "Bakery"
    assert titles["https://news.example/r"] is None
