"""Lines every news reader recognises as page furniture, by rule: a call to act (subscribe,
follow, share, sign up, support us, click here, in the page's language) and a photo caption
or credit (a ``figcaption``, "(Foto: ...)", "© ...", "Bild: ..."). The learned filter scores
them 0.3-0.7 (they read as sentences and sit inside the article container); these rules make
them sure boilerplate (``boilerplate.sure``), so each must be sure: an article sentence that
meets one is lost whatever the model says (benchmarks/data/furniture-survive.tsv lists such
sentences, from a review, that the rules must leave alone)."""

import re
from typing import Optional

from transforms.core.words import count_words

__all__ = ["call_to_act", "caption", "furniture_reason", "site_notice", "sure_furniture"]

# A call to act opens (or its sentence opens) with one of these, in the corpus languages:
# imperatives and requests to the reader about the site, not verbs a news sentence uses of
# third persons ("Die Firma abonniert ..." does not match: the imperative is "abonniere(n Sie)").
# Words that are also nouns or questions take the site as object: "Abbonati" alone is
# "subscribers", "Soutenez-vous ...?" and "Hat Ihnen ...?" are an interviewer's questions.
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
    r"|teilen sie (diesen|den|unseren)|lade dir|laden sie sich|bestelle|bestellen sie"
    r"|schauen sie mal)"
    # French, Spanish, Italian, Polish, Dutch
    r"|abonnez-vous|inscrivez-vous|suivez-nous|créez votre compte|pour lire la suite"
    r"|soutenez-nous|soutenez (notre|le journal|la rédaction)|partagez (cet article|cette|nos)"
    r"|suscríbete|suscribite|síguenos|seguinos|únete|mira lo que|descarga (la|nuestra)"
    r"|apóyanos|comparte (esta|este|la noticia|el artículo)|iscriviti|seguici"
    r"|abbonati( (ora|subito|adesso|oggi|per)\b|(?=\W*$))|sostienici|wesprzyj|subskrybuj|zapisz się"
    r"|obserwuj nas|udostępnij|abonneer|volg ons|word lid|steun ons"
    r")\b",
    re.I,
)
# "Jetzt testen/lesen/registrieren ..." is also a news sentence ("Jetzt testen Forscher ..."):
# a call only as a short line, one that ends with "!" or goes on "und ...", "Jetzt
# registrieren und Vorteile genießen".
_NOW = re.compile(
    r"^\W*jetzt (abo|abonnieren|registrieren|anmelden|testen|bestellen|lesen|herunterladen"
    r"|kostenlos)\b(\s+und\b|\W*$)?",
    re.I,
)
_NOW_WORDS = 4
# The phrase itself speaks to the reader or of the site: "follow us", "Klicken Sie", "suivez-nous",
# the imperatives with the reader or "us" in them ("suscríbete", "seguici").
_ADDRESSED = re.compile(
    r"\b(us|our|uns\w*|sie|dich|dir|nous|vous|nas|ons|suscríbete|suscribite|únete|síguenos"
    r"|seguinos|apóyanos|iscriviti|seguici|sostienici)\b",
    re.I,
)
# Words of the site speaking of itself or to the reader: a call names "our" newsletter or
# channel, or the reader ("your"); a sentence that only mentions a newsletter does not. No
# everyday pronoun of de/fr/es/it (Sie, ci, nos, te, vous, uns), which nearly every text holds.
_SELF = re.compile(
    r"\b(you|your|our|us|we|wir|du|dich|dir|dein\w*|euch|unser\w*|votre|vos|notre|nous|tu|tus"
    r"|nuestr\w+|nosotros|nasz\w*|nostr\w+|jouw|onze|editors)\b",
    re.I,
)
_QUOTES = '"“”„«»‚‘'  # not ’ nor ': they are apostrophes too ("Don't")
# A call said by someone in the article: an open quotation before it ('"Join us in the streets,"
# ... told workers'; "„Stadtgespräch“: Abonnieren Sie ..." is no quotation), a closing quote
# and comma in its sentence, a reporting verb after a comma ("Download the app, Hancock urged")
# or before a colon ("Der Bürgermeister appellierte: Unterstützen Sie die Tafel!").
_QUOTE = re.compile(f"[{_QUOTES}]")
_REPORTING = (
    r"(say|says|said|urged?s?|asks?|asked|tells?|told|added|warned|wrote|writes|sagt\w*"
    r"|appelliert\w*|forder\w*|rief|ruft|bittet|bat|mahnt\w*|schr[ei]*bt?|dit|déclaré"
    r"|lancé|dijo|afirmó|pidió|detto|dice)"
)
_SAID = re.compile(rf"[”\"»“’]\s*,|,\s+(\w+\s+){{0,4}}{_REPORTING}\b")
_INTRO = re.compile(rf"\b{_REPORTING}\s*:\s*$", re.I)
_IMPERATIVE_WORDS = 12  # a line this short that opens with a call needs no "our"/"you"
# Prompts of the page itself, opening the line, as a question or a short line: a paywall's
# "Already a subscriber?", a rating widget's "Was this article helpful?", a push offer.
_PROMPT = re.compile(
    r"\W*(already (a )?(subscriber|member)|(bereits|schon) abonnent(in)?|déjà abonné(e)?"
    r"|(si )?ya eres suscriptor|was this (article|page|story) (helpful|useful)|war (der|dieser)"
    r" (artikel|beitrag) (hilfreich|nützlich)|(hat|gefällt) (dir|ihnen) (der|dieser|unser)"
    r" (artikel|beitrag)( gefallen)?|benachrichtigung(en)? aktivieren)\b",
    re.I,
)
_PROMPT_WORDS = 8  # or a longer line that goes on "?", "!", or speaks to the reader
_CALL_WORDS = 40  # longer paragraphs are article text that happens to open like a call
# Photo credits: "(Foto: Jane Doe)", "Bild: dpa", "© Reuters", "(mlharing / iStock.com)";
# "Abbildung 4: ..." opens a figure's caption.
_PHOTO_WORD = (
    r"(foto|fotos|photo|photos|bild|bilder|image|images|crédits?( photos?)?|credits?|fotografía"
    r"|imagen|zdjęcie|fot\.|bildquelle|symbolbild|screenshot)"
)
# "Bild:", "Credit:", "Quelle:" also label an interviewer ("BILD: Herr Minister, ...") or a
# market report's section ("Credit: spreads widened ..."): opening a line, they credit a
# picture only in a short line.
_LABEL = re.compile(
    r"\W*(foto|fotos|photo|photos|image|images|crédits? photos?|fotografía"
    r"|imagen|zdjęcie|fot\.|bildquelle|symbolbild|screenshot)\s*:",
    re.I,
)
_SHORT_LABEL = re.compile(r"\W*(bild|bilder|credits?|crédits?|quelle)\s*:", re.I)
_SHORT_LABEL_WORDS = 12
# photo agencies only: a news agency at a paragraph's end ("(dpa/gem)") credits the text.
# Case matters where the word is also an everyday one: Dutch "imago" (image, reputation) is
# the agency as "IMAGO", "imago images" or straight after "/" or "(", "Adobe stock" is a share.
_AGENCY = (
    r"((?i:getty( images)?|istock(photo)?(\.com)?|shutterstock|picture alliance|unsplash"
    r"|pixabay|imago images)|IMAGO|Adobe ?Stock)"
)
# "(c)" or "copyright" then a year or a name: "Section 230(c) protections", "copyright law" are none
_COPY = r"(?i:\(c\)|copyright)\s*©?\s*(\d{4}\b|(by\s+)?[A-Z])"
_CREDIT_END = re.compile(
    rf"\(\s*(?i:{_PHOTO_WORD})\s*:[^()]{{1,120}}\)\W*$"  # "... (Foto: Jane Doe)."
    r"|©\s*\w[^.!?]{0,80}$"  # "© Reuters", "© 2024 Jane Doe"
    rf"|[/|]\s*{_COPY}[^.!?]{{0,80}}$"  # "... / (C) Kab Niang"
    rf"|[(/|]\s*[^()/|]{{0,60}}\b{_AGENCY}\b[^()]{{0,30}}\)?\W*$"  # "(mlharing / iStock.com)"
    r"|[(/|]\s*(?i:imago)\b[^()]{0,30}\)?\W*$"  # "(Foto / imago)"
)
# "Die Werkhalle (c) Jane Doe", "Copyright 2019 by Jane Doe", in a short line
_COPYRIGHT = re.compile(rf"{_COPY}[^.!?]{{0,80}}$")
_COPYRIGHT_WORDS = 12
_CREDIT_START = re.compile(
    r"\W*(abbildung|abb\.|fig\.|figure|grafik)\s*\d+\s*[:.]"  # "Abbildung 4: ..."
    # who is in the picture: "Von links nach rechts: ...", "v.l.n.r.", "From left: ..."
    r"|\W*(von links( nach rechts)?|from left( to right)?|de gauche à droite"
    r"|de izquierda a derecha)\s*:|\W*v\.\s?l\.\s?n\.\s?r\.",
    re.I,
)
# the reading time above the text, a short line: "4 min read", "Lesezeit: 3 Minuten"
_READING = re.compile(
    r"\W*(\d+\s*(min|minutes?|minuten?)\.?\s*(read|lesezeit|de lecture)\b"
    r"|(lesezeit|lesedauer|reading time|temps de lecture|tiempo de lectura|czas czytania)\s*:?\s*(ca\.\s*)?\d"
    r"|ten tekst przeczytasz)",
    re.I,
)
_READING_WORDS = 8  # "Ten tekst przeczytasz w mniej niż minutę"
_CAPTION_CLASS = re.compile(r"caption|bildunter|bildtext|legend|credit|copyright", re.I)
# Of a gallery page the captions are the text: when captions hold more than this share of the
# extracted characters, they stay for the model to judge.
_GALLERY_SHARE = 0.3
_CAPTION_WORDS = 60  # a figcaption longer than this is a text block set in a figure
_CLASS_LEVELS = 3  # the element and its two nearest ancestors name a caption
_CELLS = ("tr", "td", "th")  # a table set in a figure is data, not a caption


def _said(text: str, start: int) -> bool:
    """The call opening at ``start`` is a question ("Unterstützen Sie ...?") or someone's words
    (in quotation marks, or "..., X urged")."""
    end = next((i for i in range(start, len(text)) if text[i] in ".!?¿¡"), len(text))
    if text[end : end + 1] == "?":
        return True
    if len(_QUOTE.findall(text, 0, start)) % 2 == 1 or _INTRO.search(text, 0, start):
        return True
    return bool(_SAID.search(text, start, end))


# The site's notices about its own machinery, read at the end of real articles (eval corpus):
# the comment section's rules ("Kommentare ... geben nicht die Meinung der Redaktion wieder",
# "die Redaktion ... Kommentare entfernen", "Ihr Kommentar ist zu lang"), a cookie notice, an
# embed blocked for want of consent ("Leider haben Sie uns hierfür keine Zustimmung gegeben").
# In a cookie notice the site is the speaker, opening the line ("This site uses cookies", "Wir
# verwenden Cookies") or naming itself ("... Cookies auf dieser Seite"): news about cookies
# ("The site uses cookies from Google to track users, the lawsuit claims.") names another site.
_SITE = r"(dieser|unserer) (website|webseite|seite|homepage)"
_NOTICE = re.compile(
    r"kommentare?\b[^.!?]{0,80}\bmeinung der\b[^.!?]{0,20}redaktion"
    r"|redaktion\b[^.!?]{0,80}\bkommentare\b[^.!?]{0,30}\b(entfern|lösch|sperr|moderier)"
    r"|ihr kommentar ist zu lang"
    r"|^\W*((this|our) (site|website)|we) uses? cookies|cookie-(erklärung|richtlinie|hinweis|einstellungen)$"
    r"|^\W*wir (verwenden|nutzen|setzen) cookies|^\W*diese (website|webseite|seite) (verwendet|nutzt) cookies"
    rf"|cookies\b[^.!?]{{0,60}}\b(auf|in) {_SITE}|\b(auf|in) {_SITE}\b[^.!?]{{0,60}}\bcookies"
    r"|keine zustimmung gegeben|zustimmung zu (cookies|externen inhalten)"
    # a menu's or a dateline's label, left alone on its line: words no subhead is
    r"|^\W*(navigation|menu|menü|startseite|posted on|veröffentlicht am)\W*$",
    re.I,
)
# A news sentence about cookies or comment rules quotes or reports someone ("..., the
# regulator found", "..., sagte der Presserat"): the site's own notice does neither.
_NOTICE_SAID = re.compile(
    rf"[{_QUOTES}]|\b({_REPORTING}|claims?|claimed|found|finds|according to|reported|reports"
    r"|ruled|kritisiert\w*|ergab|ergibt|erklärt\w*|berichtet\w*|urteilt\w*|betont\w*)\b",
    re.I,
)
# "Search", "Home", "Suche" alone are also subheads ("Home" and "Away" in a match preview):
# furniture only as a link's, a form's or a menu's text (in one, or holding one).
_CONTROL_LABEL = re.compile(r"^\W*(search|suche|home)\W*$", re.I)
_CONTROLS = ("a", "label", "nav", "form", "button", "select", "option")
_NOTICE_WORDS = 45


def site_notice(text: str, n_words: int, el=None, ancestors=()) -> bool:
    """A short line in which the site speaks of its comment rules, its cookies or a blocked
    embed, not quoting or reporting anyone; or a menu's label: never the article's own text."""
    if n_words > _NOTICE_WORDS:
        return False
    sample = text[:400]
    if _NOTICE.search(sample):
        return not _NOTICE_SAID.search(sample)
    if _CONTROL_LABEL.match(sample) and el is not None:
        if any(node.tag in _CONTROLS for node in [el, *ancestors]):
            return True
        # a breadcrumb's "<li><a href="/">Home</a> ›</li>": the word is the link's text
        return any(_CONTROL_LABEL.match(a.text_content()) for a in el.iter(*_CONTROLS))
    return False


def call_to_act(text: str, n_words: Optional[int] = None) -> bool:
    """A short line that asks the reader to subscribe, follow, share, sign up, support the
    site or click, and speaks to the reader or of the site itself ("our", "us", "Sie"); not a
    question or a quotation."""
    n_words = count_words(text) if n_words is None else n_words
    if n_words > _CALL_WORDS:
        return False
    sample = text[:400]
    prompt = _PROMPT.match(sample)
    if prompt and (
        n_words <= _PROMPT_WORDS
        or sample[prompt.end() :].lstrip()[:1] in ("?", "!")
        or _SELF.search(sample)
    ):
        return True
    now = _NOW.match(sample)
    if now and (now.group(2) or n_words <= _NOW_WORDS or sample.rstrip().endswith("!")):
        return True
    for found in _CALL.finditer(sample):
        if _said(sample, found.start(2)):
            continue
        if found.start() == 0 and n_words <= _IMPERATIVE_WORDS:  # "Unterstütze RosaMag!"
            return True
        if _ADDRESSED.search(found.group(2)) or _SELF.search(sample):
            return True
    return False


def _credit(text: str, n_words: int) -> bool:
    """A line that is a photo credit by its text."""
    if text.rstrip().endswith("?"):  # "BILD: Herr Minister, wann ...?" asks
        return False
    if _CREDIT_END.search(text[-200:]):
        return True
    head = text[:60]
    if _LABEL.match(head) or _CREDIT_START.match(head):
        return True
    if _SHORT_LABEL.match(head):
        return n_words <= _SHORT_LABEL_WORDS
    if _COPYRIGHT.search(text[-200:]):
        return n_words <= _COPYRIGHT_WORDS
    return bool(_READING.match(head)) and n_words <= _READING_WORDS


def caption(text: str, n_words: int, el=None, ancestors=()) -> bool:
    """A photo caption or credit of at most 60 words: a line that ends with a photo credit
    ("(Foto: ...)", "© ...", "/ iStock") or opens with one ("Foto:", "Abbildung 4:", a short
    "Bild: ..."), a reading time, or the text of a ``figcaption``, of an element in a
    ``figure`` (not a table or a pull quote), or of one whose class or its parent's says
    caption or credit."""
    if n_words > _CAPTION_WORDS:
        return False
    if _credit(text, n_words):
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
    if site_notice(text, n_words, el, ancestors):
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
