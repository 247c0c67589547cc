"""Classify articles on a topic taxonomy (IPTC Media Topics) with a weighted-term lexicon."""

import dataclasses
import functools
import logging
import math
from collections.abc import Callable
from typing import Optional

import apache_beam as beam
from apache_beam.utils import shared

from transforms.core.record import Article, TopicScore
from transforms.core.stage_fn import StageFn
from transforms.topics.actors import with_actor
from transforms.topics.lexicon import BODY_CHARS, TermIndex, base_language, evidence
from transforms.topics.lexicon import tokenize as _tokenize
from transforms.topics.primary import (
    MARGIN,
    MIN_PRIMARY,
    clear_leader,
    effective_min_primary,
    primary_margin,
)

__all__ = [
    "MARGIN",
    "MIN_PRIMARY",
    "ClassifyTopics",
    "TermIndex",
    "Taxonomy",
    "Topic",
    "build_index",
    "classify",
    "clear_leader",
    "effective_min_primary",
    "lexicon_language",
    "model_topics",
    "primary_margin",
    "tokenize",
]

SATURATION = 4.0  # evidence (weighted term hits) at which confidence reaches 1 - 1/e
SINGLE_TERM = 0.5  # a topic seen through one distinct term only counts half
# Terms below this weight support a topic but never make one: "online", "website", "email" on a
# recipe blog are no evidence of science and technology (the lexicons' 1 and 0.5 weights).
STRONG = 2.0
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
    languages: tuple = ("en",)  # the language the topics' own terms are written in, first
    attribution: str = ""
    # More languages: ((language, ((term, weight), ...) per topic in the order of ``topics``), ...)
    lexicons: tuple = ()
    # How a worker gets this taxonomy again without it being pickled (~0.5 MB of terms): set by
    # ``load_taxonomy`` for the packaged one, which ships with newsbeam on every worker.
    reload: Optional[Callable[[], "Taxonomy"]] = dataclasses.field(
        default=None, compare=False, repr=False
    )

    def __hash__(self) -> int:  # cheap: the index cache looks a taxonomy up per call
        return hash((self.name, self.version, self.languages, tuple(t.code for t in self.topics)))

    @property
    def covered(self) -> tuple:
        """Every language the lexicon classifies: the topics' own, then the extra lexicons'."""
        return tuple(dict.fromkeys((*self.languages[:1], *(lang for lang, _ in self.lexicons))))

    def terms_of(self, language: str) -> Optional[tuple]:
        """Per topic, the ``(term, weight)`` pairs of ``language``; None if not covered."""
        if language == self.languages[0]:
            return tuple(t.terms for t in self.topics)
        for lang, terms in self.lexicons:
            if lang == language:
                return terms
        return None

    @property
    def codes(self) -> tuple:
        return tuple(t.code for t in self.topics)

    def label_of(self, code: str) -> str:
        for topic in self.topics:
            if topic.code == code:
                return topic.label
        raise KeyError(code)


def tokenize(text: str, language: str = "en") -> list:
    """Casefolded, NFKC-normalised word tokens (``transforms.topics.lexicon.tokenize``)."""
    return _tokenize(text, language)


def build_index(taxonomy: Taxonomy, language: Optional[str] = None) -> TermIndex:
    """The terms of ``language`` (default: the taxonomy's first) compiled for matching."""
    language = language or taxonomy.languages[0]
    terms = taxonomy.terms_of(language)
    if terms is None:
        raise KeyError(f"taxonomy {taxonomy.name!r} has no terms in {language!r}")
    labels = tuple(t.label for t in taxonomy.topics)
    return TermIndex(taxonomy.codes, labels, terms, language=language)


@functools.lru_cache(maxsize=64)
def _cached_index(taxonomy: Taxonomy, language: str) -> TermIndex:
    return build_index(taxonomy, language)


def lexicon_language(taxonomy: Taxonomy, language: Optional[str]) -> Optional[str]:
    """The lexicon that classifies an article in ``language``: an unknown language (None) uses
    the taxonomy's first; a language the taxonomy does not cover (or ``und``) gets None."""
    if language is None:
        return taxonomy.languages[0]
    base = base_language(language)
    return base if base in taxonomy.covered else None


def classify(
    title: Optional[str],
    text: str,
    *,
    taxonomy: Taxonomy,
    max_topics: int = 3,
    min_score: float = 0.1,
    index: Optional[TermIndex] = None,
    language: Optional[str] = None,
    min_primary: float = 0.0,
    margin: Optional[float] = None,
) -> tuple:
    """Up to ``max_topics`` TopicScores, best first; empty when no topic is convincing.

    A topic's evidence is the sum of its terms' weights (title boosted, repeats counted
    ``1 + ln n``), halved when it rests on a single distinct term, and none at all unless one
    of its terms weighs at least ``STRONG``. Its score is its share of
    all the evidence, discounted when the evidence is thin (``1 - exp(-total / SATURATION)``),
    so it lies in [0, 1]. The best topic is kept when its score reaches ``min_primary`` (times
    ``PRIMARY_SCALE`` of the lexicon's language) or when it is a ``clear_leader`` by ``margin``
    (0: off; None: ``primary_margin``); the others when their score reaches ``min_score``.
    """
    index = index or _cached_index(taxonomy, lexicon_language(taxonomy, language) or "en")
    margin = primary_margin(margin, min_primary)
    min_primary = effective_min_primary(min_primary, index.language)
    raw, distinct, strongest = evidence(index, title, text or "")
    raw = [
        0.0 if s < STRONG else r * (SINGLE_TERM if d == 1 else 1.0)
        for r, d, s in zip(raw, distinct, strongest)
    ]
    # The article's detected language, not the lexicon's: an undetected one reads English terms.
    raw = with_actor(raw, index.codes, title, language)
    total = sum(raw)
    if total <= 0.0:
        return ()
    confidence = 1.0 - math.exp(-total / SATURATION)
    ranked = sorted(
        (p for p in range(len(raw)) if raw[p] > 0.0), key=lambda p: (-raw[p], index.codes[p])
    )
    second = raw[ranked[1]] if len(ranked) > 1 else 0.0
    out = []
    for rank, position in enumerate(ranked[: max(1, max_topics)]):
        score = round(raw[position] / total * confidence, 4)
        if rank == 0:
            if score < min_primary and not clear_leader(raw[position], second, margin):
                break
        elif score < min_score:
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


def _compile_model(model_json: str) -> dict:
    from transforms.topics.model import compile_models

    return compile_models(model_json)


class _ClassifyFn(StageFn):
    namespace = "topics"

    def __init__(
        self,
        taxonomy: Taxonomy,
        max_topics: int,
        min_score: float,
        model_json: Optional[str] = None,
        model_id: Optional[str] = None,
        min_primary: float = MIN_PRIMARY,
        margin: Optional[float] = None,
    ):
        # Only small values are pickled with the stage: the packaged taxonomy is loaded again
        # in setup() on the worker (a taxonomy built in memory or read from a user's file
        # travels with it, since a remote worker may not have that file).
        self._reload = taxonomy.reload
        self._taxonomy = None if taxonomy.reload else taxonomy
        self._version = taxonomy.version
        self._max_topics = max_topics
        self._min_score = min_score
        self._min_primary = min_primary
        self._margin = margin
        self._model_json = model_json
        self._model_id = model_id or f"lexicon-{taxonomy.version}"
        self._shared = shared.Shared() if model_json else None
        self._models = None

    def setup(self):
        if self._taxonomy is None:
            self._taxonomy = self._reload()  # parsed once per process
            if self._taxonomy.version != self._version:
                raise RuntimeError(
                    f"the packaged taxonomy on this worker is version {self._taxonomy.version}, "
                    f"the pipeline was built with {self._version}: install the same newsbeam"
                )
        if self._shared is not None:
            # One compiled model per worker process, whatever the number of DoFn instances.
            model_json = self._model_json
            self._models = self._shared.acquire(
                lambda: _SharedModel(_compile_model(model_json)), tag=self._model_id
            ).compiled

    def _classify(self, article: Article) -> tuple:
        """``(topics, language the model/lexicon is for)``; ``((), None)`` if none covers it."""
        if self._models is not None:
            from transforms.topics.model import model_for

            key = model_for(self._models, article.language)
            if key is None:
                return (), None
            scored = self._models[key].predict(article.title, (article.text or "")[:BODY_CHARS])
            return model_topics(
                scored,
                taxonomy=self._taxonomy,
                max_topics=self._max_topics,
                min_score=self._min_score,
            ), key
        language = lexicon_language(self._taxonomy, article.language)
        if language is None:
            return (), None
        topics = classify(
            article.title,
            article.text or "",
            taxonomy=self._taxonomy,
            max_topics=self._max_topics,
            min_score=self._min_score,
            index=_cached_index(self._taxonomy, language),  # one per process and language
            language=article.language,
            min_primary=self._min_primary,
            margin=self._margin,
        )
        return topics, language

    def process(self, article: Article):
        self.seen()
        try:
            topics, language = self._classify(article)
        except Exception:  # a topic is an annotation: never lose the article over it
            _LOG.exception("topic classification failed for %s", article.source_ref)
            self.count("failed")
            topics, language = (), None
        if topics:
            self.count("kept")  # an article with a topic; every article goes on
            self.count(f"primary_{topics[0].code.split(':')[-1]}")
        else:
            self.count("unclassified")
            below = (
                "no_topic_language_not_covered" if language is None else "no_topic_below_threshold"
            )
            self.count(below)
        yield dataclasses.replace(
            article,
            topics=topics,
            topic=topics[0].code if topics else None,
            topic_label=topics[0].label if topics else None,
            taxonomy_version=self._version,
            topic_model=self._topic_model(language),
        )

    def _topic_model(self, language: Optional[str]) -> Optional[str]:
        """Which classifier spoke, and in which language: ``lexicon-<version>:de``,
        ``nb-<hash>:fr`` (a per-language model), ``nb-<hash>`` (one model for any language);
        None when none covers the article's language."""
        if language is None:
            return None
        return self._model_id if language == "*" else f"{self._model_id}:{language}"


class _SharedModel:
    """A holder ``shared.Shared`` can keep a weak reference to."""

    def __init__(self, compiled):
        self.compiled = compiled


class ClassifyTopics(beam.PTransform):
    """Set ``topics``, ``topic``, ``topic_label``, ``taxonomy_version`` and ``topic_model``.

    Default: the taxonomy's weighted-term lexicon. With ``model_json`` (a trained model from
    ``newsbeam train-topics``, see ``transforms.topics.model.load_model``): that model, compiled
    once per worker process and shared by its threads. An article whose language no lexicon
    (or model) covers gets no topic and ``topic_model`` None (counted as
    ``no_topic_language_not_covered``); one whose best score stays under ``min_primary``, with no
    ``clear_leader`` by ``margin`` (``primary_margin``) either, gets no topic
    (``no_topic_below_threshold``). Every article goes on: the stage never drops or fails a
    record.
    """

    def __init__(
        self,
        *,
        taxonomy: Taxonomy,
        max_topics: int = 3,
        min_score: float = 0.1,
        model_json: Optional[str] = None,
        model_id: Optional[str] = None,
        min_primary: float = MIN_PRIMARY,
        margin: Optional[float] = None,
    ):
        super().__init__()
        if max_topics < 1:
            raise ValueError(f"max_topics must be at least 1, got {max_topics}")
        if not 0.0 <= min_score <= 1.0:
            raise ValueError(f"min_score must be in [0, 1], got {min_score}")
        if margin is not None and 0.0 < margin < 1.0:
            raise ValueError(f"margin must be 0 (off) or at least 1, got {margin}")
        self._taxonomy = taxonomy
        self._max_topics = max_topics
        self._min_score = min_score
        self._model_json = model_json
        self._model_id = model_id
        self._min_primary = min_primary
        self._margin = margin

    def expand(self, articles):
        return articles | "Classify" >> beam.ParDo(
            _ClassifyFn(
                self._taxonomy,
                self._max_topics,
                self._min_score,
                self._model_json,
                self._model_id,
                self._min_primary,
                self._margin,
            )
        )
