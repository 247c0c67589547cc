"""A flag that does nothing in the chosen mode fails fast: batch-only flags with --streaming and
stream-only flags without it exit 2, naming the flag and the mode it applies to, before anything
is created."""

import pytest

from tests.support import cli


@pytest.mark.parametrize(
    "flags,named",
    [
        (["--run-date", "2024-01-02"], "--run-date"),
        (["--workers", "2"], "--workers"),
        (["--workers", "1"], "--workers"),
        (["--report"], "--report"),
        (["--detach"], "--detach"),
    ],
)
def test_batch_only_flag_with_streaming_exits_2_and_says_so(tmp_path, flags, named):
    out = tmp_path / "out"
    result = cli.newsbeam(
        "run",
        "--streaming",
        "--feeds",
        "https://127.0.0.1:9/rss.xml",
        "--output",
        str(out),
        "--max-duration",
        "1",
        *flags,
    )
    assert result.returncode == 2, result.stderr
    assert f"{named} only applies to batch runs (without --streaming)" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "flags,named",
    [
        (["--window", "5"], "--window"),
        (["--poll-interval", "5"], "--poll-interval"),
        (["--max-duration", "5"], "--max-duration"),
        (["--stop-after", "5"], "--stop-after"),
        (["--stop-after", "0"], "--stop-after"),  # 0 == False: still a flag given
    ],
)
def test_stream_only_flag_without_streaming_exits_2_and_says_so(tmp_path, flags, named):
    out = tmp_path / "out"
    src = tmp_path / "a.txt"
    src.write_text("Title\n\nA body of text that would be read.\n")
    result = cli.newsbeam("run", "--input", str(src), "--output", str(out), *flags)
    assert result.returncode == 2, result.stderr
    assert f"{named} only applies with --streaming" in result.stderr
    assert not out.exists()
