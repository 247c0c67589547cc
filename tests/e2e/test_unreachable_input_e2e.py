"""An object-store input whose listing never answers (no network, no credentials) is one line on
stderr at once and exit 2 after a bounded wait, as an unreachable output is, instead of a run
that waits as long as the store does. The store is a filesystem of this test whose listing
blocks, registered in the process running the CLI."""

from pipeline.run import remote
from tests.support.stores import hanging_store

_STORE, _RELEASE, _CALLS = hanging_store("hanginput", "match", answer=[], wait_s=30)


def test_an_input_listing_that_never_answers_says_so_and_exits_2(tmp_path, monkeypatch, capsys):
    from pipeline.cli.main import main

    monkeypatch.setattr(remote, "REMOTE_CHECK_S", 1.0)
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
