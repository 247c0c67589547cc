"""A lexicon change on the real pages of one language: the primary topic before and after, in one
run, with every page whose topic moved listed by title (to read by hand: these pages have no gold).

Before is the taxonomy file of an earlier commit, for instance:

    git archive HEAD configs | tar -x -C /tmp/before
    python benchmarks/topics_lexicon_pages.py /tmp/before/configs/taxonomy/iptc-mediatopics.yaml \
        --language pl [DATA]

The pages are the 990 of trafilatura's evaluation set (``DATA/extraction/trafilatura-eval/html``)
that newsbeam's extractor finds an article in, their language from ``detect_article``; topics at
the pipeline's defaults (``MIN_PRIMARY``, the margin rule as configured by default).
"""

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import topics_real  # noqa: E402

from transforms.topics.classify import MIN_PRIMARY, classify  # noqa: E402
from transforms.topics.taxonomy import load_taxonomy  # noqa: E402


def primary(taxonomy, language: str, title, text) -> str:
    found = classify(title, text, taxonomy=taxonomy, language=language, min_primary=MIN_PRIMARY)
    return found[0].label.split(",")[0] if found else "(none)"


def compare(before, after, items: list) -> tuple:
    """``(Counter before, Counter after, [(title, before, after)] of the pages that moved)``
    for ``items`` = ``[(language, title, text)]``."""
    counts = (collections.Counter(), collections.Counter())
    moved = []
    for language, title, text in items:
        old, new = primary(before, language, title, text), primary(after, language, title, text)
        counts[0][old] += 1
        counts[1][new] += 1
        if old != new:
            moved.append((title, old, new))
    return counts[0], counts[1], moved


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the earlier taxonomy file (its lexicons beside it)")
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--language", required=True, help="detected language of the pages")
    args = parser.parse_args(argv)
    from transforms.language.detect import detect_article, shared_detector_factory

    folder = Path(args.data) / "extraction" / "trafilatura-eval" / "html"
    profiles = shared_detector_factory(0)
    items = []
    for title, text in topics_real.pages(folder, 10_000):
        if detect_article(profiles, title, text)[0] == args.language:
            items.append((args.language, title, text))
    old, new, moved = compare(load_taxonomy(args.before), load_taxonomy(), items)
    print(f"{args.language} pages with an article: {len(items)}")
    print(f"  with a topic: {len(items) - old['(none)']} -> {len(items) - new['(none)']}")
    for label in sorted(set(old) | set(new), key=lambda k: -new[k]):
        print(f"  {label:<28} {old[label]:>3} -> {new[label]:>3}")
    print(f"moved: {len(moved)}")
    for title, before, after in moved:
        print(f"  {(title or '')[:70]}: {before} -> {after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
