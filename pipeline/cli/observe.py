"""The command line's observability: progress and log flags of ``run``, and the ``report`` and
``query`` commands (their logic lives in pipeline/cli/progress.py, pipeline/report/, pipeline/cli/query.py).
"""

import argparse
import os
import sys
from typing import Optional

from pipeline.cli.progress import ProgressReporter, WindowTick, format_window
from pipeline.cli.quiet_logs import LOG_LEVELS

__all__ = [
    "REPORT_COMMANDS",
    "RunWatch",
    "add_observe_flags",
    "add_report_commands",
    "run_progress",
    "run_report_command",
    "window_progress",
    "write_run_report",
]

REPORT_COMMANDS = ("report", "query")


def _level(value: str) -> str:
    if value.upper() not in LOG_LEVELS:
        raise argparse.ArgumentTypeError(f"use one of {', '.join(LOG_LEVELS)}")
    return value.upper()


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError("give seconds, e.g. 10") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return seconds


def add_observe_flags(run: argparse.ArgumentParser) -> None:
    run.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on stderr while the run goes (default: on, off with --quiet)",
    )
    run.add_argument(
        "--progress-interval",
        type=_seconds,
        help="seconds between progress lines when stderr is not a terminal (default 10)",
    )
    run.add_argument(
        "--log-level",
        type=_level,
        help="show logs of Beam and the libraries from this level (DEBUG, INFO, WARNING, ERROR); "
        "by default only newsbeam's own warnings",
    )
    run.add_argument(
        "--report",
        action="store_true",
        help="batch: also write the HTML run report (newsbeam report)",
    )


def add_report_commands(sub) -> None:
    report = sub.add_parser("report", help="write an HTML report of a run under its output folder")
    report.add_argument("output", help="the output folder of newsbeam run")
    report.add_argument("--run", help="run id (default: the last committed run)")
    report.add_argument("--to", help="HTML file to write (default: OUTPUT/_reports/<run>.html)")
    query = sub.add_parser(
        "query",
        help="run SQL on an output folder; tables: articles, duplicates, rejected, errors",
    )
    query.add_argument("output", help="the output folder of newsbeam run")
    query.add_argument("sql", help='e.g. "SELECT language, count(*) FROM articles GROUP BY 1"')
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.add_argument(
        "--config",
        help="the run's YAML: its write.iceberg catalog is queried (default: the catalog the "
        "last committed run wrote to)",
    )
    query.add_argument(
        "--memory-limit",
        help="DuckDB's memory for the query, e.g. 2GB (default: a quarter of the machine's); "
        "beyond it the query spills to a temporary folder removed at the end",
    )


def run_report_command(args, extra: list) -> int:
    from pipeline.config.settings import ConfigError

    if extra:
        print(f"newsbeam: unknown arguments: {' '.join(extra)}", file=sys.stderr)
        return 2
    try:
        if args.command == "query":
            from pipeline.cli.query import run_query

            text = run_query(
                args.output,
                args.sql,
                fmt=args.format,
                config=args.config,
                memory_limit=args.memory_limit,
            )
            print(text)
            return 0
        path = write_run_report(args.output, args.run, to=args.to)
    except ConfigError as exc:
        print(f"newsbeam: {exc}", file=sys.stderr)
        return 2
    if os.path.isfile(path):  # not after the page itself: --to /dev/stdout
        print(path)
    return 0


def write_run_report(output: str, run_id: Optional[str], *, to: Optional[str] = None) -> str:
    """Write the run's HTML report; returns its path."""
    from pipeline.report import write_report

    return write_report(output, run_id, to=to)


class RunWatch:
    """Progress lines while the pipeline runs. The in-process runner runs the pipeline inside
    ``pipeline.run()``: the lines come from its live metrics while the ``with`` block lasts.
    Other runners return from ``run()`` at once: ``wait(result)`` polls ``result.metrics()``
    until the job ends."""

    def __init__(self, enabled: bool, runner, **reporter_args):
        self._enabled = enabled
        self._runner = runner
        self._args = reporter_args
        self._reporter: Optional[ProgressReporter] = None

    def __enter__(self) -> "RunWatch":
        live = getattr(self._runner, "live", None)
        if self._enabled and live is not None:
            self._reporter = ProgressReporter(live.counters, stream=sys.stderr, **self._args)
            self._reporter.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._reporter is not None:
            self._reporter.__exit__(*exc)
            self._reporter = None

    def wait(self, result) -> None:
        if not self._enabled or getattr(self._runner, "live", None) is not None:
            result.wait_until_finish()
            return
        from pipeline.cli.summary import collect_metrics

        with ProgressReporter(lambda: collect_metrics(result), stream=sys.stderr, **self._args):
            result.wait_until_finish()


def progress_enabled(args) -> bool:
    """``--progress`` / ``--no-progress``; by default on, off with ``--quiet``."""
    return args.progress if args.progress is not None else not args.quiet


def window_progress(args):
    """What a local micro-batch stream calls after each window's poll: one progress line on
    stderr (None when progress is off)."""
    if not progress_enabled(args):
        return None

    def tell(**facts) -> None:
        try:
            print(format_window(WindowTick(**facts)), file=sys.stderr, flush=True)
        except (OSError, ValueError):  # a closed stderr: the stream goes on
            pass

    return tell


def run_progress(args, runner, *, files_total: int, feeds_total: int) -> RunWatch:
    return RunWatch(
        progress_enabled(args),
        runner,
        interval_s=args.progress_interval,
        files_total=files_total or None,
        feeds_total=feeds_total or None,
    )
