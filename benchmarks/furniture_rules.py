"""Calls to act and photo captions as sure boilerplate (transforms/extract/furniture.py):
snippet P / R / F1 of the filtered text per half, with each rule set and threshold, and the
`without` / `with` snippets each rule takes out.

    python benchmarks/furniture_rules.py --cache FILE [--list a|b] [--sample N]
    python benchmarks/furniture_rules.py --survive

``--survive`` checks the article sentences the rules must leave alone
(``benchmarks/data/furniture-survive.tsv``: a review's findings and more of their kinds, in
en, de, fr, es, it, pl, nl): it prints each one a rule takes and exits 1 if there is any.

Pages and cache as in train_boilerplate.py (the extraction with the filter off). The rules are
chosen on half a; half b is only scored. Half b is scored only with ``--heldout``. ``--list`` prints, for one half, every snippet a rule
removes (``-without`` a false positive gone, ``-with`` article text lost) and ``--sample`` N
lines each rule takes that hold no snippet (to read what else it removes).
"""

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import Score  # noqa: E402
from train_boilerplate import flat, load_pages  # noqa: E402

from transforms.core.words import count_words  # noqa: E402
from transforms.extract.boilerplate import MODEL_PATH, BoilerplateModel, assemble, linked  # noqa: E402
from transforms.extract.furniture import caption, furniture_reason  # noqa: E402
from transforms.extract.html import parse_html  # noqa: E402
from transforms.extract.paragraphs import PageIndex, plan_paragraphs  # noqa: E402

SURVIVE = ROOT / "benchmarks" / "data" / "furniture-survive.tsv"
_THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5)
_SETS = {
    "none": (),
    "call": ("call",),
    "caption text": ("credit",),
    "caption element": ("element",),
    "caption (both)": ("credit", "element"),
    "call + caption (both)": ("call", "credit", "element"),
    "call + caption text": ("call", "credit"),
}


def kinds(index, plan) -> dict:
    """Candidate position -> the set of rules it meets: call, credit (a caption by its text),
    element (a caption by its element); captions as ``plan.sure`` keeps them (gallery guard)."""
    out = {}
    for pos, reason in plan.sure.items():
        text = index.texts[pos]
        if reason == "call":
            out[pos] = {"call"}
        elif caption(text, count_words(text)):
            out[pos] = {"credit"}
        else:
            out[pos] = {"element"}
    return out


def prepare(pages: list, model) -> None:
    for page in pages:
        index = PageIndex(parse_html(page["html"]))
        page["plan"] = plan = plan_paragraphs(page["lines"], index, page.get("title"))
        page["probs"] = linked(plan, model.probabilities(plan), model.linked_threshold)
        page["kinds"] = kinds(index, plan)


def apply(page: dict, rules: tuple, threshold: float) -> dict:
    return {
        pos: 1.0 if rules and page["kinds"].get(pos, set()) & set(rules) and p >= threshold else p
        for pos, p in page["probs"].items()
    }


def run(pages: list, model, rules: tuple, threshold: float) -> tuple:
    s, fps = Score(), 0
    for page in pages:
        probs = apply(page, rules, threshold)
        out = "\n\n".join(assemble(page["plan"], probs, model.drop_threshold, model.add_threshold))
        s.add_text(out, page["gold"])
        fout = flat(out)
        fps += sum(1 for sn in map(flat, page["gold"].get("without", [])) if sn and sn in fout)
    return s.f1() + (fps,)


def listing(pages: list, model, rules: tuple, threshold: float, sample: int) -> None:
    rng, quiet = random.Random(0), []
    for page in pages:
        before = flat(
            "\n".join(
                assemble(page["plan"], page["probs"], model.drop_threshold, model.add_threshold)
            )
        )
        probs = apply(page, rules, threshold)
        after = flat(
            "\n".join(assemble(page["plan"], probs, model.drop_threshold, model.add_threshold))
        )
        plan = page["plan"]
        texts = {p: t for t, p in zip(plan.lines, plan.positions) if p is not None} | plan.gaps
        for kind in ("without", "with"):
            for sn in map(flat, page["gold"].get(kind, [])):
                if sn and sn in before and sn not in after:
                    pos = next((p for p, t in texts.items() if sn in flat(t)), None)
                    why = ",".join(sorted(page["kinds"].get(pos, ()))) if pos is not None else "?"
                    print(f"-{kind:8} {why:14} {page['url'][:50]:50} {sn[:70]}")
        for pos, ks in page["kinds"].items():
            text = flat(texts.get(pos, ""))
            if (
                text
                and text not in after
                and text in before
                and not any(
                    flat(s) in text for k in ("with", "without") for s in page["gold"].get(k, [])
                )
            ):
                quiet.append((",".join(sorted(ks)), page["url"][:40], text[:150]))
    print(f"lines taken out that hold no snippet: {len(quiet)}")
    for row in rng.sample(quiet, min(sample, len(quiet))):
        print("  ", *row)


def survivors(path: Path = SURVIVE) -> list:
    """(language, kind, sentence) of each article sentence the rules must leave alone."""
    rows = (line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return [tuple(row) for row in rows if row[0] and not row[0].startswith("#")]


def taken(rows: list) -> list:
    """(reason, language, kind, sentence) of the sentences a rule takes, by their text."""
    out = []
    for lang, kind, sentence in rows:
        reason = furniture_reason(sentence, count_words(sentence))
        if reason:
            out.append((reason, lang, kind, sentence))
    return out


def survive() -> int:
    rows = survivors()
    lost = taken(rows)
    for row in lost:
        print("  ".join(row))
    print(f"{len(rows) - len(lost)} of {len(rows)} article sentences survive the rules")
    return 1 if lost else 0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--survive", action="store_true", help="check the must-survive list")
    parser.add_argument("--list", choices=("a", "b"))
    parser.add_argument("--rules", default="call,credit,element")
    parser.add_argument("--threshold", type=float, default=0.0)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--heldout", action="store_true", help="score half b too")
    args = parser.parse_args(argv)
    if args.survive:
        sys.exit(survive())
    if args.cache is None:
        parser.error("--cache FILE is needed (or --survive)")
    model = BoilerplateModel(json.loads(MODEL_PATH.read_text()))
    pages = load_pages(args.cache)
    if args.list:
        pages = [p for p in pages if p["half"] == args.list]
        prepare(pages, model)
        listing(pages, model, tuple(args.rules.split(",")), args.threshold, args.sample)
        return
    prepare(pages, model)
    halves = {h: [p for p in pages if p["half"] == h] for h in "ab"}
    for name, rules in _SETS.items():
        for t in _THRESHOLDS if rules else (1.01,):
            row = [f"{name:24} from {t:.1f}"]
            for h in "ab" if args.heldout else "a":
                p, r, f, fps = run(halves[h], model, rules, t)
                row.append(f"{h}: {p:.4f} / {r:.4f} / {f:.4f} fp {fps}")
            print("  ".join(row), flush=True)


if __name__ == "__main__":
    main()
