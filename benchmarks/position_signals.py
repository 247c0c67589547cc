"""Signals of where a paragraph sits, and of its words, as features of the learned boilerplate
filter (issue 25, precision): measured on both halves before any is built into the filter.

    python benchmarks/position_signals.py --cache FILE [--sets dom,cohesion,words,...]
    python benchmarks/position_signals.py --cache FILE --tail-cut [--cut-classes share,...]
    python benchmarks/position_signals.py --cache FILE --kept-means

Sets (each added to the shipped features, the model retrained on half a with thresholds chosen
there by ``train_boilerplate.train``; half b held out):

- ``dom``: the paragraph against the body's paragraphs in the tree: not a child of the element
  holding most of the long (25+ words) extracted paragraphs' characters (``off_parent``), how
  many levels deeper than their most common depth (``deeper``), the tree distance to the
  nearest long extracted paragraph (``tree_dist``, log); ``keptdom``: the same, for extracted
  lines only (0 for left-out candidates);
- ``cohesion``: share of the paragraph's words (4+ letters) found in another long extracted
  paragraph or the title: a bio, a call to subscribe or a teaser shares few words with the
  article; ``aftercoh``: the same after the last long paragraph only;
- ``words``: learned word evidence, the model never saw words: naive Bayes log-odds of the
  paragraph's words (casefolded, 3+ letters) from half a's labelled candidates, cross-fitted
  (a half-a page gets the score of the half-a pages of the other fold).

``--tail-cut``: the shipped model's output, cut at the first end-of-article marker after the
last long paragraph (a short line "Related", "Mehr zum Thema", "Lire aussi", "Kommentare",
"Tags", "Newsletter", "Über den Autor"...; with ``--cut-classes``, also a paragraph whose class
or id words or its two ancestors' are of those groups of ``paragraphs._CLASS_GROUPS``): snippet
P/R/F1 per half, and the ``without`` / ``with`` snippets the cut removes.

``--kept-means``: of the candidates the shipped model keeps holding a ``without`` snippet (FP)
or a ``with`` one (TP), inside or after the body, the mean of each signal.
"""

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import Score  # noqa: E402
from paragraph_labels import load_labels, page_id, para_hash  # noqa: E402
from train_boilerplate import flat, label, load_pages, retrain_report, texts  # noqa: E402

from transforms.core.words import count_words  # noqa: E402
from transforms.extract.boilerplate import MODEL_PATH, BoilerplateModel, assemble  # noqa: E402
from transforms.extract.html import parse_html  # noqa: E402
from transforms.extract.metadata import page_meta  # noqa: E402
from transforms.extract.paragraphs import (  # noqa: E402
    _CLASS_RE,
    PageIndex,
    _class_groups,
    plan_paragraphs,
)

_LONG = 25  # words: a long paragraph is article text (paragraphs._LONG_WORDS)
_TOKEN = re.compile(r"\w{4,}")
_WORD = re.compile(r"[^\W\d_]{3,}")
# End-of-article markers: a short line that opens what follows the article, in the corpus
# languages. Written from what sites print, not from the gold.
_MARKER = re.compile(
    r"^\W*(related( (articles|posts|stories|content|news))?|read (also|more|next)|see also"
    r"|you (may|might) also like|recommended( for you)?|more stories|more from [\w ]+|also read"
    r"|share( this( (article|post|story))?)?|share on|teilen|diesen (artikel|beitrag) teilen"
    r"|mehr zum thema|mehr zu(m)? [\w ]+|das könnte sie auch interessieren|auch interessant"
    r"|weitere (artikel|beiträge|meldungen|nachrichten|themen)|ähnliche (artikel|beiträge)"
    r"|lesen sie auch|schlagw(ö|o)rter|themen|tags?|stichw(ö|o)rter|kommentare?|comments?"
    r"|(\d+ )?(leave|post|write) a (reply|comment)|kommentar (schreiben|verfassen)"
    r"|über (den|die) autor(in)?|about the author|newsletter|lire aussi|à lire aussi"
    r"|sur le même sujet|partager|commentaires?|lee también|te puede interesar|más noticias"
    r"|noticias relacionadas|compartir|comentarios|zobacz (też|także)|czytaj (też|także)"
    r"|komentarze|udostępnij|leggi anche|condividi)\W*$",
    re.I,
)
_SETS = ("dom", "keptdom", "cohesion", "aftercoh", "words")


def plan_pages(pages: list) -> None:
    """``add_plans``, keeping each page's index (the signals read its elements)."""
    for page in pages:
        tree = parse_html(page["html"])
        if "title" not in page:
            page["title"] = page_meta(tree, url=page["url"]).title
        page["index"] = PageIndex(tree)
        page["plan"] = plan_paragraphs(page["lines"], page["index"], page["title"])


def _body(page: dict) -> tuple:
    """The long extracted positions (all extracted ones when none is long), and each candidate's
    ancestors."""
    plan, index = page["plan"], page["index"]
    kept = sorted(p for p in plan.positions if p is not None)
    longs = [p for p in kept if count_words(index.texts[p]) >= _LONG] or kept
    ancestors = {
        p: list(index.elements[p].iterancestors()) for p in set(plan.candidates) | set(longs)
    }
    return longs, ancestors


def _tree_distance(a: list, b: list) -> int:
    """Edges between two elements given their ancestors (nearest first)."""
    seen = {id(x): i for i, x in enumerate(b)}
    for i, anc in enumerate(a):
        if id(anc) in seen:
            return i + 1 + seen[id(anc)] + 1
    return len(a) + len(b)


def dom_signals(page: dict) -> dict:
    """Candidate position -> off_parent, deeper, tree_dist (see the module docstring)."""
    longs, ancestors = _body(page)
    texts_ = page["index"].texts
    parents, depths = Counter(), Counter()
    for p in longs:
        parents[id(ancestors[p][0]) if ancestors[p] else None] += len(texts_[p])
        depths[len(ancestors[p])] += len(texts_[p])
    body_parent = parents.most_common(1)[0][0] if parents else None
    body_depth = depths.most_common(1)[0][0] if depths else 0
    out = {}
    for p in page["plan"].candidates:
        anc = ancestors[p]
        others = [q for q in longs if q != p] or longs
        near = min(others, key=lambda q: abs(q - p)) if others else None
        dist = _tree_distance(anc, ancestors[near]) if near is not None else 0
        out[p] = {
            "off_parent": float((id(anc[0]) if anc else None) != body_parent),
            "deeper": float(min(3, max(0, len(anc) - body_depth))),
            "tree_dist": math.log1p(dist),
        }
    return out


def cohesion(page: dict) -> dict:
    """Candidate position -> share of its words found in another long extracted paragraph or
    the title (0.5 for a paragraph without such words)."""
    longs, _ = _body(page)
    index = page["index"]
    bags = {p: set(_TOKEN.findall(index.texts[p].casefold())) for p in page["plan"].candidates}
    bags |= {p: set(_TOKEN.findall(index.texts[p].casefold())) for p in longs}
    df = Counter(w for p in longs for w in bags[p])
    title = set(_TOKEN.findall((page.get("title") or "").casefold()))
    out = {}
    for p in page["plan"].candidates:
        own = p in longs
        words = bags[p]
        hits = sum(1 for w in words if df[w] - own > 0 or w in title)
        out[p] = hits / len(words) if words else 0.5
    return out


def _labelled(page: dict, hand: dict):
    """(position, label) of the page's labelled candidates, as ``train_boilerplate.matrix``."""
    pid = page_id(page["url"])
    judged = any(k[0] == pid for k in hand)
    for pos, text in texts(page["plan"]).items():
        y = hand.get((pid, para_hash(text))) if judged else label(text, page["gold"])
        if y is not None:
            yield pos, y


def word_model(pages: list, hand: dict) -> dict:
    """Naive Bayes word log-likelihood ratios (add-one smoothing, a word counted once per
    paragraph) from the labelled candidates of ``pages``."""
    counts = [Counter(), Counter()]
    n = [0, 0]
    for page in pages:
        for pos, y in _labelled(page, hand):
            counts[y].update(set(_WORD.findall(page["index"].texts[pos].casefold())))
            n[y] += 1
    vocab = set(counts[0]) | set(counts[1])
    return {
        w: math.log((counts[1][w] + 1) / (n[1] + 2)) - math.log((counts[0][w] + 1) / (n[0] + 2))
        for w in vocab
        if counts[0][w] + counts[1][w] >= 3
    }


def word_scores(page: dict, model: dict) -> dict:
    out = {}
    for p in page["plan"].candidates:
        words = set(_WORD.findall(page["index"].texts[p].casefold()))
        known = [model[w] for w in words if w in model]
        out[p] = sum(known) / math.sqrt(len(known)) if known else 0.0
    return out


def add_signals(pages: list, sets: set, hand: dict) -> None:
    """Add each set's features to every candidate's features (see the module docstring)."""
    if "words" in sets:
        half_a = [p for p in pages if p["half"] == "a"]
        folds = [half_a[0::2], half_a[1::2]]
        models = {"b": word_model(half_a, hand)}
        for i, fold in enumerate(folds):  # cross-fitted: a page never scored by its own labels
            model = word_model(folds[1 - i], hand)
            for page in fold:
                page["words"] = word_scores(page, model)
        for page in pages:
            if page["half"] == "b":
                page["words"] = word_scores(page, models["b"])
    for page in pages:
        plan = page["plan"]
        if not plan.candidates:
            continue
        dom = dom_signals(page) if sets & {"dom", "keptdom"} else {}
        coh = cohesion(page) if sets & {"cohesion", "aftercoh"} else {}
        for pos, feats in plan.features.items():
            if "dom" in sets:
                feats |= dom[pos]
            if "keptdom" in sets:
                feats |= {f"kept_dom_{k}": v * feats["kept"] for k, v in dom[pos].items()}
            if "cohesion" in sets:
                feats["cohesion"] = coh[pos]
            if "aftercoh" in sets:
                feats["after_cohesion"] = feats["after_body"] * (1 - coh[pos])
            if "words" in sets:
                feats["word_odds"] = page["words"][pos]


def tail_cut(pages: list, classes: tuple) -> None:
    """Snippet P/R/F1 of the shipped model's output, and cut at the first end marker after the
    last long paragraph."""
    model = BoilerplateModel(json.loads(MODEL_PATH.read_text()))
    groups = [i for i, g in enumerate(_CLASS_RE) if g in classes]
    for h in "ab":
        base, cut, stats = Score(), Score(), Counter()
        for page in (p for p in pages if p["half"] == h):
            plan = page["plan"]
            out = assemble(plan, model.scores(plan), model.drop_threshold, model.add_threshold)
            base.add_text("\n\n".join(out), page["gold"])
            marker = _first_marker(page, groups) if plan.candidates else None
            if marker is None:
                cut.add_text("\n\n".join(out), page["gold"])
                continue
            stats["pages cut"] += 1
            where = dict(zip(plan.lines, plan.positions)) | {t: g for g, t in plan.gaps.items()}
            keep = [x for x in out if where.get(x) is None or where[x] < marker]
            cut.add_text("\n\n".join(keep), page["gold"])
            kept_text, all_text = flat("\n".join(keep)), flat("\n".join(out))
            for kind in ("without", "with"):
                stats[f"{kind} removed"] += sum(
                    1
                    for s in map(flat, page["gold"].get(kind, []))
                    if s and s in all_text and s not in kept_text
                )
        fig = "{:.4f} {:.4f} {:.4f}".format
        print(f"half {h}: shipped {fig(*base.f1())}  cut {fig(*cut.f1())}  {dict(stats)}")


def _first_marker(page: dict, groups: list):
    plan, index = page["plan"], page["index"]
    longs, _ = _body(page)
    hi = max(p for p in plan.positions if p is not None)
    cache: dict = {}
    for p in range(max(longs) + 1, hi + 1):
        if count_words(index.texts[p]) <= 8 and _MARKER.match(index.texts[p]):
            return p
        if groups:
            el = index.elements[p]
            found = _class_groups([el, *list(el.iterancestors())[:2]], cache)
            if any(found >> i & 1 for i in groups):
                return p
    return None


def kept_means(pages: list, hand: dict) -> None:
    """Mean of each signal over the candidates the shipped model keeps, by snippet label."""
    model = BoilerplateModel(json.loads(MODEL_PATH.read_text()))
    add_signals(pages, {"dom", "cohesion", "words"}, hand)
    names = ("off_parent", "deeper", "tree_dist", "cohesion", "word_odds", "after_body")
    for h in "ab":
        rows = defaultdict(list)
        for page in (p for p in pages if p["half"] == h):
            plan = page["plan"]
            probs = model.scores(plan)
            for pos, text in texts(plan).items():
                y = label(text, page["gold"])
                limit = model.drop_threshold if plan.features[pos]["kept"] else model.add_threshold
                if y is None or probs[pos] >= limit:
                    continue
                key = ("FP" if y else "TP") + (
                    " after body" if plan.features[pos]["after_body"] else ""
                )
                rows[key].append([plan.features[pos][n] for n in names])
        for key, vals in sorted(rows.items()):
            means = " ".join(
                f"{n} {sum(v[i] for v in vals) / len(vals):.2f}" for i, n in enumerate(names)
            )
            print(f"half {h} {key:14} {len(vals):5}  {means}")


def dom_gate(pages: list) -> None:
    """The shipped model with an extracted line off the body's parent and deeper than the body
    dropped from a lower probability (``drop_from``): snippet P/R/F1 per half."""
    from train_boilerplate import score

    model = BoilerplateModel(json.loads(MODEL_PATH.read_text()))
    halves = {h: [p for p in pages if p["half"] == h] for h in "ab"}
    raw = {h: [model.scores(p["plan"]) for p in halves[h]] for h in "ab"}
    doms = {h: [dom_signals(p) if p["plan"].candidates else {} for p in halves[h]] for h in "ab"}

    def gated(page, probs, dom, drop_from, need):
        out = dict(probs)
        for pos, prob in probs.items():
            d = dom[pos]
            off = d["off_parent"] and (d["deeper"] >= 1 if need == "deeper" else True)
            if page["plan"].features[pos]["kept"] and off and prob >= drop_from:
                out[pos] = 1.0
        return out

    fig = "{:.4f} {:.4f} {:.4f}".format
    for need in ("off_parent", "deeper"):
        for drop_from in (0.2, 0.3, 0.4, 0.5, 0.6, 1.01):
            row = []
            for h in "ab":
                probs = [
                    gated(p, r, d, drop_from, need) for p, r, d in zip(halves[h], raw[h], doms[h])
                ]
                row.append(f"{h} {fig(*score(halves[h], model, None, probs))}")
            print(f"gate {need} drop_from {drop_from}: " + "  ".join(row))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True, help="train_boilerplate's cache")
    parser.add_argument("--sets", default="none,dom,keptdom,cohesion,aftercoh,words")
    parser.add_argument("--tail-cut", action="store_true", help="measure the end-marker cut")
    parser.add_argument("--cut-classes", default="", help="class groups that also mark the end")
    parser.add_argument("--kept-means", action="store_true", help="signal means of kept lines")
    parser.add_argument("--gate", action="store_true", help="off-parent lines dropped from lower")
    args = parser.parse_args(argv)
    pages = load_pages(args.cache)
    plan_pages(pages)
    hand = load_labels()
    if args.tail_cut:
        tail_cut(pages, tuple(filter(None, args.cut_classes.split(","))))
        return
    if args.gate:
        dom_gate(pages)
        return
    if args.kept_means:
        kept_means(pages, hand)
        return
    for spec_sets in args.sets.split(","):
        sets = set(spec_sets.split("+")) - {"none"}
        unknown = sets - set(_SETS)
        if unknown:
            parser.error(f"unknown set(s) {sorted(unknown)}: choose among {', '.join(_SETS)}")
        plan_pages(pages)
        add_signals(pages, sets, hand)
        retrain_report(pages, hand, spec_sets, _NEW)


_NEW = ("off_parent", "deeper", "tree_dist", "kept_dom_", "cohesion", "after_cohesion", "word_odds")


if __name__ == "__main__":
    main()
