"""Features of a paragraph's text for the learned boilerplate filter: its shape (length,
sentence end, punctuation, digits, capitals) and words of page furniture, bylines, dates,
calls to the reader and pointers to other articles, in the corpus languages."""

import math
import re

from transforms.extract.literal_prefilter import LiteralAlternatives

__all__ = ["text_features"]

# Words of page furniture in the corpus languages (subscribe, follow, share, cookies, contact,
# copyright, ads, apps, credits): a generic list written from what sites print, not the gold.
_FURNITURE = re.compile(
    r"subscri|newsletter|abonn|suscr|follow|folg|síg|share|teilen|partag|compart|tweet|facebook"
    r"|twitter|instagram|whatsapp|telegram|youtube|linkedin|pinterest|cookie|datenschutz"
    r"|privacy|impressum|imprint|contact|kontakt|copyright|©|rights reserved|advert|anzeige"
    r"|werbung|publicidad|sponsor|login|log in|sign in|sign up|anmelden|registr|download"
    r"|app store|google play|kommentar|comment|read more|weiterlesen|leer más|lire la suite"
    r"|related|empfehl|recommend|zobacz|czytaj|also read|lesen sie|foto:|photo:|bild:|getty"
    r"|shutterstock|quelle:|source:|fuente:",
    re.I,
)
_FURNITURE_FOUND = LiteralAlternatives(_FURNITURE)  # its findall, without the regex on most texts
_SAMPLE_CHARS = 400
_SENTENCE_END = re.compile(r"[.!?。！？…\"'”“»«)」』]\s*$")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[|/•·»«>©@#:;]")
# A byline or a credit opens with "By", "Von", "Par"... and a name; a date line is short and
# mostly a date or a time: both are page furniture around the article, not its text.
_BYLINE = re.compile(
    r"^(by|von|par|por|di|door|av|przez|from|text|texte|foto|photo|bild|fotos|photos)\b\s*:?\s*\w",
    re.I,
)
# Words addressing the reader (a call to subscribe, comment, read on, donate): news text speaks
# of third persons. Matched on whole words; ambiguous ones (German "Sie", Polish "was") left out.
_READER = frozenset(
    "you your yours you're you'll you've yourself du dich dir dein deine deinen deinem deiner euch"
    " euer eure vous votre vos usted ustedes tus jij jouw voi vostro vostra".split()
)
_WORD_EDGE = "\"'“”„«»‚‘’.,;:!?¿¡()[]–—-"
# The start of a pointer to other articles ("Read also: ...", "Lesen Sie auch", "À lire
# aussi"), in the corpus languages.
_XREF = re.compile(
    r"(read (also|more)|see also|more (on|about|from)|related|also read|lesen sie (auch|mehr)"
    r"|mehr (zum|dazu|über|zu)|weitere (beiträge|artikel|informationen|infos|news)|auch interessant"
    r"|(à )?lire (aussi|également|la suite)|voir aussi|lee (también|más)|puedes ver|ver también"
    r"|te puede interesar|leggi anche|czytaj (też|także|więcej)|zobacz (też|także)"
    r"|dowiedz się więcej)\b",
    re.I,
)
_DATE_BITS = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|\b(19|20)\d{2}\b|\b(jan|feb|m[aä]r|apr|ma[iy]"
    r"|jun|jul|aug|sep|o[ck]t|nov|de[cz]|gen|ene|juin|juil|janv|févr|avr|sept|déc)[a-zéû]*\.?\b",
    re.I,
)


def text_features(text: str, n_words: int) -> dict:
    """Shape of the text; ratios are read on its first 400 characters (a long paragraph's
    start tells as much, and scanning whole long paragraphs was most of the filter's time)."""
    sample = text[:_SAMPLE_CHARS]
    words = sample.split()
    length = len(sample)
    return {
        "bias": 1.0,
        "log_chars": math.log1p(len(text)),
        "log_words": math.log1p(n_words),
        "sentence_end": float(bool(_SENTENCE_END.search(text))),
        "punct": len(_PUNCT.findall(sample)) / max(1, length) * 10,
        "digits": len(_DIGIT.findall(sample)) / max(1, length),
        "short_words": sum(len(w) <= 3 for w in words) / max(1, len(words)),
        "capitalised": sum(w[:1].isupper() for w in words) / max(1, len(words)),
        "furniture": min(3, len(_FURNITURE_FOUND.findall(sample))),
        "byline": float(n_words <= 12 and bool(_BYLINE.match(sample))),
        "date_line": float(n_words <= 12 and len(_DATE_BITS.findall(sample)) >= 1),
        "short": float(n_words <= 5),
        "ends_colon": float(sample.rstrip().endswith(":")),
        "reader": min(3, sum(w.strip(_WORD_EDGE).casefold() in _READER for w in words)),
        "xref": float(bool(_XREF.match(sample, 0, 60))),
    }
