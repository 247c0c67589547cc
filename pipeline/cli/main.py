"""The ``newsbeam`` command line: ``newsbeam run ...`` (and ``python -m pipeline run ...``)."""

import dataclasses
import json
import logging
import os
import posixpath
import re
import sys
import time
from importlib import metadata
from typing import Optional

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline.cli.args import UsageError, beam_flag_parser, check_extra_args
from pipeline.cli.observe import (
    REPORT_COMMANDS,
    run_progress,
    run_report_command,
    window_progress,
    write_run_report,
)
from pipeline.cli.parser import build_parser as _parser
from pipeline.cli.parser import subparser as _subparser
from pipeline.cli.quiet_logs import configure_logging, worker_log_args
from pipeline.cli.run_modes import mode_conflict
from pipeline.cli.summary import collect_metrics, collect_stage_msecs, format_summary
from pipeline.cli.usage import usage_error
from pipeline.config.rules import max_workers, parse_run_date
from pipeline.config.settings import ConfigError, Settings, load_settings
from pipeline.graph.batch import build_pipeline
from pipeline.run import remote
from pipeline.run.catalog_reach import check_catalog
from pipeline.run.layout import layout_conflict
from pipeline.run.lock import check_writable, output_lock
from pipeline.run.manifests import run_facts
from pipeline.run.stop import on_stop, quiet_reraised_errors
from pipeline.runtime.lost_workers import LostWorkerWatch, end_now, quiet_thread_errors
from pipeline.runtime.runner import (
    build_or_discard,
    discard_tempdir,
    make_options,
    make_runner,
    runner_problem,
)
from pipeline.runtime.startup import resume_gc
from pipeline.runtime.warm_workers import WarmWorkers
from transforms.core.record import stable_id
from transforms.read.paths import (
    expand_pattern,
    inside,
    is_local,
    match_remote,
    normalise_pattern,
)
from transforms.sink.commit import discard_uncommitted, remove_staging, write_json
from transforms.sink.commit_errors import MARK, describe_failure
from transforms.sink.schema import RunInfo

__all__ = ["main", "run_id_for"]

_LOG = logging.getLogger("newsbeam")
EXIT_FAILED, EXIT_CONFIG, EXIT_ERROR_RATE, EXIT_UNBALANCED = 1, 2, 3, 4


def run_id_for(settings: Settings) -> str:
    """Stable for the same job (inputs, feeds) and run date: a rerun replaces that run's files."""
    job = stable_id(
        "\x1e".join(sorted(settings.input)), "\x1e".join(sorted(settings.feeds)), length=8
    )
    return f"{settings.run_date:%Y%m%d}-{job}"


def _check_inputs(settings: Settings) -> tuple:
    """``(settings, (files matched, feed URLs))``: ``settings.feeds`` as the run reads them
    (OPML lists read once, here, and expanded to their URLs: the graph takes them as they are),
    and the totals of the progress line."""
    if not settings.input and not settings.feeds:
        raise ConfigError("nothing to read: give --input patterns or --feeds")
    if settings.feeds:
        from pipeline.graph.feeds import resolve_feed_urls

        # an unreadable or empty OPML list fails here
        settings = dataclasses.replace(settings, feeds=tuple(resolve_feed_urls(settings.feeds)))
    files = set()
    for pattern in settings.input:
        try:
            if is_local(pattern):  # a folder, dangling symlinks: as the reader lists them
                found = expand_pattern(pattern, exclude=[settings.output])
            else:
                found = remote.call_bounded(
                    lambda pattern=pattern: match_remote(pattern),
                    seconds=remote.REMOTE_CHECK_S,
                    doing=f"listing input '{pattern}'",
                )
        except Exception as exc:  # noqa: BLE001 - any filesystem error is a config problem here
            raise ConfigError(f"cannot list input '{pattern}': {exc}") from None
        if not found:
            raise ConfigError(f"no input files match '{pattern}'{_why_no_match(pattern, settings)}")
        files.update(getattr(m, "path", m) for m in found)  # local listings are paths
    return settings, (len(files), len(settings.feeds))


def _why_no_match(pattern: str, settings: Settings) -> str:
    """Why a local pattern matched nothing, and the fix: the output folder is never read; a
    folder holds no file (only folders, or links that lead nowhere); a path does not exist."""
    if not is_local(pattern):
        return "; check the bucket path and pattern ('*' within a folder, '**' across folders)"
    if is_local(settings.output) and inside(pattern, (os.path.realpath(settings.output),)):
        return f" outside the output folder '{settings.output}', which is never read as input"
    if os.path.isdir(pattern):
        return ": the folder holds no file (only folders, or links that lead nowhere)"
    return "; check the path (quote a pattern so the shell does not expand it: --input 'in/*')"


def _versions() -> dict:
    names = ("newsbeam", "apache-beam", "trafilatura", "langdetect", "pyarrow", "feedparser")
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _overrides(args) -> dict:
    overrides = {"output": args.output, "run_date": args.run_date}
    if args.input:
        overrides["input"] = args.input
    if args.feeds:
        overrides["feeds"] = args.feeds
        overrides.setdefault("input", [])
    if args.no_fetch:
        overrides["fetch"] = {"pages": False}
    return overrides


def _run_streaming(args, settings: Settings, beam_args: list[str]) -> int:
    from pipeline.config.streaming import streaming_config
    from pipeline.run.streaming import run_streaming

    if not settings.input and not settings.feeds:
        raise ConfigError("nothing to watch: give --input folders/patterns or --feeds")
    # Its windows are batch runs that add to the output (none replaces an earlier run's files):
    # every committed run counts, this stream's own earlier windows too.
    conflict = layout_conflict(settings.output, "", dict(settings.write))
    if conflict:
        raise ConfigError(conflict)
    resolve = None
    if settings.feeds:
        from pipeline.graph.feeds import resolve_feed_urls as resolve

        resolve(settings.feeds)  # an unreadable or empty OPML list fails here
    stream = streaming_config(
        settings.streaming,
        # feeds: entries may carry their own poll_minutes ({url: ..., poll_minutes: ...})
        feeds=settings.source.get("feeds") if resolve else None,
        resolve=resolve,
        window_s=args.window,
        poll_s=args.poll_interval,
        max_duration_s=args.max_duration,
        stop_after_items=args.stop_after,
    )
    return run_streaming(
        settings,
        stream,
        beam_args=worker_log_args(beam_args, args.log_level),
        quiet=args.quiet,
        versions=_versions(),
        watch=lambda runner: run_progress(args, runner, files_total=0, feeds_total=0),
        on_window=window_progress(args),
    )


def run(args, beam_args: list[str], warm: Optional[WarmWorkers] = None) -> int:
    conflict = mode_conflict(args)
    if conflict:
        raise ConfigError(conflict)
    if args.run_date:
        parse_run_date(args.run_date, key="--run-date")  # named as the user wrote it
    settings = load_settings(args.config, _overrides(args))
    # Beam's flags reach the filesystems before the inputs are listed and the output checked:
    # s3:// and azfs:// build their clients from them (Beam sets them only in Pipeline()).
    FileSystems.set_options(PipelineOptions(beam_args))
    # One spelling per pattern (absolute, resolved): the run id must not depend on how it is typed.
    settings = dataclasses.replace(settings, input=tuple(map(normalise_pattern, settings.input)))
    args.workers = 1 if args.workers is None else args.workers
    if not 1 <= args.workers <= max_workers():
        raise ConfigError(
            f"--workers must be from 1 to {max_workers()} (4 per CPU, at most 32), got "
            f"{args.workers}; for more, use a distributed runner (e.g. --runner DataflowRunner)"
        )
    problem = runner_problem(beam_args)
    if problem:
        raise ConfigError(problem)
    if args.streaming and settings.write.get("format") == "iceberg":
        raise ConfigError("write.format iceberg is for batch runs; streaming writes parquet")
    if args.streaming:  # runs for hours: the collector works from the start
        resume_gc()  # runs for hours: the collector works from the start
        return _run_streaming(args, settings, beam_args)
    if args.report and "://" in settings.output:
        raise ConfigError(
            "--report reads and writes local files: give a local --output, or run "
            "newsbeam report on a local copy of the output"
        )
    run_info = RunInfo(run_id=run_id_for(settings), run_date=settings.run_date)  # feeds as given
    settings, totals = _check_inputs(settings)
    check_catalog(settings)  # before hours of work, not at the commit
    made: dict = {}  # the pipeline once made: its temporary folder goes on a stop or failure

    def clean_up() -> None:
        if made.get("writable"):  # an output that never answered would hang the clean-up too
            remove_staging(settings.output, run_info.run_id)
        discard_tempdir(made.get("pipeline"))

    with output_lock(settings.output, run_id=run_info.run_id), on_stop(clean_up):
        try:
            return _run_batch(args, beam_args, settings, run_info, warm, made, totals)
        except BaseException:
            clean_up()
            raise


def _run_batch(
    args, beam_args, settings: Settings, run_info: RunInfo, warm, made: dict, totals
) -> int:
    conflict = layout_conflict(settings.output, run_info.run_id, dict(settings.write))
    if conflict:
        raise ConfigError(conflict)
    check_writable(settings.output, run_info.run_id)
    made["writable"] = True
    manifest = run_facts(settings, run_info, _versions())
    options = make_options(worker_log_args(beam_args, args.log_level), workers=args.workers)
    started = time.time()
    runner = make_runner(options)
    # Local worker processes load while the pipeline is built (runtime/warm_workers.py); the
    # command entry starts them before its own imports, else they start here.
    with warm or WarmWorkers(args.workers if runner is not None else 0):
        pipeline = made["pipeline"] = beam.Pipeline(runner=runner, options=options)
        build_or_discard(pipeline, build_pipeline, settings, run_info, manifest=manifest)
        resume_gc()  # paused by the command for start-up
        watch = run_progress(args, runner, files_total=totals[0], feeds_total=totals[1])
        try:
            with watch, LostWorkerWatch(_on_lost_worker(settings, run_info)):
                result = pipeline.run()
            if not args.detach:
                watch.wait(result)
        except Exception as exc:
            return _failed(settings, run_info, exc)
    if args.detach:
        print(
            f"newsbeam: submitted run {run_info.run_id}; "
            f"{settings.output}/_runs/{run_info.run_id}.json marks its commit"
        )
        return 0
    return _finish(settings, run_info, result, started, quiet=args.quiet, report=args.report)


def _failed(settings: Settings, run_info: RunInfo, exc: Exception) -> int:
    """A run that failed (disk full, too many open files, a bug): said in one line."""
    _LOG.debug("run %s failed", run_info.run_id, exc_info=exc)
    print(f"newsbeam: run failed: {_failure_message(settings, run_info, exc)}", file=sys.stderr)
    return EXIT_FAILED


def _failure_message(settings: Settings, run_info: RunInfo, exc: BaseException) -> str:
    """What a failed run says; its staging is removed first, so nothing of it was committed
    (commit_run rolls back, and files a killed worker moved are removed here)."""
    iceberg = settings.write.get("format") == "iceberg"
    discard_uncommitted(settings.output, run_info.run_id, iceberg=iceberg)
    text = str(exc)
    if MARK in text:  # the commit's own message, through the runner's error text
        return text.split(MARK, 1)[1].splitlines()[0]
    return describe_failure(exc, doing="writing", run_id=run_info.run_id, output=settings.output)


def _on_lost_worker(settings: Settings, run_info: RunInfo):
    """What ends a run whose runner waits for a worker process that died before connecting."""

    def on_lost(error: BaseException) -> None:
        end_now(
            EXIT_FAILED,
            lambda: f"newsbeam: run failed: {_failure_message(settings, run_info, error)}",
        )

    return on_lost


def _finish(
    settings: Settings, run_info: RunInfo, result, started: float, *, quiet: bool, report: bool
) -> int:
    path = posixpath.join(settings.output, "_runs", f"{run_info.run_id}.json")
    with FileSystems.open(path) as handle:
        manifest = json.loads(handle.read().decode("utf-8"))
    manifest["metrics"] = collect_metrics(result)
    manifest["stage_msecs"] = collect_stage_msecs(result)
    manifest["wall_seconds"] = round(time.time() - started, 2)
    write_json(path, manifest)  # a temporary name renamed over it: never a partial manifest
    report_path = write_run_report(settings.output, run_info.run_id) if report else None
    print(settings.output if quiet else format_summary(manifest, path, report=report_path))
    errors = manifest["tables"]["errors"]
    inputs = manifest["inputs"]
    if not manifest["balanced"]:
        print(
            f"newsbeam: records not conserved: {inputs} inputs, {manifest['outputs']} rows",
            file=sys.stderr,
        )
        return EXIT_UNBALANCED
    if error_rate_exceeded(errors, inputs, settings):
        print(
            f"newsbeam: {errors} of {inputs} inputs failed (more than max_error_rate "
            f"{settings.max_error_rate}); see {settings.output}/errors",
            file=sys.stderr,
        )
        return EXIT_ERROR_RATE
    return 0


def error_rate_exceeded(errors: int, inputs: int, settings: Settings) -> bool:
    """Whether the run's errors make it exit 3. ``min_inputs_for_error_rate`` spares a small run
    a few failures, but a run where every input failed (one dead feed, a folder of unreadable
    files) wrote nothing a reader wants, and a scheduler must see that."""
    if errors / max(inputs, 1) <= settings.max_error_rate:
        return False
    return inputs >= settings.min_inputs_for_error_rate or errors == inputs


def main(argv: Optional[list[str]] = None, *, warm: Optional[WarmWorkers] = None) -> int:
    quiet_reraised_errors()
    quiet_thread_errors()
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["train-topics"]:  # its own parser reads all its arguments
        configure_logging(None)
        from pipeline.cli.train_topics import train_topics_main

        resume_gc()
        return train_topics_main(argv[1:])
    parser = _parser()
    args, extras = parser.parse_known_args(argv)
    command = _subparser(parser, args.command)
    try:  # nothing runs, nothing is created, until every argument is understood
        beam = beam_flag_parser() if args.command == "run" else None
        if args.command != "clean":  # its own parser reads its flags (and --help)
            check_extra_args(extras, parser, beam=beam, command=args.command)
    except UsageError as exc:
        sys.stderr.write(usage_error(command, str(exc)))
        return EXIT_CONFIG
    configure_logging(getattr(args, "log_level", None))
    if args.command in REPORT_COMMANDS:
        return run_report_command(args, extras)
    try:
        if args.command == "clean":
            from pipeline.cli.clean import clean_main

            return clean_main([*args.args, *extras])  # its flags and --help too
        return run(args, extras, warm)
    except ConfigError as exc:
        print(f"newsbeam: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except Exception as exc:  # noqa: BLE001 - a failed run: one line, not Beam's traceback
        _LOG.debug("the run failed", exc_info=True)
        print(
            f"newsbeam: the run failed: {failure_line(exc)} (nothing of it is visible; its "
            "staging was removed)",
            file=sys.stderr,
        )
        return EXIT_FAILED


_EXCEPTION_LINE = re.compile(r"[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Full)\b")


def failure_line(exc: BaseException) -> str:
    """What failed, in one line: the last line of the message (Beam puts a worker's whole
    traceback in it, the error last), named by its exception class."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    line = lines[-1] if lines else ""
    while line.startswith("RuntimeError: ") and _EXCEPTION_LINE.match(line, 14):
        line = line[14:]  # Beam's wrapper around the real error
    if not _EXCEPTION_LINE.match(line):
        line = f"{type(exc).__name__}: {line}" if line else type(exc).__name__
    return line if len(line) <= 500 else line[:499] + "…"
