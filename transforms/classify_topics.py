"""Classify articles on a topic taxonomy (IPTC Media Topics) with a weighted-term lexicon."""

import dataclasses
import functools
import logging
import math
import re
import unicodedata
from typing import Optional

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.utils import shared

from transforms.record import Article, TopicScore

__all__ = [
    "ClassifyTopics",
    "TermIndex",
    "Taxonomy",
    "Topic",
    "build_index",
    "classify",
    "model_topics",
    "tokenize",
]

TITLE_WEIGHT = 3.0  # one title occurrence counts as much as three in the body
BODY_CHARS = 6000  # the lead of a story decides its topic; it also bounds the cost per article
SATURATION = 4.0  # evidence (weighted term hits) at which confidence reaches 1 - 1/e
_WORD = re.compile(r"\w+", re.UNICODE)
_LOG = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Topic:
    """One taxonomy concept and the weighted terms that are evidence for it."""

    code: str
    label: str
    terms: tuple = ()  # tuple[tuple[str, float], ...]


@dataclasses.dataclass(frozen=True)
class Taxonomy:
    """A topic taxonomy: plain values, picklable; ``version`` goes into every article."""

    name: str
    version: str
    topics: tuple  # tuple[Topic, ...]
    languages: tuple = ("en",)  # languages the terms are written in
    attribution: str = ""

    def __hash__(self) -> int:  # cheap: the index cache looks a taxonomy up per call
        return hash((self.name, self.version, tuple(t.code for t in self.topics)))

    @property
    def codes(self) -> tuple:
        return tuple(t.code for t in self.topics)

    def label_of(self, code: str) -> str:
        for topic in self.topics:
            if topic.code == code:
                return topic.label
        raise KeyError(code)


def _stem(token: str) -> str:
    """A final plural "s" does not change the topic: companies -> company, stocks -> stock."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list:
    """Casefolded, NFKC-normalised word tokens with a light plural stemming."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return [_stem(w) for w in _WORD.findall(text)]


class TermIndex:
    """Terms compiled for matching: phrase -> ((topic position, weight), ...)."""

    def __init__(self, taxonomy: Taxonomy):
        self.codes = taxonomy.codes
        self.labels = tuple(t.label for t in taxonomy.topics)
        entries: dict = {}
        for position, topic in enumerate(taxonomy.topics):
            for term, weight in topic.terms:
                key = " ".join(tokenize(term))
                if not key:
                    continue
                per_topic = entries.setdefault(key, {})
                per_topic[position] = max(weight, per_topic.get(position, 0.0))
        self.terms = {key: tuple(sorted(v.items())) for key, v in entries.items()}
        self.max_words = max((k.count(" ") + 1 for k in self.terms), default=1)
        self.starts = {k.split(" ", 1)[0] for k in self.terms if " " in k}

    def matches(self, tokens: list) -> dict:
        """Count each term in ``tokens``, longest match first ("computer virus" before "virus")."""
        counts: dict = {}
        i, n = 0, len(tokens)
        while i < n:
            width = 1
            if tokens[i] in self.starts:
                for size in range(min(self.max_words, n - i), 1, -1):
                    phrase = " ".join(tokens[i : i + size])
                    if phrase in self.terms:
                        counts[phrase] = counts.get(phrase, 0) + 1
                        width = size
                        break
            if width == 1 and tokens[i] in self.terms:
                counts[tokens[i]] = counts.get(tokens[i], 0) + 1
            i += width
        return counts


def build_index(taxonomy: Taxonomy) -> TermIndex:
    return TermIndex(taxonomy)


@functools.lru_cache(maxsize=8)
def _cached_index(taxonomy: Taxonomy) -> TermIndex:
    return TermIndex(taxonomy)


def _evidence(index: TermIndex, title: Optional[str], text: str) -> list:
    """Weighted evidence per topic position: sum of weight * (1 + ln count), title boosted."""
    raw = [0.0] * len(index.codes)
    for tokens, boost in (
        (tokenize(title or ""), TITLE_WEIGHT),
        (tokenize(text[:BODY_CHARS]), 1.0),
    ):
        for term, count in index.matches(tokens).items():
            repeat = boost * (1.0 + math.log(count))
            for position, weight in index.terms[term]:
                raw[position] += weight * repeat
    return raw


def classify(
    title: Optional[str],
    text: str,
    *,
    taxonomy: Taxonomy,
    max_topics: int = 3,
    min_score: float = 0.1,
    index: Optional[TermIndex] = None,
) -> tuple:
    """Up to ``max_topics`` TopicScores, best first; empty only when no term matched.

    A topic's score is its share of all the evidence, discounted when the evidence is thin
    (``1 - exp(-total / SATURATION)``), so it lies in [0, 1]. The best topic is always kept;
    the others only when their score reaches ``min_score``.
    """
    index = index or _cached_index(taxonomy)
    raw = _evidence(index, title, text or "")
    total = sum(raw)
    if total <= 0.0:
        return ()
    confidence = 1.0 - math.exp(-total / SATURATION)
    ranked = sorted(
        (p for p in range(len(raw)) if raw[p] > 0.0), key=lambda p: (-raw[p], index.codes[p])
    )
    out = []
    for rank, position in enumerate(ranked[: max(1, max_topics)]):
        score = round(raw[position] / total * confidence, 4)
        if rank > 0 and score < min_score:
            break
        out.append(TopicScore(index.codes[position], index.labels[position], score))
    return tuple(out)


def model_topics(
    scored: list, *, taxonomy: Taxonomy, max_topics: int = 3, min_score: float = 0.1
) -> tuple:
    """TopicScores from a trained model's ``[(code, probability), ...]`` (best first): the best
    one always, the next ones while their probability reaches ``min_score``."""
    out = []
    for rank, (code, probability) in enumerate(scored[: max(1, max_topics)]):
        score = round(min(1.0, max(0.0, float(probability))), 4)
        if rank > 0 and score < min_score:
            break
        out.append(TopicScore(code, taxonomy.label_of(code), score))
    return tuple(out)


def _compile_model(model_json: str):
    from transforms.topic_model import CompiledModel, TopicModel

    return CompiledModel(TopicModel.from_json(model_json))


class _ClassifyFn(beam.DoFn):
    def __init__(
        self,
        taxonomy: Taxonomy,
        max_topics: int,
        min_score: float,
        model_json: Optional[str] = None,
        model_id: Optional[str] = None,
    ):
        self._taxonomy = taxonomy
        self._max_topics = max_topics
        self._min_score = min_score
        self._model_json = model_json
        self._model_id = model_id or f"lexicon-{taxonomy.version}"
        self._shared = shared.Shared() if model_json else None
        self._index = None
        self._model = None
        self._seen = Metrics.counter("topics", "seen")
        self._kept = Metrics.counter("topics", "kept")
        self._none = Metrics.counter("topics", "unclassified")
        self._other_language = Metrics.counter("topics", "language_not_covered")
        self._failed = Metrics.counter("topics", "failed")

    def setup(self):
        if self._shared is not None:
            # One compiled model per worker process, whatever the number of DoFn instances.
            model_json = self._model_json
            self._model = self._shared.acquire(
                lambda: _SharedModel(_compile_model(model_json)), tag=self._model_id
            )
        else:
            self._index = _cached_index(self._taxonomy)  # one per process and taxonomy

    def _classify(self, article: Article) -> tuple:
        if self._model is not None:
            scored = self._model.compiled.predict(article.title, (article.text or "")[:BODY_CHARS])
            return model_topics(
                scored,
                taxonomy=self._taxonomy,
                max_topics=self._max_topics,
                min_score=self._min_score,
            )
        return classify(
            article.title,
            article.text or "",
            taxonomy=self._taxonomy,
            max_topics=self._max_topics,
            min_score=self._min_score,
            index=self._index,
        )

    def process(self, article: Article):
        self._seen.inc()
        if article.language and article.language not in self._taxonomy.languages:
            self._other_language.inc()
        try:
            topics = self._classify(article)
        except Exception:  # a topic is an annotation: never lose the article over it
            _LOG.exception("topic classification failed for %s", article.source_ref)
            self._failed.inc()
            topics = ()
        if topics:
            self._kept.inc()
            Metrics.counter("topics", f"primary_{topics[0].code.split(':')[-1]}").inc()
        else:
            self._none.inc()
        yield dataclasses.replace(
            article,
            topics=topics,
            topic=topics[0].code if topics else None,
            topic_label=topics[0].label if topics else None,
            taxonomy_version=self._taxonomy.version,
            topic_model=self._model_id,
        )


class _SharedModel:
    """A holder ``shared.Shared`` can keep a weak reference to."""

    def __init__(self, compiled):
        self.compiled = compiled


class ClassifyTopics(beam.PTransform):
    """Set ``topics``, ``topic``, ``topic_label``, ``taxonomy_version`` and ``topic_model``.

    Default: the taxonomy's weighted-term lexicon. With ``model_json`` (a trained model from
    ``newsbeam train-topics``, see ``transforms.topic_model.load_model``): that model, compiled
    once per worker process and shared by its threads. Every article goes on: one without any
    matching term keeps empty topics (counted as ``unclassified``), so the stage never drops or
    fails a record.
    """

    def __init__(
        self,
        *,
        taxonomy: Taxonomy,
        max_topics: int = 3,
        min_score: float = 0.1,
        model_json: Optional[str] = None,
        model_id: Optional[str] = None,
    ):
        super().__init__()
        if max_topics < 1:
            raise ValueError(f"max_topics must be at least 1, got {max_topics}")
        if not 0.0 <= min_score <= 1.0:
            raise ValueError(f"min_score must be in [0, 1], got {min_score}")
        self._taxonomy = taxonomy
        self._max_topics = max_topics
        self._min_score = min_score
        self._model_json = model_json
        self._model_id = model_id

    def expand(self, articles):
        return articles | "Classify" >> beam.ParDo(
            _ClassifyFn(
                self._taxonomy, self._max_topics, self._min_score, self._model_json, self._model_id
            )
        )
