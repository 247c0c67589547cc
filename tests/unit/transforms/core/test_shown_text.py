"""What a reader sees in title and text: one Unicode form (NFC), whatever the input's (a macOS
export in NFD), and no invisible direction marks around a title."""

import unicodedata

from transforms.core.shown_text import shown_text, shown_title


def test_nfd_and_nfc_give_the_same_title_and_text():
    title = "Café résumé: naïve Zürich"
    assert shown_title(unicodedata.normalize("NFD", title)) == title
    assert shown_text(unicodedata.normalize("NFD", f"{title}\n\nÅse")) == f"{title}\n\nÅse"


def test_invisible_marks_around_a_title_go_and_emoji_sequences_stay():
    assert shown_title("\u200f\u202eRTL title\u202c ") == "RTL title"
    assert shown_title("\ufeff\u200b Headline \u2066") == "Headline"
    family = "Flags 🇺🇦🇵🇱 and a family 👨\u200d👩\u200d👧"
    assert shown_title(family) == family
    assert shown_title("\u200f\u202c") is None
    assert shown_title(None) is None
