"""A watched folder gains a file whose name is not UTF-8 (bytes a Latin-1 or a broken tool
wrote): the window that would read it failed to build (Beam's coder cannot encode the name) and
was tried again every poll, so neither that file nor any other new file was ever written while
the stream said nothing but 'window failed'. Its story is written like any other, once, with the
name's bad bytes shown as U+FFFD in ``source_ref``; a restart writes nothing again."""

import os

from tests.support import cli
from tests.support.feed_servers import feed_story, read_table


def _stream(watched, out, *more):
    return cli.newsbeam(
        "run", "--streaming", "--input", str(watched), "--output", str(out), "--quiet",
        "--window", "1", "--poll-interval", "1", *more, timeout=300,
    )  # fmt: skip


def test_a_file_whose_name_is_not_utf8_is_read_and_does_not_stall_the_stream(tmp_path):
    watched, out = tmp_path / "watched", tmp_path / "out"
    watched.mkdir()
    (watched / "plain.txt").write_text("Ferries return to the bay\n\n" + feed_story(701) + "\n")
    odd = os.path.join(os.fsencode(watched), b"caf\xe9-\xff.txt")
    with open(odd, "w") as handle:
        handle.write("Night market opens by the quay\n\n" + feed_story(702) + "\n")

    first = _stream(watched, out, "--stop-after", "2", "--max-duration", "120")
    assert first.returncode == 0, first.stderr[-2000:]
    assert "failed" not in first.stderr, first.stderr[-2000:]
    rows = sorted(
        (r["title"], os.path.basename(r["source_ref"])) for r in read_table(out, "articles")
    )
    assert rows == [
        ("Ferries return to the bay", "plain.txt"),
        ("Night market opens by the quay", "caf\ufffd-\ufffd.txt"),
    ]

    again = _stream(watched, out, "--max-duration", "8")
    assert again.returncode == 0, again.stderr[-2000:]
    assert len(read_table(out, "articles")) == 2
    assert read_table(out, "duplicates") == [] and read_table(out, "errors") == []
