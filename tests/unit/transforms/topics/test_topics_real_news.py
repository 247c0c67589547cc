"""Cases seen on real news (issue 27): a quote in another language does not decide an article's
language; a heat-free chemistry story is science, not weather; a developer's "future", a page
"title" or a "forward" are no evidence of economy or sport. Texts written for these tests."""

from transforms.language.detect import detect_article
from transforms.language.detect import shared_detector_factory as profiles
from transforms.language.priors import MIN_OWN_CHARS, without_quotes
from transforms.topics.classify import MIN_PRIMARY, classify
from transforms.topics.taxonomy import load_taxonomy

SCIENCE, WEATHER = "medtop:13000000", "medtop:17000000"

# A German report on an English speech: most of its letters are the speaker's English words.
GERMAN_ON_AN_ENGLISH_SPEECH = (
    "Im Juni hielt die Gründerin eines Softwarehauses eine Rede vor den Absolventen ihrer alten "
    "Hochschule, die seither in vielen Unternehmen zitiert wird. "
    "“The first story is about failing early and failing often, because every mistake you make "
    "when you are young teaches you something that no classroom ever could”, sagte sie. "
    "“Do not wait for permission to build the thing you believe in, and do not let anyone tell "
    "you that your idea is too small to matter to the world. Stay hungry, stay curious, and keep "
    "going when the others have stopped, because that is where the good work is.”\n"
    "Die Zuhörer applaudierten lange, viele filmten die Rede mit ihren Telefonen."
)


def test_a_quote_in_english_does_not_make_a_german_article_english():
    language, _ = detect_article(
        profiles(0), "Was Gründer lernen können", GERMAN_ON_AN_ENGLISH_SPEECH
    )
    assert language == "de"


def test_quotes_stay_when_too_little_of_the_article_is_left():
    short = 'Er sagte: "We will be back next year, stronger than ever before, believe me." Ende.'
    assert without_quotes(short) == short  # the remainder is under MIN_OWN_CHARS
    own = without_quotes(GERMAN_ON_AN_ENGLISH_SPEECH)
    assert "failing early" not in own and "Die Zuhörer applaudierten" in own
    assert len(own) >= MIN_OWN_CHARS


def test_an_english_article_quoting_french_stays_english():
    text = (
        "The minister arrived in Paris on Monday for talks on the budget and was greeted by a "
        "small crowd outside the ministry. « Nous ne céderons rien sur les retraites », a "
        "protester shouted as the convoy passed. Officials said the meeting lasted three hours "
        "and that a second round of talks would follow next week in Brussels."
    )
    assert detect_article(profiles(0), "Minister holds budget talks", text)[0] == "en"


def primary(language: str, title: str, text: str):
    """The primary topic the packaged lexicon gives, None below the threshold."""
    topics = classify(
        title, text, taxonomy=load_taxonomy(), language=language, min_primary=MIN_PRIMARY
    )
    return topics[0].code if topics else None


def test_a_chemistry_story_without_heat_is_science_not_weather():
    text = (
        "Ein Team der Universität hat einen Katalysator aus Eisen und Kupfer entwickelt, der "
        "Ammoniak unter dem Licht von Leuchtdioden spaltet. Bisher braucht die Spaltung große "
        "Hitze von mehreren hundert Grad. Die Photokatalyse könnte den Transport von grünem "
        "Wasserstoff erleichtern, schreiben die Chemiker im Fachjournal."
    )
    assert primary("de", "Wasserstoff aus Ammoniak mit Licht statt Hitze", text) == SCIENCE


def test_a_heat_wave_is_still_weather():
    text = (
        "Der Wetterdienst warnt vor großer Hitze: Am Samstag steigen die Temperaturen im Osten auf "
        "bis zu 38 Grad, erst am Montag bringen Gewitter und Regen Abkühlung."
    )
    assert primary("de", "Hitzewelle: bis zu 38 Grad am Wochenende", text) == WEATHER


def test_a_page_title_a_forward_and_the_future_are_not_sport_or_economy():
    text = (
        "The template engine now sets the page title from the first heading, and the masters "
        "of each layout can forward their blocks to child templates. In a future version we "
        "will drop the old syntax; the migration guide explains the steps for your templates."
    )
    got = primary("en", "Page titles in the new template engine", text)
    assert got not in ("medtop:15000000", "medtop:04000000")
