"""Hand labels of page paragraphs for the boilerplate filter, and the full-body proxy score.

    python benchmarks/paragraph_labels.py show --half a --pages 30 [--seed 1] [--cache FILE]
    python benchmarks/paragraph_labels.py add JUDGMENTS [--cache FILE]

Labels live in ``benchmarks/data/boilerplate_labels.tsv``: one row per judged paragraph,
``page`` (a hash of the page URL), ``para`` (a hash of the paragraph's whitespace-collapsed,
casefolded text), ``label`` (``b`` boilerplate, ``c`` article text) and ``half``. No text of
the pages is stored: the labels are matched to the corpus by hashing it again.

A judged page has every candidate the filter scores labelled (the extracted paragraphs and
the ones left out between them), so its labelled ``c`` paragraphs in page order are the body
as the annotator reads it: the full-body proxy scores a text against that body with the
token 4-gram precision and recall a full-body gold is scored with, averaged per page.

``show`` prints sampled pages' candidates with a number each (for the annotator, not kept);
``add`` reads judgments written as ``<page> b <numbers...>`` lines (the boilerplate ones;
every other candidate of the page is article text), or ``<page> b-only|c-only <numbers...>``
(just those candidates), and appends them to the labels file; ``missing`` lists the
candidates of judged pages that have no label (after a change of what the filter scores).
"""

import argparse
import csv
import hashlib
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

LABELS = ROOT / "benchmarks" / "data" / "boilerplate_labels.tsv"
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_LIST_MARK = re.compile(r"^\s*[-•*]\s+")


def page_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def para_hash(text: str) -> str:
    text = _LIST_MARK.sub("", text)
    return hashlib.sha1(_SPACE.sub(" ", text).strip().casefold().encode("utf-8")).hexdigest()[:12]


def load_labels(path: Path = LABELS) -> dict:
    """(page, para) -> 1 boilerplate / 0 article text."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return {(r["page"], r["para"]): int(r["label"] == "b") for r in rows}


def candidates(plan) -> list:
    """(position, text) of what the filter scores, in page order: each extracted line found in
    the page (lines not found, such as table rows, are left out: the filter keeps them) and
    each paragraph left out between them."""
    found = [(p, line) for line, p in zip(plan.lines, plan.positions) if p is not None]
    return sorted(found + list(plan.gaps.items()), key=lambda pt: pt[0])


def judged_body(page: dict, labels: dict):
    """The annotator's body of a judged page (its ``c`` candidates in order), else None."""
    pid = page_id(page["url"])
    cands = candidates(page["plan"])
    marks = [labels.get((pid, para_hash(t))) for _, t in cands]
    if not cands or any(m is None for m in marks):
        return None
    return "\n\n".join(t for (_, t), m in zip(cands, marks) if m == 0)


def unjudged(pages: list, labels: dict) -> list:
    """(page id, number, text) of the candidates of judged pages that have no label yet."""
    judged = {pid for pid, _ in labels}
    out = []
    for page in pages:
        pid = page_id(page["url"])
        if pid in judged:
            for i, (_, text) in enumerate(candidates(page["plan"])):
                if (pid, para_hash(text)) not in labels:
                    out.append((pid, i, text))
    return out


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text.casefold())
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def body_prf(text: str, body: str) -> tuple:
    """Token 4-gram precision, recall, F1 of ``text`` against ``body``."""
    got, want = _shingles(text), _shingles(body)
    common = sum((got & want).values())
    p = common / max(1, sum(got.values())) if got else float(not want)
    r = common / max(1, sum(want.values())) if want else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def mean_prf(rows: list) -> tuple:
    n = max(1, len(rows))
    return tuple(sum(r[i] for r in rows) / n for i in range(3))


def _pages(cache):
    import train_boilerplate as tb  # noqa: PLC0415 (heavy: trafilatura)

    pages = tb.load_pages(cache)
    tb.add_plans(pages)
    return pages


def show(pages: list, half: str, count: int, seed: int) -> None:
    pool = [p for p in pages if p["half"] == half and len(candidates(p["plan"])) >= 4]
    done = {pid for pid, _ in load_labels()}
    pool = [p for p in pool if page_id(p["url"]) not in done]
    for page in random.Random(seed).sample(pool, min(count, len(pool))):
        print(f"=== {page_id(page['url'])} {page['url']}\n    title: {page['title']}")
        for i, (pos, text) in enumerate(candidates(page["plan"])):
            kept = "K" if pos not in page["plan"].gaps else "-"
            el = page["plan"].features[pos]
            tag = "".join(k[4:] for k, v in el.items() if k.startswith("tag_") and v)
            print(f"{i:3} {kept} {tag:5} {text[:220]!r}")


def add(pages: list, judgments: Path) -> int:
    by_id = {page_id(p["url"]): p for p in pages}
    rows = []
    for line in judgments.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pid, kind, *numbers = line.split()
        marked = {int(n) for n in numbers}
        page = by_id[pid]
        for i, (_, text) in enumerate(candidates(page["plan"])):
            if kind == "b":  # the numbers are boilerplate, every other candidate article text
                rows.append((pid, para_hash(text), "b" if i in marked else "c", page["half"]))
            elif i in marked:  # "b-only" / "c-only": just the numbered candidates
                rows.append((pid, para_hash(text), kind[0], page["half"]))
    table = {}
    if LABELS.exists():
        with LABELS.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                table[r["page"], r["para"]] = (r["label"], r["half"])
    for pid, para, mark, half in rows:  # a later judgment replaces an earlier one
        table[pid, para] = (mark, half)
    with LABELS.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(("page", "para", "label", "half"))
        writer.writerows((*key, *value) for key, value in sorted(table.items()))
    return len(rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("show", "add", "missing"))
    parser.add_argument("judgments", nargs="?", type=Path)
    parser.add_argument("--half", choices=("a", "b"), default="a")
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args(argv)
    pages = _pages(args.cache)
    if args.command == "show":
        show(pages, args.half, args.pages, args.seed)
    elif args.command == "missing":
        for pid, i, text in unjudged(pages, load_labels()):
            print(pid, i, repr(text[:160]))
    else:
        print(f"{add(pages, args.judgments)} labels written to {LABELS}")


if __name__ == "__main__":
    main()
