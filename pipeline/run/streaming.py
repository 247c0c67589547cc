"""Streaming mode: feeds polled and a folder watched continuously, committed per event-time window.

```
PollSources ─┬─ items ─ DropSeen ─ WindowInto ─ FetchArticles ─ decode ─ extract ─ filter ─
 (ticks; feeds│   language ─ StreamingDedup (prior index side input + keyed state with TTL) ─
  at their own│   topics ─┐                                     FixedWindows(window)
  interval,   └─ feed validators ─ WindowInto ────────────────┴─ CommitWindows (stage each
  the folder)     window pane, then move it and its _state/http file into the Hive layout)
```

A feed's fetch error rows go through ``OneRowPerOutage`` (keyed by feed: one row per outage,
even when the source's remainder resumes on another worker) before they join the errors.

Element timestamps are *arrival* times (the poll that found the item), not ``published_at``:
feeds carry old, missing and future dates, and a published time older than the allowed lateness
would make Beam drop the article without a trace; arrival time never runs behind the source's
watermark, so nothing is dropped, and windows line up with ``ingest_date`` as in batch.
``published_at`` stays a column.

A bounded run stops polling at start + ``max_duration_s``, or once ``stop_after_items`` new items
(the ones DropSeen lets through) were read; the watermark then passes every window, every window
is committed and the pipeline ends by itself. On Ctrl-C the
windows not yet committed are discarded: their staged files are deleted, nothing half-written
is ever visible (on Dataflow, ``drain`` is the clean stop and ``cancel`` the discard).
"""

import datetime as dt
import json
import logging
import os
import posixpath
import signal
import sys
import time
from typing import Optional

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.transforms import window
from apache_beam.utils.timestamp import Duration

from pipeline.cli.observe import RunWatch
from pipeline.cli.summary import collect_metrics
from pipeline.config.settings import ConfigError, Settings
from pipeline.config.streaming import (
    StreamingConfig,
    format_stream_summary,
    streaming_config,
    streaming_run_id,
)
from pipeline.graph.batch import (
    article_stages,
    classify_topics,
    dedup_config,
    dedup_lookback,
    writer_configs,
)
from pipeline.run.lock import check_writable, output_lock
from pipeline.run.manifests import stream_facts, window_totals
from pipeline.run.stream_signals import EXIT_INTERRUPTED, EXIT_TERMINATED
from pipeline.runtime.local import is_local_runner
from pipeline.runtime.runner import build_or_discard, discard_tempdir, in_process_runner
from transforms.dedup.state import PriorIndex
from transforms.dedup.streaming import StreamingDedup
from transforms.sink.commit import remove_staging, write_json
from transforms.sink.schema import RunInfo
from transforms.sink.window_commit import CommitWindows
from transforms.streaming.outage_rows import OneRowPerOutage
from transforms.streaming.sources import DropSeen, PollPlan, PollSources

__all__ = [
    "StreamingConfig",
    "build_streaming_pipeline",
    "poll_plan",
    "read_window_manifests",
    "run_streaming",
    "streaming_config",
    "streaming_run_id",
]

_LOG = logging.getLogger("newsbeam.streaming")


def poll_plan(
    settings: Settings, stream: StreamingConfig, start: float, *, local: bool = False
) -> PollPlan:
    """What the stream polls: each feed at its own interval (else ``poll_s``), the input
    folders every ``poll_s``; until ``max_duration_s`` and/or ``stop_after_items``."""
    urls = []
    if settings.feeds:
        from pipeline.graph.feeds import resolve_feed_urls

        urls = resolve_feed_urls(settings.feeds)
    return PollPlan(
        start_s=start,
        stop_s=start + stream.max_duration_s if stream.max_duration_s else None,
        feeds=tuple((url, stream.poll_every(url)) for url in urls),
        patterns=tuple(settings.input),
        folder_every_s=stream.poll_s,
        stop_after_items=stream.stop_after_items,
        idle_wait_s=1.0 if local else 0.0,
    )


def _sources(p, settings: Settings, run: RunInfo, stream: StreamingConfig, start: float):
    from pipeline.graph.feeds import fetch_config, http_state

    local = is_local_runner(p.options.view_as(StandardOptions).runner)
    plan = poll_plan(settings, stream, start, local=local)
    state = {}
    if plan.feeds:
        # Validators committed by earlier runs and streams: the first poll is conditional.
        state = http_state(settings, run)
    return p | "PollSources" >> PollSources(
        plan=plan,
        fetch=fetch_config(settings.fetch, budget=False),
        http_state=state,
        run_id=run.run_id,
        run_date=run.run_date,
        max_bytes=settings.read["max_bytes"],
    )


def build_streaming_pipeline(
    p: beam.Pipeline,
    settings: Settings,
    run: RunInfo,
    stream: StreamingConfig,
    *,
    start: float,
    manifest: dict,
):
    """Add the streaming job to ``p``; returns the PCollection of window manifests."""
    windowing = beam.WindowInto(
        window.FixedWindows(stream.window_s),
        allowed_lateness=Duration.of(stream.allowed_lateness_s),
    )
    windowed = []
    sources = _sources(p, settings, run, stream, start)
    outage_rows = sources.outages | "OneRowPerOutage" >> OneRowPerOutage(
        ttl_s=stream.dedup_ttl_s, window_s=stream.window_s, lateness_s=stream.allowed_lateness_s
    )
    errors = (sources.errors, outage_rows) | "SourceErrors" >> beam.Flatten()
    for name, pcoll in zip(
        ("Main", "Rejected", "Errors"), (sources.main, sources.rejected, errors)
    ):
        fresh = pcoll | f"DropSeen{name}" >> DropSeen(ttl_s=stream.dedup_ttl_s)
        windowed.append(fresh | f"Window{name}" >> windowing)
    src_main, src_rejected, src_errors = windowed
    stages = []
    if settings.feeds:
        from pipeline.graph.feeds import fetch_articles

        fetched = src_main | "FetchArticles" >> fetch_articles(settings, run, budget=False)
        stages.append(fetched)
        src_main = fetched.main
    end = stream.max_duration_s and dt.datetime.fromtimestamp(
        start + stream.max_duration_s, dt.timezone.utc
    )
    languages, article_stages_ = article_stages(
        src_main, settings, run_date=end.date() if end else None
    )
    stages += article_stages_
    # Earlier runs and streams, today's included (a restart the same day must see them).
    prior_index = PriorIndex(
        output=settings.output,
        run_date=run.run_date + dt.timedelta(days=1),
        lookback_days=dedup_lookback(settings.dedup) + 1,
    )
    manifest["dedup_prior_files"] = len(prior_index.files)
    dedup = languages | "StreamingDedup" >> StreamingDedup(
        config=dedup_config(settings.dedup),
        window_s=stream.window_s,
        allowed_lateness_s=stream.allowed_lateness_s,
        ttl_s=stream.dedup_ttl_s,
        prior=p | "PriorIndex" >> prior_index,
    )
    tables = {
        "articles": classify_topics(dedup.articles, settings, manifest=manifest),
        "duplicates": dedup.duplicates,
        "rejected": [src_rejected, *(s.rejected for s in stages)] | "AllRejected" >> beam.Flatten(),
        "errors": [src_errors, *(s.errors for s in stages)] | "AllErrors" >> beam.Flatten(),
        "inputs": tuple(windowed),  # counted per bundle where read (CommitWindows)
        "http_state": sources.http_state | "WindowHttpState" >> windowing,
    }
    return tables | "CommitWindows" >> CommitWindows(
        output=settings.output,
        run_id=run.run_id,
        configs=writer_configs(settings),
        manifest=manifest,
    )


def read_window_manifests(output: str, run_id: str) -> list:
    """The committed window manifests of one stream, in window order."""
    pattern = posixpath.join(output, "_runs", run_id, "*.json")
    try:
        found = FileSystems.match([pattern])[0].metadata_list
    except OSError:
        return []
    out = []
    for meta in sorted(found, key=lambda m: m.path):
        with FileSystems.open(meta.path) as handle:
            out.append(json.loads(handle.read().decode("utf-8")))
    return out


def _stopped_by(metrics: dict, stream: StreamingConfig) -> str:
    """Why a bounded stream ended: ``stop_after_items`` or ``max_duration``."""
    if metrics.get("stream", {}).get("stopped_after_items"):
        return f"stop_after_items ({stream.stop_after_items} new items read)"
    return f"max_duration ({stream.max_duration_s:g} s)" if stream.max_duration_s else "drained"


def _options(beam_args) -> PipelineOptions:
    options = PipelineOptions(list(beam_args))
    options.view_as(StandardOptions).streaming = True
    return options


def _runner(options: PipelineOptions):
    """The in-process runner locally (the only local runner that runs PeriodicImpulse), else
    the runner named by --runner (Dataflow, Flink)."""
    if is_local_runner(options.view_as(StandardOptions).runner):
        return in_process_runner()  # its metrics feed the progress line
    return None


def run_streaming(
    settings: Settings,
    stream: StreamingConfig,
    *,
    beam_args=(),
    quiet: bool = False,
    versions: Optional[dict] = None,
    watch=None,
    engine: Optional[str] = None,
    on_window=None,
) -> int:
    """Run the stream until ``max_duration_s``, ``stop_after_items`` or Ctrl-C; print a summary;
    the exit status. ``watch(runner)``, if given, makes the progress context (pipeline.cli.observe);
    ``on_window``: the micro-batch engine's progress (``run_micro_batches``).

    ``engine``: ``micro-batch`` (the default on the local runner: ``pipeline.run.microbatch``, which
    commits each window while it runs) or ``beam`` (this Beam streaming graph: the default on
    Dataflow/Flink; locally it commits only when a bounded stream drains)."""
    if not settings.input and not settings.feeds:
        raise ConfigError("nothing to watch: give --input patterns or --feeds")
    if engine is None:
        runner = _options(beam_args).view_as(StandardOptions).runner
        engine = "micro-batch" if is_local_runner(runner) else "beam"
    if engine == "micro-batch":
        from pipeline.run.microbatch import run_micro_batches

        return run_micro_batches(
            settings,
            stream,
            beam_args=beam_args,
            quiet=quiet,
            versions=versions,
            on_window=on_window,
        )
    started = time.time()
    start_dt = dt.datetime.fromtimestamp(started, dt.timezone.utc)
    run = RunInfo(streaming_run_id(settings, start_dt), start_dt.date())
    manifest = stream_facts(run.run_id, settings, stream, versions)
    # Like the micro-batch engine: a batch run or clean beside this stream would replace the
    # dedup index it reads, or remove its staging. (Object stores: no lock, see lock.py.)
    with output_lock(settings.output, run_id=run.run_id, doing="this stream"):
        check_writable(settings.output, run.run_id, keep=False)
        return _run_graph(settings, stream, run, manifest, started, beam_args, watch, quiet)


def _run_graph(settings, stream, run, manifest, started, beam_args, watch, quiet) -> int:
    """The Beam streaming graph of ``run_streaming(engine="beam")``, under the output's lock."""
    made = {}  # the pipeline, once made: its temporary folder goes too

    def interrupted(signum=signal.SIGINT, *_):
        remove_staging(settings.output, run.run_id)
        discard_tempdir(made.get("pipeline"))
        done = read_window_manifests(settings.output, run.run_id)
        how = "terminated (SIGTERM)" if signum == signal.SIGTERM else "interrupted"
        print(
            f"newsbeam: {how}; {len(done)} windows were committed, the open windows "
            f"were discarded (nothing partial is visible)",
            file=sys.stderr,
            flush=True,
        )
        sys.stdout.flush()
        # The local runner's worker threads are not daemon threads and would go on polling
        # until max_duration (and a KeyboardInterrupt inside the runner waits for them): end
        # the process here, before they can stage anything more.
        os._exit(EXIT_TERMINATED if signum == signal.SIGTERM else EXIT_INTERRUPTED)

    # Ctrl-C (or SIGTERM, as a scheduler or service manager stops a job) at any moment
    # (building the graph, starting the runner, polling) discards the open windows and exits
    # 130 (143) at once.
    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, interrupted)
        except ValueError:  # not the main thread: the signal reaches the caller, not us
            pass
    try:
        options = _options(beam_args)
        runner = _runner(options)
        pipeline = made["pipeline"] = beam.Pipeline(runner=runner, options=options)
        build_or_discard(
            pipeline,
            build_streaming_pipeline,
            settings,
            run,
            stream,
            start=started,
            manifest=manifest,
        )
        progress = watch(runner) if watch else RunWatch(False, runner)
        with progress:
            result = pipeline.run()
        progress.wait(result)
    except KeyboardInterrupt:
        interrupted()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    remove_staging(settings.output, run.run_id)
    windows = read_window_manifests(settings.output, run.run_id)
    # A late pane may commit its facts and its files in separate panes: the total balances.
    total = window_totals(windows)
    wall = time.time() - started
    metrics = collect_metrics(result)
    total["stopped_by"] = _stopped_by(metrics, stream)
    stream_manifest = dict(
        manifest,
        **total,
        window_files=[m["window"] for m in windows],
        metrics=metrics,
        wall_seconds=round(wall, 2),
    )
    write_json(posixpath.join(settings.output, "_runs", f"{run.run_id}.json"), stream_manifest)
    print(
        settings.output
        if quiet
        else format_stream_summary(run.run_id, settings.output, total, wall)
    )
    return 0 if total["balanced"] else 4
