"""A usage error is one usage line, the error and where the help is (not argparse's block)."""

import pytest

from pipeline.cli.parser import build_parser


@pytest.mark.parametrize(
    "argv, lines",
    [
        (
            ["run", "--workers", "x"],
            [
                "usage: newsbeam run [options]",
                "newsbeam run: error: argument --workers: invalid int value: 'x'",
                "see 'newsbeam run --help'",
            ],
        ),
        (
            ["query"],
            [
                "usage: newsbeam query [options] output sql",
                "newsbeam query: error: the following arguments are required: output, sql",
                "see 'newsbeam query --help'",
            ],
        ),
        (
            [],
            [
                "usage: newsbeam [options] {run,clean,train-topics,report,query} ...",
                "newsbeam: error: the following arguments are required: command",
                "see 'newsbeam --help'",
            ],
        ),
    ],
)
def test_a_usage_error_is_three_lines(capsys, argv, lines):
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_known_args(argv)
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines() == lines
