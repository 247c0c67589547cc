"""What a byline value is besides a person: a role label, a credit, a placeholder, an organisation.

Word lists cover the languages of the evaluation corpus (de, en, es, fr, pl, it, pt, ru, zh).
They read the value only; the site's own name is ``author_site``'s concern.
"""

import re

__all__ = [
    "CALENDAR",
    "COUNTRIES",
    "is_credit",
    "is_credit_label",
    "is_organisation",
    "is_placeholder",
    "is_role",
    "is_source",
    "label_of",
]

# A label before a colon: "Autor: Anna Weber", "责任编辑：孔德明", "Фото: ...". Up to three words
# or six CJK characters, so a sentence with a colon is no label.
LABELLED = re.compile(r"^\s*([^\W\d][\w.\- ]{0,30}?|[\u3400-\u9fff]{1,6})\s*[:：]\s*(?=\S)")
# Labels that say who wrote, before the name: "Autor: Anna Weber", "Text: Jan Roth", "责任编辑：...".
_ROLE_LABEL = re.compile(
    r"(?i)^(autor(in|en)?|authors?|auteurs?|autore|autori|autora|text[eo]?|testo|tekst|текст"
    r"|автор(ы)?|by|von|par|por|di|door|written by|posted by|reporter(in)?|writer|words"
    r"|redaktion|redakteur(in)?|redaktor(ka)?|redactor[a]?|rédacteur|rédactrice|editor(in)?"
    r"|edited by|bearbeitung|recherche|interview|reportage|kommentar|作者|记者|编辑|责任编辑"
    r"|文|撰文|文字"
    # dateline labels: what follows is a date, which no name rule keeps
    r"|stand|aktualisiert|veröffentlicht|datum|date|updated|published|posted|publié|mis à jour"
    r"|publicado|actualizado|pubblicato|aggiornato|opublikowano|обновлено|опубликовано)$"
)
_LABEL_JOIN = re.compile(r"(?i)\s*(?:\b(?:und|and|et|y|e|i|и)\b|&|/|\+)\s*")
# A credit names who made a picture or where the text came from, not who wrote it.
_CREDIT = re.compile(
    r"(?i)^(fotos?|photos?|photograph(y|ie)?|фото|bild(er)?|zdjęci[ea]|fot\.?|credits?|video"
    r"|grafik|illustration|cortesía|cortesia|courtesy|zvg|图片?|摄影|视频"
    # a picture's licence: "Domena publiczna" under an old photograph
    r"|public domain|domena publiczna|domaine public|dominio p[úu]blico|gemeinfrei)(\s|:|：|$)"
)
# Where the text came from: the rest is an agency or publisher, no person.
_SOURCE = re.compile(r"(?i)^(quelle|source|źródło|fuente|fonte|источник|来源|出处)$")
# Months and weekdays (en, de, fr, es): a byline holding one after its first word is a dateline
# ("CBS News February"); a first word may be a given name ("April Roach").
CALENDAR = frozenset(
    "january february march april may june july august september october november december"
    " januar februar märz juni juli oktober dezember janvier février mars avril mai juin"
    " juillet août septembre octobre novembre décembre enero febrero marzo abril mayo junio"
    " julio agosto septiembre octubre noviembre diciembre monday tuesday wednesday thursday"
    " friday saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonntag".split()
)
# Countries: a byline value with one is an organisation's address ("SPIEGEL ONLINE, Hamburg,
# Germany") or its name ("Attac France", "Propellets Austria"), no person's.
COUNTRIES = frozenset(
    "germany deutschland austria österreich switzerland schweiz france usa uk spain italy poland".split()
) | {"united kingdom", "united states"}
_PLACEHOLDERS = frozenset(
    "unbenannt|ohne titel|untitled|no name|sin título|sin titulo|sans titre|senza titolo"
    "|bez tytułu|sem título|без названия|без автора|无标题|未命名|匿名|default|test|n/a|na|none|null"
    "|tba|tbd|nobody|niemand|keiner|inconnu|desconocido|sconosciuto|nieznany|неизвестно".split("|")
)
# Desks, newsrooms, agencies and media houses: words that name no person. Matched as a word or
# as the last part of a hyphenated or compound word ("TVT-Redaktion", "PETA-Team", "Webteam");
# "red" alone is the German and Polish abbreviation of the desk.
_ORG_WORDS = (
    "redaktion|redaction|rédaction|redacción|redaccion|redakcja|redazione|redação|redacao"
    "|редакция|编辑部|本报|newsroom|staff|desk|team|agency|agentur|agencia|agence|agenzia"
    "|agência|агентство|media|medien|médias|medios|mídia|медиа|presse|press|prensa|stampa"
    "|news|nachrichten|noticias|notizie|notícias|wiadomości|новости|zeitung|magazin|magazine"
    "|online|tv|radio|verlag|stiftung|verein|verband|ministerium|ministry|fraktion|partei"
)
# German compounds end in the word: "Bundestagsfraktion", "Hanns-Seidel-Stiftung", "Webteam";
# three letters at least before it in the same word, so "Steam" is no "team".
_COMPOUND_END = "redaktion|team|ministerium|verband|stiftung|verein|fraktion|zeitung|agentur|verlag"
_ORG = re.compile(
    rf"(?i)(^|[\s\-/])({_ORG_WORDS})(\s|$)|(?i:(?<=[^\W\d_]{{3}})({_COMPOUND_END})(\s|$))"
    r"|^(?i:red)$"
)
# Media words that are also surnames ("Eyal Press", "Karl Radio"). After one given name they
# name a person: a byline with a person's name moved to source_agency loses the author, and a
# two-word publication so named is rarer than the person. A publication's first word is often
# one of these ("Free Press", "Daily Radio"), which keeps it an organisation.
_SURNAME_ORG_WORDS = frozenset("press radio stampa".split())
_PUBLICATION_FIRST = frozenset(
    "the free daily weekly evening morning sunday associated united national public local"
    " community world city county state news student catholic christian jewish".split()
)
# A host written out as words: "przepisy pl", "BahamasLocal com", "Facebook Com", "Www Xy De".
# Suffixes that are also name parts ("Li Ru", "Anna De", "Tim Be") count only in lowercase or
# after "www"; "Tagesschau De" is the site when it is the page's host (author_site).
_TLD = frozenset("de at ch com net org pl fr it es pt ru eu uk info be nl br pe".split())
_TLD_NAME_PARTS = frozenset("de ru be pe".split())


def label_of(value: str):
    """``(label, rest)`` of "Label: rest" when the label is a known one (a role, a credit, a
    source); ``(None, the part before the colon)`` when another short part comes before a colon
    ("Anna Weber: Redakteurin", "By John Smith: Special to the Post": the name comes first);
    else ``(None, value)``."""
    found = LABELLED.match(value)
    if not found or len(found.group(1).split()) > 3:
        return None, value
    label = found.group(1).strip()
    pieces = _LABEL_JOIN.split(label)  # "Text und Fotos", "Text & Bild"
    if all(_ROLE_LABEL.match(p) or is_credit(p) or is_source(p) for p in pieces):
        return label, value[found.end() :]
    return None, label


def is_credit_label(label: str) -> bool:
    """A label naming only who made pictures ("Fotos", "Foto und Video"), not "Text und Fotos"."""
    return all(is_credit(p) for p in _LABEL_JOIN.split(label.strip()))


def is_credit(label_or_value: str) -> bool:
    return bool(_CREDIT.match(label_or_value.strip()))


def is_source(label: str) -> bool:
    return bool(_SOURCE.match(label.strip()))


def is_role(label: str) -> bool:
    """A word or label that says who wrote ("Autor", "Editor", "Redakteur"), not a name."""
    return bool(_ROLE_LABEL.match(label.strip()))


def is_placeholder(name: str) -> bool:
    return name.casefold().strip(" .") in _PLACEHOLDERS


# Generic top-level domains seen in bylines; every two-letter lowercase label is a country's.
_GENERIC_TLD = frozenset(
    "com net org info biz edu gov news online media press site blog today world tv io co eu"
    " asia berlin hamburg wien koeln swiss".split()
)


def is_domain(name: str) -> bool:
    """A site's domain as a byline ("oe24.at", "Hafen.news"), not a dotted user name
    ("christian.stadtfeld", "J.Smith"): the last label is a top-level domain, in lowercase."""
    if " " in name or "." not in name.strip("."):
        return False
    last = name.strip(".").rsplit(".", 1)[-1]
    return last.islower() and (len(last) == 2 and last.isalpha() or last in _GENERIC_TLD)


def is_organisation(name: str) -> bool:
    """A desk, agency or media word in the name, or a host written out ("przepisy pl")."""
    words = name.split()
    last = words[-1] if len(words) >= 2 else ""
    written_host = last in _TLD or last.casefold() in _TLD - _TLD_NAME_PARTS
    written_host = written_host or last.casefold() in _TLD and words[0].casefold() == "www"
    return written_host or bool(_ORG.search(name)) and not _surname_like(words)


def _surname_like(words: list) -> bool:
    """ "Eyal Press": a given name and a media word that is also a surname."""
    return (
        len(words) == 2
        and words[1].casefold() in _SURNAME_ORG_WORDS
        and words[0][:1].isupper()
        and words[0].casefold() not in _PUBLICATION_FIRST
        and not _ORG.search(words[0])
    )
