"""Second opinions on a short or unsure langdetect answer: the letters an alphabet has or lacks,
the function words of close languages, the language a feed or page declares, each weighed with
langdetect's own profiles read deterministically (every n-gram once, no random sampling)."""

import re
from typing import Optional

import numpy as np

from transforms.language.priors import unquoted
from transforms.topics.lexicon import base_language

__all__ = [
    "FUNCTION_WORDS",
    "cannot_write",
    "likelihoods",
    "reconsider",
    "word_votes",
]

# The most frequent short words of the close languages newsbeam's users read, written for the
# project: a headline of five words nearly always has one of them, and langdetect, sampling a
# few n-grams of so short a text, can settle on a neighbour with none of them (Dutch as
# Afrikaans, Italian as English, Portuguese as Spanish). A word in two lists votes for both.
FUNCTION_WORDS = {
    "en": "the of and to is was are were for with from by that this its has have had will be been "
    "not after over new says said who his her their into than an at on it as out off up amid "
    "against about",
    "de": "der die das den dem des ein eine einen einem einer und ist sind im zu zum zur mit von "
    "vom für auf am nach bei beim aus über gegen nicht sich auch wird werden wurde hat haben "
    "mehr neue neuen vor bis dass",
    "nl": "de het een van en is op te dat die voor met zijn niet aan er om ook als bij door naar "
    "uit over wordt worden werd nog maar meer tegen na nieuwe",
    "af": "die van en is op te dat vir met nie het word aan om ook as by deur na uit oor sy hy ons "
    "was kan sal nuwe",
    "fr": "le la les de des du un une et est sont au aux en dans pour par sur avec que qui ne pas "
    "plus ce cette ces son sa ses leur il elle ils ont été après contre entre selon lors mais ou",
    "it": "il lo la gli le di del della delle degli dello dei e ed è un una uno nel nella nei negli "
    "alla alle agli al dal dalla dai sul sulla sui che non per con sono anche più ha hanno tra "
    "fra questo questa ma da dopo contro",
    "es": "el la los las de del y en un una que por para con es son se su sus al lo como más pero "
    "este esta entre sobre tras hasta desde según contra también ya muy hay fue ha han",
    "pt": "o a os as do da dos das no na nos nas em um uma que para com por pelo pela é são foi ao "
    "à aos se seu sua mais mas como também já não entre sobre após até desde segundo contra",
    "ca": "el la els les de del dels i a en un una que per amb és són als al més però com aquest "
    "aquesta també ja no",
    "ro": "și în cu pe din la care de a al ale un o este sunt pentru mai după prin fost",
    "da": "og i at er en et den det de til på med for af som har ikke fra der om efter over nye "
    "ny år blev bliver skal kan mod",
    "no": "og i er en et den det de til på med for av som har ikke fra om etter over nye ny år "
    "ble blir skal kan mot",
    "sv": "och i att är en ett den det de till på med för av som har inte från om efter över nya "
    "ny år blev blir ska kan mot sig vid när",
    "pl": "i w z na do się nie jest że o od po za przez dla to jak ale oraz już są był była "
    "będzie przed pod we ze",
    "tr": "ve bir bu da de ile için olarak olan ama daha çok en gibi sonra kadar yeni ilk her "
    "değil var yok",
    "ru": "и в во не на что с со как по но из за от к у о об для до это он она они был была было "
    "были также уже после при",
    "uk": "і й в у не на що з із як по але від до за для це він вона вони був була було були "
    "також вже після при",
    "bg": "и в не на че с като по но от за до това той тя те беше са е се ще след при също",
    "mk": "и во не на дека со како по но од за до ова тој таа тие беше се е ќе по при исто",
}
FUNCTION_WORDS = {lang: frozenset(words.split()) for lang, words in FUNCTION_WORDS.items()}
_LANGUAGES_OF: dict = {}  # word -> the languages whose list has it
for _lang, _words in FUNCTION_WORDS.items():
    for _word in _words:
        _LANGUAGES_OF.setdefault(_word, []).append(_lang)
_WORDS = re.compile(r"[^\W\d_]+")

# What an alphabet cannot write, as patterns: ы э ё are Russian, і ї є ґ Ukrainian, ѓ ќ ѕ љ њ
# џ ј Macedonian (which has no й щ ь ю я ъ); Bulgarian writes ь only before о, Russian ъ only
# before е ё ю я; Afrikaans spells Dutch "ij" as "y".
_CANNOT_WRITE = {
    "ru": re.compile("[іїєґѓќѕљњџј]|ъ(?![еёюя])"),
    "uk": re.compile("[ыэёъѓќѕљњџј]"),
    "bg": re.compile("[ыэёіїєґѓќѕљњџј]|ь(?!о)"),
    "mk": re.compile("[ыэёіїєґйщьюяъ]"),
    "af": re.compile("ij"),
}
CYRILLIC = frozenset(("ru", "uk", "bg", "mk"))
# The languages of the topic lexicons, the ones newsbeam's users read: on a text too short to
# tell two neighbours apart, the one a news feed is far likelier to carry wins.
NEWS_LANGUAGES = frozenset("en de fr es it pt nl pl ru sv tr ar zh-cn zh-tw ja".split())


def word_votes(text: str) -> dict:
    """How many of ``text``'s words are function words of each language."""
    votes: dict = {}
    for word in _WORDS.findall(text.lower()):
        for lang in _LANGUAGES_OF.get(word, ()):
            votes[lang] = votes.get(lang, 0) + 1
    return votes


def cannot_write(text: str) -> frozenset:
    """The languages (of ru, uk, bg, mk, af) whose alphabet or spelling cannot write ``text``."""
    lower = text.lower()
    return frozenset(lang for lang, pattern in _CANNOT_WRITE.items() if pattern.search(lower))


def likelihoods(profiles, text: str, rows: Optional[list] = None) -> dict:
    """Each language's log-likelihood of ``text`` under langdetect's profiles, every n-gram
    counted once with langdetect's smoothing ({} without n-grams): the expectation of what
    langdetect's random trials sample, without their luck on a short text. ``rows``, when
    given, are ``text``'s n-gram rows already computed (``profiles.ngram_rows``)."""
    if rows is None:
        rows = profiles.ngram_rows(profiles.prepare(text))
    if not rows:
        return {}
    smoothing = profiles.alpha / profiles.base_freq
    scores = np.log(profiles.matrix[rows] + smoothing).sum(axis=0)
    return dict(zip(profiles.langlist, scores.tolist()))


# How many nats of langdetect's evidence a function word, or the feed's declared language,
# may outweigh; chosen on lingua's sentences cut to headline length (benchmarks/language.py).
WORD_NATS = 3.0
DECLARED_NATS = 6.0
PRIOR_NATS = 3.0
KEEP_NATS = 2.0  # langdetect's own answer starts ahead: the evidence must beat it


def reconsider(
    profiles,
    sample: str,
    language: str,
    *,
    declared: Optional[str] = None,
    rows: Optional[list] = None,
) -> str:
    """``language`` (langdetect's answer on ``sample``) or a close language the evidence favours:

    - a Cyrillic answer whose alphabet cannot write the text (Russian read as Macedonian with
      ы or я in it) gives way to the best of those that can;
    - otherwise each language scores its log-likelihood plus ``WORD_NATS`` per function word
      and ``DECLARED_NATS`` if declared, and the best of them wins: a language langdetect's
      profiles make far less likely keeps losing whatever the words or the declaration say."""
    if language.startswith("zh") or language in ("ja", "ko"):
        return language
    scores = likelihoods(profiles, sample, rows)
    if not scores:
        return language
    excluded = cannot_write(sample)
    if excluded:
        scores = {k: v for k, v in scores.items() if k not in excluded} or scores
    votes = word_votes(unquoted(sample))  # a quote's words are the speaker's language
    said = base_language(declared)
    for lang in scores:
        scores[lang] += WORD_NATS * votes.get(lang, 0)
        if said and base_language(lang) == said:
            scores[lang] += DECLARED_NATS
        if lang in NEWS_LANGUAGES:
            scores[lang] += PRIOR_NATS
    if language in scores:
        scores[language] += KEEP_NATS
    best = max(scores, key=lambda k: (scores[k], k))
    return best
