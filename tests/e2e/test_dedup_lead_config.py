"""The lead (teasers of long stories) from the configuration: ``dedup.lead_words``,
``lead_perm``, ``lead_min_equal`` and ``lead_keys``. ``lead_perm: 0`` turns it off, and a teaser
that the lead made a ``contained`` copy is an article again; a bad value exits 2 with the fix."""

import json

import pytest

from tests.support import tables
from tests.support.articles import story
from tests.support.cli import run_command

DAY = "2026-03-05"


def _inputs(folder):
    """A 3,000-word story, its first 55 words as a teaser (too few shingles of the story for
    its whole signature: only the lead finds it), and another story."""
    long_story, other = story(811, 3000), story(812, 300)
    records = [
        ("story", long_story, 1),
        ("teaser", " ".join(long_story.split()[:55]), 0),
        ("other", other, 2),
    ]
    folder.mkdir()
    lines = [
        json.dumps(
            {
                "url": f"https://news.example/{name}",
                "title": f"Title {name}",
                "text": text,
                "published": f"2026-03-04T{hour:02d}:00:00Z",
            }
        )
        for name, text, hour in records
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def _run(tmp_path, name: str, dedup_yaml: str):
    config = tmp_path / f"{name}.yaml"
    config.write_text("filter:\n  min_words: 20\ndedup:\n" + dedup_yaml)  # the teaser: 55
    out = tmp_path / f"out-{name}"
    args = ["--input", str(tmp_path / "in"), "--output", str(out), "--run-date", DAY]
    proc = run_command(*args, "--config", str(config), timeout=300)
    return proc, out


def test_lead_perm_0_turns_the_lead_off_and_the_teaser_stays_an_article(tmp_path):
    _inputs(tmp_path / "in")
    proc, with_lead = _run(tmp_path, "with-lead", "  preset: default\n")
    assert proc.returncode == 0, proc.stderr[-2000:]
    proc, without = _run(tmp_path, "no-lead", "  lead_perm: 0\n")
    assert proc.returncode == 0, proc.stderr[-2000:]

    titles = "SELECT title FROM articles ORDER BY title"
    assert tables.query(with_lead, titles) == [("Title other",), ("Title story",)]
    [(title, match, canonical)] = tables.query(
        with_lead,
        "SELECT d.title, d.match, a.title FROM duplicates d "
        "JOIN articles a ON a.article_id = d.duplicate_of",
    )
    assert (title, match, canonical) == ("Title teaser", "contained", "Title story")

    assert tables.query(without, titles) == [("Title other",), ("Title story",), ("Title teaser",)]
    assert not (without / "duplicates").exists() or tables.rows(without, "duplicates") == []


@pytest.mark.parametrize(
    "dedup_yaml, message",
    [
        ("  lead_perm: -1\n", "'dedup.lead_perm' must be a whole number from 0 to 4096, got -1"),
        ("  lead_words: 0\n", "'dedup.lead_words' must be a whole number (words) from 1"),
        ("  lead_keys: 40\n", "lead_keys (40) must be from 0 to lead_perm (32): lower lead_keys"),
        ("  lead_perm: 200\n", "lead_perm (200) must be from 0 (no lead) to num_perm (128)"),
        ("  lead_min_equal: 33\n", "lead_min_equal (33) must be from 1 to lead_perm (32)"),
    ],
)
def test_a_bad_lead_value_exits_2_with_the_fix(tmp_path, dedup_yaml, message):
    _inputs(tmp_path / "in")
    proc, out = _run(tmp_path, "bad", dedup_yaml)
    assert proc.returncode == 2, proc.stderr[-2000:]
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("newsbeam: configuration error: ") and message in line
    assert not out.exists()
