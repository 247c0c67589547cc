"""A local stream (micro-batches) watching an object-store pattern whose listing never answers:
on the first poll it exits 2 after the bounded wait of a batch listing, saying so; when the store
stops answering later, the stream says so once and goes on (it ends at --max-duration with exit
0), starting no second listing while one still waits. The stores are filesystems of this test
whose listing blocks, registered in the process running the CLI."""

import threading

from apache_beam.io.filesystem import MatchResult

from pipeline.run import remote
from tests.support.stores import hanging_store

_NEVER, _RELEASE, _NEVER_CALLS = hanging_store("hangwatch", "match", answer=[], wait_s=30)
_LATER_BASE, _RELEASE_LATER, _LATER_CALLS = hanging_store(
    "hanglater", "match", answer=[], wait_s=30
)


class _AnswersOnce(_LATER_BASE):
    """Lists nothing on the first call, then hangs as an unreachable store does."""

    answered = threading.Event()

    @classmethod
    def scheme(cls):
        return "answersonce"

    def match(self, patterns, limits=None):
        if not self.answered.is_set():
            self.answered.set()
            return [MatchResult(patterns[0], [])]
        return super().match(patterns, limits)


def _stream(out, pattern: str, release, max_duration: str) -> int:
    """The exit code of a stream watching ``pattern`` until ``max_duration``; the store's
    blocked calls are released after it."""
    from pipeline.cli.main import main

    args = ["run", "--streaming", "--input", pattern, "--output", str(out), "--no-progress"]
    args += ["--max-duration", max_duration, "--poll-interval", "0.2", "--window", "0.5"]
    try:
        return main(args)
    finally:
        release.set()


def test_a_watched_listing_that_never_answers_exits_2_after_the_bound(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(remote, "REMOTE_CHECK_S", 1.0)
    out = tmp_path / "out"
    code = _stream(out, "hangwatch://bucket/in/*", _RELEASE, "60")
    err = capsys.readouterr().err
    assert code == 2, err
    assert "newsbeam: listing watched 'hangwatch://bucket/in/*'" in err
    assert "cannot list watched 'hangwatch://bucket/in/*': no answer within 1 s" in err
    assert len(_NEVER_CALLS) == 1, _NEVER_CALLS
    assert not (out / "_runs").exists() or not list((out / "_runs").iterdir())


def test_a_store_that_stops_answering_is_said_once_and_the_stream_goes_on(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(remote, "REMOTE_CHECK_S", 0.5)
    code = _stream(tmp_path / "out", "answersonce://bucket/in/*", _RELEASE_LATER, "4")
    err = capsys.readouterr().err
    assert code == 0, err
    said = "cannot list watched 'answersonce://bucket/in/*': no answer within 0.5 s"
    assert err.count(said) == 1, err
    assert "the stream goes on without its new files until it answers" in err
    assert len(_LATER_CALLS) == 1, _LATER_CALLS  # one listing waited; no second one started
