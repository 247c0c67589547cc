"""Streaming dedup: stateful matching per URL / text-hash / LSH band key, with a time-to-live.

The batch ``ClusterNodes`` sees every article of a run at once and keeps the best-ranked copy
of each cluster. A stream cannot wait for a cluster to be complete, so this version keeps the
batch semantics where a stream can:

- the same three keys (canonical URL, content hash, MinHash-LSH band keys) and the same verification
  (Jaccard estimate >= ``threshold``, ``need_equal`` positions) as batch;
- a copy's *rank* is ``(window start, batch rank_key)``: inside one window the canonical copy is the
  one batch would keep (earliest published, longest, smallest id); a copy in a later window always
  loses to the one already committed in an earlier window;
- articles written by earlier runs or streams (the ``_state/dedup`` index, a side input) always win
  (``prior_run``), as in batch.

Each key's state (a bag of probes, in the global window) is cleared by an event-time timer once its
entries are older than ``ttl_s``. Differences from batch, by design: no transitive closure (a copy
names the best copy it matched, which may itself be a duplicate), and ``duplicate_count`` of a
canonical article stays 0 because later copies arrive after it is written.
"""

import dataclasses
from typing import NamedTuple, Optional

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.transforms import window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Duration, Timestamp

from transforms.core.stage_fn import StageFn
from transforms.dedup.clusters import Node, match, rank_key, same_url_story
from transforms.dedup.config import DedupConfig
from transforms.dedup.evidence import sentences_mutual
from transforms.dedup.index import entry_to_node
from transforms.dedup.minhash import band_keys, unpack_signature
from transforms.dedup.verdicts import duplicate_row, fingerprint, rekey, to_node
from transforms.dedup.verify import lead_keys, match_signatures, template_conflict

__all__ = [
    "Probe",
    "StreamingDedup",
    "Verdict",
    "best_verdict",
    "match_probes",
    "probe_keys",
]

_NS = "dedup"
_PRIORITY = {"url": 0, "exact": 1, "near": 2, "contained": 3, "prior_run": 4}


@dataclasses.dataclass(frozen=True)
class Probe:
    """What one key's state keeps of an article: enough to match and verify a later copy."""

    doc_id: str
    article_id: str
    rank: tuple  # (window start seconds, *rank_key): smaller wins
    ts: float  # event time (seconds): the TTL counts from here
    signature: bytes = b""  # only on band keys
    prior: bool = False
    marks: bytes = b""  # only on band keys: the template guard
    lead: bytes = b""  # only on band keys: teasers (``verify.lead_containment``)
    entry_id: Optional[str] = None  # only on band and URL keys: a feed entry's guid


class Verdict(NamedTuple):
    """``doc_id`` lost to ``duplicate_of``: how it matched and how similar it is."""

    duplicate_of: str
    match: str  # url | exact | near | prior_run
    similarity: float
    other_rank: tuple


# ---- pure logic ---------------------------------------------------------------------------------


def probe_keys(node: Node, config: DedupConfig) -> list:
    """The state keys of a document: ``u:`` canonical URL, ``h:`` content hash, ``b:`` LSH bands,
    ``c:`` single signature positions (``contain_keys``: short copies of long documents) and
    ``l:`` single lead positions (``lead_keys``: teasers of long stories)."""
    keys = []
    if node.canonical_url:
        keys.append(f"u:{node.canonical_url}")
    if node.content_hash:
        keys.append(f"h:{node.content_hash}")
    if node.signature:
        sig = unpack_signature(node.signature)
        keys.extend(f"b:{k.hex()}" for k in band_keys(sig, config.bands, config.rows))
        first = len(sig) - config.contain_keys
        keys.extend(f"c:{first + i}:{v}" for i, v in enumerate(sig[first:].tolist()))
    leads = lead_keys(config)
    if node.signature and node.lead and leads:
        lead = unpack_signature(node.lead)[:leads]
        keys.extend(f"l:{i}:{v}" for i, v in enumerate(lead.tolist()))
    return keys


def match_probes(key: str, loser: Probe, winner: Probe, config: DedupConfig) -> Optional[tuple]:
    """``(match, similarity)`` when ``loser`` is a copy of ``winner`` on one key, else None: the
    same rule as batch (``clusters.match``: near, contained in the winner, template guard)."""
    if key.startswith("u:"):  # one article at one URL unless the texts say otherwise
        sim = same_url_story(loser, winner, config)
        return None if sim is None else ("url", sim)
    if key.startswith("h:"):
        return "exact", 1.0
    found = match_signatures(
        loser.signature,
        winner.signature,
        config,
        loser.lead,
        winner.lead,
        loser.marks,
        winner.marks,
    )
    signatures = (loser.signature, winner.signature)
    if found is None or template_conflict(loser.marks, winner.marks, config, signatures):
        return None
    return tuple(found)


def _pair_verdict(key: str, new: Probe, old: Probe, config: DedupConfig) -> Optional[tuple]:
    """``(loser, winner, match, similarity)`` of two probes of one key: the better-ranked one
    wins, unless only it is contained in the other (a teaser seen first): the longer one wins.
    Two texts whose sentences are each mostly the other's are inside each other: no verdict
    when the better-ranked one is not a copy of the other (as ``clusters.split_component``)."""
    loser, winner = (new, old) if old.rank < new.rank else (old, new)
    found = match_probes(key, loser, winner, config)
    if found is None:
        loser, winner = winner, loser
        found = match_probes(key, loser, winner, config)
        if found is None or found[0] != "contained":
            return None
        if sentences_mutual(winner.marks, loser.marks, config):
            return None
    return loser, winner, *found


def best_verdict(verdicts) -> Optional[Verdict]:
    """The copy an article lost to: the best-ranked one, then the strongest kind of match."""
    verdicts = list(verdicts)
    if not verdicts:
        return None
    prior = [v for v in verdicts if v.match == "prior_run"]
    pool = prior or verdicts  # prior runs always win, as in batch
    return min(pool, key=lambda v: (v.other_rank, _PRIORITY[v.match], -v.similarity))


def prior_verdict(node: Node, keys: list, lookup, config: DedupConfig) -> Optional[Verdict]:
    """A ``prior_run`` verdict when one of ``keys`` finds a prior-run node that ``node`` is a
    copy of (``clusters.match``: the same rule as batch)."""
    found = []
    seen = set()  # a prior shares several keys with ``node``; ``match`` does not depend on the key
    for key in keys:
        for prior in lookup(key):
            if prior.doc_id in seen:
                continue
            seen.add(prior.doc_id)
            matched = match(node, prior, config)
            if matched is not None:
                found.append(Verdict(prior.article_id, "prior_run", matched[1], rank_key(prior)))
    if not found:
        return None
    return min(found, key=lambda v: (v.other_rank, -v.similarity))


# ---- Beam ---------------------------------------------------------------------------------------


class _PriorFn(StageFn):
    """Fingerprint; a copy of a prior run's article becomes a duplicate, the rest go on keyed."""

    namespace = _NS

    def __init__(self, config: DedupConfig):
        self._config = config

    def process(self, article, prior, win=beam.DoFn.WindowParam, ts=beam.DoFn.TimestampParam):
        self.seen()
        article = fingerprint(article, self._config)
        node = to_node(article)
        keys = probe_keys(node, self._config)
        found = {key: _lookup(prior, key) for key in keys}  # each key looked up once
        verdict = prior_verdict(node, keys, found.__getitem__, self._config)
        if verdict is not None:
            self.count("dropped_prior_run")
            yield beam.pvalue.TaggedOutput("duplicates", _dup(article, verdict))
            return
        if node.canonical_url:  # a prior run's other story at this URL holds its id
            taken = {p.article_id for p in found[f"u:{node.canonical_url}"]}
            if node.article_id in taken:
                self.count("identity_prior_run")
                article = rekey(article, taken)
                node = dataclasses.replace(node, article_id=article.article_id)
        start = float(win.start) if hasattr(win, "start") else 0.0
        probe = Probe(node.doc_id, node.article_id, (start, *rank_key(node)), float(ts))
        yield article
        banded = dataclasses.replace(
            probe,
            signature=node.signature,
            marks=node.marks,
            lead=node.lead,
            entry_id=node.entry_id,
        )
        for key in keys:
            yield beam.pvalue.TaggedOutput(
                "probes", (key, probe if key.startswith("h:") else banded)
            )


def _lookup(multimap, key) -> list:
    """A side-input multimap's values for ``key`` (a dict on some runners, lazy on others)."""
    try:
        return list(multimap[key])
    except KeyError:
        return []


def _dup(article, verdict: Verdict):
    return duplicate_row(
        article,
        _Assignment(verdict.duplicate_of, verdict.duplicate_of, verdict.match, verdict.similarity),
    )


class _Assignment(NamedTuple):
    cluster_id: str
    duplicate_of: str
    match: str
    similarity: float


class _MatchFn(StageFn):
    """Per state key (global window): match a new probe against the live ones, remember it, and
    clear entries older than the TTL with an event-time timer."""

    PROBES = BagStateSpec("probes", PickleCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    namespace = _NS

    def __init__(self, config: DedupConfig, ttl_s: float):
        self._config = config
        self._ttl = ttl_s

    def process(
        self,
        kv,
        probes=beam.DoFn.StateParam(PROBES),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        key, new = kv
        live = [p for p in probes.read() if p.ts + self._ttl > new.ts]
        # The same article delivered twice (a retried bundle) is matched once.
        if any(p.doc_id == new.doc_id for p in live):
            live = []
        for old in live:
            found = _pair_verdict(key, new, old, self._config)
            if found is None and key.startswith("u:"):
                # Two stories at one URL: the later-ranked one is written under another id.
                loser, winner = (new, old) if old.rank < new.rank else (old, new)
                verdict = Verdict(winner.article_id, "identity", 0.0, winner.rank)
                yield window.TimestampedValue((loser.doc_id, verdict), max(loser.ts, new.ts))
            if found is None:
                continue
            self.count("stream_matches")
            loser, winner, kind, similarity = found
            verdict = Verdict(winner.article_id, kind, similarity, winner.rank)
            # In the loser's window: a later event time than the new element's is allowed.
            yield window.TimestampedValue((loser.doc_id, verdict), max(loser.ts, new.ts))
        if not any(p.doc_id == new.doc_id for p in probes.read()):
            probes.add(new)
        expiry.set(Timestamp.of(min(p.ts for p in [*live, new]) + self._ttl))

    @on_timer(EXPIRY)
    def expire(
        self,
        now=beam.DoFn.TimestampParam,
        probes=beam.DoFn.StateParam(PROBES),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        members = list(probes.read())
        keep = [p for p in members if p.ts + self._ttl > float(now)]
        probes.clear()
        for p in keep:
            probes.add(p)
        self.count("state_expired", len(members) - len(keep))
        if keep:
            expiry.set(Timestamp.of(min(p.ts for p in keep) + self._ttl))


class _ApplyFn(StageFn):
    """Article + the verdicts about it (one window pane) -> canonical Article or DuplicateRow."""

    namespace = _NS

    def process(self, kv):
        _, grouped = kv
        articles, verdicts = list(grouped["article"]), list(grouped["verdict"])
        if not articles:
            self.count(
                "late_verdicts_ignored", len(verdicts)
            )  # its article was committed in an earlier pane
            return
        other_story = [v.duplicate_of for v in verdicts if v.match == "identity"]
        verdict = best_verdict(v for v in verdicts if v.match != "identity")
        for article in articles:
            if verdict is None:
                self.count("kept")
                if other_story:
                    self.count("identity")
                    article = rekey(article, {article.article_id, *other_story})
                yield dataclasses.replace(article, cluster_id=article.article_id, duplicate_count=0)
            else:
                self.count(f"dropped_{verdict.match}")
                yield beam.pvalue.TaggedOutput("duplicates", _dup(article, verdict))


class DedupOutputs(NamedTuple):
    articles: beam.PCollection
    duplicates: beam.PCollection


class StreamingDedup(beam.PTransform):
    """Windowed articles -> ``.articles`` (canonical, fingerprinted) and ``.duplicates``.

    ``prior``: optional PCollection of ``IndexEntry`` (earlier runs, read at start-up).
    ``window_s`` / ``allowed_lateness_s`` must be those of the input's FixedWindows: verdicts are
    joined with their article in the article's window. On time, the watermark guarantees every
    verdict is in. A late article (event time behind the watermark: impossible with arrival-time
    stamps, possible in replays) and the verdicts about it can fire in different late panes: the
    article is then written and the verdict counted as ``dedup/late_verdicts_ignored``.
    """

    def __init__(
        self,
        *,
        config: DedupConfig = DedupConfig(),
        window_s: float,
        allowed_lateness_s: float = 0.0,
        ttl_s: float = 7 * 86400.0,
        prior=None,
    ):
        super().__init__()
        self._config = config
        self._window_s = window_s
        self._lateness = allowed_lateness_s
        self._ttl = ttl_s
        self._prior = prior

    def _join_windows(self):
        return beam.WindowInto(
            window.FixedWindows(self._window_s), allowed_lateness=Duration.of(self._lateness)
        )

    def expand(self, articles):
        config = self._config
        if self._prior is not None:
            prior = self._prior | "PriorKeys" >> beam.FlatMap(
                lambda e: [
                    (k, n)
                    for n in [entry_to_node(e, config.num_perm)]
                    for k in probe_keys(n, config)
                ]
            )
        else:
            prior = articles.pipeline | "NoPrior" >> beam.Create([])
        checked = articles | "PriorRuns" >> beam.ParDo(
            _PriorFn(config), beam.pvalue.AsMultiMap(prior)
        ).with_outputs("probes", "duplicates", main="articles")
        verdicts = (
            checked.probes
            | "GlobalState" >> beam.WindowInto(window.GlobalWindows())
            | "MatchKeys" >> beam.ParDo(_MatchFn(config, self._ttl))
            | "VerdictWindows" >> self._join_windows()
        )
        keyed = (
            checked.articles
            | "ArticleByDoc" >> beam.Map(lambda a: (a.doc_id, a))
            | "ArticleWindows" >> self._join_windows()
        )
        out = (
            {"article": keyed, "verdict": verdicts}
            | "JoinVerdicts" >> beam.CoGroupByKey()
            | "Apply" >> beam.ParDo(_ApplyFn()).with_outputs("duplicates", main="articles")
        )
        duplicates = (checked.duplicates, out.duplicates) | "AllDuplicates" >> beam.Flatten()
        return DedupOutputs(out.articles, duplicates)
