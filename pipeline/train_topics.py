"""`newsbeam train-topics`: fit the naive Bayes topic model on labelled articles, report k-fold CV."""

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Optional

from transforms.topic_model import cross_validate, train_naive_bayes

__all__ = ["read_labelled", "train_topics_main"]


def read_labelled(path: str, *, label: str, title: str, text: str) -> tuple[list, list]:
    """``([(title, text), ...], [label, ...])`` from a CSV (header row) or JSON Lines file."""
    p = Path(path)
    with p.open(encoding="utf-8", newline="") as fh:
        if p.suffix.lower() in (".jsonl", ".json"):
            rows = [json.loads(line) for line in fh if line.strip()]
        else:
            rows = list(csv.DictReader(fh))
    missing = {label, text} - set(rows[0] if rows else {})
    if missing:
        raise ValueError(
            f"{path}: no column {sorted(missing)} (columns: {sorted(rows[0]) if rows else []})"
        )
    items = [(r.get(title) or "", r.get(text) or "") for r in rows]
    return items, [str(r[label]) for r in rows]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbeam train-topics",
        description="Train a naive Bayes topic model on labelled articles (CSV or JSON Lines).",
    )
    parser.add_argument("input", help="labelled file: CSV with a header row, or .jsonl")
    parser.add_argument("--output", help="write the model here as JSON (default: do not write)")
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--title-column", default="title")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--folds", type=int, default=5, help="k-fold cross-validation (0: none)")
    parser.add_argument("--alpha", type=float, default=0.5, help="additive smoothing")
    parser.add_argument("--min-count", type=int, default=2, help="keep words in >= N items")
    return parser


def train_topics_main(argv: Optional[list] = None) -> int:
    """Run the subcommand; returns the exit status (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        items, labels = read_labelled(
            args.input, label=args.label_column, title=args.title_column, text=args.text_column
        )
    except (OSError, ValueError) as exc:
        print(f"newsbeam train-topics: {exc}", file=sys.stderr)
        return 2
    if len(set(labels)) < 2 or len(items) < max(2, args.folds):
        print(
            "newsbeam train-topics: need at least two labels and one item per fold", file=sys.stderr
        )
        return 2
    options = {"alpha": args.alpha, "min_count": args.min_count}
    print(f"{len(items)} items, {len(set(labels))} labels")
    if args.folds > 1:
        scores = cross_validate(items, labels, folds=args.folds, **options)
        mean = sum(scores) / len(scores)
        print(
            f"{args.folds}-fold CV macro-F1: {mean:.3f} (folds: {', '.join(f'{s:.3f}' for s in scores)})"
        )
    if args.output:
        model = train_naive_bayes(items, labels, **options)
        Path(args.output).write_text(model.to_json(), encoding="utf-8")
        print(f"model: {args.output} ({len(model.vocabulary)} words)")
    return 0
