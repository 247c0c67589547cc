"""What langdetect sees, and what decides before it: the article's prose (title and first
paragraphs, without menus, URLs, code and English boilerplate) and the scripts it is written in
(kana means Japanese, hangul Korean, Han without kana Chinese)."""

import re
import unicodedata
from typing import Optional

__all__ = [
    "Scripts",
    "article_sample",
    "cjk_text",
    "script_counts",
    "script_language",
    "headline_script_language",
    "simplified_or_traditional",
    "unquoted",
    "without_quotes",
]

MIN_PROSE_WORDS = 6  # a line with fewer words is a menu item, a caption, a button or a date
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_CODE = re.compile(r"\S*[{}<>=;\\|$#@^~`]\S*")  # markup, code, hashtags, handles
_DIGITS = re.compile(r"[\d%.,:/+\-]*\d[\d%.,:/+\-]*")
_SPACES = re.compile(r"\s+")
# How many samples' worth of a text's start the sample is drawn from.
_SCANNED_SAMPLES = 32
# Tokens longer than any word (a URL, which _clean drops anyway, a hash, a run of "&amp;")
# are dropped before the patterns see them; a line of CJK has no spaces, and is kept.
_LONG_TOKEN = 65
# Lines that are the page, not the story (they are English on pages in every language).
_BOILERPLATE = re.compile(
    r"cookie|privacy|subscribe|newsletter|sign (?:in|up)|log ?in|read more|share (?:on|this)|"
    r"all rights reserved|copyright|advertisement|follow us|click here|terms of (?:use|service)|"
    r"related articles|most read|skip to",
    re.IGNORECASE,
)


# A passage in quotation marks, within one line, each opening mark with its own closing ones
# (“…”, „…“, „…”, «…», »…«, "…", ‘…’): a closing » must not open a quote, or a French or Spanish
# sentence between two quotes («Hala Madrid», gritó … : «It's a dream…») is taken for one and
# the quoted English is all that is left; so a «…» of any length is a quote. A ’ followed by a letter is an apostrophe (it’s).
_QUOTED = re.compile(
    "|".join(
        (
            "\u201c[^\u201c\u201d\n]{12,800}\u201d",
            "\u201e[^\u201c\u201d\u201e\n]{12,800}[\u201c\u201d]",
            "\u00ab[^\u00ab\u00bb\n]{1,800}\u00bb",
            "\u00bb[^\u00ab\u00bb\n]{12,800}\u00ab",
            '"[^"\n]{12,800}"',
            "\u2018[^\u2018\n]{12,800}?\u2019(?![^\\W\\d_])",
        )
    )
)
# Below this many characters left outside quotation marks the quotes stay: the reporter's own
# words are too few to decide on.
MIN_OWN_CHARS = 150


def unquoted(text: str) -> str:
    """``text`` with every passage in quotation marks blanked out, however little is left."""
    return _QUOTED.sub(" ", text)


def without_quotes(sample: str) -> str:
    """``sample`` without what it quotes, when enough of it is left (else ``sample``).

    News quotes people in the language they spoke: a German article on a Steve Jobs speech quotes
    him in English, and langdetect, counting n-grams, reads the page as English. The article's
    language is the language of the reporter's own words."""
    if '"' not in sample and not any(q in sample for q in "\u201c\u201e\u00ab\u00bb\u2018"):
        return sample
    own = _QUOTED.sub(" ", sample)
    return own if len(own) >= MIN_OWN_CHARS else sample


class Scripts:
    """Letters counted per script in a text."""

    __slots__ = ("han", "kana", "hangul", "latin", "other")

    def __init__(self, han=0, kana=0, hangul=0, latin=0, other=0):
        self.han, self.kana, self.hangul, self.latin, self.other = han, kana, hangul, latin, other

    @property
    def letters(self) -> int:
        return self.han + self.kana + self.hangul + self.latin + self.other


def script_counts(text: str) -> Scripts:
    """Count the letters of ``text`` by script (digits, punctuation and marks are not letters)."""
    counts = Scripts()
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            if ch.isalpha():
                counts.latin += 1
        elif (
            0x3041 <= code <= 0x3096
            or 0x30A1 <= code <= 0x30FA
            or 0x31F0 <= code <= 0x31FF
            or 0xFF66 <= code <= 0xFF6F
            or 0xFF71 <= code <= 0xFF9D
        ):
            counts.kana += 1  # kana letters, halfwidth too; not ・ ー (U+FF70 ｰ) Chinese writes
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            counts.han += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            counts.hangul += 1
        elif ch.isalpha():
            if code <= 0x24F or 0x1E00 <= code <= 0x1EFF:
                counts.latin += 1
            else:
                counts.other += 1
    return counts


def script_language(scripts: Scripts, *, min_cjk: int = 10) -> Optional[str]:
    """``ja``, ``ko`` or ``zh`` when the scripts decide it, else None (langdetect decides).

    Kana is written only in Japanese, hangul only in Korean; Han characters without kana are
    Chinese. A fifth of the letters is enough: a Chinese page's Latin letters are URLs, menus
    and names, while one Han character stands for a word of several Latin letters. One kana
    letter is enough for Japanese (a headline's particle or verb ending: を, が, 超え); Chinese
    does not write them (the middle dot ・ it puts between the parts of a foreign name is no
    letter)."""
    cjk = scripts.han + scripts.kana + scripts.hangul
    if scripts.letters == 0 or cjk < 0.2 * scripts.letters or cjk < min_cjk:
        return None
    if scripts.hangul >= max(scripts.han, scripts.kana):
        return "ko"
    if scripts.kana >= max(1, 0.05 * (scripts.han + scripts.kana)):
        return "ja"
    if scripts.han > scripts.hangul:
        return "zh"
    return None


# A Latin word with a capital after its first letter or a digit (iPhone, OpenAI, GPT-4o, B200)
# or capitalised (Nvidia, Tim Cook): a brand or a name, which a Chinese or Japanese headline
# writes in Latin letters; lower-case words are the prose of a Latin-script text.
_NAME_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]*[A-Z0-9][A-Za-z0-9]*(?![A-Za-z0-9])")
MIN_HEADLINE_CJK = 2  # 访华, 发布: two Han characters are a word


def headline_script_language(text: str) -> Optional[str]:
    """``script_language`` for a text too short for its rules (under 10 CJK letters, or under a
    fifth of them with the names counted): the Latin names and brands of a CJK headline
    ("苹果发布iPhone 16 Pro Max", "OpenAI CEO Sam Altman访华") do not count against its CJK
    letters, nor does what it quotes (“The iPhone moment of AI has started”), and the CJK
    letters must be at least half of what is left; an English headline
    quoting a Chinese name keeps its lower-case words ("Xi Jinping (习近平) meets Biden" is
    left to langdetect)."""
    scripts = script_counts(_NAME_LIKE.sub(" ", _QUOTED.sub(" ", text)))
    cjk = scripts.han + scripts.kana + scripts.hangul
    if cjk < 0.5 * scripts.letters:
        return None
    return script_language(scripts, min_cjk=MIN_HEADLINE_CJK)


_SIMPLIFIED = set("们这个来时会说为国学后发对经开关点东车门电话们过还进实现问题长见让书气业网")
_TRADITIONAL = set("們這個來時會說為國學後發對經開關點東車門電話們過還進實現問題長見讓書氣業網")


def simplified_or_traditional(text: str) -> Optional[str]:
    """``zh-cn`` or ``zh-tw`` from characters that exist in only one of the two scripts; None
    when the text has none of them."""
    simplified = sum(ch in _SIMPLIFIED for ch in text)
    traditional = sum(ch in _TRADITIONAL for ch in text)
    if simplified == traditional:
        return None
    return "zh-cn" if simplified > traditional else "zh-tw"


def cjk_text(text: str) -> str:
    """Only the Han, kana and hangul runs of ``text``: what langdetect should read on a CJK page
    full of Latin-script URLs, menus and code."""
    kept = []
    for ch in text:
        code = ord(ch)
        if (
            0x3040 <= code <= 0x30FF
            or 0x3400 <= code <= 0x9FFF
            or 0xAC00 <= code <= 0xD7AF
            or 0xF900 <= code <= 0xFAFF
        ):
            kept.append(ch)
        elif kept and kept[-1] != " ":
            kept.append(" ")
    return "".join(kept).strip()


def _clean(line: str) -> str:
    line = unicodedata.normalize("NFC", _short_tokens(line))
    line = _URL.sub(" ", line)
    line = _CODE.sub(" ", line)
    line = _DIGITS.sub(" ", line)
    return _SPACES.sub(" ", line).strip()


def _is_prose(line: str) -> bool:
    if _BOILERPLATE.search(line):
        return False
    if len(line.split()) >= MIN_PROSE_WORDS:
        return True
    # Scripts without spaces: a sentence of 15 characters is prose.
    scripts = script_counts(line)
    return scripts.han + scripts.kana + scripts.hangul >= 15


def _short_tokens(line: str) -> str:
    """``line`` without its tokens of ``_LONG_TOKEN`` characters or more that are ASCII or
    hold an "@" (where the patterns' backtracking is cubic)."""
    if len(line) < _LONG_TOKEN:
        return line
    tokens = line.split()
    return " ".join(t for t in tokens if len(t) < _LONG_TOKEN or ("@" not in t and not t.isascii()))


def article_sample(title: Optional[str], text: str, *, max_chars: int, skip: int = 0) -> str:
    """The title and the text's prose paragraphs (from the ``skip``-th on), cleaned of URLs,
    mail addresses, code and numbers, up to ``max_chars``. When the text has no prose line
    (a list, a table), its cleaned lines as they are."""
    # Only the start of a text can reach the sample, and a line is cut to twice its size:
    # the cleaning patterns' backtracking grows with a power of the length of a token, so
    # tokens too long for a word are dropped first (a page of 1M "&amp;" took minutes).
    head = (text or "")[: _SCANNED_SAMPLES * max_chars * (skip + 1)]
    parts = [_clean(title)] if title and not skip else []
    size = sum(len(p) + 1 for p in parts)
    # Lines are cleaned as they come, and no further once the sample is full: only a text
    # without a prose line needs all of them (its cleaned lines are the sample then).
    lines, prose = [], 0
    for raw in head.splitlines():
        if size >= max_chars and prose > skip:
            break
        line = _clean(raw[: 2 * max_chars])
        if not line:
            continue
        if not prose:  # the lines are the sample only when none of them is prose
            lines.append(line)
        if _is_prose(line):
            prose += 1
            if prose > skip and size < max_chars:
                parts.append(line)
                size += len(line) + 1
    if not prose:
        _fill(parts, lines[skip:], max_chars)
    return _joined_sample(parts, max_chars)


def _fill(parts: list, lines: list, max_chars: int) -> None:
    """``lines`` added to ``parts`` while ``parts`` (one newline after each) are shorter than
    ``max_chars``."""
    size = sum(len(p) + 1 for p in parts)
    for line in lines:
        if size >= max_chars:
            break
        parts.append(line)
        size += len(line) + 1


def _joined_sample(parts: list, max_chars: int) -> str:
    """The non-empty ``parts``, one a line, cut to ``max_chars`` at a word boundary."""
    sample = "\n".join(p for p in parts if p)
    if len(sample) <= max_chars:
        return sample
    cut = sample.rfind(" ", 0, max_chars)
    return sample[: cut if cut > max_chars // 2 else max_chars]
