"""The ``newsbeam`` command line's parser: the sub-commands and the flags newsbeam knows itself."""

import argparse
import contextlib
import io
from importlib import metadata
from typing import Optional

from pipeline.cli.observe import add_observe_flags, add_report_commands
from pipeline.cli.usage import Parser
from pipeline.config.rules import max_workers
from pipeline.runtime.warm_workers import HELP_FLAGS

__all__ = ["build_parser", "quick_help", "subparser", "version"]

_DESCRIPTION = """newsbeam: news ingestion on Apache Beam. Reads article files and feeds, extracts
the text, detects the language, removes near-duplicates, classifies topics and writes
Hive-partitioned Parquet tables (articles, duplicates, rejected, errors).

Run 'newsbeam run --help' for the flags of a run."""
_RUN_EPILOG = """Any flag of Beam's PipelineOptions is passed to Beam (e.g. --runner DataflowRunner
--project P --region R --temp_location gs://B/tmp); an argument neither newsbeam nor Beam
knows is an error.

exit status: 0 done; 1 the run failed (what failed is said in one line); 2 bad command line
or configuration (nothing was run); 3 more than max_error_rate of the inputs (or every input)
failed; 4 records not conserved (a bug); 143 stopped by SIGTERM (nothing of the run is
visible)."""


def version() -> str:
    """This newsbeam's version (its package metadata; a source tree without it says so)."""
    try:
        return metadata.version("newsbeam")
    except metadata.PackageNotFoundError:
        return "unknown (not installed: pip install -e .)"


def quick_help(argv: list) -> Optional[str]:
    """What ``newsbeam ARGV`` prints when it asks for help or the version (answered by this
    parser alone), else None: printed before Beam is imported and before any worker starts, so
    ``run --workers 2 --help`` answers at once."""
    if not any(arg in HELP_FLAGS for arg in argv):
        return None
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
            build_parser().parse_known_args(argv)
    except SystemExit as exc:
        return printed.getvalue() if exc.code in (0, None) else None
    return None  # a sub-command whose own parser answers --help (clean, train-topics)


def build_parser() -> argparse.ArgumentParser:
    # No abbreviations: --out or --work would silently mean --output or --workers.
    plain = {"formatter_class": argparse.RawDescriptionHelpFormatter, "allow_abbrev": False}
    parser = Parser(prog="newsbeam", description=_DESCRIPTION, **plain)
    parser.add_argument("-V", "--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run",
        help="run the pipeline (Beam's PipelineOptions flags are passed on)",
        description="Run the pipeline once (or continuously with --streaming).",
        epilog=_RUN_EPILOG,
        **plain,
    )
    run.add_argument(
        "--input", action="append", help="file pattern; repeat for several (default: config)"
    )
    run.add_argument("--output", help="output folder or bucket path (default: config)")
    run.add_argument("--config", help="YAML file merged over configs/default.yaml")
    run.add_argument("--run-date", help="batch: logical date YYYY-MM-DD (default: today, UTC)")
    run.add_argument(
        "--feeds",
        action="append",
        help="feed URL (RSS, Atom, JSON Feed) or OPML file; repeat for several (default: config)",
    )
    run.add_argument(
        "--no-fetch",
        action="store_true",
        help="do not fetch the pages feed entries link to (fetch.pages: false): an entry keeps "
        "the feed's own text, for runs without network",
    )
    run.add_argument(
        "--workers",
        type=int,
        help=f"batch: local worker processes (default 1, at most {max_workers()} here: 4 per CPU, "
        "at most 32)",
    )
    run.add_argument(
        "--quiet", action="store_true", help="print only the output path (and no progress)"
    )
    add_observe_flags(run)
    run.add_argument(
        "--streaming",
        action="store_true",
        help="run continuously: poll --feeds and watch --input folders (see streaming: in config)",
    )
    run.add_argument(
        "--detach",
        action="store_true",
        help="batch: submit the job and exit without waiting (Dataflow Flex Templates)",
    )
    run.add_argument("--window", type=float, help="streaming: window length in seconds")
    run.add_argument("--poll-interval", type=float, help="streaming: seconds between polls")
    run.add_argument(
        "--max-duration",
        type=float,
        help="streaming: stop after this many seconds, flushing windows",
    )
    run.add_argument(
        "--stop-after",
        type=int,
        help="streaming: stop once this many new items were read, flushing windows",
    )
    clean = sub.add_parser(  # its own parser (pipeline/cli/clean.py) answers --help
        "clean",
        help="remove staging and files of runs that never committed from an output",
        add_help=False,
        **plain,
    )
    clean.add_argument("args", nargs=argparse.REMAINDER)
    train = sub.add_parser(
        "train-topics",
        help="train a topic model on labelled articles (see newsbeam train-topics --help)",
        add_help=False,  # its own parser answers --help
        **plain,
    )
    train.add_argument("args", nargs=argparse.REMAINDER)
    add_report_commands(sub)
    return parser


def subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:  # argparse has no public way back to a sub-command's parser
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(name, parser)
    return parser
