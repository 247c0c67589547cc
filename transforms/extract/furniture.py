"""Lines every news reader recognises as page furniture, by rule: a call to act (subscribe,
follow, share, sign up, support us, click here, in the page's language) and a photo caption
or credit (a ``figcaption``, "(Foto: ...)", "© ...", "Bild: ..."). The learned filter scores
them 0.3-0.7 (they read as sentences and sit inside the article container); these rules make
them sure boilerplate (``boilerplate.sure``)."""

import re
from typing import Optional

from transforms.core.words import count_words

__all__ = ["call_to_act", "caption", "furniture_reason", "site_notice", "sure_furniture"]

# A call to act opens (or its sentence opens) with one of these, in the corpus languages:
# imperatives and requests to the reader about the site, not verbs a news sentence uses of
# third persons ("Die Firma abonniert ..." does not match: the imperative is "abonniere(n Sie)").
_CALL = re.compile(
    r"(^\W*|[.!?:]\s*)("
    # English
    r"(please\s+)?(subscribe|sign up|sign in|log in|register (now|here|today|for free)|join us|join our|follow us|follow \w+"
    r"( \w+)? on|like us on|download (the|our)|get (the|our) (app|newsletter)|support (us|our)"
    r"|donate|become a (member|subscriber|supporter)|click here|tap here|share this|to view the "
    r"full story|for the latest (news|stories|updates)|read more|don't miss)"
    # German (du and Sie forms)
    r"|(jetzt\s+)?(abonniere|abonnieren sie|registriere dich|registrieren sie|melde dich|melden"
    r" sie sich|folge uns|folgen sie uns|unterstütze|unterstützen sie|werde mitglied|werden sie"
    r" mitglied|klicke|klicken sie|einfach hier klicken|hier klicken|teile (diesen|den|unseren)"
    r"|teilen sie (diesen|den|unseren)"
    r"|lade dir|laden sie sich|bestelle|bestellen sie|schauen sie mal|gefällt dir"
    r"|gefällt ihnen|hat dir|hat ihnen|jetzt (abo|abonnieren|registrieren|anmelden|testen"
    r"|bestellen|lesen|herunterladen|kostenlos))"
    # French, Spanish, Italian, Polish, Dutch
    r"|abonnez-vous|inscrivez-vous|suivez-nous|créez votre compte|pour lire la suite|soutenez"
    r"|partagez|suscríbete|suscribite|síguenos|seguinos|únete|mira lo que|descarga (la|nuestra)"
    r"|apóyanos|comparte|iscriviti|seguici|abbonati|sostienici|wesprzyj|subskrybuj|zapisz się"
    r"|obserwuj nas|udostępnij|abonneer|volg ons|word lid|steun ons"
    r")\b",
    re.I,
)
# Words of the site speaking of itself or to the reader: a call names the site, "our"
# newsletter/channel/app, or the reader; a sentence that only mentions a newsletter does not.
_SELF = re.compile(
    r"\b(you|your|our|us|we|du|dich|dir|dein\w*|euch|sie|ihr\w*|uns\w*|wir|vous|votre|vos|notre"
    r"|nos|nous|tu|tus|nuestr\w+|te|nosotros|nas|nasz\w*|ci|nostr\w+|jouw|ons|onze|apps?"
    r"|editors)\b",
    re.I,
)
_IMPERATIVE_WORDS = 12  # a line this short that opens with a call needs no "our"/"you"
# Prompts of the page itself, wherever they stand in a short line: a paywall's "already a
# subscriber?", a rating widget's "was this article helpful?", a push-notification offer.
_PROMPT = re.compile(
    r"already (a )?(subscriber|member)|(bereits|schon) abonnent|déjà abonné|ya eres suscriptor"
    r"|was this (article|page|story) (helpful|useful)|war (der|dieser) (artikel|beitrag)"
    r" (hilfreich|nützlich)|benachrichtigung(en)? aktivieren",
    re.I,
)
_CALL_WORDS = 40  # longer paragraphs are article text that happens to open like a call
# Photo credits: "(Foto: Jane Doe)", "Bild: dpa", "© Reuters", "(mlharing / iStock.com)";
# "Abbildung 4: ..." opens a figure's caption.
_PHOTO_WORD = (
    r"(foto|fotos|photo|photos|bild|bilder|image|images|crédits?( photos?)?|credits?|fotografía"
    r"|imagen|zdjęcie|fot\.|bildquelle|symbolbild|screenshot)"
)
# "Quelle: ..." opening a line credits a picture or a table; "(Quelle: SWR)" ending a
# paragraph credits its text
_CREDIT_WORD = _PHOTO_WORD[:-1] + "|quelle)"
# photo agencies only: a news agency at a paragraph's end ("(dpa/gem)") credits the text
_AGENCY = (
    r"(getty( images)?|istock(photo)?(\.com)?|shutterstock|imago|picture alliance|adobe ?stock"
    r"|unsplash|pixabay)"
)
_CREDIT_END = re.compile(
    rf"\(\s*{_PHOTO_WORD}\s*:[^()]{{1,120}}\)\W*$"  # "... (Foto: Jane Doe)."
    r"|(©|\(c\)|copyright)\s*\w[^.!?]{0,80}$"  # "... / (C) Kab Niang", "© Reuters"
    rf"|[(/|]\s*[^()/|]{{0,60}}\b{_AGENCY}\b[^()]{{0,30}}\)?\W*$",  # "(mlharing / iStock.com)"
    re.I,
)
_CREDIT_START = re.compile(
    rf"\W*{_CREDIT_WORD}\s*:"  # "Foto: Jane Doe", "Crédits photos : Bestimage"
    r"|\W*(abbildung|abb\.|fig\.|figure|grafik)\s*\d+\s*[:.]"  # "Abbildung 4: ..."
    # who is in the picture: "Von links nach rechts: ...", "v.l.n.r.", "From left: ..."
    r"|\W*(von links( nach rechts)?\s*:|v\.\s?l\.\s?n\.\s?r\.|from left( to right)?\s*[:,]"
    r"|de gauche à droite|de izquierda a derecha)"
    # the reading time above the text: "4 min read", "Lesezeit: 3 Minuten"
    r"|\W*(\d+\s*(min|minutes?|minuten?)\.?\s*(read|lesezeit|lesen|de lecture)|lesezeit\b|lesedauer\b"
    r"|reading time|temps de lecture|tiempo de lectura|czas czytania|ten tekst przeczytasz)",
    re.I,
)
_CAPTION_CLASS = re.compile(r"caption|bildunter|bildtext|legend|credit|copyright", re.I)
# Of a gallery page the captions are the text: when captions hold more than this share of the
# extracted characters, they stay for the model to judge.
_GALLERY_SHARE = 0.3
_CAPTION_WORDS = 60  # a figcaption longer than this is a text block set in a figure
_CLASS_LEVELS = 3  # the element and its two nearest ancestors name a caption
_CELLS = ("tr", "td", "th")  # a table set in a figure is data, not a caption


# The site's notices about its own machinery, read at the end of real articles (eval corpus):
# the comment section's rules ("Kommentare ... geben nicht die Meinung der Redaktion wieder",
# "die Redaktion ... Kommentare entfernen", "Ihr Kommentar ist zu lang"), a cookie notice, an
# embed blocked for want of consent ("Leider haben Sie uns hierfür keine Zustimmung gegeben").
_NOTICE = re.compile(
    r"kommentare?\b[^.!?]{0,80}\bmeinung der\b[^.!?]{0,20}redaktion"
    r"|redaktion\b[^.!?]{0,80}\bkommentare\b[^.!?]{0,30}\b(entfern|lösch|sperr|moderier)"
    r"|ihr kommentar ist zu lang"
    r"|(site|website|we) uses? cookies|cookie-(erklärung|richtlinie|hinweis|einstellungen)$"
    r"|(verwendet|nutzt) cookies|cookies\b[^.!?]{0,60}\b(verwendet|eingesetzt)"
    r"|keine zustimmung gegeben|zustimmung zu (cookies|externen inhalten)"
    # a menu's or a search box's label, or a dateline's label, left alone on its line
    r"|^\W*(navigation|search|suche|menu|menü|home|startseite|posted on|veröffentlicht am)\W*$",
    re.I,
)
_NOTICE_WORDS = 45


def site_notice(text: str, n_words: int) -> bool:
    """A short line in which the site speaks of its comment rules, its cookies or a blocked
    embed: never the article's own text."""
    return n_words <= _NOTICE_WORDS and bool(_NOTICE.search(text[:400]))


def call_to_act(text: str, n_words: Optional[int] = None) -> bool:
    """A short line that asks the reader to subscribe, follow, share, sign up, support the
    site or click, and speaks to the reader or of the site itself ("our", "us", "Sie")."""
    n_words = count_words(text) if n_words is None else n_words
    if n_words > _CALL_WORDS:
        return False
    sample = text[:400]
    if _PROMPT.search(sample):
        return True
    found = _CALL.search(sample)
    if found is None:
        return False
    if found.start() == 0 and n_words <= _IMPERATIVE_WORDS:  # "Unterstütze RosaMag!"
        return True
    return bool(_SELF.search(sample))


def caption(text: str, n_words: int, el=None, ancestors=()) -> bool:
    """A photo caption or credit of at most 60 words: a line that ends with a photo credit
    ("(Foto: ...)", "© ...", "/ iStock") or opens with one ("Bild:", "Quelle:", "Abbildung
    4:"), or the text of a ``figcaption``, of an element in a ``figure`` (not a table or a
    pull quote), or of one whose class or its parent's says caption or credit."""
    if n_words > _CAPTION_WORDS:
        return False
    if _CREDIT_END.search(text[-200:]) or _CREDIT_START.match(text[:60]):
        return True
    if el is None:
        return False
    near = ancestors[:_CLASS_LEVELS]
    if el.tag == "figcaption" or any(a.tag == "figcaption" for a in near):
        return True
    tags = [a.tag for a in near]
    if "figure" in tags and el.tag not in _CELLS and "blockquote" not in tags:  # not a pull quote
        return True
    for node in [el, *ancestors[: _CLASS_LEVELS - 1]]:
        if _CAPTION_CLASS.search(node.get("class", "")):  # ids are often slugs of the text
            return True
    return False


def furniture_reason(text: str, n_words: int, el=None, ancestors=()) -> Optional[str]:
    """ "call", "notice" or "caption" when the paragraph is one, else None."""
    if call_to_act(text, n_words):
        return "call"
    if site_notice(text, n_words):
        return "notice"
    if caption(text, n_words, el, ancestors):
        return "caption"
    return None


def sure_furniture(texts: dict, words: dict, elements: dict, ancestors: dict, kept) -> dict:
    """Position -> "call", "notice" or "caption" for the candidates that are one (``texts``,
    ``words``, ``elements``, ``ancestors`` by position); captions only while they hold at
    most 30 % of the extracted (``kept``) characters: a gallery's captions are its text."""
    sure = {}
    for p, text in texts.items():
        reason = furniture_reason(text, words[p], elements[p], ancestors[p])
        if reason:
            sure[p] = reason
    captions = sum(len(texts[p]) for p in kept if sure.get(p) == "caption")
    if captions > _GALLERY_SHARE * max(1, sum(len(texts[p]) for p in kept)):
        sure = {p: r for p, r in sure.items() if r != "caption"}
    return sure
