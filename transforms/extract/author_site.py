"""Whether a byline name is the site itself (its host or its name) or a person: the one place
that decides it, for a page's bylines and for a feed's or record's authors alike.

A personal site signed with its host is its owner's: "Jane Doe" on janedoe.com is a person, even
where the page also signs as the site ("janedoe.com", "Janedoe Com"); a masthead of two words
("Computer Bild" on computerbild.de, "DER SPIEGEL") is the site, not an owner.
"""

import dataclasses
import functools
import re

from transforms.extract.author_kinds import CALENDAR, COUNTRIES, is_organisation, is_role
from transforms.extract.public_suffix import registrable_label

__all__ = ["Site", "name_key", "not_the_site", "people_and_site", "word_runs"]


def name_key(value: str) -> str:
    """A name without case, spaces and punctuation: "Jane Doe", "jane-doe" -> "janedoe"."""
    return re.sub(r"\W|_", "", value.casefold())


def word_runs(words: list) -> set:
    """Keys of the runs of whole words in a name: a site mark matches words, not part of one
    ("Spiegel" is not in "Anna Spiegelberg", "Eat Smarter" is in "Eat Smarter Team")."""
    keys = [name_key(w) for w in words]
    return {"".join(keys[i:j]) for i in range(len(keys)) for j in range(i + 1, len(keys) + 1)}


def _site_host(host, site_name) -> str:
    """The page's host; without one (a saved page, no URL), a site name written as a host
    ("tagesschau.de") stands for it."""
    if host:
        return host
    name = (site_name or "").strip().casefold()
    return name if re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", name) else ""


# Second levels under a country's code, for a host the public-suffix list does not know
# ("janedoe.example.co", a test host), or when the list cannot be read: the label is the one
# before them.
_SECOND_LEVELS = frozenset("co com net org gov ac edu".split())
# Last words of a publication's name that the organisation words (author_kinds) leave out, as
# they are also surnames or plain nouns elsewhere; in a name that is the site's own they make it
# a masthead ("Computer Bild", "Harbour Herald"), not its owner. Common surnames ("Post",
# "Welt", "Echo") are left out: "Emily Post" on emilypost.com is her site.
_MASTHEAD_WORDS = frozenset(
    "bild blatt kurier anzeiger rundschau tagblatt tageblatt journal times herald tribune"
    " gazette courier chronicle observer".split()
)
# A word of a person's name: a capital, then letters, "'", "-" or "." ("O'Neil", "J.").
_NAME_WORD = re.compile(r"[^\W\d_][\w'.\-]*")


@functools.lru_cache(maxsize=4096)
def _host_label(host: str) -> str:
    """The label of the host's registrable domain: "abc" of www.abc.net.au, "janedoe" of
    blog.janedoe.com. The public-suffix list is the one bundled with ``tld`` (public_suffix)."""
    label = registrable_label(host)
    if label:
        return label
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVELS:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def _masthead(name: str) -> bool:
    """A publication's name: an organisation word ("Hafen Zeitung"), a masthead's last word
    ("Computer Bild") or capitals throughout ("DER SPIEGEL")."""
    words = name.split()
    capitals = len(words) >= 2 and all(w.isupper() and len(w) > 1 for w in words)
    return capitals or words[-1].casefold() in _MASTHEAD_WORDS or is_organisation(name)


def _more_than_a_name(words: list, mark: str) -> bool:
    """The words of a name besides the one that is ``mark`` (the host's label) are more than
    the rest of a person's name: a date, a role, a desk, a country, a number, capitals ("CBS
    News February", "Spiegel Online", "Attac France", "DER SPIEGEL"), or the label is more than
    one word ("Betty Crocker Kitchens"); "Jan" of "Jan Spiegel" is a given name."""
    keys = [name_key(w) for w in words]
    if mark not in keys:
        return True
    rest = [w for w, k in zip(words, keys) if k != mark]
    named = all(
        _NAME_WORD.fullmatch(w) and w[:1].isupper() and not (w.isupper() and len(w) > 1)
        and w.casefold().strip(".") not in CALENDAR | COUNTRIES and not is_role(w)
        for w in rest
    )  # fmt: skip
    return not (1 <= len(rest) <= 2 and named) or is_organisation(" ".join(words))


@dataclasses.dataclass(frozen=True)
class Site:
    """The site a page or feed entry is on: its host (without ``www.``) and stated name."""

    host: str = ""
    name: str = ""

    @classmethod
    def of(cls, host, site_name=None) -> "Site":
        return cls(_site_host(host, site_name).removeprefix("www."), site_name or "")

    @property
    def label(self) -> str:
        """The host's main label: "janedoe" of blog.janedoe.com, "abc" of abc.net.au."""
        return name_key(_host_label(self.host)) if self.host else ""

    def is_host(self, name: str) -> bool:
        """``name`` is the host itself ("finanztreff.de", "www.finanztreff.de")."""
        key = name_key(name)
        return bool(self.host) and key in (name_key(self.host), name_key("www." + self.host))

    def is_owner(self, name: str) -> bool:
        """A person's name of two words or more that is the host's label: "Jane Doe" on
        janedoe.com, a personal site's owner, whatever else on the page signs as the site; not a
        masthead ("Computer Bild" on computerbild.de)."""
        if len(name.split()) < 2 or len(self.label) < 4 or name_key(name) != self.label:
            return False
        return not _masthead(name)

    def is_site(self, name: str, *, stated: bool) -> bool:
        """``name`` is the site, no person: its host, written out too ("Finanztreff De", "www
        koffergepackt com"), a one-word site name ("Solarserver"), or a masthead that is the site
        name or the host's label ("Computer Bild", "DER SPIEGEL"); and, when byline heuristics
        found the name (not ``stated`` by the page), a name holding the site name and more
        ("Teufel Editorial Team"), or the host's label and more than a person's name ("CBS News
        February", but not "Jan Spiegel" on spiegel.de). Another name equal to the site name is
        not: personal sites sign so (the evaluation gold keeps them), and neither is the site's
        owner (``is_owner``)."""
        if self.is_owner(name):
            return False
        key, words = name_key(name), name.split()
        titled = name_key(self.name) if len(name_key(self.name)) >= 4 else ""
        label = self.label if len(self.label) >= 4 else ""
        marks = [m for m in (titled, label) if m]
        if self.is_host(name) or key in marks and (len(words) == 1 or _masthead(name)):
            return True
        # a host written out ("Abc Net Au" is the host itself): its label, then the suffix's last
        # part; "Kenneth Au" on abc.net.au holds no label of four letters
        suffix = self.host.rsplit(".", 1)[-1]
        written_host = words[0].casefold() == "www" or words[-1].casefold() == suffix
        if len(words) > 1 and written_host and label and label in key:
            return True
        if stated:
            return False
        runs = word_runs(words)
        if titled and titled in runs and titled != key:
            return True
        return bool(label) and label in runs and label != key and _more_than_a_name(words, label)

    def names_site(self, name: str) -> bool:
        """``name`` names the site (its name or host): kept as the page's ``source_agency``."""
        names = {name_key(self.name), name_key(self.host), name_key("www." + self.host)}
        names |= {name_key(self.host.rsplit(".", 1)[0]), self.label}
        return name_key(name) in names - {"", "www"}


def not_the_site(people: tuple, site_name, host, *, stated: bool) -> tuple:
    """``people`` without the site itself (``Site.is_site``)."""
    site = Site.of(host, site_name)
    return tuple(p for p in people if not site.is_site(p, stated=stated))


def people_and_site(authors: tuple, site_name, host, *, stated: bool) -> tuple:
    """``(people, site)``: ``not_the_site``'s people, and of the others those that name the site
    (its name or host) or an organisation, for ``source_agency``; the rest go ("Harbour Herald
    Kitchen" is neither a person nor the site)."""
    site = Site.of(host, site_name)
    people = tuple(a for a in authors if not site.is_site(a, stated=stated))
    named = (a for a in authors if a not in people)
    return people, tuple(a for a in named if site.names_site(a) or is_organisation(a))
