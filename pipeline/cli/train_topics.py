"""`newsbeam train-topics`: fit the naive Bayes topic model on labelled articles, report k-fold CV."""

import argparse
import csv
import json
import os
import sys
from pathlib import Path
from typing import Optional

from pipeline.cli.args import UsageError, check_extra_args
from pipeline.cli.usage import Parser
from pipeline.config.settings import ConfigError
from transforms.topics.lexicon import base_language
from transforms.topics.model import (
    cross_validate,
    models_file_text,
    models_id,
    train_naive_bayes,
)
from transforms.topics.taxonomy import load_taxonomy

__all__ = ["read_labelled", "train_topics_main"]


def _rows(path: str, handle) -> tuple:
    """``(columns, [(line number, row dict), ...])`` of a CSV (header row) or JSON Lines file;
    a line that is no JSON object raises ValueError naming the file and line."""
    if Path(path).suffix.lower() not in (".jsonl", ".json"):
        reader = csv.DictReader(handle)
        rows = [(n, row) for n, row in enumerate(reader, 2)]
        return set(reader.fieldnames or ()), rows
    rows = []
    for n, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc})") from None
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{n}: each line must be a JSON object, not {row!r:.40}")
        rows.append((n, row))
    return (set(rows[0][1]) if rows else set()), rows


def read_labelled(
    path: str, *, label: str, title: str, text: str, language: Optional[str] = None
) -> tuple:
    """``([(title, text), ...], [label, ...])`` from a CSV (header row) or JSON Lines file;
    with ``language`` (a column name), a third list: each item's language (``zh-CN`` -> ``zh``).
    A file that is no UTF-8, a line that is no JSON object, a row without the label or text,
    raise ValueError naming the file (and line): they were tracebacks."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            columns, rows = _rows(path, fh)
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    needed = {label, text, *([language] if language else [])}
    if needed - columns:
        raise ValueError(
            f"{path}: no column {sorted(needed - columns)} (columns: {sorted(columns)})"
        )
    if not rows:
        raise ValueError(f"{path}: no labelled rows, only the header")
    for n, row in rows:
        if row.get(label) is None or row.get(text) is None:
            raise ValueError(f"{path}:{n}: no {label!r} or no {text!r} in this row")
    items = [(r.get(title) or "", r.get(text) or "") for _, r in rows]
    labels = [str(r[label]) for _, r in rows]
    if language:
        return items, labels, [base_language(str(r.get(language) or "")) or "und" for _, r in rows]
    return items, labels


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="newsbeam train-topics",
        description="Train a naive Bayes topic model on labelled articles (CSV or JSON Lines).",
        allow_abbrev=False,
    )
    parser.add_argument(
        "input", nargs="?", help="labelled file: CSV with a header row, or .jsonl (or --data)"
    )
    parser.add_argument("--data", help="the labelled file (same as the positional argument)")
    parser.add_argument(
        "--out",
        "--output",
        dest="output",
        help="write the model file here (use it as topics.model)",
    )
    parser.add_argument(
        "--taxonomy",
        help="taxonomy YAML the labels come from (default: packaged IPTC Media Topics)",
    )
    parser.add_argument(
        "--any-labels",
        action="store_true",
        help="accept labels that are not codes of the taxonomy (the model cannot be used by 'newsbeam run')",
    )
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--title-column", default="title")
    parser.add_argument("--text-column", default="text")
    parser.add_argument(
        "--language-column",
        help="train one model per language found in this column (each used for articles in "
        "that language only); without it, one model for every language",
    )
    parser.add_argument("--folds", type=int, default=5, help="k-fold cross-validation (0: none)")
    parser.add_argument("--alpha", type=float, default=0.5, help="additive smoothing")
    parser.add_argument("--min-count", type=int, default=2, help="keep words in >= N items")
    return parser


def train_topics_main(argv: Optional[list] = None) -> int:
    """Run the subcommand; returns the exit status (0 ok, 2 bad input)."""
    parser = _parser()
    args, extras = parser.parse_known_args(argv)
    try:
        check_extra_args(extras, parser, command="train-topics")
    except UsageError as exc:
        parser.error(str(exc))
    data = args.data or args.input
    if not data:
        parser.error("give the labelled file: --data FILE")
    problem = _output_problem(args.output)
    if problem:  # before the training, which may take long, not after it
        print(f"newsbeam train-topics: {problem}", file=sys.stderr)
        return 2
    try:
        read = read_labelled(
            data,
            label=args.label_column,
            title=args.title_column,
            text=args.text_column,
            language=args.language_column,
        )
        taxonomy = load_taxonomy(args.taxonomy)
    except (OSError, ValueError, ConfigError) as exc:
        print(f"newsbeam train-topics: {exc}", file=sys.stderr)
        return 2
    items, labels = read[0], read[1]
    unknown = sorted(set(labels) - set(taxonomy.codes))
    if unknown and not args.any_labels:
        print(
            f"newsbeam train-topics: labels {unknown[:5]} are not codes of {taxonomy.name!r} "
            f"(e.g. {taxonomy.codes[0]}); map your labels to its codes, or pass --any-labels",
            file=sys.stderr,
        )
        return 2
    groups = _groups(items, labels, read[2] if args.language_column else None)
    options = {"alpha": args.alpha, "min_count": args.min_count}
    print(f"{len(items)} items, {len(set(labels))} labels")
    meta = {"data": Path(data).name, "items": len(items), "labels": sorted(set(labels))}
    meta.update(options)
    meta["taxonomy_version"] = taxonomy.version
    models, skipped = {}, []
    for language, (group_items, group_labels) in groups.items():
        if len(set(group_labels)) < 2 or len(group_items) < max(2, args.folds):
            skipped.append(
                f"{language} ({len(group_items)} items, {len(set(group_labels))} labels)"
            )
            continue
        models[language] = _train(group_items, group_labels, language, args, options, meta)
    if skipped:
        print(f"not trained (need two labels and one item per fold): {', '.join(skipped)}")
    if not models:
        print(
            "newsbeam train-topics: need at least two labels and one item per fold", file=sys.stderr
        )
        return 2
    if args.output:
        meta["languages"] = sorted(models)
        try:
            Path(args.output).write_text(models_file_text(models, meta=meta), encoding="utf-8")
        except OSError as exc:  # a full disk: one line, no traceback
            print(f"newsbeam train-topics: cannot write {args.output}: {exc}", file=sys.stderr)
            return 1
        words = sum(len(m.vocabulary) for m in models.values())
        print(
            f"model: {args.output} ({models_id(models)}, {words} words, languages {sorted(models)})"
        )
        print(f"use it: newsbeam run ... with `topics: {{model: {args.output}}}` in your config")
    return 0


def _output_problem(output: Optional[str]) -> Optional[str]:
    """What keeps ``--out`` from being written, or None; its missing folders are made, as
    ``report --to`` makes them. A folder, or a folder that cannot be made, was a traceback
    (exit 1) once the training had run."""
    if not output:
        return None
    path = Path(output)
    if path.is_dir():
        return f"--out {output} is a folder: give a file path, e.g. --out {path / 'model.json'}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"--out {output}: its folder cannot be made ({exc}); give a path you may write"
    if not os.access(path.parent, os.W_OK):
        return (
            f"--out {output}: its folder {path.parent} is not writable; give a path you may write"
        )
    return None


def _groups(items: list, labels: list, languages: Optional[list]) -> dict:
    """``{language: (items, labels)}``; one group ``*`` (any language) without languages."""
    if languages is None:
        return {"*": (items, labels)}
    groups: dict = {}
    for item, label, language in zip(items, labels, languages):
        group = groups.setdefault(language, ([], []))
        group[0].append(item)
        group[1].append(label)
    return dict(sorted(groups.items()))


def _train(items: list, labels: list, language: str, args, options: dict, meta: dict):
    """One model, after its k-fold CV (printed, and kept in ``meta``)."""
    name = "" if language == "*" else f"[{language}] "
    if args.folds > 1:
        scores = cross_validate(items, labels, folds=args.folds, **options)
        mean = sum(scores) / len(scores)
        meta["cv_folds"] = args.folds
        key = "cv_macro_f1" if language == "*" else f"cv_macro_f1_{language}"
        meta[key] = round(mean, 4)
        print(
            f"{name}{args.folds}-fold CV macro-F1: {mean:.3f} "
            f"(folds: {', '.join(f'{s:.3f}' for s in scores)})"
        )
    return train_naive_bayes(items, labels, **options)
