"""transforms/language/langdetect_fast.py gives langdetect's own results, bit for bit."""

import functools

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from tests.support.paths import ROOT
from transforms.language.detect import detect, make_detector_factory, profile_texts
from transforms.language.langdetect_fast import LangdetectProfiles, NoFeatures, detect_probabilities

LINGUA = ROOT.parent / "shared" / "data" / "language" / "lingua" / "sentences"

TEXTS = [
    "The city council approved the new budget on Tuesday after a long debate about schools.",
    "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt für Schulen beschlossen.",
    "Le conseil municipal a adopté mardi le nouveau budget après un long débat sur les écoles.",
    "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate sobre escuelas.",
    "Rada miasta przyjęła we wtorek nowy budżet po długiej debacie o szkołach i żłobkach.",
    "Городской совет во вторник утвердил новый бюджет после долгих споров о школах.",
    "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον νέο προϋπολογισμό για τα σχολεία.",
    "وافق مجلس المدينة يوم الثلاثاء على الميزانية الجديدة بعد نقاش طويل حول المدارس",
    "市议会周二在长时间辩论后批准了新的学校预算。",
    "市議会は火曜日、学校についての長い議論の後で新しい予算を承認しました。カタカナもあります。",
    "시의회는 화요일 학교에 관한 긴 토론 끝에 새 예산을 승인했습니다.",
    "Hội đồng thành phố đã thông qua ngân sách mới vào thứ Ba sau cuộc tranh luận dài.",
    # Vietnamese written with combining marks (langdetect folds them into precomposed letters)
    "Vie\u0323\u0302t Nam la\u0300 mo\u0323\u0302t quo\u0302\u0301c gia o\u031b\u0309 Đông Nam Á.",
    "NASA and the EU said the USA, UK and NATO would meet in NEW YORK CITY on MONDAY.",
    "McDonald's iPhone eBay macOS YouTube ABCdef aBcDeF XYZ xYZ",
    "See https://example.com/a?b=c&d=e#f and write to press.office@example.org for details.",
    "Ça va? Ǆemal ȘȚ șț ſ ﬁ — «quotes» and ‘more’ … 100 % sure",
    "Москва Moscow Берлин Berlin Париж Paris Рим Rome Лондон London Мадрид",
    "日本語 English mixed テキスト with 漢字 and more English words in between",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    "   leading and trailing spaces   and   runs   of   spaces   ",
    "tab\tnew\nline\r\ncarriage and\u00a0non-breaking\u2009thin\u3000ideographic spaces",
    "x",
    "I",
    "word " * 3000,  # longer than langdetect's 10,000-character limit
]
NO_FEATURES = ["", " ", "12345 67890", "!!! ??? ...", "https://example.com/only"]


@functools.lru_cache(maxsize=1)
def _factory():
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0
    return factory


@functools.lru_cache(maxsize=1)
def _profiles():
    return LangdetectProfiles.from_factory(_factory())


def _langdetect(text: str):
    """langdetect itself: (every language's probability, its sorted list) or None."""
    detector = _factory().create()
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return None
    return detector.langprob, [(lang.lang, lang.prob) for lang in found]


def _fast(text: str):
    profiles = _profiles()
    try:
        langprob = profiles.probabilities(profiles.ngram_rows(profiles.prepare(text)))
    except NoFeatures:
        return None
    return langprob, detect_probabilities(profiles, text)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_same_probabilities_as_langdetect_bit_for_bit(text):
    expected = _langdetect(text)
    assert expected is not None
    assert _fast(text) == expected


@pytest.mark.parametrize("text", NO_FEATURES)
def test_no_features_where_langdetect_has_none(text):
    assert _langdetect(text) is None
    with pytest.raises(NoFeatures):
        _profiles().probabilities(_profiles().ngram_rows(_profiles().prepare(text)))
    assert detect(_profiles(), text) == ("und", 0.0)


def test_profile_matrix_holds_every_ngram():
    profiles, factory = _profiles(), _factory()
    assert profiles.matrix.shape == (len(factory.word_lang_prob_map), len(factory.langlist))
    assert profiles.langlist == factory.langlist
    for word in ("the", "der", " ż", "ść "):
        assert profiles.matrix[profiles.index[word]].tolist() == factory.word_lang_prob_map[word]


def test_results_do_not_depend_on_what_was_detected_before():
    fresh = make_detector_factory(0)
    first = [detect(fresh, t) for t in TEXTS]
    again = [detect(fresh, t) for t in reversed(TEXTS)][::-1]
    assert first == again
    assert first[0][0] == "en" and first[1][0] == "de" and first[5][0] == "ru"


@pytest.mark.skipif(not LINGUA.is_dir(), reason="../shared/data/language/lingua not present")
def test_same_as_langdetect_on_every_lingua_language():
    texts = []
    for path in sorted(LINGUA.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts += lines[:8] + [" ".join(lines[8:40])]
    assert len(texts) > 600
    mismatched = [t for t in texts if _fast(t) != _langdetect(t)]
    assert mismatched == []


def test_profiles_load_in_name_order_with_langdetects_results():
    """make_detector_factory sorts the profiles (langdetect takes os.listdir's order): the same
    languages and 4-decimal scores as langdetect's own factory."""
    profiles = make_detector_factory(0)
    assert profiles.langlist == sorted(profiles.langlist)
    for text in TEXTS:
        _, found = _langdetect(text)
        assert detect(profiles, text) == (found[0][0], round(found[0][1], 4))


def test_profiles_from_json_hold_the_same_floats_as_langdetects_loading():
    texts = profile_texts()
    assert len(texts) == len(_factory().langlist)
    factory = DetectorFactory()
    factory.load_json_profile(texts)
    expected = LangdetectProfiles.from_factory(factory)
    built = LangdetectProfiles.from_json(texts, 0)
    assert built.langlist == expected.langlist
    assert set(built.index) == set(expected.index)
    rows = [built.index[w] for w in expected.index]
    assert (built.matrix[rows] == expected.matrix).all()
    assert built.matrix.shape == expected.matrix.shape
