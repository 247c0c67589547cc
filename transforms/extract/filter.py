"""Drop what is not worth keeping: empty or too short texts, with the reason."""

import dataclasses
from typing import Optional

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.core.dead_letters import apply_stage, rejected_row
from transforms.core.record import Article
from transforms.core.words import count_chars

__all__ = ["FilterArticles", "FilterConfig", "rejection_reason"]


@dataclasses.dataclass(frozen=True)
class FilterConfig:
    min_words: int = 50
    min_chars: int = 200


def rejection_reason(article: Article, config: FilterConfig) -> Optional[tuple[str, str]]:
    """``(reason, detail)`` when the article should be dropped, else None."""
    text = (article.text or "").strip()
    if not text:
        return "empty", "no text after extraction"
    if article.word_count < config.min_words:
        return "too_short", f"{article.word_count} words < min_words {config.min_words}"
    chars = count_chars(text)  # a Han or kana character counts as 4 (words.count_chars)
    if chars < config.min_chars:
        return "too_short", f"{chars} characters < min_chars {config.min_chars}"
    return None


class _FilterFn(beam.DoFn):
    def __init__(self, config: FilterConfig):
        self._config = config
        self._seen = Metrics.counter("filter", "seen")
        self._kept = Metrics.counter("filter", "kept")

    def process(self, article: Article):
        self._seen.inc()
        verdict = rejection_reason(article, self._config)
        if verdict is None:
            self._kept.inc()
            yield article
            return
        reason, detail = verdict
        Metrics.counter("filter", f"dropped_{reason}").inc()
        yield beam.pvalue.TaggedOutput(
            "rejected", rejected_row(article, stage="filter", reason=reason, detail=detail)
        )


class FilterArticles(beam.PTransform):
    """StageOutputs(main=kept Articles, rejected=RejectedRow with reason, errors)."""

    def __init__(self, *, config: FilterConfig = FilterConfig()):
        super().__init__()
        self._config = config

    def expand(self, articles):
        return apply_stage(articles, "Filter", _FilterFn(self._config), stage="filter")
