"""Language benchmark: newsbeam's detection against langdetect itself, same items, same run.

    python benchmarks/language.py [--data PATH] [--per-language 100] [--paragraph 10] [--news]

Items: the lingua test sentences (``<data>/language/lingua/sentences``, one file per language,
the file name is the label; ``--data`` defaults to ../shared/data). Only the languages
langdetect knows are used (49 of lingua's 75, plus ``zh`` for langdetect's zh-cn/zh-tw; lingua's
nb/nn are not langdetect's ``no``). Per language: ``--per-language`` single sentences, and as many
"paragraphs" of ``--paragraph`` consecutive sentences cut to 2,000 characters (the size of
newsbeam's language sample, ``language.sample_chars``).

Systems, each over the same items with the same seed (0):
- ``langdetect``: its own ``DetectorFactory``/``Detector`` (the baseline), profiles loaded in
  file-name order as newsbeam loads them, so even the full probability lists must be equal;
- ``newsbeam``: ``transforms.language.detect.detect`` (transforms/language/langdetect_fast.py), timed on
  a fresh instance (its token cache cold) and again (warm).

Prints ms per item for each, the speed-up, how many items get the same language and 4-decimal
score from both (what newsbeam keeps), how many the same probability for every language, and the
accuracy of each against the file's language.

Articles (``--articles`` per language, the 14 languages the topic lexicons cover): article-length
pages built in the same run from consecutive lingua sentences (the first one is the title, the
next ones three paragraphs), wrapped in the English page furniture real pages carry, written
for this benchmark: a menu line, a cookie notice, share buttons, a date line, a "Read more" URL, a
copyright line, and on CJK pages a line of tracking code. Two detectors read the same pages:
today's (langdetect on the title and the first 2,000 characters) and newsbeam's
``detect_article`` (prose paragraphs only, script priors, the later paragraphs voting when the
lead is not confident). Accuracy per language and overall, errors listed by what they became.
About two minutes with the defaults.

News (``--news``): the project's own news samples, read as the pipeline reads an article (title,
then the text's paragraphs, ``detect_article``): ``benchmarks/data/language-news.txt`` (13
languages, written to be hard: English loanwords in Italian, Latin names and numbers in Chinese),
the topic benchmark's article sets (``benchmarks/data/articles``: German, French, English) and
its short multilingual items (``benchmarks/data/topics-multilingual.txt``), all written by the
project authors; then, on their own line, ``benchmarks/data/language-news-hard.txt`` (issue 27:
en de fr es it pt nl ru zh ja, English names, brands and quotes inside the other nine, headlines
alone) as written and with each item cut to its title. Then lingua's sentences cut to news-lead length (the first as the title, the next
``k - 1`` as the text) for k = 1, 2, 3 in the 13 news languages of those samples.

Licences: lingua's test sentences, Apache-2.0 (Leipzig Wortschatz web text), read from
``--data`` at run time and never copied into the project; the page furniture is the project's.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.language.detect import (  # noqa: E402
    detect,
    detect_article,
    language_sample,
    make_detector_factory,
    profile_texts,
)

SAMPLE_CHARS = 2000


def load_items(folder: Path, per_language: int, paragraph: int, languages: set) -> dict:
    """``{"sentences": [(label, text)], "paragraphs": [(label, text)]}``."""
    items = {"sentences": [], "paragraphs": []}
    for path in sorted(folder.glob("*.txt")):
        label = path.stem
        if label not in languages:
            continue
        lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        items["sentences"] += [(label, line) for line in lines[:per_language]]
        for start in range(0, min(len(lines), per_language * paragraph), paragraph):
            text = " ".join(lines[start : start + paragraph])[:SAMPLE_CHARS]
            items["paragraphs"].append((label, text))
    return items


def _langdetect_factory():
    """langdetect's own factory, its profiles in file-name order as newsbeam loads them (its
    ``load_profile`` takes ``os.listdir``'s order, which only changes the last bits of a score
    and differs between file systems)."""
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    factory.load_json_profile(profile_texts())
    factory.seed = 0
    return factory


def _langdetect(factory, text: str):
    """langdetect's (language, 4-decimal score) and its full probability list."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory.create()
    detector.append(text)
    try:
        best = detector.get_probabilities()
    except LangDetectException:
        return ("und", 0.0), None
    if not best:
        return ("und", 0.0), dict(zip(detector.langlist, detector.langprob))
    top = (best[0].lang, round(float(best[0].prob), 4))
    return top, dict(zip(detector.langlist, detector.langprob))


def _newsbeam_full(profiles, text: str):
    from transforms.language.langdetect_fast import NoFeatures

    try:
        probs = profiles.probabilities(profiles.ngram_rows(profiles.prepare(text)))
    except NoFeatures:
        return None
    return dict(zip(profiles.langlist, probs))


def _label(lang: str) -> str:
    return "zh" if lang.startswith("zh-") else lang


def _timed(fn, texts: list, *args) -> tuple:
    """``[fn(*args, text)]`` and ms per text."""
    start = time.perf_counter()
    out = [fn(*args, t) for t in texts]
    return out, (time.perf_counter() - start) / max(len(texts), 1) * 1000


ARTICLE_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "ru",
    "sv",
    "tr",
    "ar",
    "zh",
    "ja",
)
FURNITURE = {
    "menu": "Home | News | World | Business | Sport | Culture | Contact | Login",
    "cookies": "We use cookies to give you the best experience on our website. Accept all",
    "share": "Share on Facebook Twitter WhatsApp Email",
    "date": "Published 17.05.2024 14:32 CET | Updated 18:05",
    "more": "Read more: https://www.example-news.com/world/2024/05/17/story-12345.html",
    "copyright": "(c) 2024 Example Media Group. All rights reserved.",
    "code": "var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-1234567-1']); window.dataLayer = [];",
}


def build_articles(folder: Path, per_language: int, seed: int = 0) -> list:
    """``[(label, title, text)]``: pages of 1 + 3 x 3 consecutive lingua sentences in the page
    furniture (see the module docstring), some parts of it left out at random (seeded)."""
    import random

    rnd = random.Random(seed)
    out = []
    for label in ARTICLE_LANGUAGES:
        path = folder / f"{label}.txt"
        if not path.is_file():
            continue
        lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        for k in range(per_language):
            chunk = lines[k * 10 : k * 10 + 10]
            if len(chunk) < 10:
                break
            title, body = chunk[0], chunk[1:]
            paragraphs = [" ".join(body[i : i + 3]) for i in range(0, 9, 3)]
            page = [FURNITURE["menu"], FURNITURE["date"]]
            if rnd.random() < 0.5:
                page.insert(0, FURNITURE["cookies"])
            page += [paragraphs[0], FURNITURE["share"], *paragraphs[1:], FURNITURE["more"]]
            if label in ("zh", "ja") or rnd.random() < 0.3:
                page.append(FURNITURE["code"])
            page.append(FURNITURE["copyright"])
            out.append((label, title, "\n".join(page)))
    return out


def _today(profiles, title, text):
    return detect(profiles, language_sample(title, text, max_chars=SAMPLE_CHARS))[0]


def _newsbeam(profiles, title, text):
    return detect_article(profiles, title, text, max_chars=SAMPLE_CHARS)[0]


def report_articles(folder: Path, per_language: int) -> None:
    pages = build_articles(folder, per_language)
    profiles = make_detector_factory(0)
    print(f"\narticles: {len(pages)} pages in {len(ARTICLE_LANGUAGES)} languages (lingua prose in "
          "English page furniture)")  # fmt: skip
    results = {}
    for name, fn in (("today (langdetect, title + text)", _today), ("newsbeam", _newsbeam)):
        start = time.perf_counter()
        got = [_label(fn(profiles, title, text)) for _, title, text in pages]
        ms = (time.perf_counter() - start) / max(len(pages), 1) * 1000
        results[name] = (got, ms)
    print(f"  {'language':<9}" + "".join(f"{name[:28]:>30}" for name in results))
    for label in ARTICLE_LANGUAGES:
        idx = [i for i, p in enumerate(pages) if p[0] == label]
        cells = []
        for got, _ in results.values():
            right = sum(got[i] == label for i in idx)
            wrong = sorted({got[i] for i in idx if got[i] != label})
            cells.append(f"{right}/{len(idx)}" + (f" ({','.join(wrong)})" if wrong else ""))
        print(f"  {label:<9}" + "".join(f"{c:>30}" for c in cells))
    line = []
    for got, ms in results.values():
        accuracy = sum(g == p[0] for g, p in zip(got, pages)) / max(len(pages), 1)
        line.append(f"{accuracy:.4f} ({ms:.2f} ms)")
    print(f"  {'all':<9}" + "".join(f"{c:>30}" for c in line))


NEWS_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "zh", "ja", "pl", "tr", "ar")


def news_samples() -> list:
    """``[(language, title, text)]`` from the project's own news texts (see the docstring)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import topics
    import topics_articles

    out = []
    for path in sorted(topics_articles.ARTICLES.glob("*.txt")):
        language = path.stem.split("-", 1)[0]
        out += [(language, t, x) for _, _, t, x in topics_articles.read_articles(path)]
    out += [(language, t, x) for _, language, _, t, x in topics.read_multilingual()]
    return out + read_news_file(ROOT / "benchmarks" / "data" / "language-news.txt")


def read_news_file(path: Path, *, declared: bool = False) -> list:
    """``[(language, title, text)]`` of a ``### <language> [declared=<code>]`` file (a title
    alone is an item); with ``declared``, ``[(language, title, text, declared code or None)]``."""
    out, current, lines = [], None, []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "### end"]:
        if line.startswith("### "):
            if current and lines:
                item = (current[0], lines[0], "\n".join(lines[1:]))
                out.append((*item, current[1]) if declared else item)
            head = line[4:].split()
            said = [w.split("=", 1)[1] for w in head[1:] if w.startswith("declared=")]
            current, lines = (head[0], said[0] if said else None), []
        elif current and line.strip() and not line.startswith("#"):
            lines.append(line.strip())
    return out


def _accuracy_line(name: str, pairs: list, profiles) -> None:
    """``pairs``: ``[(language, title, text)]`` or ``[(language, title, text, declared)]``;
    prints accuracy, errors and ms per item."""
    start = time.perf_counter()
    got = []
    for _language, title, text, *declared in pairs:
        said = declared[0] if declared else None
        found = detect_article(profiles, title, text, max_chars=SAMPLE_CHARS, declared=said)
        got.append(_label(found[0]))
    ms = (time.perf_counter() - start) * 1000 / max(1, len(pairs))
    right = sum(g == p[0] for g, p in zip(got, pairs))
    errors: dict = {}
    for g, p in zip(got, pairs):
        if g != p[0]:
            errors[f"{p[0]}->{g}"] = errors.get(f"{p[0]}->{g}", 0) + 1
    print(f"  {name:<44}{right:>6}/{len(pairs):<6}{right / max(1, len(pairs)):>8.4f}{ms:>9.2f} ms"
          f"  {' '.join(f'{k} {v}' for k, v in sorted(errors.items())) or 'no errors'}")  # fmt: skip


def report_news(folder: Path) -> None:
    profiles = make_detector_factory(0)
    samples = news_samples()
    print(f"news: the project's news samples and lingua text cut to news-lead length "
          f"({len(NEWS_LANGUAGES)} languages)")  # fmt: skip
    _accuracy_line(
        f"own news samples ({len({s[0] for s in samples})} languages)", samples, profiles
    )
    hard = read_news_file(ROOT / "benchmarks" / "data" / "language-news-hard.txt")
    _accuracy_line(f"hard news samples ({len({s[0] for s in hard})} languages)", hard, profiles)
    titles = [(language, title, "") for language, title, _ in hard]
    _accuracy_line("hard news samples, title only", titles, profiles)
    held = read_news_file(ROOT / "benchmarks" / "data" / "language-news-heldout.txt", declared=True)
    n_held = len({s[0] for s in held})
    _accuracy_line(f"held-out news ({n_held} languages), declared", held, profiles)
    _accuracy_line("held-out news, nothing declared", [s[:3] for s in held], profiles)
    short = [s for s in held if not s[2]]
    _accuracy_line("held-out news, headlines alone", [s[:3] for s in short], profiles)
    third = read_news_file(ROOT / "benchmarks" / "data" / "language-news-heldout3.txt")
    _accuracy_line(
        f"held-out headlines 3 ({len({s[0] for s in third})} languages)", third, profiles
    )
    for k in (1, 2, 3):
        pairs = []
        for language in NEWS_LANGUAGES:
            path = folder / f"{language}.txt"
            if not path.is_file():
                continue
            lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            pairs += [(language, lines[i], "\n".join(lines[i + 1 : i + k]))
                      for i in range(0, len(lines) - k + 1, k)]  # fmt: skip
        _accuracy_line(f"lingua, title + {k - 1} sentence(s)", pairs, profiles)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--per-language", type=int, default=100)
    parser.add_argument("--paragraph", type=int, default=10, help="sentences per paragraph")
    parser.add_argument("--articles", type=int, default=60, help="pages per language (0: none)")
    parser.add_argument("--news", action="store_true", help="also the news samples (see above)")
    args = parser.parse_args(argv)
    folder = Path(args.data) / "language" / "lingua" / "sentences"
    if not folder.is_dir():
        parser.error(f"no lingua sentences at {folder}: pass --data")
    factory = _langdetect_factory()
    languages = {_label(lang) for lang in factory.langlist}
    items = load_items(folder, args.per_language, args.paragraph, languages)
    print(
        f"lingua sentences: {len({label for label, _ in items['sentences']})} langdetect languages"
    )
    print(
        f"  {'items':<11} {'n':>6}  {'langdetect ms':>13}  {'newsbeam ms cold / warm':>23}  "
        f"{'speed-up':>8}  {'same lang+score':>15}  {'same probs':>10}  {'accuracy ld / nb':>16}"
    )
    for kind, pairs in items.items():
        labels = [label for label, _ in pairs]
        texts = [text for _, text in pairs]
        base, base_ms = _timed(_langdetect, texts, factory)
        profiles = make_detector_factory(0)  # fresh: its token cache starts empty
        cold, cold_ms = _timed(detect, texts, profiles)
        warm, warm_ms = _timed(detect, texts, profiles)
        assert cold == warm
        same = sum(b[0] == n for b, n in zip(base, cold))
        full = sum(b[1] == _newsbeam_full(profiles, t) for b, t in zip(base, texts))
        acc_ld = sum(_label(b[0][0]) == y for b, y in zip(base, labels)) / len(labels)
        acc_nb = sum(_label(n[0]) == y for n, y in zip(cold, labels)) / len(labels)
        print(
            f"  {kind:<11} {len(texts):>6}  {base_ms:>13.3f}  {cold_ms:>11.3f} / {warm_ms:<9.3f}  "
            f"{base_ms / cold_ms:>7.2f}x  {same:>7} / {len(texts):<5}  {full:>10}  "
            f"{acc_ld:>7.4f} / {acc_nb:.4f}"
        )
    if args.articles:
        report_articles(folder, args.articles)
    if args.news:
        report_news(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
