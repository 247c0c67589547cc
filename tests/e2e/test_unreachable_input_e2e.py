"""An object-store input whose listing never answers (no network, no credentials) is one line on
stderr at once and exit 2 after a bounded wait, as an unreachable output is, instead of a run
that waits for ever. The store here is a Beam filesystem of this test whose listing blocks,
registered in the process running the CLI."""

import threading

from apache_beam.io.filesystem import FileSystem

from pipeline.run import lock

_RELEASE = threading.Event()
_CALLS: list = []


class _HangingInputStore(FileSystem):
    @classmethod
    def scheme(cls):
        return "hanginput"

    def match(self, patterns, limits=None):
        _CALLS.append(patterns)
        _RELEASE.wait(30)  # as a client retrying an unreachable host
        return []

    def __getattr__(self, name):  # every other call is never reached
        raise AssertionError(name)

    join = split = mkdirs = has_dirs = _list = create = open = copy = rename = exists = None
    size = last_updated = checksum = delete = metadata = None


def test_an_input_listing_that_never_answers_says_so_and_exits_2(tmp_path, monkeypatch, capsys):
    from pipeline.cli.main import main

    monkeypatch.setattr(lock, "REMOTE_CHECK_S", 1.0)
    out = tmp_path / "out"
    try:
        code = main(["run", "--input", "hanginput://bucket/crawl/*", "--output", str(out)])
    finally:
        _RELEASE.set()
    err = capsys.readouterr().err
    assert code == 2, err
    assert "newsbeam: listing input 'hanginput://bucket/crawl/*'" in err
    assert "cannot list input 'hanginput://bucket/crawl/*': no answer within 1 s" in err
    assert len(_CALLS) == 1, _CALLS
    assert not (out / "_runs").exists()
