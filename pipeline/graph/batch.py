"""Assemble the pipeline from the stages: the diagram in ARCHITECTURE.md, as Beam code."""

import apache_beam as beam
from apache_beam.options.pipeline_options import StandardOptions

from pipeline.config.settings import Settings, dedup_config, dedup_lookback
from pipeline.graph.estimate import input_size
from pipeline.graph.feeds import feed_sources, fetch_articles
from transforms.dedup import ClusterNodes
from transforms.dedup.park import ParkArticles, WriteParkedArticles
from transforms.dedup.spill import ClusterNodeFiles, SpillNodes
from transforms.dedup.state import PriorIndex
from transforms.extract.decode import DecodeDocuments
from transforms.extract.filter import FilterArticles, FilterConfig
from transforms.extract.stage import ExtractArticles, ExtractConfig
from transforms.language.detect import DetectLanguage, LanguageConfig
from transforms.read.documents import ReadDocuments
from transforms.read.feeds import FetchPages, RouteArticles
from transforms.sink.commit import CommitRun, staging_dir
from transforms.sink.facts import row_facts
from transforms.sink.input_facts import CountInputsFn
from transforms.sink.schema import TABLES, RunInfo
from transforms.sink.write_parquet import WriterConfig, WriteTables
from transforms.topics.classify import ClassifyTopics
from transforms.topics.taxonomy import load_taxonomy, load_topic_model

__all__ = [
    "article_stages",
    "build_pipeline",
    "classify_topics",
    "dedup_config",
    "dedup_engine",
    "dedup_lookback",
    "extract_config",
    "iceberg_target",
    "staging_dir",
    "writer_configs",
]


def extract_config(section: dict) -> ExtractConfig:
    """The ``extract:`` section (validated by pipeline.config.settings) as an ExtractConfig."""
    keys = ("favor", "include_tables", "include_comments", "fast", "date_search")
    return ExtractConfig(**{key: section[key] for key in keys})


def iceberg_target(settings: Settings):
    """``write.format: iceberg``: what the commit needs to commit the tables; None for Hive."""
    write = settings.write
    if write.get("format") != "iceberg":
        return None
    iceberg = write.get("iceberg") or {}
    return {
        "catalog": iceberg.get("catalog"),
        "namespace": iceberg.get("namespace") or "newsbeam",
        "partition_by": {t: tuple(write["partition_by"][t]) for t in TABLES},
    }


def writer_configs(settings: Settings) -> dict:
    """The Parquet writer's settings per table (``write:`` in the config), batch and streaming."""
    write = settings.write
    return {
        table: WriterConfig(
            partition_by=tuple(write["partition_by"][table]),
            shards=write["shards"],
            sort_by=("article_id", "doc_id")
            if table in ("articles", "duplicates")
            else ("doc_id", "stage"),
            compression=write["compression"],
            embed_partitions=write.get("format") == "iceberg",
        )
        for table in TABLES
    }


# Input from which a local run's dedup goes through node files (``dedup.engine: auto``): the
# runner's shuffles hold ~20 KB per document (10,000 synthetic JSON-lines texts, one worker:
# 472-525 MB peak PSS against 278 MB through node files, the same rows; docs/dedup.md), so
# from ~10,000 documents, or a few hundred MB of input however few documents it holds.
DISK_DEDUP_ABOVE_BYTES = 256 * 2**20
DISK_DEDUP_ABOVE_DOCS = 10_000
_LOCAL_RUNNERS = ("", "directrunner", "direct", "fnapirunner", "bundlebasedrunner")


def dedup_engine(settings: Settings, runner_name, spans=None) -> str:
    """``runner`` (``ClusterNodes``: shuffles, parallel over workers) or ``disk`` (node files
    clustered by one worker, ``SpillNodes``): as ``dedup.engine`` says; ``auto`` is ``disk`` for
    a local run over ``DISK_DEDUP_ABOVE_DOCS`` documents or ``DISK_DEDUP_ABOVE_BYTES`` of input,
    where the in-process runner would hold every shuffle in memory (``estimate.input_size``;
    ``spans``: the parts of files a stream's window reads)."""
    engine = (settings.dedup or {}).get("engine", "auto")
    if engine != "auto":
        return engine
    if (runner_name or "").lower() not in _LOCAL_RUNNERS:
        return "runner"
    size, documents = input_size(settings, spans)
    large = size > DISK_DEDUP_ABOVE_BYTES or documents > DISK_DEDUP_ABOVE_DOCS
    return "disk" if large else "runner"


def article_stages(documents, settings: Settings, *, run_date, prefix: str = "") -> tuple:
    """Decode -> extract -> filter -> language on Articles, the same in batch and streaming.

    Returns ``(articles with language, [StageOutputs of each stage])``; the stages' ``rejected``
    and ``errors`` go to the tables of the same names.
    """
    ex = settings.extract
    decoded = documents | f"{prefix}DecodeDocuments" >> DecodeDocuments()
    extracted = decoded.main | f"{prefix}ExtractArticles" >> ExtractArticles(
        config=extract_config(ex),
        run_date=run_date,
        timeout_s=ex["timeout_s"],
    )
    filtered = extracted.main | f"{prefix}FilterArticles" >> FilterArticles(
        config=FilterConfig(**settings.filter)
    )
    lang = settings.language
    languages = filtered.main | f"{prefix}DetectLanguage" >> DetectLanguage(
        config=LanguageConfig(sample_chars=lang["sample_chars"], allowed=tuple(lang["allowed"]))
    )
    return languages.main, [decoded, extracted, filtered, languages]


def classify_topics(articles, settings: Settings, *, manifest: dict, label: str = "ClassifyTopics"):
    """The topics stage as configured (lexicon or trained model); records the model id."""
    topics = settings.topics
    taxonomy = load_taxonomy(topics["taxonomy"])
    model_json, model_id = (
        load_topic_model(topics["model"], taxonomy) if topics.get("model") else (None, None)
    )
    manifest["topic_model"] = model_id or f"lexicon-{taxonomy.version}"
    return articles | label >> ClassifyTopics(
        taxonomy=taxonomy,
        max_topics=topics["max_topics"],
        min_score=topics["min_score"],
        min_primary=topics["min_primary"],
        margin=topics.get("margin"),
        model_json=model_json,
        model_id=model_id,
    )


def _cluster_in_runner(p, parked, settings, config, prior_date, lookback, manifest):
    """``ClusterNodes`` over the parked nodes and the prior runs' index: the verdicts."""
    prior_index = PriorIndex(output=settings.output, run_date=prior_date, lookback_days=lookback)
    manifest["dedup_prior_files"] = len(prior_index.files)
    # No earlier index (a first run, or nothing in the lookback): no PriorIndex stage at all.
    prior = p | "PriorIndex" >> prior_index if prior_index.files else None
    return tuple(out.nodes for out in parked) | "ClusterNodes" >> ClusterNodes(
        config=config, prior=prior, run_date=prior_date, lookback_days=lookback
    )


def build_pipeline(
    p: beam.Pipeline,
    settings: Settings,
    run: RunInfo,
    *,
    manifest: dict,
    prior_through=None,
    earlier=None,
    spans=None,
    polled=None,
) -> None:
    """Add every stage of a batch run to ``p``; the last step commits the run.

    The run is deduplicated against the index of earlier run dates (a rerun never sees itself);
    ``prior_through`` (a date after ``run.run_date``) takes in the runs of the dates before it
    too: a stream's window sees the windows committed earlier the same day. ``earlier``: what
    earlier runs committed, kept by the caller (``pipeline.run.stream_memory.StreamMemory``, a
    stream's windows) instead of read from the output. ``spans``: JSON lines files read only
    in part (``ReadDocuments``), a stream's window reading what was appended; ``polled``: the
    feed answers a stream's poll already has (``ReadFeeds``).
    """
    read = p | "ReadDocuments" >> ReadDocuments(
        patterns=list(settings.input),
        max_bytes=settings.read["max_bytes"],
        exclude=[settings.output],  # an output folder inside an input glob is never read
        spans=spans,
    )
    sources, state_paths = [read], []
    if settings.feeds:
        feeds, state = feed_sources(
            p, settings, run, state=earlier.feed_state() if earlier else None, polled=polled
        )
        sources.append(feeds)
        state_paths.append(state)
    staging = staging_dir(settings.output, run.run_id)
    configs = writer_configs(settings)
    config = dedup_config(settings.dedup)

    def to_disk(articles, prefix):
        """Topics, fingerprint and park, fused with the stages before: only nodes go on."""
        classified = classify_topics(
            articles, settings, manifest=manifest, label=f"{prefix}ClassifyTopics"
        )
        return classified | f"{prefix}ParkArticles" >> ParkArticles(
            staging=staging, run=run, partition_by=configs["articles"].partition_by, config=config
        )

    # Each source runs through the article stages on its own, up to parking the articles on
    # disk, so a page read from a file is read, decoded, extracted, classified and parked in one
    # fused stage: neither raw pages nor article texts ever cross a stage boundary.
    known = earlier.known_urls(run.run_date) if earlier else None
    fetch = fetch_articles(settings, run, known_urls=known)
    stages, parked, to_fetch, route_rejected = list(sources), [], [], []
    for source, prefix in zip(sources, ("", "Feed")):
        routed = source.main | f"{prefix}RouteArticles" >> RouteArticles(
            known_urls=fetch.known_urls
        )
        route_rejected.append(routed.rejected)
        to_fetch.append(routed.fetch)
        languages, more = article_stages(
            routed.main, settings, run_date=run.run_date, prefix=prefix
        )
        parked.append(to_disk(languages, prefix))
        stages += more
    fetched = (
        to_fetch
        | "AllToFetch" >> beam.Flatten()
        | "FetchPages"
        >> FetchPages(config=fetch.config, min_words=fetch.min_words, feed_urls=fetch.feed_urls)
    )
    languages, more = article_stages(
        fetched.main, settings, run_date=run.run_date, prefix="Fetched"
    )
    parked.append(to_disk(languages, "Fetched"))
    stages += [fetched, *more]
    prior_date = prior_through or run.run_date
    lookback = dedup_lookback(settings.dedup) + (prior_date - run.run_date).days
    engine = dedup_engine(settings, p.options.view_as(StandardOptions).runner, spans)
    manifest["dedup_engine"] = engine
    if engine == "disk":
        files = tuple(
            out.nodes | f"SpillNodes{i or ''}" >> SpillNodes(staging=staging)
            for i, out in enumerate(parked)
        )
        cluster = ClusterNodeFiles(
            config=config,
            output=settings.output,
            run_date=prior_date,
            lookback_days=lookback,
            staging=staging,
        )
        manifest["dedup_prior_files"] = len(cluster.prior_files)
        verdicts = files | "ClusterNodes" >> cluster
    else:
        verdicts = _cluster_in_runner(p, parked, settings, config, prior_date, lookback, manifest)
    written = {
        "parked": tuple(out.parked for out in parked),
        "verdicts": verdicts,
    } | "WriteArticles" >> WriteParkedArticles(
        staging=staging, run=run, config=configs["articles"], duplicates=configs["duplicates"]
    )
    # The side tables are written together: one Flatten and one GroupByKey for the three, fed
    # by each stage's output directly (the local runner runs every Flatten as a stage).
    side = {  # tuples of parts (transforms/core/parts.py)
        "duplicates": (written.duplicates,),
        "rejected": (*(s.rejected for s in stages), *route_rejected),
        "errors": tuple(s.errors for s in stages),
    }
    tables = side | "WriteTables" >> WriteTables(
        staging=staging,
        run=run,
        configs={table: configs[table] for table in side},
        facts=row_facts,
    )
    paths = [*state_paths, written.paths, tables.paths]
    facts = [written.facts, tables.facts]
    for i, source in enumerate(sources):
        for name, pcoll in zip(("Main", "Rejected", "Errors"), source):
            label = f"InputFacts{name}" + (f"{i}" if i else "")
            facts.append(pcoll | label >> beam.ParDo(CountInputsFn()))
    _ = {
        "paths": paths | "AllPaths" >> beam.Flatten(),
        "facts": facts | "AllFacts" >> beam.Flatten(),
    } | "CommitRun" >> CommitRun(
        output=settings.output,
        staging=staging,
        run_id=run.run_id,
        manifest=manifest,
        configs=configs,
        run_date=run.run_date,
        iceberg=iceberg_target(settings),
    )
