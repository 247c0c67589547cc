"""Authors of a page: names cleaned of roles and e-mails, and the byline element's author."""

import re
from collections.abc import Iterable
from typing import Optional

from lxml.etree import Element as _ELEMENT

from transforms.extract.author_kinds import (
    CALENDAR,
    COUNTRIES,
    is_credit,
    is_credit_label,
    is_domain,
    is_organisation,
    is_placeholder,
    is_source,
    label_of,
)
from transforms.extract.author_site import Site, name_key, word_runs

__all__ = [
    "byline_author",
    "clean_authors",
    "people_and_agencies",
]

_ROLE_ONLY = re.compile(
    r"^((staff|senior|chief|political|foreign|news|sports?|business|deputy|special|our|guest)\s+)?"
    r"(writer|reporter|correspondent|editor|columnist|contributor|photographer|journalist|admin"
    r"|administrator|author|auteur|autor|autorin|redakteur|redakteurin|name|team|staff"
    r"|editorial|guest|anonymous|unknown)s?$",
    re.I,
)
_BY = re.compile(
    r"^\s*(by|von|par|por|di|door|written by|posted by|geschrieben von|verfasst von|autor"
    r"|author|auteur|escrito por|rédigé par|écrit par|scritto da|napisał|napisała|texto de"
    r"|автор|作者|记者|责任编辑|beitrag von|ein beitrag von|artikel von)[:\s]+",
    re.I,
)
# Applied to whitespace-collapsed text only: "\s*" on both sides backtracks on long space runs.
# A slash splits only with spaces around it: "det/dpa" is one credit, "Anna Weber / dpa" two.
_SPLIT_AUTHORS = re.compile(r" ?(?:,|;|\||&|、|，|\band\b|\bund\b|\bet\b|\by\b) ?| / ", re.I)


# News agencies (and a few broadcasters) credited in bylines: kept apart from the people (Article.source_agency).
_AGENCIES = {
    name.casefold(): name
    for name in (
        "AP", "The Associated Press", "Associated Press", "Reuters", "Thomson Reuters", "AFP",
        "Agence France-Presse", "dpa", "Deutsche Presse-Agentur", "APA", "ANSA", "EFE",
        "Europa Press", "Xinhua", "Kyodo", "Kyodo News", "Yonhap", "PTI", "IANS", "ANI", "UPI",
        "Bloomberg", "PA", "PA Media", "Press Association", "AAP", "CP", "The Canadian Press",
        "Canadian Press", "SDA", "Keystone-SDA", "KNA", "epd", "SID", "Belga", "ANP", "TASS",
        "RIA Novosti", "Interfax", "Anadolu", "Anadolu Agency", "NTB", "TT", "Ritzau", "STT",
        "Lusa", "PAP", "CTK", "MTI", "BTA", "Agerpres", "HINA", "Tanjug", "WAM", "SPA", "KUNA",
        "MENA", "Bernama", "Antara", "CNA", "Jiji", "Jiji Press", "NYT", "AP Photo",
        # broadcasters that sign as themselves, with no desk or media word in the name
        "CNN", "BBC", "BBC News", "Deutsche Welle", "DW", "Al Jazeera", "NPR",
    )
}  # fmt: skip
# Credentials after a name ("Jane Doe, MS, RD"): not names.
_CREDENTIALS = frozenset(
    "md ms msc rd rdn ld phd mph rn np pa-c cde cpt mba ma ba bsc dds dvm facc facp lcsw cscs"
    " cns do esq cfp cpa jd llm mfa mpp frcp".split()
)
_MAX_VALUE = 500  # a longer author value is page text, not a byline
# Byline words that are no name: "Article by", "Posted", "Redaktion", "No Author".
_NOT_NAMES = frozenset(
    "article by|posted|follow|datum|date|no author|user|agencies|agenturen|admin|wordpressadmin|super user|anónimo|anonimo".split(
        "|"
    )
)
# Cities that publishers' author meta tags append as an address ("SPIEGEL ONLINE, Hamburg,
# Germany"), besides countries (author_kinds): such parts are no people.
_PLACES = COUNTRIES | frozenset(
    "hamburg|berlin|munich|münchen|frankfurt|frankfurt a. m|frankfurt am main|köln|cologne"
    "|nürnberg|münster|stuttgart|düsseldorf|wien|vienna|zürich|london|paris|new york"
    "|washington|madrid|rome|warsaw".split("|")
)
# Legal forms: a name with one is a company or association.
_ORG_FORM = re.compile(
    r"(?i)(^|\s)(gmbh|ag|kg|ohg|e\.?\s?v\.?|inc\.?|ltd\.?|llc|plc|corp\.?|s\.a\.?|verlag)(\s|$)"
)
# A role word before a name with no colon ("Text & Interview Harald Willenbrock" splits into
# "Text" and "Interview Harald Willenbrock"): the word goes, alone it is no name.
_ROLE_WORD = re.compile(r"(?i)^(text|texte|interview|reportage|recherche|kommentar)\b\s*")
# A WordPress theme's footer credit read as the byline ("Theme Pirate Rogue von xwolf",
# "Catch Themes", "Fuchsy designed"): no author.
_THEME_CREDIT = re.compile(r"(?i)\b(themes?|designed|powered)\b")
# A commenter's name as comment widgets print it ("Jane Doe says"): not the page's author.
# Present tense only: "Said" is a surname.
_SAYS = frozenset("says sagt schreibt écrit pisze".split())


def _credential(word: str) -> bool:
    return word.replace(".", "").casefold() in _CREDENTIALS


def _agency_of(name: str):
    """The agency a name is or starts with ("Reuters", "AP Sports Writer"), else None."""
    key = name.casefold()
    if key in _AGENCIES:
        return _AGENCIES[key]
    if "/" in key and " " not in key:
        # a German credit: an editor's initials and the agency ("det/dpa", "AFP/red", "dpa/AFP")
        parts = key.split("/")
        found = [_AGENCIES[p] for p in parts if p in _AGENCIES]
        if found and all(p in _AGENCIES or p.isalpha() and len(p) <= 4 for p in parts):
            return "/".join(found)
    for size in (3, 2, 1):
        words = name.split()
        if len(words) > size and " ".join(words[:size]).casefold() in _AGENCIES:
            rest = " ".join(words[size:])
            if _ROLE_ONLY.match(rest) or rest.casefold() in ("staff", "news", "photo"):
                return _AGENCIES[" ".join(words[:size]).casefold()]
    return None


def _name_parts(value: str) -> list:
    """A byline value split into candidate names, e-mails and parentheses dropped."""
    words = [w for w in value.split() if "@" not in w]  # e-mails go, the name beside them stays
    value = " ".join(words)
    value = re.sub(r"[(\[]([^()\[\]]{1,60})[)\]]", r", \1", value)  # "Jane Doe (Reuters)"
    return _SPLIT_AUTHORS.split(_BY.sub("", value))


def _names(part: str) -> list:
    """``_name_parts`` of one part of a byline, or the part whole when the split cut an
    organisation's name ("Ministerium für Arbeit und Soziales": an organisation beside single
    words that are neither, where a person beside it has a name of two words or more)."""
    names = _name_parts(part)
    orgs = [is_organisation(n) for n in names]
    if len(names) < 2 or not any(orgs) or "(" in part or "[" in part:
        return names
    others = [n for n, org in zip(names, orgs) if not org]
    if others and all(len(n.split()) == 1 and not _agency_of(n) for n in others):
        return [" ".join(w for w in part.split() if "@" not in w)]
    return names


def people_and_agencies(
    values: Iterable[str], *, host: Optional[str] = None, known: tuple = ()
) -> tuple:
    """``(people, agencies)`` named in byline values: names without "By", roles, credentials,
    e-mails or URLs, split on and / , / ; / & / |; agencies ("AP", "Reuters") apart. ``host``:
    the page's; a byline that is the host is an agency (``author_site.Site``). ``known``:
    agencies the page named already; a name and words of one are a piece of it (trafilatura's
    reading of "Ministerium für Hafen und Verkehr" is "Ministerium Für Hafen; Verkehr"), not a
    person and not a new one, unless it is the site's owner ("Jane Doe" of a janedoe.com that
    signs as "janedoe.com") and not a name of ``known`` itself."""
    people, agencies, site = [], [], Site.of(host)
    known_keys = {name_key(a) for a in known}
    for value in values:
        if not value or not isinstance(value, str) or "http" in value or len(value) > _MAX_VALUE:
            continue
        named = [(p, source) for part, source in _writer_parts(value) for p in _names(part)]
        keys = [p.strip(" .").casefold() for p, _ in named]
        if any(k in COUNTRIES for k in keys):
            continue  # an organisation's address: "SPIEGEL ONLINE, Hamburg, Germany"
        for (name, source), key in zip(named, keys):
            if key in _PLACES:
                continue
            kind, name = _kind(name, source=source, site=site)
            # a piece of an organisation the page named, unless the site's owner; the owner's
            # name that the page types as an organisation is that organisation
            owner = site.is_owner(name) and name_key(name) not in known_keys
            if _piece_of(name, known) and not owner:
                continue
            (people if kind == "person" else agencies if kind == "agency" else []).append(name)
    return tuple(dict.fromkeys(people)), tuple(dict.fromkeys(agencies))


def _piece_of(name: str, agencies: tuple) -> bool:
    return any(name_key(name) in word_runs(a.split()) for a in agencies)


_SEGMENT = re.compile(r" ?[;,|] ?| / ")


def _writer_parts(value: str) -> list:
    """``(part, is_source)`` of a byline value's parts that name writers or sources. Each part
    ("Photos: Jane Doe; Text: John Smith") is read for its own label; a part without a label
    goes on under the one before it ("Fotos: Jane Doe, Max Muster"); credits go."""
    kept, label = [], None
    for segment in _SEGMENT.split(" ".join(value.split())):
        own, rest = label_of(segment)
        if own or rest != segment:
            label = own  # a new label, or a name before a colon that ends the one before
        if label and is_credit_label(label) or not own and is_credit(rest):
            continue  # "Foto: ...", "Фото из ...": who made a picture, not who wrote
        kept.append((rest, bool(label and is_source(label))))
    return kept


def _kind(name: str, *, source: bool = False, site: Site = Site()) -> tuple:
    """``("person" | "agency" | "none", name)`` for one name of a byline: an agency, a desk, a
    media house, a company or a site's domain is an agency; a role, a placeholder, a byline word
    or a dateline is none."""
    name = re.sub(r"\s+", " ", _BY.sub("", name)).strip(" -–—:.·•")
    words = name.split()
    while words and _credential(words[-1]):
        words.pop()  # "Jane Doe MS RD"
    name = " ".join(words)
    if _THEME_CREDIT.search(name):
        return "none", name
    name = _ROLE_WORD.sub("", name) if len(words) != 2 else name  # "Interview Schmidt" stays
    words = name.split()
    if not name or name.isdigit() or len(name) > 60:
        return "none", name
    agency = _agency_of(name)
    if agency:
        return "agency", agency
    if _ROLE_ONLY.match(name) or is_placeholder(name) or name.casefold() in _NOT_NAMES:
        return "none", name
    if source or is_organisation(name) or _ORG_FORM.search(name):
        return "agency", name
    if re.search(r"\.\w", name) and len(words) == 1:
        # a domain ("oe24.at") is the site; a dotted user name ("christian.stadtfeld") is no name
        return ("agency" if is_domain(name) or site.is_host(name) else "none"), name
    if _not_a_person(name, words) or not 2 <= len(name) <= 60 or len(words) > 5:
        return "none", name
    return "person", name


def _not_a_person(name: str, words: list) -> bool:
    """A dateline (a digit, or a month or weekday after the first word) or a commenter."""
    return bool(
        re.search(r"\d", name)
        or any(w.casefold().strip(".,") in CALENDAR for w in words[1:])
        or len(words) > 1
        and words[-1].casefold().strip(":") in _SAYS
    )


def clean_authors(values: Iterable[str]) -> tuple:
    """The people of ``people_and_agencies(values)``."""
    return people_and_agencies(values)[0]


# trafilatura.metadata.extract_author's XPaths, checked in one pass over the tree without the
# deep copy of the tree it makes first (the copy is most of its cost); the answers are the same
# (tests compare them with trafilatura's own; docs/extraction.md has the corpus check).
_AUTHOR_HINT = re.compile(
    r"uthor|yline|byl|BBL|username|screenname|writer|channel-name|zuozhe|bianji|xiaobian"
    r"|submitted-by|posted-by|journalist-name"
)
_TIER1_TAGS = frozenset("a address div link p span strong".split())
_TIER2_TAGS = frozenset("a div h3 h4 p span".split())


def _author_tier(tag: str, a: dict) -> int:
    """1, 2 or 3 for the first of trafilatura's AUTHOR_XPATHS that matches, 0 for none."""
    if tag == "author" or tag in _TIER1_TAGS and (
        a["rel"] == "author" or a["id"] == "author" or a["class"] == "author"
        or a["itemprop"] == "author name" or a["data-testid"] in ("AuthorCard", "AuthorURL")
        or re.search("author-?name|AuthorName|authorName", a["class"])
    ):  # fmt: skip
        return 1
    if tag in _TIER2_TAGS and (
        a["class"] in ("byline", "username", "byl", "BBL") or "author" in a["itemprop"]
        or re.search("author|zuozhe|bianji|xiaobian", a["id"])
        or re.search(
            "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name",
            a["class"],
        )
    ):  # fmt: skip
        return 2
    if (
        "Byline" in a["data-component"] or "author" in a["itemprop"]
        or re.search("[Aa]uthor", a["id"])
        or re.search("[Aa]uthor|screenname|writer|[Bb]yline", a["class"])
    ):  # fmt: skip
        return 3
    return 0


_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
    r"|article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_ATTRS = ("class", "id", "rel", "itemprop", "data-testid", "data-component")


def _attrs(elem) -> dict:
    return {key: elem.get(key) or "" for key in _ATTRS}


def _discarded(elem) -> bool:
    """trafilatura's AUTHOR_DISCARD_XPATHS: comments, sidebars, dates, figures, quotes..."""
    tag = elem.tag if isinstance(elem.tag, str) else ""
    if tag in ("time", "figure"):
        return True
    if tag not in ("a", "div", "section", "span"):
        return False
    a = _attrs(elem)
    return bool(
        a["id"] == "comments" or a["class"] in ("comments", "title", "date")
        or _DISCARD_ID.search(a["id"]) or _DISCARD_CLASS.search(a["class"])
        or "Figure" in a["data-component"]
    )  # fmt: skip


def _kept_text(elem, parts: list) -> None:
    if elem.text:
        parts.append(elem.text)
    for child in elem:
        if isinstance(child.tag, str) and not _discarded(child):
            _kept_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def byline_author(tree) -> Optional[str]:
    """The author named in the page's byline elements (trafilatura's extract_author rules)."""
    from trafilatura.metadata import normalize_authors

    tiers: dict = {1: [], 2: [], 3: []}
    for elem in tree.iter(_ELEMENT):
        values = elem.values()
        if values and _AUTHOR_HINT.search(" ".join(values)) or elem.tag == "author":
            tier = _author_tier(elem.tag, _attrs(elem))
            if tier:
                tiers[tier].append(elem)
    for elem in tiers[1] + tiers[2] + tiers[3]:
        if _discarded(elem) or any(_discarded(e) for e in elem.iterancestors()):
            continue
        parts: list = []
        _kept_text(elem, parts)
        text = " ".join(" ".join(parts).split())
        if 2 < len(text) < 120:
            return normalize_authors(None, text)
    return None
