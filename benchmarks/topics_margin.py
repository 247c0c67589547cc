"""The primary-topic rule before and after the margin rule, on every labelled set, in one run.

Before: the best topic is given when its score (its share of all the evidence, discounted when
thin) reaches the language's threshold. After: also when it is a ``clear_leader`` (its evidence
at least ``MARGIN`` times the runner-up's and at least ``MARGIN_EVIDENCE``). For every set the
other benchmarks read (the written article sets, the labelled real pages and feed entries, the
second German/French labelling, the publishers' sections, the multilingual items, AG's News
mapped to its four classes as ``topics.py`` maps it), per split: macro-F1, coverage and
per-class precision before -> after. Then the 990 pages of trafilatura's evaluation set (no
gold): how many get a topic, per detected language, and the titles newly given one.

    python benchmarks/topics_margin.py [DATA] [--new 40]
"""

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import topics  # noqa: E402
import topics_articles  # noqa: E402
import topics_labelled  # noqa: E402
import topics_news  # noqa: E402
import topics_real  # noqa: E402
import topics_sections  # noqa: E402

from transforms.topics.classify import MARGIN, MIN_PRIMARY, classify, lexicon_language  # noqa: E402
from transforms.topics.taxonomy import load_taxonomy  # noqa: E402

NONE = topics.NONE


def labelled_sets(data: Path) -> dict:
    """``{(set, split): [(language, gold, title, text)]}`` of every labelled set."""
    sets = collections.defaultdict(list)
    for path in sorted(topics_articles.ARTICLES.glob("*.txt")):
        language, split = path.stem.split("-", 1)
        for _, section, title, text in topics_articles.read_articles(path):
            gold = topics_articles.SECTION_CODE[section]
            sets[(f"articles {language}", split)].append((language, gold, title, text))
    entries = topics_labelled.feed_entries(data)
    mapping = topics_sections.read_mapping()
    sources = {
        "pages": topics_labelled.page_items(data),
        "feeds": topics_labelled.feed_items(entries),
        "news pages": topics_news.labelled(data, topics_news.NEWS_PAGES),
        "sections": topics_sections.page_items(data, mapping)
        + topics_sections.feed_items(data, mapping),
        "multilingual": topics.read_multilingual(),
    }
    for name, items in sources.items():
        for split, language, gold, title, text in items:
            key = (name if name == "multilingual" else f"{name} {language}", split)
            sets[key].append((language, gold, title, text))
    for gold, title, text in topics.read_ag(data / "topics" / "ag-news" / "test.csv", 0):
        sets[("AG's News", "test")].append(("en", gold, title, text))
    return sets


def primary(taxonomy, language, title, text, margin: float) -> str:
    found = classify(
        title, text, taxonomy=taxonomy, language=language, min_primary=MIN_PRIMARY, margin=margin
    )
    return found[0].code if found else NONE


def compare(taxonomy, name: str, items: list) -> None:
    gold = [g for _, g, _, _ in items]
    runs = []
    for margin in (0.0, MARGIN):
        pred = [primary(taxonomy, lang, title, text, margin) for lang, _, title, text in items]
        if name.startswith("AG"):
            pred = [p if p == NONE else topics.AG_CLASS.get(p, "World") for p in pred]
        runs.append(topics_articles.scored(gold, pred, 0.0))
    before, after = runs
    changed = sum(b != a for b, a in zip(before["pred"], after["pred"]))
    print(
        f"{name:<34} {len(items):>5}  macro-F1 {before['macro']:.3f} -> {after['macro']:.3f}  "
        f"coverage {before['coverage']:.3f} -> {after['coverage']:.3f}  changed {changed}"
    )
    moved = [
        f"{c.split(':')[-1][:2] if ':' in c else c} {before['scores'][c][0]:.3f}->"
        f"{after['scores'][c][0]:.3f}"
        for c in before["classes"]
        if before["scores"][c][0] != after["scores"][c][0]
    ]
    if moved:
        print("      precision " + ", ".join(moved))


def real_pages(taxonomy, data: Path, new: int) -> None:
    """Topic coverage on the 990 real pages, language from ``detect_article``."""
    from transforms.language.detect import detect_article, shared_detector_factory

    folder = data / "extraction" / "trafilatura-eval" / "html"
    items = topics_real.pages(folder, 10_000)
    profiles = shared_detector_factory(0)
    counts = collections.defaultdict(lambda: [0, 0, 0])
    newly = []
    for title, text in items:
        language = detect_article(profiles, title, text)[0]
        if lexicon_language(taxonomy, language) is None:
            continue
        before, after = (primary(taxonomy, language, title, text, m) for m in (0.0, MARGIN))
        row = counts[language]
        row[0] += 1
        row[1] += before != NONE
        row[2] += after != NONE
        if before != after:
            newly.append((language, after, title))
    total = [sum(r[i] for r in counts.values()) for i in range(3)]
    print(
        f"\nReal pages with an article, in a covered language: {total[0]}; with a topic "
        f"{total[1]} -> {total[2]}"
    )
    for language, (n, b, a) in sorted(counts.items(), key=lambda kv: -kv[1][0]):
        print(f"  {language:<6} {n:>4}: {b} -> {a}")
    short = {t.code: t.label.split(",")[0] for t in taxonomy.topics}
    for language, code, title in newly[:new]:
        print(f"    new: [{language}] {(title or '')[:70]} -> {short.get(code, code)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--new", type=int, default=40, help="newly labelled real pages listed")
    args = parser.parse_args(argv)
    data = Path(args.data)
    taxonomy = load_taxonomy()
    print(f"Margin rule: leader >= {MARGIN} x runner-up (0 before); min_primary {MIN_PRIMARY}\n")
    for (name, split), items in sorted(labelled_sets(data).items()):
        covered = [it for it in items if lexicon_language(taxonomy, it[0]) is not None]
        if covered:
            compare(taxonomy, f"{name} {split}", covered)
    real_pages(taxonomy, data, args.new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
