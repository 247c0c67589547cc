"""Drop what is not worth keeping: empty or too short texts, with the reason."""

import dataclasses
from typing import Optional

import apache_beam as beam

from transforms.core.dead_letters import apply_stage
from transforms.core.record import Article
from transforms.core.stage_fn import StageFn
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
    if len(text) >= config.min_chars:
        # count_chars weighs a character 1 or more, so it is at least len(text): no need to
        # scan the text's scripts again (extraction did for word_count)
        return None
    chars = count_chars(text)  # a Han or kana character counts as 4 (words.count_chars)
    if chars < config.min_chars:
        return "too_short", f"{chars} characters < min_chars {config.min_chars}"
    return None


class _FilterFn(StageFn):
    namespace = "filter"

    def __init__(self, config: FilterConfig):
        self._config = config

    def process(self, article: Article):
        self.seen()
        verdict = rejection_reason(article, self._config)
        yield self.kept(article) if verdict is None else self.reject(article, *verdict)


class FilterArticles(beam.PTransform):
    """StageOutputs(main=kept Articles, rejected=RejectedRow with reason, errors)."""

    def __init__(self, *, config: FilterConfig = FilterConfig()):
        super().__init__()
        self._config = config

    def expand(self, articles):
        return apply_stage(articles, "Filter", _FilterFn(self._config), stage="filter")
