"""Dedup of a large run through node files: the nodes wait on disk and one worker clusters them.

``ClusterNodes`` shuffles every node, its band entries and its signature through the runner, and
the in-process runner holds each shuffle in memory (1M documents: 9.9 GB). With ``SpillNodes``
the nodes never reach the runner: each bundle writes its nodes to a frames file of the run's
staging (fused with parking, so they never leave the worker) and sends on the file's name; one
worker reads the files (and the prior runs' index) and decides (``on_disk.stream_verdicts``):
the same verdicts for ``WriteParkedArticles``. Given the staging, it writes them to frames files
under ``<staging>/_parked/verdicts`` and sends on one ``VerdictFile`` per file, not one element
per clustered document (the local runner would hold them all until the writers read them).

```
ParkArticles ─ nodes ─ SpillNodes ─ node files (names) ─ ClusterNodeFiles ─ verdict files (names)
```
"""

import datetime as dt
import posixpath
import uuid
from typing import NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindows

from transforms.core.frames import FRAME_ROWS, FramedFiles, read_frames
from transforms.core.parts import parts_of
from transforms.core.record import stable_id
from transforms.dedup.config import DedupConfig
from transforms.dedup.index import DEFAULT_LOOKBACK_DAYS, entry_to_node
from transforms.dedup.on_disk import stream_verdicts
from transforms.dedup.state import iter_index_file, prior_index_files
from transforms.sink.sorted_write import SCRATCH_DIR, scratch_parent

__all__ = [
    "NODES_DIR",
    "SCRATCH_DIR",
    "VERDICTS_DIR",
    "ClusterNodeFiles",
    "SpillNodes",
    "VerdictFile",
]

NODES_DIR = posixpath.join("_parked", "nodes")
VERDICTS_DIR = posixpath.join("_parked", "verdicts")
# Nodes per file. A node is ~0.85 KB compressed (its MinHash values do not compress), and the
# local runner gives each worker one bundle for the whole stage, so a file's nodes wait in the
# worker until it is written: 50,000 made each worker grow ~0.85 KB a text up to ~42 MB (the
# "~0.4 KB a text" of docs/dedup.md). 4,096 hold ~3.5 MB; 1M documents make ~250 files.
_NODE_FILE_ROWS = 4_096
_VERDICT_FILE_ROWS = 50_000  # verdicts per file (compressed in memory until it is written)


class VerdictFile(NamedTuple):
    """A frames file of ``(doc_id, Assignment)`` verdicts of one article partition (the
    ``group`` it is keyed by), instead of one shuffled element per verdict."""

    path: str
    rows: int


class _SpillFn(beam.DoFn):
    """Node -> nothing; the bundle's nodes -> frames files, whose paths are the output."""

    def __init__(self, folder: str, max_rows: int):
        self._folder = folder
        self._max_rows = max_rows
        self._nodes = Metrics.counter("dedup", "spilled_nodes")

    def start_bundle(self):
        self._out = FramedFiles(
            lambda _key, _n: posixpath.join(self._folder, f"{uuid.uuid4().hex}.pkl.zst"),
            frame_rows=FRAME_ROWS * 4,
            max_rows=self._max_rows,
        )

    def process(self, node):
        self._nodes.inc()
        for written in self._out.add(None, node):
            yield written.path

    def finish_bundle(self):
        for written in self._out.close():
            yield GlobalWindows.windowed_value(written.path)


class SpillNodes(beam.PTransform):
    """Nodes -> names of the node files they were written to under ``<staging>/_parked/nodes``."""

    def __init__(self, *, staging: str, max_rows: int = _NODE_FILE_ROWS):
        super().__init__()
        self._fn = _SpillFn(posixpath.join(staging, NODES_DIR), max_rows)

    def expand(self, nodes):
        return nodes | "Spill" >> beam.ParDo(self._fn)


class _ClusterFilesFn(beam.DoFn):
    """``(None, [node file])`` -> ``(group, (doc_id, Assignment))`` for the run's copies."""

    def __init__(self, config: DedupConfig, prior_files: list, first, last, scratch: str, verdicts):
        self._config = config
        self._scratch = scratch
        self._verdicts = verdicts  # folder of the verdict files; None: one element per verdict
        self._prior_files = list(prior_files)
        self._first, self._last = first, last
        self._counters = {
            name: Metrics.counter("dedup", name)
            for name in ("disk_nodes", "disk_clustered", "disk_buckets", "bucket_overflow")
        }

    def _prior_nodes(self):
        """The prior runs' entries as nodes, read from their files again at each call (they
        are as many as those runs' articles, so they are not kept)."""
        for path in self._prior_files:
            for entry in iter_index_file(path):
                if self._first is None or self._first <= entry.run_date < self._last:
                    yield entry_to_node(entry, num_perm=self._config.num_perm)

    def process(self, element):
        files = sorted(set(element[1]))

        def nodes():
            yield from self._prior_nodes()
            for path in files:
                yield from read_frames(path)

        stats: dict = {}
        verdicts = stream_verdicts(nodes, self._config, stats, scratch=self._scratch)
        yield from (verdicts if self._verdicts is None else self._to_files(verdicts))
        for name, key in (
            ("disk_nodes", "nodes"),
            ("disk_clustered", "clustered"),
            ("disk_buckets", "buckets"),
            ("bucket_overflow", "overflow"),
        ):
            self._counters[name].inc(stats[key])

    def _to_files(self, verdicts):
        """``(group, verdict)`` -> ``(group, VerdictFile)``; files named by group and number, so
        a retried bundle writes the same names."""
        folder = self._verdicts
        out = FramedFiles(
            lambda group, n: posixpath.join(folder, f"{stable_id(repr(group))}-{n:05d}.pkl.zst"),
            frame_rows=FRAME_ROWS * 4,
            max_rows=_VERDICT_FILE_ROWS,
        )
        for group, verdict in verdicts:
            for written in out.add(group, verdict):
                yield written.key, VerdictFile(written.path, written.rows)
        for written in out.close():
            yield written.key, VerdictFile(written.path, written.rows)


class ClusterNodeFiles(beam.PTransform):
    """Node file names (a PCollection or a tuple of them) -> ``ClusterNodes``' verdicts.

    ``output``, ``run_date`` and ``lookback_days`` name the prior runs' index (as
    ``PriorIndex``); the files are read by the worker that clusters, within the same lookback
    filter as ``ClusterNodes``. ``staging`` (a local folder): the worker's own files go under
    its ``_parked/scratch`` and are removed when it is done (elsewhere or None: the default
    temp); the verdicts then go on as ``VerdictFile``s under its ``_parked/verdicts``."""

    def __init__(
        self,
        *,
        config: DedupConfig = DedupConfig(),
        output: str = None,
        run_date: dt.date = None,
        lookback_days: int = DEFAULT_LOOKBACK_DAYS,
        staging: str = None,
    ):
        super().__init__()
        prior, first = [], None
        if output is not None and run_date is not None:
            prior = prior_index_files(output, run_date=run_date, lookback_days=lookback_days)
            first = run_date - dt.timedelta(days=lookback_days)
        self.prior_files = prior
        verdicts = posixpath.join(staging, VERDICTS_DIR) if staging else None
        self._fn = _ClusterFilesFn(
            config, prior, first, run_date, scratch_parent(staging), verdicts
        )

    def expand(self, files):
        parts = parts_of(files)
        files = parts[0] if len(parts) == 1 else parts | "AllNodeFiles" >> beam.Flatten()
        return (
            files
            | "OneKey" >> beam.Map(lambda path: (None, path))
            | "GatherNodeFiles" >> beam.GroupByKey()
            | "ClusterFiles" >> beam.ParDo(self._fn)
        )
