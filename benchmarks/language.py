"""Language benchmark: newsbeam's detection against langdetect itself, same items, same run.

    python benchmarks/language.py [--data PATH] [--per-language 100] [--paragraph 10]

Items: the lingua test sentences (``<data>/language/lingua/sentences``, one file per language,
the file name is the label; ``--data`` defaults to ../shared/data). Only the languages
langdetect knows are used (49 of lingua's 75, plus ``zh`` for langdetect's zh-cn/zh-tw; lingua's
nb/nn are not langdetect's ``no``). Per language: ``--per-language`` single sentences, and as many
"paragraphs" of ``--paragraph`` consecutive sentences cut to 2,000 characters (the size of
newsbeam's language sample, ``language.sample_chars``).

Systems, each over the same items with the same seed (0):
- ``langdetect``: its own ``DetectorFactory``/``Detector`` (the baseline), profiles loaded in
  file-name order as newsbeam loads them, so even the full probability lists must be equal;
- ``newsbeam``: ``transforms.detect_language.detect`` (transforms/langdetect_fast.py), timed on
  a fresh instance (its token cache cold) and again (warm).

Prints ms per item for each, the speed-up, how many items get the same language and 4-decimal
score from both (what newsbeam keeps), how many the same probability for every language, and the
accuracy of each against the file's language. About a minute with the defaults.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.detect_language import (  # noqa: E402
    detect,
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
    from transforms.langdetect_fast import NoFeatures

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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--per-language", type=int, default=100)
    parser.add_argument("--paragraph", type=int, default=10, help="sentences per paragraph")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
