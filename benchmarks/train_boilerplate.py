"""Train the learned boilerplate-line filter (transforms/extract/boilerplate_model.json).

    python benchmarks/train_boilerplate.py [--data PATH] [--write] [--cache FILE]
    python benchmarks/train_boilerplate.py --false-positives a [--cache FILE]

Pages: ``<data>/extraction/trafilatura-eval``, split in two halves by
``benchmarks/extraction.half_of``. The model is TRAINED ON HALF "a" ONLY, its threshold chosen
on half "a"; half "b" is reported as held out.

Labels: the corpus' gold is snippets, not full texts. Each paragraph newsbeam extracts (with the
filter off) is labelled boilerplate when it holds a ``without`` snippet, content when it holds
a ``with`` snippet, and is left out of training otherwise (and when it holds both). On the
pages hand-judged in ``benchmarks/data/boilerplate_labels.tsv`` (see paragraph_labels.py) the
hand label of each candidate is used instead; the judged half-b pages give the full-body proxy
figure printed beside the snippet one. The model
sees only the paragraph's features (``boilerplate.line_features``: text shape, place, and the
page element it came from), never its words.

Model: L2-regularised logistic regression fitted by Newton's method (numpy, training only);
inference is plain Python over the JSON weights. ``--write`` stores the model; without it the
figures are printed only.
"""

import argparse
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import Score, half_of, load  # noqa: E402
from paragraph_labels import body_prf, judged_body, load_labels, mean_prf, page_id, para_hash  # noqa: E402

from transforms.extract.boilerplate import MODEL_PATH, BoilerplateModel, assemble, linked  # noqa: E402
from transforms.extract.html import ExtractConfig, extract_html, parse_html  # noqa: E402
from transforms.extract.metadata import page_meta  # noqa: E402
from transforms.extract.paragraphs import PageIndex, plan_paragraphs  # noqa: E402

_L2 = 100.0  # ridge penalty on standardised features, by 2-fold CV inside half a (1 to 3000)
_DROP = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 1.01)  # 1.01: drop nothing
_ADD = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)  # 0.0: put nothing back
_LINKED_GRID = (
    0.3,
    0.4,
    0.5,
    0.6,
    1.01,
)  # mostly linked paragraphs: sure boilerplate from; 1.01 off
# A page's labels weigh together at most as much as this many paragraphs: a hand-judged page
# with 100 menu items would else outweigh dozens of pages (chosen on half a: 10 against 20,
# and no cap).
_PAGE_CAP = 10
# Calls to act and captions by rule (transforms/extract/furniture.py) are dropped whatever the
# model says (chosen on half a with benchmarks/furniture_rules.py: 0.0 against 0.2-0.5).
_SURE = 0.0


def flat(text: str) -> str:
    return " ".join(text.split())


def label(text: str, gold: dict):
    """1 boilerplate, 0 content, None unknown (no snippet, or both kinds)."""
    text = flat(text)
    bad = any(flat(s) in text for s in gold.get("without", []) if flat(s))
    good = any(flat(s) in text for s in gold.get("with", []) if flat(s))
    if bad == good:
        return None
    return 1 if bad else 0


def build_pages(data: Path) -> list:
    """Per page: url, half, gold, HTML, title and the extracted paragraphs (filter off)."""
    config = ExtractConfig(line_filter=False)
    pages = []
    for url, item, html in load(data, None):
        out = extract_html(html, url=url, config=config)
        lines = [ln for ln in out.text.split("\n\n") if ln.strip()]
        page = {"url": url, "half": half_of(url), "gold": item, "lines": lines, "html": html}
        pages.append(page | {"title": out.title})
    return pages


def load_pages(cache=None, data: Path = ROOT.parent / "shared" / "data") -> list:
    """The extracted pages, from ``cache`` when it exists (else built, and cached there)."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    pages = build_pages(data)
    if cache:
        cache.write_bytes(pickle.dumps(pages))
    return pages


def add_plans(pages: list) -> None:
    for page in pages:
        tree = parse_html(page["html"])
        if "title" not in page:  # a cache from before titles were kept
            page["title"] = page_meta(tree, url=page["url"]).title
        page["plan"] = plan_paragraphs(page["lines"], PageIndex(tree), page["title"])


def texts(plan) -> dict:
    """Candidate position -> the text it would add to the output."""
    out = {p: line for line, p in zip(plan.lines, plan.positions) if p is not None}
    return out | plan.gaps


def matrix(pages: list, names: list, hand: dict) -> tuple:
    """Features, labels and page ids: the hand label of a judged page's paragraph, else the
    snippet one."""
    judged = {pid for pid, _ in hand}
    rows, ys, pids = [], [], []
    for page in pages:
        plan, pid = page["plan"], page_id(page["url"])
        for pos, text in texts(plan).items():
            if pid in judged:
                y = hand.get((pid, para_hash(text)))
            else:
                y = label(text, page["gold"])
            if y is not None:
                rows.append([plan.features[pos].get(n, 0.0) for n in names])
                ys.append(y)
                pids.append(pid)
    return np.array(rows, dtype=float), np.array(ys, dtype=float), pids


def fit(x: np.ndarray, y: np.ndarray, names: list, pids: list) -> dict:
    """Newton's method on the standardised features; class weights balance the two labels,
    and a page's labels weigh at most ``_PAGE_CAP`` paragraphs."""
    bias = names.index("bias")
    mean, scale = x.mean(axis=0), x.std(axis=0)
    mean[bias], scale[bias] = 0.0, 1.0
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    weight = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    per_page = Counter(pids)
    weight = weight * np.array([min(1.0, _PAGE_CAP / per_page[p]) for p in pids])
    weight *= len(y) / weight.sum()
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], _L2)
    penalty[bias] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (weight * (p - y)) + penalty * w
        hess = (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {
        "weights": {n: round(float(v), 6) for n, v in zip(names, w)},
        "mean": {n: round(float(v), 6) for n, v in zip(names, mean)},
        "scale": {n: round(float(v), 6) for n, v in zip(names, scale)},
    }


def probabilities(pages: list, model) -> list:
    return [model.scores(page["plan"]) for page in pages]


def score(pages: list, model=None, thresholds=None, probs=None) -> tuple:
    """Snippet P, R, F1 of the pages' text: as extracted (no model), or as the model selects."""
    if model is not None and probs is None:
        probs = probabilities(pages, model)
    thresholds = thresholds or (model and (model.drop_threshold, model.add_threshold))
    s = Score()
    for i, page in enumerate(pages):
        lines = page["lines"]
        if model is not None:
            lines = assemble(page["plan"], probs[i], *thresholds)
        s.add_text("\n\n".join(lines), page["gold"])
    return s.f1()


def proxy(pages: list, hand: dict, model=None, thresholds=None) -> tuple:
    """Mean full-body P, R, F1 over the hand-judged pages (see paragraph_labels), and their count."""
    rows = []
    for page in pages:
        body = judged_body(page, hand)
        if body is None:
            continue
        plan = page["plan"]
        lines = page["lines"]
        if model is not None:
            probs = model.scores(plan)
            lines = assemble(
                plan, probs, *(thresholds or (model.drop_threshold, model.add_threshold))
            )
        unfound = {line for line, p in zip(plan.lines, plan.positions) if p is None}
        rows.append(body_prf("\n\n".join(x for x in lines if x not in unfound), body))
    return mean_prf(rows) + (len(rows),)


def false_positives(pages: list, model) -> list:
    """(where, probability, url, snippet) of each ``without`` snippet in the model's output:
    where is "extracted" (a line the model kept), "put back lede" / "put back" (a left-out
    paragraph before the first extracted line / between extracted lines), "not found" (a line
    not found in the page, never judged) or "?" (the snippet spans lines)."""
    rows = []
    for page in pages:
        plan = page["plan"]
        probs = model.scores(plan)
        out = flat("\n".join(assemble(plan, probs, model.drop_threshold, model.add_threshold)))
        found = [p for p in plan.positions if p is not None]
        lo = min(found) if found else 0
        sources = [(flat(line), "extracted", p) for line, p in zip(plan.lines, plan.positions)]
        sources += [
            (flat(t), "put back lede" if g < lo else "put back", g) for g, t in plan.gaps.items()
        ]
        for snippet in map(flat, page["gold"].get("without", [])):
            if not snippet or snippet not in out:
                continue
            where, prob = "?", None
            for text, kind, pos in sources:
                if snippet in text:
                    where = "not found" if pos is None else kind
                    prob = None if pos is None else probs[pos]
                    break
            rows.append((where, prob, page["url"], snippet))
    return rows


def choose_thresholds(pages: list, spec: dict) -> tuple:
    model = BoilerplateModel({**spec, "drop_threshold": 1.01, "add_threshold": 0.0})
    probs = probabilities(pages, model)
    grid = [(d, a) for d in _DROP for a in _ADD if a <= d]
    return max(grid, key=lambda t: score(pages, model, t, probs)[2])


def choose_linked(pages: list, spec: dict) -> float:
    """The linked threshold with the best half-a F1, the other thresholds as chosen."""
    model = BoilerplateModel(spec)
    thresholds = (model.drop_threshold, model.add_threshold)
    raw = [model.probabilities(page["plan"]) for page in pages]

    def f1(threshold: float) -> float:
        probs = [linked(page["plan"], p, threshold) for page, p in zip(pages, raw)]
        return score(pages, model, thresholds, probs)[2]

    return max(_LINKED_GRID, key=f1)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--cache", type=Path, help="pickle of the extracted pages (reused)")
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_PATH.name}")
    parser.add_argument(
        "--false-positives",
        choices=("a", "b"),
        help="list the half's `without` snippets the shipped model's output holds, and stop",
    )
    args = parser.parse_args(argv)
    if args.false_positives:
        pages = [p for p in load_pages(args.cache, args.data) if p["half"] == args.false_positives]
        add_plans(pages)
        rows = false_positives(pages, BoilerplateModel(json.loads(MODEL_PATH.read_text())))
        for where, prob, url, snippet in sorted(rows, key=lambda r: r[0]):
            print(
                f"{where:13} {'-' if prob is None else f'{prob:.2f}':>4}  {url[:60]}  {snippet[:80]}"
            )
        print(Counter(r[0] for r in rows).most_common(), f"total {len(rows)}")
        return
    pages = load_pages(args.cache, args.data)
    add_plans(pages)
    halves = {h: [p for p in pages if p["half"] == h] for h in "ab"}
    hand = load_labels()
    spec = train(halves["a"], hand)
    report(halves, spec, hand)
    if args.write:
        MODEL_PATH.write_text(json.dumps(spec, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")


def train(half_a: list, hand: dict, quiet: bool = False) -> dict:
    """The model spec fitted on ``half_a`` (planned pages), its thresholds chosen there."""
    names = sorted({n for p in half_a for f in p["plan"].features.values() for n in f})
    x, y, pids = matrix(half_a, names, hand)
    if not quiet:
        print(f"half a: {len(y)} labelled paragraphs, {int(y.sum())} boilerplate")
    spec = fit(x, y, names, pids)
    spec["drop_threshold"], spec["add_threshold"] = choose_thresholds(half_a, spec)
    spec["linked_threshold"] = choose_linked(half_a, spec)
    spec["sure_threshold"] = _SURE
    return spec


def retrain_report(pages: list, hand: dict, name: str, new: tuple) -> None:
    """Retrain on half a with the pages' features as they are now, report both halves, and the
    weights of the features whose names start with one of ``new``."""
    halves = {h: [p for p in pages if p["half"] == h] for h in "ab"}
    print(f"== {name}")
    spec = train(halves["a"], hand, quiet=True)
    report(halves, spec, hand, weights=False)
    added = [n for n in spec["weights"] if n.startswith(new)]
    print("   new weights: " + ", ".join(f"{n} {spec['weights'][n]:+.3f}" for n in added))


def report(halves: dict, spec: dict, hand: dict, weights: bool = True) -> None:
    """Snippet P/R/F1 per half (extracted, drop only, drop + put back), the full-body proxy,
    and the model's weights."""
    model = BoilerplateModel(spec)
    print(
        f"thresholds chosen on half a: drop {model.drop_threshold}, add {model.add_threshold}"
        f", linked {model.linked_threshold}"
    )
    for h in "ab":
        before, after = score(halves[h]), score(halves[h], model)
        drop_only = score(halves[h], model, (model.drop_threshold, 0.0))
        fig = "{:.4f} {:.4f} {:.4f}".format
        print(f"half {h} ({len(halves[h])} pages) P/R/F1: extracted {fig(*before)}")
        print(f"   drop only {fig(*drop_only)}  drop+add {fig(*after)}")
        pb, pm = proxy(halves[h], hand), proxy(halves[h], hand, model)
        print(f"   full-body proxy ({pb[3]} judged pages): {fig(*pb[:3])} -> {fig(*pm[:3])}")
    if weights:
        for n, w in sorted(spec["weights"].items(), key=lambda kv: -abs(kv[1])):
            print(f"  {n:16} {w:+.3f}")


if __name__ == "__main__":
    main()
