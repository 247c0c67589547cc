"""Object names may hold ``[``, ``*`` and ``?`` (legal in gs:// and s3:// keys): an input that is
the name of an object is that object, as a local file's name is. Beam's listing read
``.../story[1].txt`` as a glob (the object ``story1.txt``, or nothing: "no input files match",
exit 2), in a batch run and in every stream window, whose inputs are the exact names its poll
listed. Against a bucket on the local disk registered as a Beam filesystem (``objstore://``)."""

from pipeline.cli.main import main
from tests.support.feed_servers import feed_story, read_table


def _story(n: int) -> bytes:
    """A plain text story of its own: a headline line, then its body."""
    return f"Story number {n} of the bucket\n\n{feed_story(n)}\n".encode()


def _titles(out) -> list:
    return sorted(r["source_path"] for r in read_table(out, "articles"))


def test_a_batch_input_naming_an_object_reads_that_object(tmp_path, object_store, capsys):
    bracket = object_store("bucket/in/story[1].txt", _story(0))
    object_store("bucket/in/story1.txt", _story(1))  # what the glob matched
    question = object_store("bucket/in/what?.txt", _story(2))
    object_store("bucket/in/whatX.txt", _story(3))
    star = object_store("bucket/in/a*b.txt", _story(4))
    out = tmp_path / "out"
    args = ["run", "--output", str(out), "--run-date", "2026-11-22", "--quiet"]
    code = main(args + [a for url in (bracket, question, star) for a in ("--input", url)])
    assert code == 0, capsys.readouterr().err
    assert _titles(out) == sorted([bracket, question, star])
    (row,) = [r for r in read_table(out, "articles") if r["source_path"] == bracket]
    assert row["title"] == "Story number 0 of the bucket"
    assert row["text"].startswith(feed_story(0)[:60])

    # a pattern is still a pattern: every object under the prefix
    everything = tmp_path / "everything"
    args = ["run", "--output", str(everything), "--run-date", "2026-11-22", "--quiet"]
    assert main(args + ["--input", "objstore://bucket/in/*.txt"]) == 0
    assert len(read_table(everything, "articles")) == 5


def test_a_stream_window_reads_an_object_named_with_brackets(tmp_path, object_store, capsys):
    """The stream lists ``objstore://bucket/in/*``; its window names each object it found."""
    url = object_store("bucket/in/report[2026].txt", _story(0))
    object_store("bucket/in/report2.txt", b"")  # an empty object the glob [2026] would match
    out = tmp_path / "out"
    code = main(["run", "--streaming", "--input", "objstore://bucket/in/report[[]*", "--output",
                 str(out), "--window", "1", "--poll-interval", "0.5", "--stop-after", "1",
                 "--max-duration", "120", "--no-progress"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0, err
    assert [r["source_path"] for r in read_table(out, "articles")] == [url]
    assert read_table(out, "errors") == [] and read_table(out, "rejected") == []
