"""Who acts: a headline whose actor is a government, a parliament, a minister or a party files its
story under politics, whatever the subject (a prescription charge, a tax, a doctors' law).

Pure: the title's words in, a factor on politics' evidence out. Newsrooms (BBC, Le Monde) file a
health or budget story under politics when the headline's actor is political ("Ministers scrap
care cap", "le gouvernement double les franchises"); the subject's words still fill the body, so
the lexicon alone reads health or economy. The actors are words that name an institution or its
members, not the subject words ("health minister" names health in the lexicons; here "minister"
names who acts). Chosen on dev items only (docs/topics.md, "Who acts").
"""

from typing import Optional

from transforms.topics.lexicon import base_language, tokenize

__all__ = ["ACTOR_FACTOR", "ACTORS", "POLITICS", "title_actor", "with_actor"]

POLITICS = "medtop:11000000"
# Politics' evidence is multiplied by this when the title names a political actor (only when
# politics has evidence of its own: the factor never makes a topic from nothing).
ACTOR_FACTOR = 1.25
# English only. German's check has no politics class (sport, economy, culture, science): a
# politics boost there can only move items off their section; on the German dev pages it fixed
# one and broke one. French: a deputies' bill on doctors' settling is health in the project's own
# fr test set and politics in the whodev items, so the filing is not settled; French dev moved one
# item each way. English BBC-style filing has no health class: a minister's health or tax story
# can only be politics there. Per language: whole words (tokenised as the lexicon does, a final
# plural "s" dropped), phrases of such words, and prefixes ending in "*".
ACTORS = {
    "en": (
        "government", "minister", "mp", "mps", "parliament", "commons", "chancellor",
        "prime minister", "senate", "senator", "congress", "lawmaker", "tory", "tories", "conservative", "lib dem",
        "white house", "downing street", "cabinet", "shadow", "councillor", "holyrood",
        "stormont", "senedd", "westminster", "peer", "lord",
    ),
}  # fmt: skip


def _compiled(language: str) -> tuple:
    words, prefixes, phrases = set(), [], []
    for term in ACTORS.get(language, ()):
        if term.endswith("*"):
            prefixes.append(tokenize(term[:-1], language)[0])
        elif " " in term:
            phrases.append(" ".join(tokenize(term, language)))
        else:
            words.update(tokenize(term, language))
    return frozenset(words), tuple(prefixes), tuple(phrases)


_COMPILED = {language: _compiled(language) for language in ACTORS}


def title_actor(title: Optional[str], language: Optional[str]) -> bool:
    """Whether ``title`` names a political actor in ``language`` (False for other languages)."""
    compiled = _COMPILED.get(base_language(language or "en"))
    if not title or compiled is None:
        return False
    words, prefixes, phrases = compiled
    language = base_language(language or "en")
    tokens = tokenize(title, language)
    if any(t in words or t.startswith(prefixes) for t in tokens):
        return True
    joined = " " + " ".join(tokens) + " "
    return any(f" {phrase} " in joined for phrase in phrases)


def with_actor(raw: list, codes: tuple, title: Optional[str], language: Optional[str]) -> list:
    """``raw`` (evidence per topic, in the order of ``codes``) with politics' multiplied by
    ``ACTOR_FACTOR`` when ``title`` names a political actor; the same list otherwise."""
    if POLITICS not in codes or not title_actor(title, language):
        return raw
    return [r * ACTOR_FACTOR if c == POLITICS else r for r, c in zip(raw, codes)]
