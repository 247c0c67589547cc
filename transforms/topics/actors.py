"""Who acts: a headline whose actor is a government, a parliament, a minister or a party files its
story under politics, whatever the subject (a prescription charge, a tax, a doctors' law).

Pure: the title's words in, a factor on politics' evidence out. Newsrooms (BBC, Le Monde) file a
health or budget story under politics when the headline's actor is political ("Ministers scrap
care cap", "le gouvernement double les franchises"); the subject's words still fill the body, so
the lexicon alone reads health or economy. The actors are words that name an institution or its
members, not the subject words ("health minister" names health in the lexicons; here "minister"
names who acts). Chosen on dev items only (docs/topics.md, "Who acts").
"""

import re
from typing import Optional

from transforms.topics.lexicon import base_language, normalise

__all__ = ["ACTOR_FACTOR", "ACTORS", "POLITICS", "title_actor", "with_actor"]

POLITICS = "medtop:11000000"
# Politics' evidence is multiplied by this when the title names a political actor (only when
# politics has evidence of its own: the factor never makes a topic from nothing).
ACTOR_FACTOR = 1.25
# English only, and only for articles detected as English (an undetected language falls back to
# the English lexicon, but its headline's words are not English words). German's check has no
# politics class (sport, economy, culture, science): a politics boost there can only move items
# off their section; on the German dev pages it fixed one and broke one. French: a deputies' bill
# on doctors' settling is health in the project's own fr test set and politics in the whodev
# items, so the filing is not settled; French dev moved one item each way. English BBC-style
# filing has no health class: a minister's health or tax story can only be politics there.
#
# Exact word forms (casefolded, no plural "s" dropped: "commons" is not "common", "lords" is not
# "Lord of the Rings" nor "Lord's Test", "peers" is not "peer review") and phrases of such words.
ACTORS = {
    "en": (
        "government", "governments", "minister", "ministers", "mp", "mps", "parliament",
        "senator", "senators", "lawmaker", "lawmakers", "tory", "tories", "councillor",
        "councillors", "senedd", "lords", "peers", "prime minister", "lib dem", "lib dems",
        "white house", "downing street", "house of commons", "house of lords", "shadow chancellor",
        "shadow cabinet", "chancellor of the exchequer", "conservative party", "us senate",
        "us congress",
    ),
}  # fmt: skip
# Words that name an institution or an office only in a political headline ("Senate votes on
# tax bill", "Chancellor rules out tax rise") and something else in others ("Senate Bancorp
# results", "Westminster Dog Show", "Stormont Hotel sold", "Chancellor of Oxford University
# installed", "Cabinet maker wins award"): they count beside a word of government's business in
# the same title, or (chancellor) before a name ("Chancellor Rachel Reeves"). The business words
# were read off the titles the first rule fired on (the en article sets and AG's News test
# titles), kept where the headline was a legislature's or a minister's act.
NEEDS_CONTEXT = {
    "en": (
        "senate", "congress", "westminster", "holyrood", "stormont", "commons", "chancellor",
        "cabinet", "shadow", "conservative", "conservatives",
    ),
}  # fmt: skip
GOVERNMENT_WORDS = {
    "en": (
        "tax", "taxes", "budget", "bill", "bills", "law", "laws", "vote", "votes", "voted",
        "election", "elections", "policy", "treasury", "exchequer", "spending", "duty", "reform",
        "reshuffle", "legislation", "minister", "ministers", "government", "mps", "party",
        "leader", "leadership", "debate", "inquiry", "motion", "ballot", "borrowing", "secretary",
        "committee", "panel", "hearing", "race", "campaign", "approve", "approves", "approved",
        "pass", "passes", "passed", "reject", "rejects", "rejected", "block", "blocks", "sworn",
        "republican", "republicans", "democrat", "democrats", "dem", "dems", "gop",
        "autumn statement", "spring statement",
    ),
}  # fmt: skip
NAMED_OFFICES = {"en": ("chancellor",)}
_WORD = re.compile(r"\w+", re.UNICODE)


def _tokens(text: str, language: str) -> list:
    """Casefolded word forms, plurals kept."""
    return _WORD.findall(normalise(text, language))


def _joined(terms, language: str) -> tuple:
    """Each term as its tokens between spaces, to look for in a title's tokens joined the same
    way (so a phrase matches whole words only)."""
    return tuple(" " + " ".join(_tokens(term, language)) + " " for term in terms)


def _compiled(language: str) -> tuple:
    terms = ACTORS.get(language, ())
    return (
        frozenset(t for t in terms if " " not in t),
        _joined([t for t in terms if " " in t], language),
        frozenset(NEEDS_CONTEXT.get(language, ())),
        _joined(GOVERNMENT_WORDS.get(language, ()), language),
        frozenset(NAMED_OFFICES.get(language, ())),
    )


_COMPILED = {language: _compiled(language) for language in ACTORS}


def _before_a_name(title: str, offices: frozenset) -> bool:
    """An office followed by a capitalised word in a sentence-case headline ("Chancellor Rachel
    Reeves unveils budget"); in a Title Case headline every word is capitalised, so it says
    nothing there, and "of" (Chancellor of Oxford University) names no person."""
    words = title.split()
    if not any(w[:1].islower() for w in words[1:] if len(w) > 3):
        return False  # Title Case or ALL CAPS
    for word, following in zip(words, words[1:]):
        if word.casefold() in offices and following[:1].isupper() and following.casefold() != "of":
            return True
    return False


def title_actor(title: Optional[str], language: Optional[str]) -> bool:
    """Whether ``title`` names a political actor in ``language``: False for other languages and
    for None (an article whose language was not detected)."""
    compiled = _COMPILED.get(base_language(language))
    if not title or compiled is None:
        return False
    words, phrases, needs_context, government, offices = compiled
    language = base_language(language)
    tokens = _tokens(title, language)
    if any(t in words for t in tokens):
        return True
    joined = " " + " ".join(tokens) + " "
    if any(phrase in joined for phrase in phrases):
        return True
    if not any(t in needs_context for t in tokens):
        return False
    return any(term in joined for term in government) or _before_a_name(title, offices)


def with_actor(raw: list, codes: tuple, title: Optional[str], language: Optional[str]) -> list:
    """``raw`` (evidence per topic, in the order of ``codes``) with politics' multiplied by
    ``ACTOR_FACTOR`` when ``title`` names a political actor; the same list otherwise."""
    if POLITICS not in codes or not title_actor(title, language):
        return raw
    return [r * ACTOR_FACTOR if c == POLITICS else r for r, c in zip(raw, codes)]
