"""An object-store input whose listing never answers (no network, no credentials) is one line on
stderr at once and exit 2 after a bounded wait, as an unreachable output is, instead of a run
that waits as long as the store does. The store is a filesystem of this test whose listing
blocks, registered in the process running the CLI."""


def test_an_input_listing_that_never_answers_says_so_and_exits_2(tmp_path, hanging_store, capsys):
    from pipeline.cli.main import main

    store = hanging_store("hanginput", "match", answer=[], wait_s=30)
    out = tmp_path / "out"
    code = main(["run", "--input", "hanginput://bucket/crawl/*", "--output", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "newsbeam: listing input 'hanginput://bucket/crawl/*'" in err
    assert "cannot list input 'hanginput://bucket/crawl/*': no answer within 1 s" in err
    assert len(store.calls) == 1, store.calls
    assert not (out / "_runs").exists()
