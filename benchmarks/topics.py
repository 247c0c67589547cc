"""Topic benchmark: the IPTC lexicon classifier on AG's News (test split), without training on it.

AG's four classes are coarser than IPTC's 17 top-level topics, so the predicted primary topic is
mapped to an AG class by a fixed rule decided from the class names alone (see AG_CLASS):
Sports <- sport; Business <- economy, business and finance and labour; Sci/Tech <- science and
technology, health and environment (research news); World <- every other topic (politics,
conflict, disaster, crime, society, religion, weather, ...). An item with no topic counts as
wrong. Baselines in the same run: the same classifier whose only terms are the IPTC labels'
own words, and "always World".

Speed: ms per item on AG (title + one sentence) and ms per article on the seeds (full texts).

Supervised path (optional): k-fold CV of the naive Bayes model (transforms/topic_model.py) on
the same items, trained on AG folds: a separate figure, not the lexicon's.

    python benchmarks/topics.py [DATA] [--limit N] [--taxonomy PATH] [--folds 5]
"""

import argparse
import csv
import html
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.taxonomy import load_taxonomy  # noqa: E402
from transforms.classify_topics import Taxonomy, Topic, build_index, classify  # noqa: E402
from transforms.topic_model import cross_validate  # noqa: E402

CLASSES = ("World", "Sports", "Business", "Sci/Tech")  # labels 1..4 in classes.txt
AG_CLASS = {
    "medtop:15000000": "Sports",
    "medtop:04000000": "Business",
    "medtop:09000000": "Business",
    "medtop:13000000": "Sci/Tech",
    "medtop:07000000": "Sci/Tech",
    "medtop:06000000": "Sci/Tech",
}  # every other code -> World
NONE = "(none)"
_NUMERIC_ENTITY = re.compile(r"#(\d{2,4});")
_TAG = re.compile(r"<[^>]{0,200}>")


def fix_escaping(text: str) -> str:
    """Undo AG's artefacts: ``\\`` for newlines, ``#39;`` / `` quot;`` entities, escaped tags."""
    text = text.replace("\\n", " ").replace("\\", " ")
    text = _NUMERIC_ENTITY.sub(lambda m: chr(int(m.group(1))), text)
    text = re.sub(r"(?<![&\w])(quot|amp|lt|gt);", r"&\1;", text)
    text = html.unescape(html.unescape(text))
    text = _TAG.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def read_ag(path: Path, limit: int, seed: int = 0) -> list:
    """``[(gold_class, title, description)]``; with a limit, a seeded sample balanced by class."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [
            (CLASSES[int(r["label"]) - 1], fix_escaping(r["title"]), fix_escaping(r["description"]))
            for r in csv.DictReader(fh)
        ]
    if limit and limit < len(rows):
        rows = random.Random(seed).sample(rows, limit)
    return rows


def labels_only(taxonomy: Taxonomy) -> Taxonomy:
    """The baseline: each topic's terms are the words of its own IPTC label."""
    stop = {"and", "of", "the"}
    topics = tuple(
        Topic(
            t.code, t.label, tuple((w, 1.0) for w in re.findall(r"\w+", t.label) if w not in stop)
        )
        for t in taxonomy.topics
    )
    return Taxonomy(name="labels-only", version="0", topics=topics)


def predict(rows: list, taxonomy: Taxonomy) -> tuple:
    index = build_index(taxonomy)
    out = []
    start = time.perf_counter()
    for _, title, text in rows:
        topics = classify(title, text, taxonomy=taxonomy, index=index)
        out.append(AG_CLASS.get(topics[0].code, "World") if topics else NONE)
    return out, (time.perf_counter() - start) * 1000 / max(1, len(rows))


def scores(gold: list, pred: list) -> dict:
    f1 = {}
    for c in CLASSES:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        f1[c] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    f1["macro"] = sum(f1[c] for c in CLASSES) / len(CLASSES)
    f1["accuracy"] = sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold))
    return f1


def print_confusion(gold: list, pred: list) -> None:
    cols = (*CLASSES, NONE)
    print(f"  {'gold / predicted':<18}" + "".join(f"{c:>10}" for c in cols))
    for g in CLASSES:
        counts = [sum(1 for a, b in zip(gold, pred) if a == g and b == c) for c in cols]
        print(f"  {g:<18}" + "".join(f"{n:>10}" for n in counts))


def seed_speed(taxonomy: Taxonomy, repeat: int = 50) -> float:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    index = build_index(taxonomy)
    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            title, _, body = text.strip().partition("\n")
            classify(title, body, taxonomy=taxonomy, index=index)
    return (time.perf_counter() - start) * 1000 / (repeat * len(texts))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--limit", type=int, default=0, help="seeded sample of N items (0: all)")
    parser.add_argument("--taxonomy", default=None, help="taxonomy YAML (default: packaged)")
    parser.add_argument("--folds", type=int, default=5, help="k-fold CV of the supervised path")
    args = parser.parse_args(argv)
    rows = read_ag(Path(args.data) / "topics" / "ag-news" / "test.csv", args.limit)
    gold = [r[0] for r in rows]
    taxonomy = load_taxonomy(args.taxonomy)
    runs = {
        "always World": (["World"] * len(rows), 0.0),
        "IPTC labels only": predict(rows, labels_only(taxonomy)),
        f"lexicon {taxonomy.version}": predict(rows, taxonomy),
    }
    print(f"AG's News test split: {len(rows)} items (title + description), no training on it\n")
    print(f"  {'classifier':<44}{'macro-F1':>9}{'acc':>7}" + "".join(f"{c:>10}" for c in CLASSES)
          + f"{'ms/item':>9}")  # fmt: skip
    for name, (pred, ms) in runs.items():
        f = scores(gold, pred)
        print(
            f"  {name:<44}{f['macro']:>9.3f}{f['accuracy']:>7.3f}"
            + "".join(f"{f[c]:>10.3f}" for c in CLASSES)
            + f"{ms:>9.3f}"
        )
    print(f"\nConfusion matrix, lexicon {taxonomy.version}:")
    print_confusion(gold, runs[f"lexicon {taxonomy.version}"][0])
    print(f"\nSpeed on the seed articles (full texts): {seed_speed(taxonomy):.3f} ms/article")
    if args.folds > 1:
        start = time.perf_counter()
        cv = cross_validate([(t, d) for _, t, d in rows], gold, folds=args.folds)
        print(
            f"\nSupervised path (train-topics, naive Bayes), {args.folds}-fold CV on these items: "
            f"macro-F1 {sum(cv) / len(cv):.3f} (folds {', '.join(f'{x:.3f}' for x in cv)}; "
            f"{time.perf_counter() - start:.1f} s). Trained on AG itself: not comparable with the "
            "zero-shot lexicon above."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
