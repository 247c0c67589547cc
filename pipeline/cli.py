"""The ``newsbeam`` command line: ``newsbeam run ...`` (and ``python -m pipeline run ...``)."""

import argparse
import dataclasses
import json
import logging
import posixpath
import sys
import time
from importlib import metadata
from typing import Optional

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline.build import build_pipeline, staging_dir
from pipeline.config import ConfigError, Settings, load_settings
from pipeline.feeds import redacted_source
from pipeline.run_lock import output_lock
from pipeline.runtime.runner import build_or_discard, make_options, make_runner
from pipeline.runtime.startup import resume_gc
from pipeline.runtime.warm_workers import WarmWorkers
from pipeline.summary import collect_metrics, collect_stage_msecs, format_summary
from transforms.commit_errors import MARK, describe_failure
from transforms.commit_run import discard_uncommitted, write_json
from transforms.read_paths import expand_pattern, is_local, normalise_pattern
from transforms.record import stable_id
from transforms.schema import SCHEMA_VERSION, RunInfo

__all__ = ["main", "run_id_for"]

_LOG = logging.getLogger("newsbeam")
EXIT_FAILED, EXIT_CONFIG, EXIT_ERROR_RATE, EXIT_UNBALANCED = 1, 2, 3, 4


def run_id_for(settings: Settings) -> str:
    """Stable for the same job (inputs, feeds) and run date: a rerun replaces that run's files."""
    job = stable_id(
        "\x1e".join(sorted(settings.input)), "\x1e".join(sorted(settings.feeds)), length=8
    )
    return f"{settings.run_date:%Y%m%d}-{job}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbeam", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run", help="run the pipeline (unknown flags go to Beam's PipelineOptions)"
    )
    run.add_argument(
        "--input", action="append", help="file pattern; repeat for several (default: config)"
    )
    run.add_argument("--output", help="output folder or bucket path (default: config)")
    run.add_argument("--config", help="YAML file merged over configs/default.yaml")
    run.add_argument("--run-date", help="logical date YYYY-MM-DD (default: today, UTC)")
    run.add_argument(
        "--feeds",
        action="append",
        help="feed URL (RSS, Atom, JSON Feed) or OPML file; repeat for several (default: config)",
    )
    run.add_argument("--workers", type=int, default=1, help="local worker processes (default 1)")
    run.add_argument("--quiet", action="store_true", help="print only the output path")
    run.add_argument(
        "--streaming",
        action="store_true",
        help="run continuously: poll --feeds and watch --input folders (see streaming: in config)",
    )
    run.add_argument(
        "--detach",
        action="store_true",
        help="submit the job and exit without waiting (Dataflow Flex Templates)",
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
    clean = sub.add_parser(  # its own parser (pipeline/clean.py) answers --help
        "clean",
        help="remove staging and files of runs that never committed from an output",
        add_help=False,
    )
    clean.add_argument("args", nargs=argparse.REMAINDER)
    train = sub.add_parser("train-topics", help="train a topic model on labelled articles")
    train.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _check_inputs(settings: Settings) -> None:
    if not settings.input and not settings.feeds:
        raise ConfigError("nothing to read: give --input patterns or --feeds")
    if settings.feeds:
        from pipeline.feeds import resolve_feed_urls

        resolve_feed_urls(settings.feeds)  # an unreadable or empty OPML list fails here
    for pattern in settings.input:
        try:
            if is_local(pattern):  # a folder, dangling symlinks: as the reader lists them
                found = expand_pattern(pattern, exclude=[settings.output])
            else:
                found = FileSystems.match([pattern])[0].metadata_list
        except Exception as exc:  # noqa: BLE001 - any filesystem error is a config problem here
            raise ConfigError(f"cannot list input '{pattern}': {exc}") from None
        if not found:
            raise ConfigError(f"no input files match '{pattern}'")


def _check_output(settings: Settings, run_id: str) -> None:
    """Fail before any work when the output cannot be written; clear a failed run's staging."""
    staging = staging_dir(settings.output, run_id)
    probe = posixpath.join(staging, ".probe")
    try:
        if FileSystems.exists(staging):
            FileSystems.delete([staging])
        with FileSystems.create(probe) as handle:
            handle.write(b"ok")
        FileSystems.delete([probe])
    except Exception as exc:  # noqa: BLE001
        raise ConfigError(f"output '{settings.output}' is not writable: {exc}") from None


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
    return overrides


def _run_streaming(args, settings: Settings, beam_args: list[str]) -> int:
    from pipeline.streaming import run_streaming
    from pipeline.streaming_config import streaming_config

    if not settings.input and not settings.feeds:
        raise ConfigError("nothing to watch: give --input folders/patterns or --feeds")
    resolve = None
    if settings.feeds:
        from pipeline.feeds import resolve_feed_urls as resolve

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
        settings, stream, beam_args=beam_args, quiet=args.quiet, versions=_versions()
    )


def run(args, beam_args: list[str], warm: Optional[WarmWorkers] = None) -> int:
    settings = load_settings(args.config, _overrides(args))
    # One spelling per pattern (absolute, resolved): the run id must not depend on how it is typed.
    settings = dataclasses.replace(settings, input=tuple(map(normalise_pattern, settings.input)))
    if args.workers < 1:
        raise ConfigError("--workers must be 1 or more")
    if args.streaming and settings.write.get("format") == "iceberg":
        raise ConfigError("write.format iceberg is for batch runs; streaming writes parquet")
    if args.streaming:  # runs for hours: the collector works from the start
        resume_gc()  # runs for hours: the collector works from the start
        return _run_streaming(args, settings, beam_args)
    flags = ("window", "poll_interval", "max_duration", "stop_after")
    given = [f for f in flags if getattr(args, f) is not None]
    if given:
        flags = ", ".join("--" + f.replace("_", "-") for f in given)
        raise ConfigError(f"{flags} only apply with --streaming")
    run_info = RunInfo(run_id=run_id_for(settings), run_date=settings.run_date)
    _check_inputs(settings)
    with output_lock(settings.output, run_id=run_info.run_id):
        return _run_batch(args, settings, run_info, beam_args, warm)


def _run_batch(args, settings: Settings, run_info: RunInfo, beam_args, warm) -> int:
    _check_output(settings, run_info.run_id)
    config = dict(redacted_source(settings.source), run_date=settings.run_date.isoformat())
    manifest = {
        "run_id": run_info.run_id,
        "run_date": settings.run_date.isoformat(),
        "schema_version": SCHEMA_VERSION,
        "output": settings.output,
        "config": config,
        "versions": _versions(),
    }
    options = make_options(beam_args, workers=args.workers)
    started = time.time()
    runner = make_runner(options)
    # Local worker processes load while the pipeline is built (runtime/warm_workers.py); the
    # command entry starts them before its own imports, else they start here.
    with warm or WarmWorkers(args.workers if runner is not None else 0):
        pipeline = beam.Pipeline(runner=runner, options=options)
        build_or_discard(pipeline, build_pipeline, settings, run_info, manifest=manifest)
        resume_gc()  # paused by the command for start-up
        try:
            result = pipeline.run()
            if not args.detach:
                result.wait_until_finish()
        except Exception as exc:
            return _failed(settings, run_info, exc)
    if args.detach:
        print(
            f"newsbeam: submitted run {run_info.run_id}; "
            f"{settings.output}/_runs/{run_info.run_id}.json marks its commit"
        )
        return 0
    return _finish(settings, run_info, result, started, quiet=args.quiet)


def _failed(settings: Settings, run_info: RunInfo, exc: Exception) -> int:
    """A run that failed (disk full, too many open files, a bug): its staging is removed, and
    what happened is said in one line; nothing of it was committed (commit_run rolls back, and
    files a killed worker moved are removed here)."""
    iceberg = settings.write.get("format") == "iceberg"
    discard_uncommitted(settings.output, run_info.run_id, iceberg=iceberg)
    text = str(exc)
    if MARK in text:  # the commit's own message, through the runner's error text
        message = text.split(MARK, 1)[1].splitlines()[0]
    else:
        message = describe_failure(
            exc, doing="writing", run_id=run_info.run_id, output=settings.output
        )
    _LOG.debug("run %s failed", run_info.run_id, exc_info=exc)
    print(f"newsbeam: run failed: {message}", file=sys.stderr)
    return EXIT_FAILED


def _finish(settings: Settings, run_info: RunInfo, result, started: float, *, quiet: bool) -> int:
    path = posixpath.join(settings.output, "_runs", f"{run_info.run_id}.json")
    with FileSystems.open(path) as handle:
        manifest = json.loads(handle.read().decode("utf-8"))
    manifest["metrics"] = collect_metrics(result)
    manifest["stage_msecs"] = collect_stage_msecs(result)
    manifest["wall_seconds"] = round(time.time() - started, 2)
    write_json(path, manifest)  # a temporary name renamed over it: never a partial manifest
    print(settings.output if quiet else format_summary(manifest, path))
    errors = manifest["tables"]["errors"]
    inputs = manifest["inputs"]
    if not manifest["balanced"]:
        print(
            f"newsbeam: records not conserved: {inputs} inputs, {manifest['outputs']} rows",
            file=sys.stderr,
        )
        return EXIT_UNBALANCED
    if (
        inputs >= settings.min_inputs_for_error_rate
        and errors / max(inputs, 1) > settings.max_error_rate
    ):
        print(
            f"newsbeam: {errors} of {inputs} inputs failed (more than max_error_rate "
            f"{settings.max_error_rate}); see {settings.output}/errors",
            file=sys.stderr,
        )
        return EXIT_ERROR_RATE
    return 0


def _not_beam_gcp_noise(record: logging.LogRecord) -> bool:
    """Beam warns about missing GCP client libraries on every local run; they are optional."""
    return not record.getMessage().startswith("apitools not found")


def main(argv: Optional[list[str]] = None, *, warm: Optional[WarmWorkers] = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger().addFilter(_not_beam_gcp_noise)
    args, beam_args = _parser().parse_known_args(argv)
    if args.command == "train-topics":
        from pipeline.train_topics import train_topics_main

        resume_gc()
        return train_topics_main(args.args)
    try:
        if args.command == "clean":
            from pipeline.clean import clean_main

            return clean_main([*args.args, *beam_args])  # its flags and --help too
        return run(args, beam_args, warm)
    except ConfigError as exc:
        print(f"newsbeam: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG


if __name__ == "__main__":
    from pipeline.command import entry

    entry()
