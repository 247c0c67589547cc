"""Detect each article's language with langdetect's profiles and algorithm (seeded), on a bounded
sample."""

import dataclasses
import functools
from typing import Optional

import apache_beam as beam

from transforms.core.dead_letters import apply_stage
from transforms.core.record import Article
from transforms.core.stage_fn import StageFn
from transforms.language.evidence import reconsider
from transforms.language.langdetect_fast import LangdetectProfiles, NoFeatures, detect_probabilities
from transforms.language.priors import (
    MIN_HEADLINE_CJK,
    article_sample,
    cjk_text,
    headline_script_language,
    script_counts,
    script_language,
    simplified_or_traditional,
    without_quotes,
)
from transforms.topics.lexicon import base_language

__all__ = [
    "DetectLanguage",
    "detect_article",
    "LanguageConfig",
    "language_sample",
    "make_detector_factory",
    "profile_texts",
    "shared_detector_factory",
]

UNDETERMINED = "und"


@dataclasses.dataclass(frozen=True)
class LanguageConfig:
    sample_chars: int = 2000  # langdetect cost grows with input; 2,000 characters decide reliably
    allowed: tuple = ()  # empty: every language is kept
    seed: int = 0


def language_sample(title: Optional[str], text: str, *, max_chars: int) -> str:
    """Title plus the start of the text, cut at a word boundary: what langdetect sees."""
    sample = f"{title}\n{text}" if title else text
    if len(sample) <= max_chars:
        return sample
    cut = sample.rfind(" ", 0, max_chars)
    return sample[: cut if cut > max_chars // 2 else max_chars]


def profile_texts() -> list:
    """The JSON texts of langdetect's 55 profiles, in the order of their file names.

    langdetect's ``load_profile`` takes the order of ``os.listdir``, which differs between file
    systems; the order decides in which order the 55 probabilities are summed, so the last bits
    of a score could differ between machines (on 8,490 texts: 517 of 1,500 full probability
    lists differ between two orders, none of the languages and 4-decimal scores newsbeam
    keeps). Sorted, every machine sums the same way."""
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY

    texts = []
    for name in sorted(os.listdir(PROFILES_DIRECTORY)):
        path = os.path.join(PROFILES_DIRECTORY, name)
        if not name.startswith(".") and os.path.isfile(path):
            with open(path, encoding="utf-8") as fh:
                texts.append(fh.read())
    return texts


def make_detector_factory(seed: int = 0) -> LangdetectProfiles:
    """langdetect's profiles (``profile_texts``) with a fixed seed, as ``LangdetectProfiles``:
    langdetect's own detection with the same results, cheaper (transforms/language/langdetect_fast.py)."""
    return LangdetectProfiles.from_json(profile_texts(), seed)


@functools.lru_cache(maxsize=4)
def shared_detector_factory(seed: int = 0) -> LangdetectProfiles:
    """One loaded set of profiles per process and seed, shared by every DoFn instance (a run
    has one language step per input source). Detection reads them and writes only their caches
    (a token's n-gram rows, a character's normal form), which do not change any result."""
    return make_detector_factory(seed)


def detect(profiles: LangdetectProfiles, sample: str) -> tuple[str, float]:
    """``(language, probability)``; ``("und", 0.0)`` when the sample has no letters to go on."""
    try:
        best = detect_probabilities(profiles, sample)[0]
    except (NoFeatures, IndexError):
        return UNDETERMINED, 0.0
    return best[0], round(float(best[1]), 4)


CONFIDENT = 0.95  # below this, the later paragraphs get a say too
SHORT_CHARS = 300  # a headline or a lead of a sentence or two: langdetect's sampling may miss


def _distribution(profiles: LangdetectProfiles, text: str) -> tuple[dict, list]:
    """langdetect's probability of every language for ``text`` ({} without features), and the
    n-gram rows it was computed on (for ``reconsider`` to weigh the same n-grams again)."""
    rows = profiles.ngram_rows(profiles.prepare(text))
    try:
        probs = profiles.probabilities(rows)
    except NoFeatures:
        return {}, rows
    return dict(zip(profiles.langlist, probs)), rows


def _best(probs: dict) -> tuple[str, float]:
    if not probs:
        return UNDETERMINED, 0.0
    language = max(probs, key=lambda k: (probs[k], k))
    return language, round(float(probs[language]), 4)


def _by_script(profiles: LangdetectProfiles, language: str, sample: str) -> tuple[str, float]:
    """A CJK page: the script decided the language; langdetect, reading only the CJK text, tells
    simplified from traditional Chinese when the characters do not, and gives the score."""
    cjk = cjk_text(sample)
    probs, _ = _distribution(profiles, cjk)
    if language == "zh":
        language = simplified_or_traditional(cjk) or (
            "zh-tw" if probs.get("zh-tw", 0.0) > probs.get("zh-cn", 0.0) else "zh-cn"
        )
        score = probs.get("zh-cn", 0.0) + probs.get("zh-tw", 0.0)
    else:
        score = probs.get(language, 0.0)
    scripts = script_counts(sample)
    share = (scripts.han + scripts.kana + scripts.hangul) / max(1, scripts.letters)
    return language, round(float(max(score, share) if score else share), 4)


def detect_article(
    profiles: LangdetectProfiles,
    title: Optional[str],
    text: str,
    *,
    max_chars: int = 2000,
    declared: Optional[str] = None,
) -> tuple[str, float]:
    """``(language, probability)`` of an article, langdetect's own detection around which:

    - it reads the title and the first prose paragraphs, not menus, URLs, code, numbers or the
      English boilerplate of pages in every language (``language_priors.article_sample``);
    - kana means ``ja``, hangul ``ko``, Han without kana ``zh-cn``/``zh-tw``, whatever the
      Latin-script noise around them (langdetect alone read such pages as en, vi, de or id);
    - what the article quotes is left out when enough of its own words remain
      (``without_quotes``): a quote may be in another language than the article;
    - a short sample (a headline, a lead of a sentence or two), an unsure answer or one that
      differs from the ``declared`` language (a feed's, a JSON record's or the page's) is reconsidered
      against its close neighbours (``evidence.reconsider``: letters, function words, the
      declaration, each weighed against langdetect's profiles);
    - when it is not confident on the lead, the next paragraphs vote too (probabilities
      averaged by the length they were computed on).
    """
    sample = article_sample(title, text, max_chars=max_chars)
    if not sample.strip():
        return UNDETERMINED, 0.0
    scripts = script_counts(sample)
    prior = script_language(scripts)
    if prior is None and scripts.han + scripts.kana + scripts.hangul >= MIN_HEADLINE_CJK:
        # Only a text with CJK letters can be a CJK headline: the rest (nearly every article)
        # skips the second pass over its sample.
        prior = headline_script_language(sample)
    if prior is not None:
        return _by_script(profiles, prior, sample)
    own = without_quotes(sample)
    probs, rows = _distribution(profiles, own)
    language, score = _best(probs)
    if language != UNDETERMINED and (
        len(own) < SHORT_CHARS
        or score < CONFIDENT
        or (declared and base_language(declared) != base_language(language))
    ):
        second = reconsider(profiles, own, language, declared=declared, rows=rows)
        if second != language:
            return second, round(float(probs.get(second, 0.0)), 4)
    if score >= CONFIDENT:
        return language, score
    used = len(sample.splitlines()) - (1 if title else 0)
    more = article_sample(None, text, max_chars=max_chars, skip=max(used, 1))
    if len(more) < 200:
        return language, score
    other, _ = _distribution(profiles, more)
    total = len(sample) + len(more)
    combined = {
        k: (probs.get(k, 0.0) * len(sample) + other.get(k, 0.0) * len(more)) / total
        for k in set(probs) | set(other)
    }
    return _best(combined)


class _DetectFn(StageFn):
    namespace = "language"

    def __init__(self, config: LanguageConfig):
        self._config = config
        self._factory = None

    def setup(self):
        self._factory = shared_detector_factory(self._config.seed)

    def process(self, article: Article):
        self.seen()
        language, score = detect_article(
            self._factory,
            article.title,
            article.text or "",
            max_chars=self._config.sample_chars,
            declared=article.hint_language,
        )
        if language == UNDETERMINED and article.hint_language:
            language, score = article.hint_language, 0.0
        self.count(f"lang_{language}")
        result = dataclasses.replace(article, language=language, language_score=score)
        allowed = self._config.allowed
        if allowed and language not in allowed:
            detail = f"{language} ({score}) not in {','.join(allowed)}"
            yield self.reject(result, "language_not_wanted", detail)
            return
        yield self.kept(result)


class DetectLanguage(beam.PTransform):
    """Set ``language`` and ``language_score``; reject languages not in ``allowed``."""

    def __init__(self, *, config: LanguageConfig = LanguageConfig()):
        super().__init__()
        self._config = config

    def expand(self, articles):
        return apply_stage(articles, "Detect", _DetectFn(self._config), stage="language")
