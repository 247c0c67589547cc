"""What tells a heavy edit (a story re-written around its quotes and facts) from the hardest
negatives: per labelled pair, the evidence a pair rule could read, measured on the texts.

    python benchmarks/dedup_evidence.py [DATA] [--prints FILE] [--heldout]

Pairs (each measured with the shorter text as the copy, as ``verify`` does; a negative's row is
the direction that scores higher on the rule being read): the quality set's heavy edits that
``clusters.match`` (the default preset) misses either way round, the ``dedup_written`` edits, and
every negative pair of the quality set by kind. ``--heldout`` adds the ``dedup_heldout`` split
(edits and negatives), which is never used to choose: run it once, at the end.

Features of a copy against the other text:

- ``est``: containment estimate of the MinHash signatures (what the rules floor);
- ``quote``: share of its quoted 5-word shingles quoted by the other (verbatim spans);
- ``narr``: share of its narrative 5-word shingles (outside quotes) in the other's narrative;
- ``sent``: share of its sentences that are the other's word for word;
- ``loose``: share of its sentences whose set of words (order-free) has Jaccard >= 0.5 with a
  sentence of the other (a sentence reworded around the same words);
- ``rare``: IDF-weighted share (IDF over every document of the run) of its names and numbers
  (capitalised words not opening a sentence, tokens with digits) that the other has;
- ``words``: IDF-weighted share of its distinct words that the other has;
- ``plain``: unweighted share of its distinct words that the other has (no IDF: a function of
  the two texts alone, the same in a batch and a stream);
- ``long``: the same over its words of 4+ characters (most function words left out);
- ``nwords``: share of its distinct narrative words (outside its quotes, 4+ characters) that
  are narrative words of the other (a narrative reworded around the same words);
- ``title``: Jaccard of the titles' words (the quality set's titles are labels, not titles).
"""

import argparse
import collections
import math
import pickle
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dedup import quality_set  # noqa: E402
from benchmarks.dedup_heldout import heldout_cases  # noqa: E402
from benchmarks.dedup_variants import PRINTS, _make  # noqa: E402
from transforms.core.record import normalized_words  # noqa: E402
from transforms.dedup import PRESETS, fingerprint, to_node  # noqa: E402
from transforms.dedup.clusters import match  # noqa: E402
from transforms.dedup.evidence import _quotes_share  # noqa: E402
from transforms.dedup.quotes import _SENTENCE, MAX_NARRATIVE, MAX_SENTENCES, _speech, split_parts  # noqa: E402
from transforms.dedup.verify import compare_signatures, containment, marks_conflict  # noqa: E402

FEATURES = [
    "est",
    "quote",
    "narr",
    "sent",
    "loose",
    "rare",
    "words",
    "plain",
    "long",
    "nwords",
    "title",
]
_MARK = re.compile(r"[^\W_][\w'’.,%-]*[^\W_]|[^\W_]")
_END = frozenset(".!?:\"'”»)]")


def sentence_sets(text: str) -> list:
    """Each sentence of 5+ words as its set of normalised words."""
    out = []
    for piece in _SENTENCE.split(text or ""):
        words = normalized_words(piece)
        if len(words) >= 5:
            out.append(frozenset(words))
    return out


def marks(text: str) -> set:
    """Names and numbers: capitalised words not opening a sentence, tokens with a digit."""
    raw = (text or "").split()
    out = set()
    for i, word in enumerate(raw):
        m = _MARK.search(word)
        if not m:
            continue
        token = m.group(0)
        if any(c.isdigit() for c in token):
            out.add(token.replace(",", ""))
        elif token[:1].isupper() and i and raw[i - 1][-1] not in _END:
            out.add(token.casefold())
    return out


def loose_share(copy: list, other: list, bar: float = 0.5) -> float:
    """Share of the ``copy`` sentences (word sets) with a sentence of ``other`` at Jaccard >= bar."""
    if not copy or not other:
        return 0.0
    hit = sum(any(len(s & o) >= bar * len(s | o) for o in other) for s in copy)
    return hit / len(copy)


def weighted_share(copy: set, other: set, idf: dict) -> float:
    total = sum(idf.get(t, 0.0) for t in copy)
    return sum(idf.get(t, 0.0) for t in copy & other) / total if total else 0.0


def narrative_words(text: str) -> set:
    """Distinct words of 4+ characters outside the quoted spans (``quotes._speech``)."""
    out, at = set(), 0
    for start, end, _ in [*_speech(text or ""), (len(text or ""), None, None)]:
        out |= long_words(set(normalized_words((text or "")[at:start])))
        at = end
    return out


def share(copy: set, other: set) -> float:
    return len(copy & other) / len(copy) if copy else 0.0


def long_words(words: set) -> set:
    return {w for w in words if len(w) >= 4}


class Texts:
    """Per document: its word set, sentence sets, marks and title words; IDF over them all."""

    def __init__(self, docs):
        self.doc = {d.doc_id: d for d in docs}
        self.words = {d.doc_id: set(normalized_words(d.text)) for d in docs}
        self.marks = {d.doc_id: marks(d.text) for d in docs}
        self.narr = {d.doc_id: narrative_words(d.text) for d in docs}
        self.sents = {d.doc_id: sentence_sets(d.text) for d in docs}
        df = collections.Counter()
        for doc_id in self.doc:
            df.update(self.words[doc_id])
            df.update(self.marks[doc_id])
        n = len(docs)
        self.idf = {t: math.log(n / c) for t, c in df.items()}

    def features(self, copy, other, nodes) -> dict:
        a, b = nodes[copy], nodes[other]
        x, y = np.frombuffer(a.signature, "<u4"), np.frombuffer(b.signature, "<u4")
        equal, smaller, _ = compare_signatures(x, y)
        ma, qa, na, sa = split_parts(a.marks)
        mb, qb, nb, sb = split_parts(b.marks)
        ta = set(normalized_words(self.doc[copy].title))
        tb = set(normalized_words(self.doc[other].title))
        return {
            "est": float(containment(equal, smaller, min_equal=3)),
            "quote": _quotes_share(qa, qb, 1),
            "narr": _quotes_share(na, nb, 1, MAX_NARRATIVE),
            "sent": _quotes_share(sa, sb, 1, MAX_SENTENCES),
            "loose": loose_share(self.sents[copy], self.sents[other]),
            "rare": weighted_share(self.marks[copy], self.marks[other], self.idf),
            "words": weighted_share(self.words[copy], self.words[other], self.idf),
            "plain": share(self.words[copy], self.words[other]),
            "long": share(long_words(self.words[copy]), long_words(self.words[other])),
            "nwords": share(self.narr[copy], self.narr[other]),
            "title": len(ta & tb) / len(ta | tb) if ta | tb else 0.0,
            "conflict": marks_conflict(a.marks, b.marks),
            "nsent": len(self.sents[copy]),
            "nquote": len(qa),
        }

    def directed(self, a, b, nodes) -> list:
        """Both directions, the shorter text first."""
        if self.doc[a].word_count > self.doc[b].word_count:
            a, b = b, a
        return [(a, b, self.features(a, b, nodes)), (b, a, self.features(b, a, nodes))]


def summary(rows) -> str:
    """min / median / max of each feature over ``rows`` (first direction: copy the shorter)."""
    parts = []
    for f in FEATURES:
        v = np.array([r[f] for r in rows])
        parts.append(f"{f} {v.min():.2f}/{np.median(v):.2f}/{v.max():.2f}")
    return " ".join(parts)


def pair_sets(docs, nodes, info, extra_info, negatives, config):
    """``{class: [(a, b), ...]}``: the heavy edits ``match`` misses, the written edits and
    the negatives by kind."""
    out = collections.defaultdict(list)
    for doc_id, (kind, partner) in extra_info.items():
        if kind == "heavy_edit":
            a, b = nodes[doc_id], nodes[partner]
            if match(a, b, config) is None and match(b, a, config) is None:
                out["pos:heavy_missed"].append((doc_id, partner))
        elif kind in ("w_edit", "h_edit"):
            out[f"pos:{kind}"].append((doc_id, partner))
    for kind, a, b in negatives:
        out[f"neg:{kind}"].append((a, b))
    return out


def report(texts, nodes, classes) -> dict:
    """Prints each class's distributions; returns ``{class: [[dir1, dir2], ...]}``."""
    measured = {}
    for name, pairs in sorted(classes.items()):
        rows = [texts.directed(a, b, nodes) for a, b in pairs]
        measured[name] = rows
        print(f"{name:<20} n={len(rows):<4} {summary([r[0][2] for r in rows])}")
    return measured


def list_rows(measured, names, key="narr", top=8):
    """The pairs of ``names`` with the highest ``key`` in either direction."""
    for name in names:
        rows = sorted(measured.get(name, []), key=lambda r: -max(r[0][2][key], r[1][2][key]))[:top]
        for (a, b, f), _ in rows:
            vals = " ".join(f"{k} {f[k]:.2f}" for k in FEATURES)
            print(f"  {name:<18} {a} in {b}: {vals} conflict {f['conflict']} nsent {f['nsent']}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--prints", help="the quality set's nodes (dedup_variants --prints)")
    parser.add_argument("--heldout", action="store_true", help="measure dedup_heldout too")
    parser.add_argument("--dump", help="pickle the measured rows here")
    args = parser.parse_args(argv)
    pages, docs, label, info, extra_info, negatives = quality_set(Path(args.data), 0)
    if args.prints and Path(args.prints).exists():
        nodes = pickle.loads(Path(args.prints).read_bytes())
    else:
        nodes = [to_node(fingerprint(d, PRINTS)) for d in docs]
    assert [n.doc_id for n in nodes] == [d.doc_id for d in docs], "prints of other documents"
    if args.heldout:
        held, _, held_info, held_negatives = heldout_cases(_make)
        docs = docs + held
        nodes = nodes + [to_node(fingerprint(d, PRINTS)) for d in held]
        extra_info = {**extra_info, **held_info}
        negatives = negatives + held_negatives
    by_id = {n.doc_id: n for n in nodes}
    texts = Texts(docs)
    classes = pair_sets(docs, by_id, info, extra_info, negatives, PRESETS["default"])
    print(f"## {len(docs)} docs; features min/median/max, copy = the shorter text")
    measured = report(texts, by_id, classes)
    print("## highest narrative / loose sentences / rare marks, per class")
    for key in ("narr", "loose", "rare", "words"):
        print(f"# by {key}")
        names = [n for n in measured if n.startswith("neg:") or n.startswith("pos:w")]
        list_rows(measured, names, key, top=3)
    if args.dump:
        Path(args.dump).write_bytes(pickle.dumps(measured))


if __name__ == "__main__":
    main()
