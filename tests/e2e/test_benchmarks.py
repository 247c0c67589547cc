"""The throughput benchmark's corpus and a whole (small) benchmark run, as a user runs it."""

import gzip
import subprocess
import sys

import pytest

from tests.support.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import throughput  # noqa: E402


def _page(title: str, words: int = 220) -> bytes:
    body = " ".join(
        f"{title.lower()} report word{i % 37} on the council budget" for i in range(words // 6)
    )
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | News</nav>"
        f"<article><h1>{title}</h1><p>{body}.</p><p>{body} again.</p></article>"
        f"<footer>Contact us</footer></body></html>"
    ).encode()


@pytest.fixture
def nested(tmp_path):
    src = tmp_path / "pages"
    (src / "2026" / "11").mkdir(parents=True)
    (src / "other").mkdir()
    (src / ".cache").mkdir()
    (src / "top.html").write_bytes(_page("Top"))
    (src / "2026" / "11" / "top.html").write_bytes(_page("Same name, other folder"))
    (src / "2026" / "story.htm").write_bytes(_page("Story"))
    (src / "other" / "packed.html.gz").write_bytes(gzip.compress(_page("Packed")))
    (src / "other" / "saved-without-extension").write_bytes(_page("No extension"))
    (src / "other" / "broken.html.gz").write_bytes(b"not gzip at all")
    (src / "README.md").write_text("# notes about these pages\n")
    (src / "other" / "data.json").write_text('{"a": 1}')
    (src / ".cache" / "hidden.html").write_bytes(_page("Hidden"))
    (src / ".hidden.html").write_bytes(_page("Hidden too"))
    return src


def test_pages_are_found_in_every_subfolder_and_other_files_are_named(nested):
    pages, skipped = throughput.find_pages(nested)
    rel = [p.relative_to(nested).as_posix() for p in pages]
    assert rel == [
        "2026/11/top.html",
        "2026/story.htm",
        "other/broken.html.gz",
        "other/packed.html.gz",
        "other/saved-without-extension",
        "top.html",
    ]
    assert skipped == ["README.md", "other/data.json"]


def test_corpus_is_flat_unpacked_and_scaled_copies_differ(nested, tmp_path):
    pages, _ = throughput.find_pages(nested)
    assert throughput.build_corpus(nested, tmp_path / "c1", pages=pages) == 6
    names = sorted(p.name for p in (tmp_path / "c1").iterdir())
    assert names == [
        "2026__11__top-000.html",
        "2026__story-000.html",
        "other__broken-000.html",
        "other__packed-000.html",
        "other__saved-without-extension-000.html",
        "top-000.html",
    ]
    assert (tmp_path / "c1" / "other__packed-000.html").read_bytes() == _page("Packed")
    # A .gz that does not unpack goes in as it is: a bad page for every system alike.
    assert (tmp_path / "c1" / "other__broken-000.html").read_bytes() == b"not gzip at all"

    assert throughput.build_corpus(nested, tmp_path / "c3", scale=3, limit=2) == 6
    copies = sorted((tmp_path / "c3").glob("2026__11__top-*.html"))
    assert len(copies) == 3
    bodies = [p.read_bytes() for p in copies]
    assert len(set(bodies)) == 3
    assert all(b.endswith(b"</body></html>") for b in bodies)
    assert b"Archive copy 2 of page 2026__11__top." in bodies[2]


def test_clashing_and_long_names_stay_unique(tmp_path):
    src = tmp_path / "pages"
    deep = src / ("very-long-folder-name-" * 5) / ("another-long-folder-name-" * 5)
    deep.mkdir(parents=True)
    (src / "a.html").write_bytes(_page("A"))
    (src / "a.htm").write_bytes(_page("A again"))
    (deep / "page.html").write_bytes(_page("Deep"))
    assert throughput.build_corpus(src, tmp_path / "out") == 3
    names = [p.name for p in (tmp_path / "out").iterdir()]
    assert len(set(names)) == 3
    assert all(len(n.encode()) < 200 for n in names)


def _benchmark(*args: str, script: str = "throughput.py") -> subprocess.CompletedProcess:
    """``python benchmarks/SCRIPT ARGS`` from the project root; the finished process."""
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_benchmark_runs_end_to_end_on_a_small_nested_corpus(nested):
    done = _benchmark(
        str(nested),
        "--workers",
        "1",
        "--repeats",
        "1",
        "--skip-scaled",
        "--datatrove-python",
        str(nested / "no-such-python"),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "2 files that are not HTML pages left out: README.md, other/data.json" in out
    assert "corpus: 6 pages" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if " 1 " in line[:25]}
    assert set(rows) >= {"newsbeam", "script"}
    assert float(rows["script"][4]) == 1.00  # the baseline's own ratio
    assert "inputs 6, balanced in 1/1 runs" in out
    assert "datatrove: not installed" in out


def test_benchmark_refuses_a_folder_without_pages(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing to see")
    done = _benchmark(str(tmp_path), "--skip-scaled")
    assert done.returncode == 2
    assert "no HTML pages under" in done.stderr
    assert "1 other files" in done.stderr


def test_language_benchmark_shows_both_detectors_agree(tmp_path):
    folder = tmp_path / "language" / "lingua" / "sentences"
    folder.mkdir(parents=True)
    (folder / "en.txt").write_text(
        "The council approved the budget after a long debate.\n"
        "Schools will get more money for teachers next year.\n"
        "The mayor said the plan was fair to every district.\n"
        "Critics warned that taxes could rise again soon.\n"
    )
    (folder / "de.txt").write_text(
        "Der Stadtrat hat den Haushalt nach langer Debatte beschlossen.\n"
        "Die Schulen bekommen im nächsten Jahr mehr Geld für Lehrer.\n"
        "Der Bürgermeister nannte den Plan gerecht für alle Bezirke.\n"
        "Kritiker warnten, dass die Steuern bald wieder steigen könnten.\n"
    )
    (folder / "nn.txt").write_text("Eit språk langdetect ikkje kjenner.\n")  # left out
    done = _benchmark("--data", str(tmp_path), "--per-language", "4", "--paragraph", "2",
                      "--articles", "0", script="language.py")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    lines = {line.split()[0]: line.split() for line in done.stdout.splitlines()[2:]}
    assert "2 langdetect languages" in done.stdout
    # items, n, ms, cold, /, warm, speed-up, same, /, n, same probs, accuracy ld, /, nb
    assert lines["sentences"][1] == "8" and lines["paragraphs"][1] == "4"
    for row in lines.values():
        assert row[7] == row[9] == row[10] == row[1]  # every result the same as langdetect's
        assert row[11] == row[13] == "1.0000"


def test_language_benchmark_articles_put_both_detectors_side_by_side(tmp_path):
    folder = tmp_path / "language" / "lingua" / "sentences"
    folder.mkdir(parents=True)
    (folder / "de.txt").write_text(
        "".join(
            f"Der Stadtrat hat am Tag {k} den Haushalt nach langer Debatte beschlossen.\n"
            for k in range(10)
        ),  # fmt: skip
        encoding="utf-8",
    )
    (folder / "zh.txt").write_text(
        "今天上午股市大幅上涨，投资者信心增强。\n" * 10, encoding="utf-8"
    )
    done = _benchmark("--data", str(tmp_path), "--per-language", "1", "--paragraph", "1",
                      "--articles", "1", script="language.py")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {x.split()[0]: x.split() for x in done.stdout.split("articles: ")[1].splitlines()[2:]}
    assert rows["de"][1:] == ["1/1", "1/1"]
    assert rows["zh"][-1] == "1/1"  # newsbeam: the script decides
    assert rows["all"][-3] == "1.0000"  # accuracy, then "(ms ms)"


def test_topic_benchmark_sets_have_both_splits_in_every_language():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import topics

    rows = topics.read_multilingual()
    for split in ("dev", "test"):
        assert {r[1] for r in rows if r[0] == split} == {
            "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "sv", "tr", "ar", "zh", "ja"
        }  # fmt: skip
    dev = {(r[3], r[4]) for r in rows if r[0] == "dev"}
    assert not dev & {(r[3], r[4]) for r in rows if r[0] == "test"}  # no item in both
    scores = topics.per_class(["a", "a", "b"], ["a", "b", "b"], ["a", "b"])
    assert scores["a"] == (1.0, 0.5, 2 / 3) and scores["b"] == (0.5, 1.0, 2 / 3)
