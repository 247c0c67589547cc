"""Whether a byline name is the site itself (its host or its name) or a person: the one place
that decides it, for a page's bylines and for a feed's or record's authors alike.

A personal site signed with its host is its owner's: "Jane Doe" on janedoe.com is a person, even
where the page also signs as the site ("janedoe.com", "Janedoe Com").
"""

import dataclasses
import re

from transforms.extract.author_kinds import is_organisation

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
        """The host's main label: "janedoe" of blog.janedoe.com."""
        return name_key(self.host.rsplit(".", 1)[0].rsplit(".", 1)[-1]) if self.host else ""

    def is_host(self, name: str) -> bool:
        """``name`` is the host itself ("finanztreff.de", "www.finanztreff.de")."""
        key = name_key(name)
        return bool(self.host) and key in (name_key(self.host), name_key("www." + self.host))

    def is_owner(self, name: str) -> bool:
        """A person's name of two words or more that is the host's label: "Jane Doe" on
        janedoe.com, a personal site's owner, whatever else on the page signs as the site."""
        return len(name.split()) >= 2 and len(self.label) >= 4 and name_key(name) == self.label

    def is_site(self, name: str, *, stated: bool) -> bool:
        """``name`` is the site, no person: its host, written out too ("Finanztreff De", "www
        koffergepackt com"), or a one-word site name ("Solarserver"); and, when byline
        heuristics found the name (not ``stated`` by the page), a name holding the site name or
        the host's label and more ("CBS News February", "Teufel Editorial Team"). A name equal
        to the site name is not: personal sites and organisations sign so (the evaluation gold
        keeps them), and neither is the site's owner (``is_owner``)."""
        if self.is_owner(name):
            return False
        key, words = name_key(name), name.casefold().split()
        marks = [m for m in (name_key(self.name), self.label) if len(m) >= 4]
        if self.is_host(name) or len(words) == 1 and key in marks:
            return True
        suffix = self.host.rsplit(".", 1)[-1]
        written_host = words[0] == "www" or words[-1] == suffix
        if len(words) > 1 and written_host and self.label in key:
            return True
        return not stated and any(m in word_runs(words) and m != key for m in marks)

    def names_site(self, name: str) -> bool:
        """``name`` names the site (its name or host): kept as the page's ``source_agency``."""
        names = {name_key(self.name), name_key(self.host), name_key("www." + self.host)}
        names.add(name_key(self.host.rsplit(".", 1)[0]))
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
