"""An object-store output that never answers (no network, no credentials) is one line on stderr
at once and exit 2 after a bounded wait, instead of minutes of silent retries. The store here is
a Beam filesystem of this test whose calls block, registered in the process running the CLI."""


def test_an_output_that_never_answers_says_so_and_exits_2(tmp_path, hanging_store, capsys):
    from pipeline.cli.main import main

    store = hanging_store("hangfs", "exists", answer=False, wait_s=5)
    src = tmp_path / "a.txt"
    src.write_text("A title\n\nA body that would be read.\n", encoding="utf-8")
    code = main(["run", "--input", str(src), "--output", "hangfs://bucket/out"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "checking that 'hangfs://bucket/out' can be written" in err
    assert "output 'hangfs://bucket/out' is not writable: no answer within 1 s" in err
    assert len(store.calls) == 1, store.calls  # the clean-up did not wait on the store again
