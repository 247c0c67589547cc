"""Cost of matching German compounds by their last part: the same articles classified with the
German lexicon's compound matching off and on, alternated in one process (a cold word cache each
time), ms per article. Written German sets, and the real German pages of
``benchmarks/data/topics-news-pages.tsv`` when DATA (default ../shared/data) is there.

    python benchmarks/topics_compounds.py [DATA] [--rounds 3]
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from topics_articles import ARTICLES, read_articles  # noqa: E402
from topics_news import NEWS_PAGES, labelled  # noqa: E402

from transforms.topics.classify import build_index, classify  # noqa: E402
from transforms.topics.taxonomy import load_taxonomy  # noqa: E402


def ms_per_article(taxonomy, items: list, compounds: bool) -> float:
    index = build_index(taxonomy, "de")
    index.compounds = compounds
    start = time.perf_counter()
    for title, text in items:
        classify(title, text, taxonomy=taxonomy, index=index, language="de")
    return (time.perf_counter() - start) * 1000 / max(1, len(items))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    taxonomy = load_taxonomy()
    sets = {
        "written de (test, hard, harddev)": [
            item[-2:]
            for split in ("test", "hard", "harddev")
            for item in read_articles(ARTICLES / f"de-{split}.txt")
        ]
    }
    data = Path(args.data)
    if (data / "extraction" / "trafilatura-eval").is_dir():
        sets["real pages de"] = [
            (title, text) for _, lang, _, title, text in labelled(data, NEWS_PAGES) if lang == "de"
        ]
    for name, items in sets.items():
        off, on = [], []
        for _ in range(args.rounds):
            off.append(ms_per_article(taxonomy, items, False))
            on.append(ms_per_article(taxonomy, items, True))
        print(
            f"{name} ({len(items)}): without compounds "
            + " ".join(f"{v:.2f}" for v in off)
            + " | with "
            + " ".join(f"{v:.2f}" for v in on)
            + " ms/article"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
