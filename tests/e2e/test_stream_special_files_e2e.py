"""A watched folder gains a FIFO and a symlink to /dev/zero (never read: either would block or
never end), and a file named ``a[1].txt`` beside ``a1.txt``: each special file is one rejected
row with its reason (``not_regular_file``), as in a batch run, once however many polls list it
(they were left out of the listing without a word); ``a[1].txt`` is read as
itself, not as a pattern that names ``a1.txt``."""

import os

from tests.support import cli
from tests.support.feed_servers import feed_story, read_table


def test_special_files_are_one_row_each_and_brackets_are_a_name(tmp_path):
    watched, out = tmp_path / "watched", tmp_path / "out"
    watched.mkdir()
    (watched / "a[1].txt").write_text("Lighthouse keeper retires\n\n" + feed_story(801) + "\n")
    (watched / "a1.txt").write_text("Orchard harvest starts early\n\n" + feed_story(802) + "\n")
    os.mkfifo(watched / "pipe.txt")
    os.symlink("/dev/zero", watched / "zero.txt")

    proc = cli.newsbeam(
        "run", "--streaming", "--input", str(watched), "--output", str(out), "--quiet",
        "--window", "1", "--poll-interval", "1", "--max-duration", "12", timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = sorted(
        (os.path.basename(r["source_ref"]), r["title"]) for r in read_table(out, "articles")
    )
    assert rows == [
        ("a1.txt", "Orchard harvest starts early"),
        ("a[1].txt", "Lighthouse keeper retires"),
    ]
    assert read_table(out, "duplicates") == []
    assert read_table(out, "errors") == []
    rejected = sorted(
        (os.path.basename(r["source_ref"]), r["reason"], r["detail"])
        for r in read_table(out, "rejected")
    )
    assert rejected == [
        ("pipe.txt", "not_regular_file", "a FIFO (named pipe), not a regular file: not read"),
        ("zero.txt", "not_regular_file", "a character device, not a regular file: not read"),
    ]
