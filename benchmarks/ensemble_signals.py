"""Other extractors' verdicts per paragraph as features of the learned boilerplate filter
(issue 25's paragraph-level ensemble): measured on both halves, with their CPU per page.

    python benchmarks/ensemble_signals.py --cache FILE --signals FILE [--sets jt,prec,...]
    python benchmarks/ensemble_signals.py --cache FILE --signals FILE --gate | --agreement

Signals, per paragraph of the page index (``paragraphs.PageIndex``) each candidate comes from:

- ``jt``: jusText's class of the paragraph (trafilatura's jusText parameters and merged
  stoplists of every language, as its fallback runs it): final good / bad, context-free bad /
  short, and its stopword density;
- ``prec``: the paragraph is in trafilatura's ``favor_precision`` output (fast pass);
- ``read``: the paragraph is in the output of trafilatura's readability port;
- ``stop``: stopword density of the candidate's own text (the merged stoplists), no other
  extractor run: the cheap part of jusText's verdict; ``stoplang``: with the stoplist of the
  language the page states in ``<html lang>`` only;
- ``agree``: how many of trafilatura's balanced pass, ``prec`` and ``read`` keep it;
- ``alone``: an extracted line that none of ``jt`` (good), ``prec``, ``read`` keeps
  (``aloneread``: that ``read`` does not keep);
- ``tail``: where the candidate sits against the end of the article body (share of the
  extracted characters after it, and extracted lines after it; ``tailabs``: characters after
  it, log).

``--agreement``: of the lines the shipped model keeps that hold a ``without`` (or ``with``)
snippet, how many each other extractor keeps. ``--gate``: no new feature; the shipped features' model, retrained, with an extracted line that
no other extractor keeps dropped from a lower probability, a left-out paragraph another keeps
put back up to a higher one (both halves printed for each pair; choose on half a).

Each extractor's output is found in the page with ``PageIndex.position`` (the lookup the filter
uses for trafilatura's lines) and cached per page in ``--signals`` with its CPU time beside
trafilatura.extract(html)'s, so runs after the first only retrain. Every feature set is trained
on half a with thresholds chosen there (``train_boilerplate.train``); half b is held out.
"""

import argparse
import functools
import math
import pickle
import re
import sys
import time
from collections import Counter
from copy import deepcopy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from paragraph_labels import load_labels  # noqa: E402
from train_boilerplate import add_plans, load_pages, retrain_report, train  # noqa: E402

from transforms.extract.html import parse_html  # noqa: E402
from transforms.extract.paragraphs import PageIndex  # noqa: E402

_WORD = re.compile(r"\w+")
# trafilatura's jusText parameters (external.try_justext)
_JT_ARGS = (50, 150, 0.1, 0.2, 0.25, True)


def _stoplist() -> frozenset:
    from trafilatura import external

    return frozenset(external.JT_STOPLIST or external.jt_stoplist_init())


def _positions(index: PageIndex, lines) -> set:
    out, last = set(), 0
    for line in lines:
        if not line.strip():
            continue
        pos = index.position(line, last)
        if pos is not None:
            out.add(pos)
            last = pos
    return out


def justext_classes(tree, index: PageIndex, stoplist) -> dict:
    """Index position -> (final class, context-free class, stopword density) of the jusText
    paragraph found there (the first one when several are)."""
    from justext.core import (
        ParagraphMaker,
        classify_paragraphs,
        revise_paragraph_classification,
    )
    from trafilatura.baseline import basic_cleaning

    paragraphs = ParagraphMaker.make_paragraphs(basic_cleaning(tree))
    classify_paragraphs(paragraphs, stoplist, *_JT_ARGS)
    revise_paragraph_classification(paragraphs, 150)
    out, last = {}, 0
    for p in paragraphs:
        pos = index.position(p.text, last)
        if pos is None:
            continue
        last = pos
        out.setdefault(pos, (p.class_type, p.cf_class, p.stopwords_density(stoplist)))
    return out


def precision_lines(tree, url) -> list:
    import trafilatura

    doc = trafilatura.bare_extraction(
        tree, url=url, fast=True, favor_precision=True, deduplicate=False, with_metadata=False
    )
    return ((doc and doc.text) or "").splitlines()


def readability_lines(tree) -> list:
    from trafilatura.readability_lxml import Document
    from trafilatura.utils import fromstring_bytes

    summary = fromstring_bytes(Document(tree, min_text_length=25).summary())
    if summary is None:
        return []
    return [
        " ".join("".join(el.itertext()).split())
        for el in summary.iter("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "blockquote")
    ]


def _timed(fn, *args):
    t = time.process_time()
    out = fn(*args)
    return out, time.process_time() - t


def page_signals(page: dict, stoplist) -> dict:
    """The signals of one page (index positions) and each extractor's CPU seconds, beside
    trafilatura.extract(html)'s."""
    import trafilatura

    html, url = page["html"], page["url"]
    _, base = _timed(lambda: trafilatura.extract(html, url=url, deduplicate=False))
    tree, parse = _timed(parse_html, html)
    index = PageIndex(tree)
    jt, t_jt = _timed(justext_classes, deepcopy(tree), index, stoplist)
    prec, t_prec = _timed(precision_lines, tree, url)
    read, t_read = _timed(readability_lines, deepcopy(tree))
    return {
        "jt": jt,
        "prec": _positions(index, prec),
        "read": _positions(index, read),
        "cpu": {"extract": base, "parse": parse, "jt": t_jt, "prec": t_prec, "read": t_read},
    }


def load_signals(pages: list, path) -> dict:
    signals = pickle.loads(path.read_bytes()) if path and path.exists() else {}
    missing = [p for p in pages if p["url"] not in signals]
    if missing:
        stoplist = _stoplist()
        for i, page in enumerate(missing):
            try:
                signals[page["url"]] = page_signals(page, stoplist)
            except Exception as err:  # an extractor failing on a page: no signal there
                print(f"{page['url']}: {type(err).__name__}", file=sys.stderr)
                signals[page["url"]] = {"jt": {}, "prec": set(), "read": set(), "cpu": {}}
            if i % 100 == 99:
                print(f"signals {i + 1}/{len(missing)}", file=sys.stderr)
        if path:
            path.write_bytes(pickle.dumps(signals))
    return signals


def stop_density(text: str, stoplist) -> float:
    words = _WORD.findall(text.casefold())
    return sum(w in stoplist for w in words) / len(words) if words else 0.0


_LANG = re.compile(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", re.I)


@functools.lru_cache(maxsize=128)
def _language_stoplist(lang: str) -> frozenset:
    from justext.utils import get_stoplist
    from trafilatura.settings import JUSTEXT_LANGUAGES

    return (
        frozenset(get_stoplist(JUSTEXT_LANGUAGES[lang]))
        if lang in JUSTEXT_LANGUAGES
        else frozenset()
    )


def _page_stoplist(html: str) -> frozenset:
    """jusText's stoplist of the language the page states (``<html lang>``), else empty."""
    found = _LANG.search(html[:5000])
    return _language_stoplist(found.group(1).lower()) if found else frozenset()


def add_features(page: dict, sig: dict, sets: set, stoplist) -> None:
    """Add the chosen signal sets to each candidate's features."""
    plan = page["plan"]
    texts = {p: line for line, p in zip(plan.lines, plan.positions) if p is not None}
    texts |= plan.gaps
    kept = sorted(p for p in plan.positions if p is not None)
    chars = {p: len(texts[p]) for p in kept}
    total = sum(chars.values()) or 1
    for pos, feats in plan.features.items():
        if "jt" in sets:
            final, cf, density = sig["jt"].get(pos, (None, None, 0.0))
            feats |= {
                "jt_good": float(final == "good"),
                "jt_bad": float(final == "bad"),
                "jt_cf_bad": float(cf == "bad"),
                "jt_cf_short": float(cf == "short"),
                "jt_density": density,
            }
        if "prec" in sets:
            feats["in_precision"] = float(pos in sig["prec"])
        if "read" in sets:
            feats["in_readability"] = float(pos in sig["read"])
        if "agree" in sets:  # the extractors that keep it, trafilatura's balanced pass included
            votes = feats["kept"] + (pos in sig["prec"]) + (pos in sig["read"])
            feats["votes"] = float(votes)
        if "alone" in sets:  # an extracted line no other extractor keeps
            others = (
                pos in sig["prec"] or pos in sig["read"] or sig["jt"].get(pos, "")[:1] == ("good",)
            )
            feats["alone"] = feats["kept"] * float(not others)
        if "aloneread" in sets:  # the same with readability alone (the cheapest of the three)
            feats["alone_read"] = feats["kept"] * float(pos not in sig["read"])
        if "stoplang" in sets:  # with the stoplist of the page's stated language only
            lang_stop = _page_stoplist(page["html"])
            feats["stop_lang"] = stop_density(texts.get(pos, ""), lang_stop) if lang_stop else 0.0
            feats["stop_lang_known"] = float(bool(lang_stop))
        if "stop" in sets:
            feats["stop_density"] = stop_density(texts.get(pos, ""), stoplist)
        if "tail" in sets:
            after = sum(c for p, c in chars.items() if p > pos)
            feats["text_after"] = after / total
            feats["lines_after"] = math.log1p(sum(p > pos for p in kept))
        if "tailabs" in sets:  # the same in characters, not as a share of the text
            feats["chars_after"] = math.log1p(sum(c for p, c in chars.items() if p > pos))


def cpu_table(pages: list, signals: dict) -> None:
    for h in "ab":
        rows = [signals[p["url"]]["cpu"] for p in pages if p["half"] == h]
        rows = [r for r in rows if r]
        base = sum(r["extract"] for r in rows) / len(rows)
        cols = " ".join(
            f"{k} {1000 * sum(r[k] for r in rows) / len(rows):.1f} ms"
            f" ({sum(r[k] for r in rows) / len(rows) / base:.2f}x)"
            for k in ("parse", "jt", "prec", "read")
        )
        print(f"half {h} CPU/page: trafilatura.extract {1000 * base:.1f} ms; {cols}")


def _gated(page, probs, sig, drop_from, add_below, use):
    """``probs`` with an extracted line no other extractor keeps sure boilerplate from
    ``drop_from``, and a left-out paragraph another extractor keeps sure content under
    ``add_below``."""
    plan = page["plan"]
    out = dict(probs)
    for pos, prob in probs.items():
        others = [pos in sig[k] for k in use]
        kept = plan.features[pos]["kept"]
        if kept and not any(others) and prob >= drop_from:
            out[pos] = 1.0
        elif not kept and any(others) and prob < add_below:
            out[pos] = 0.0
    return out


def gate(pages: list, signals: dict, hand: dict, use: tuple) -> None:
    """The shipped features' model, retrained, with the other extractors as a gate: thresholds
    chosen on half a, both halves reported."""
    from train_boilerplate import score

    from transforms.extract.boilerplate import BoilerplateModel

    add_plans(pages)
    halves = {h: [p for p in pages if p["half"] == h] for h in "ab"}
    model = BoilerplateModel(train(halves["a"], hand, quiet=True))
    th = (model.drop_threshold, model.add_threshold)
    raw = {h: [model.scores(p["plan"]) for p in halves[h]] for h in "ab"}

    def f(h, drop_from, add_below):
        probs = [
            _gated(p, r, signals[p["url"]], drop_from, add_below, use)
            for p, r in zip(halves[h], raw[h])
        ]
        return score(halves[h], model, th, probs)

    grid = [(d, a) for d in (0.2, 0.3, 0.4, 0.5, 0.6, 1.01) for a in (0.0, 0.8, 0.9, 0.95)]
    fig = "{:.4f} {:.4f} {:.4f}".format
    for d, a in grid:
        print(
            f"gate {'+'.join(use)} drop_from {d} add_below {a}: a {fig(*f('a', d, a))}  b {fig(*f('b', d, a))}"
        )


def agreement(pages: list, signals: dict) -> None:
    """Of the extracted lines the shipped model keeps, holding a ``without`` snippet
    (boilerplate) or a ``with`` one (content): how many each other extractor keeps."""
    import json

    from train_boilerplate import label

    from transforms.extract.boilerplate import MODEL_PATH, BoilerplateModel

    model = BoilerplateModel(json.loads(MODEL_PATH.read_text()))
    for h in "ab":
        half = [p for p in pages if p["half"] == h]
        add_plans(half)
        counts = {y: Counter() for y in (0, 1)}
        for page in half:
            plan, sig = page["plan"], signals[page["url"]]
            probs = model.scores(plan)
            for line, pos in zip(plan.lines, plan.positions):
                y = None if pos is None else label(line, page["gold"])
                if y is None or probs[pos] >= model.drop_threshold:
                    continue
                prec, read = pos in sig["prec"], pos in sig["read"]
                good = sig["jt"].get(pos, ("",))[0] == "good"
                counts[y].update(
                    lines=1, prec=prec, read=read, jt_good=good, none=not (prec or read or good)
                )
        for y, name in ((1, "boilerplate"), (0, "content")):
            c = counts[y]
            print(
                f"half {h} {name} lines kept: {c['lines']}; favor_precision keeps {c['prec']},"
                f" readability {c['read']}, jusText good {c['jt_good']}, none of them {c['none']}"
            )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True, help="train_boilerplate's cache")
    parser.add_argument("--signals", type=Path, required=True, help="pickle of the signals")
    parser.add_argument(
        "--sets",
        default="none,jt,prec,read,agree,prec+read,stop,tail,jt+prec+read",
        help="comma-separated feature sets to try, each a +-joined list of signals",
    )
    parser.add_argument(
        "--agreement", action="store_true", help="what the others keep of the model's output"
    )
    parser.add_argument("--gate", action="store_true", help="try the extractors as a gate")
    args = parser.parse_args(argv)
    pages = load_pages(args.cache)
    signals = load_signals(pages, args.signals)
    cpu_table(pages, signals)
    hand = load_labels()
    if args.agreement:
        agreement(pages, signals)
        return
    if args.gate:
        for use in (("prec",), ("read",), ("prec", "read")):
            gate(pages, signals, hand, use)
        return
    stoplist = _stoplist()
    for spec_sets in args.sets.split(","):
        sets = set(spec_sets.split("+")) - {"none"}
        add_plans(pages)
        for page in pages:
            add_features(page, signals[page["url"]], sets, stoplist)
        retrain_report(pages, hand, spec_sets, _NEW)


_NEW = (
    "jt_",
    "in_precision",
    "in_readability",
    "votes",
    "alone",
    "stop_",
    "text_after",
    "lines_after",
    "chars_after",
)


if __name__ == "__main__":
    main()
