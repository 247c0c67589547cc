"""Dedup benchmark: quality on syndicated variants of real pages, and speed on synthetic docs.

Quality: the pages of ``<data>/extraction/trafilatura-eval`` are extracted with trafilatura
(texts cached under /tmp, never in the repo); each becomes a story with edited copies
(headline, dateline/byline, paragraph dropped/added, typos, all of them, half trimmed) and hard
negatives (nearest pages by vocabulary, same site, the same boilerplate glued to two pages,
the seeds about North Korean troops). FindDuplicates runs per preset on the in-process runner;
the baseline is the exact layer alone (normalised-text hash).

Scale (issue 26's check: a million documents with 10 % copies under 4 GB): per ``--scale`` size,
one pipeline in a fresh interpreter on FnApiRunner with 2 worker processes (multi_processing,
the environment of ``newsbeam run --workers 2``): synthetic texts (``synthetic_shard``: every
10th an edited copy of the one before) generated in the pipeline, fingerprinted (MinHash, lead,
marks) into dedup nodes, deduplicated by the engine a local run over 256 MiB uses
(``dedup.engine: disk``: nodes spilled to files, clustered by one worker, verdicts to files), the
verdicts counted and digested. Printed: wall seconds per 100k documents (the whole pipeline),
CPU seconds per 100k of all its processes (``tree_time.py``; system time in brackets), the
peak PSS of the process tree (runner + workers, ``/proc/<pid>/smaps_rollup``, sampled every
0.25 s), the runner's and the largest worker's own peaks, whether the peak is under 4 GB, the
copies found and a digest of the verdicts. ``--scale-nodes`` uses synthetic nodes (random
signatures) instead of texts, to time the dedup without fingerprinting; ``--scale-engine
runner`` the shuffling engine (``ClusterNodes``). Reading, extraction, language, topics,
parking the articles, the Parquet writers and the commit are not in it: a whole ``newsbeam run``
is ``benchmarks/dedup_cli_scale.py`` (docs/dedup.md, "Issue 26's check").

    python benchmarks/dedup.py --skip-quality --scale 1000000        # the issue's check
    python benchmarks/dedup.py --skip-quality --scale 20000 20000 --scale-baseline-rev main
                                     # each size at main's code first, then this code's
    python benchmarks/dedup.py [DATA] [--limit N] [--scale 100000 ...] [--presets default ...]
"""

import argparse
import collections
import dataclasses
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import apache_beam as beam  # noqa: E402
from apache_beam.runners.portability.fn_api_runner import FnApiRunner  # noqa: E402

from tests.support.dedup import FindDuplicates  # noqa: E402
from transforms.core.record import Article, normalize_for_hash, stable_id  # noqa: E402
from transforms.dedup import (  # noqa: E402
    PRESETS,
    content_hash,
    fingerprint,
    to_node,
)

CACHE = Path(tempfile.gettempdir()) / "newsbeam-dedup-bench"
KINDS = ["headline", "dateline", "drop_para", "add_para", "typos", "combo", "trim_half"]
FOOTER = (
    "Copyright 2026 Example Media Group. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed. Sign up for our newsletter to get the "
    "day's top stories in your inbox every morning. Follow us on social media and share this "
    "article with your friends. Comments are closed for this article. Read our privacy policy "
    "and terms of use before you subscribe to any of our services or apps."
)


def extract_texts(data: Path, limit: int) -> list:
    """``[(url, title, text)]`` of pages with at least 120 words, cached as JSON under /tmp."""
    CACHE.mkdir(exist_ok=True)
    cache = CACHE / "texts.json"
    if cache.exists():
        rows = json.loads(cache.read_text())
    else:
        import gzip

        import trafilatura

        base = data / "extraction" / "trafilatura-eval"
        rows = []
        for url, meta in sorted(json.loads((base / "evaldata.json").read_text()).items()):
            html = gzip.decompress((base / "html" / f"{meta['file']}.gz").read_bytes())
            text = trafilatura.extract(html, url=url, deduplicate=False, favor_precision=True)
            rows.append([url, meta.get("title") or "", text or ""])
        cache.write_text(json.dumps(rows))
    rows = [r for r in rows if len(r[2].split()) >= 120]
    seen, unique = set(), []
    for r in rows:  # a few pages are copies of each other: keep the first
        h = content_hash(r[2])
        if h not in seen:
            seen.add(h)
            unique.append(r)
    return unique[:limit] if limit else unique


def _typos(words, rng, rate):
    out = list(words)
    for i in rng.sample(range(len(out)), max(1, int(len(out) * rate))):
        w = out[i]
        if len(w) > 3:
            j = rng.randrange(len(w) - 1)
            out[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return out


def variant(text, title, kind, rng, donor):
    """``(text, title)`` of a syndicated copy made with one kind of edit."""
    paras = [p for p in text.split("\n") if p.strip()]
    if kind in ("headline", "combo"):
        words = title.split() or ["Report"]
        title = "Update: " + " ".join(words[len(words) // 2 :] + words[: len(words) // 2])
        paras = [title] + (paras[1:] if len(paras[0].split()) < 15 else paras)
    if kind in ("dateline", "combo"):
        paras = ["By Jane Roe, Wire Service"] + paras
        paras[1] = "BERLIN (Wire) — " + paras[1]
        paras.append("Reporting by Jane Roe; editing by John Doe.")
    if kind in ("drop_para", "combo") and len(paras) > 3:
        del paras[rng.randrange(1, len(paras))]
    if kind == "add_para":
        cap = min(60, len(text.split()) // 5)  # a short "related" note, not a second story
        extra = " ".join(donor.split()[:cap])
        paras.insert(rng.randrange(1, len(paras) + 1), "Related: " + extra)
    if kind == "trim_half":
        paras = paras[: max(1, len(paras) // 2)]
    body = "\n".join(paras)
    if kind in ("typos", "combo"):
        body = " ".join(_typos(body.split(" "), rng, 0.02))
    return body, title


def overlap(a: str, b: str) -> float:
    """Shared words (multiset) over the longer text's words."""
    wa, wb = normalize_for_hash(a).split(), normalize_for_hash(b).split()
    common = sum((collections.Counter(wa) & collections.Counter(wb)).values())
    return common / max(len(wa), len(wb), 1)


def _doc(doc_id, text, title, url=None, hours=0):
    import datetime as dt

    when = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=hours)
    return Article(
        doc_id=doc_id,
        source_path=doc_id,
        source_ref=doc_id,
        source_format="txt",
        url=url,
        canonical_url=url,
        article_id=stable_id(url or normalize_for_hash(text)),
        title=title,
        text=text,
        word_count=len(text.split()),
        published_at=when,
    )


def _nearest_pairs(texts, count):
    """The ``count`` pairs of different pages with the most similar vocabulary (cosine)."""
    rows = [collections.Counter(normalize_for_hash(t).split()) for t in texts]
    mat = np.zeros((len(texts), 4096), dtype=np.float32)
    for i, row in enumerate(rows):
        for w, c in row.items():
            mat[i, zlib.crc32(w.encode("utf-8")) % 4096] += c
    mat /= np.linalg.norm(mat, axis=1, keepdims=True) + 1e-9
    sims = mat @ mat.T
    np.fill_diagonal(sims, -1)
    iu = np.triu_indices(len(texts), 1)
    order = np.argsort(-sims[iu])[:count]
    return [(int(iu[0][k]), int(iu[1][k])) for k in order]


# Pages of the corpus found (by this benchmark) to be the same story: one syndicated press release.
KNOWN_SAME_STORY = [
    (
        "https://www.jagdverband.de/wir-sind-tief-erschuettert",
        "https://djz.de/amoklauf-in-heidelberg-rufe-nach-schneller-aufklaerung/",
    )
]


def labelled_set(pages, seed=7):
    """Docs, the true label of each doc id, variant info and the hard-negative pairs."""
    rng = random.Random(seed)
    docs, label, info, negatives = [], {}, {}, []
    index = {url: i for i, (url, _, _) in enumerate(pages)}
    same = {index[b]: index[a] for a, b in KNOWN_SAME_STORY if a in index and b in index}
    for i, (url, title, text) in enumerate(pages):
        docs.append(_doc(f"p{i}-orig", text, title, url=url, hours=0))
        label[f"p{i}-orig"] = same.get(i, i)
        for kind in KINDS:
            donor = pages[(i + 1 + rng.randrange(len(pages) - 1)) % len(pages)][2]
            body, head = variant(text, title, kind, rng, donor)
            doc_id = f"p{i}-{kind}"
            docs.append(_doc(doc_id, body, head, hours=1 + KINDS.index(kind)))
            label[doc_id] = same.get(i, i)
            info[doc_id] = (kind, overlap(text, body))
    negatives += [
        ("topic", f"p{a}-orig", f"p{b}-orig") for a, b in _nearest_pairs([p[2] for p in pages], 200)
    ]
    by_site = collections.defaultdict(list)
    for i, (url, _, _) in enumerate(pages):
        by_site[url.split("/")[2] if "//" in url else ""].append(i)
    for site, idx in by_site.items():
        negatives += [("site", f"p{a}-orig", f"p{b}-orig") for a, b in zip(idx, idx[1:]) if site]
    n = len(pages)
    for j in range(0, min(n - 1, 200), 2):  # the same boilerplate glued to two different pages
        for k in (j, j + 1):
            docs.append(_doc(f"b{k}", f"Home | News | World\n{pages[k][2]}\n{FOOTER}", pages[k][1]))
            label[f"b{k}"] = same.get(k, k)
        negatives.append(("boilerplate", f"b{j}", f"b{j + 1}"))
    for s, path in enumerate(sorted((ROOT / "seeds").glob("*.txt"))):
        docs.append(_doc(f"seed{path.name[:3]}", path.read_text(), path.name))
        label[f"seed{path.name[:3]}"] = n + s
    negatives += [
        ("seeds", "seed000", "seed003"),
        ("seeds", "seed002", "seed003"),
        ("seeds", "seed000", "seed002"),
    ]
    return docs, label, info, negatives


def run_quality(docs, config, out_dir):
    """``{doc_id: cluster_id}`` from FindDuplicates on the in-process runner."""
    p = beam.Pipeline(runner=FnApiRunner())
    out = p | beam.Create(docs, reshuffle=False) | FindDuplicates(config=config)
    rows = (
        out.articles | "A" >> beam.Map(lambda a: json.dumps([a.doc_id, a.cluster_id])),
        out.duplicates | "D" >> beam.Map(lambda d: json.dumps([d.doc_id, d.cluster_id])),
    ) | beam.Flatten()
    prefix = Path(out_dir) / "clusters"
    rows | beam.io.WriteToText(str(prefix))
    p.run().wait_until_finish()
    pairs = [
        json.loads(line)
        for f in Path(out_dir).glob("clusters*")
        for line in f.read_text().splitlines()
    ]
    for f in Path(out_dir).glob("clusters*"):
        f.unlink()
    return dict(pairs)


def _comb2(x):
    return x * (x - 1) / 2


def pairwise_scores(label, pred):
    """Pairwise precision, recall, F1 and adjusted Rand index."""
    ids = sorted(label)
    table = collections.Counter((label[d], pred[d]) for d in ids)
    tp = sum(_comb2(c) for c in table.values())
    pred_pairs = sum(_comb2(c) for c in collections.Counter(pred[d] for d in ids).values())
    true_pairs = sum(_comb2(c) for c in collections.Counter(label[d] for d in ids).values())
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    expected = pred_pairs * true_pairs / _comb2(len(ids))
    ari = (tp - expected) / ((pred_pairs + true_pairs) / 2 - expected)
    return precision, recall, f1, ari


def _known_pairs(label):
    by_label = collections.defaultdict(list)
    for d, lab in label.items():
        if d.endswith("-orig"):
            by_label[lab].append(int(d[1:-5]))
    return [tuple(sorted(v)) for v in by_label.values() if len(v) > 1]


def report_quality(name, label, info, negatives, pred):
    p, r, f1, ari = pairwise_scores(label, pred)
    together = {d: pred[d] == pred[d.rsplit("-", 1)[0] + "-orig"] for d in info}
    known = [pred[f"p{i}-orig"] == pred[f"p{j}-orig"] for i, j in _known_pairs(label)]
    high = [together[d] for d, (_, ov) in info.items() if ov >= 0.8]
    merges = collections.Counter(kind for kind, a, b in negatives if pred[a] == pred[b])
    labels_of = collections.defaultdict(set)
    for d, c in pred.items():
        labels_of[c].add(label[d])
    mixed = sum(1 for labs in labels_of.values() if len(labs) > 1)
    kinds = " ".join(
        f"{k}={np.mean([together[d] for d, (kk, _) in info.items() if kk == k]):.3f}" for k in KINDS
    )
    print(
        f"{name:<9} P={p:.4f} R={r:.4f} F1={f1:.4f} ARI={ari:.4f} "
        f"R@overlap>=0.8={np.mean(high):.4f} (n={len(high)}) "
        f"hard-negative merges={sum(merges.values())}/{len(negatives)} {dict(merges)} "
        f"mixed clusters={mixed} known real copies found={sum(known)}/{len(known)}"
    )
    print(f"{'':<9} recall per edit kind: {kinds}")


def report_extra(name, extra_info, pred, negatives, label):
    """Per case kind: recall (copy together with what it copies) and pairwise precision (of the
    pairs the copies were put in, the share that are one story); merges per negative kind."""
    members = collections.defaultdict(list)
    for d, c in pred.items():
        members[c].append(d)
    kinds = collections.defaultdict(lambda: [[], 0, 0])
    for d, (kind, partner) in extra_info.items():
        row = kinds[kind]
        row[0].append(pred[d] == pred[partner])
        others = [o for o in members[pred[d]] if o != d]
        row[1] += sum(label[o] == label[d] for o in others)
        row[2] += len(others)
    merges = collections.Counter(kind for kind, a, b in negatives if pred[a] == pred[b])
    total = collections.Counter(kind for kind, _, _ in negatives)
    print(
        f"{'':<9} per kind R / P: "
        + " ".join(
            f"{k}={np.mean(r):.3f}/{(tp / n if n else 1.0):.3f} (n={len(r)})"
            for k, (r, tp, n) in sorted(kinds.items())
        )
        + " | merged: "
        + " ".join(f"{k}={merges[k]}/{n}" for k, n in sorted(total.items()))
    )


def quality_set(data, limit):
    """``(pages, docs, label, info, extra_info, negatives)`` of the quality set: the real pages'
    edited copies (``info``: kind and body overlap) and the cases of ``dedup_cases`` and
    ``dedup_written`` (``extra_info``: kind and the doc each copies)."""
    from benchmarks.dedup_cases import (
        chain_cases,
        extra_cases,
        read_ag_news,
        same_story_cases,
    )
    from benchmarks.dedup_smallvocab import small_vocabulary_cases
    from benchmarks.dedup_written import written_cases

    pages = extract_texts(data, limit)
    docs, label, info, negatives = labelled_set(pages)
    index = {url: i for i, (url, _, _) in enumerate(pages)}
    same = {index[b]: index[a] for a, b in KNOWN_SAME_STORY if a in index and b in index}
    more, more_label, extra_info, more_negatives = extra_cases(
        pages, lambda d, t, h, hours: _doc(d, t, h, hours=hours), lambda i: same.get(i, i)
    )
    docs, negatives = docs + more, negatives + more_negatives
    label.update(more_label)
    chains, chain_label, chain_negatives = chain_cases(
        read_ag_news(data), lambda d, t, h, hours: _doc(d, t, h, hours=hours)
    )
    docs, negatives = docs + chains, negatives + chain_negatives
    label.update(chain_label)
    extra_info.update(
        {d[:-1] + "b": ("chain_copy", d[:-1] + "a") for d in chain_label if d[-1] == "a"}
    )
    same, same_label, same_negatives = same_story_cases(
        lambda d, t, h, hours: _doc(d, t, h, hours=hours)
    )
    docs, negatives = docs + same, negatives + same_negatives
    label.update(same_label)
    small, small_label, small_negatives = small_vocabulary_cases(
        lambda d, t, h, hours: _doc(d, t, h, hours=hours)
    )
    docs, negatives = docs + small, negatives + small_negatives
    label.update(small_label)
    written, written_label, written_info, written_negatives = written_cases(
        lambda d, t, h, hours: _doc(d, t, h, hours=hours)
    )
    docs, negatives = docs + written, negatives + written_negatives
    label.update(written_label)
    extra_info.update(written_info)
    return pages, docs, label, info, extra_info, negatives


def quality(data, limit, presets):
    from benchmarks.dedup_cases import baseline_clusters

    pages, docs, label, info, extra_info, negatives = quality_set(data, limit)
    print(
        f"\n## Quality: {len(pages)} pages -> {len(docs)} docs, {len(negatives)} hard-negative pairs"
    )
    ov = collections.defaultdict(list)
    for kind, o in info.values():
        ov[kind].append(o)
    print("mean body overlap per kind: " + " ".join(f"{k}={np.mean(v):.2f}" for k, v in ov.items()))
    exact = {d.doc_id: content_hash(d.text) for d in docs}
    report_quality("exact", label, info, negatives, exact)
    report_extra("exact", extra_info, exact, negatives, label)
    with tempfile.TemporaryDirectory() as tmp:
        for name in presets:
            config = PRESETS[name]
            # Today's rule before no-chaining / containment / the template guard, all pairs.
            nodes = [to_node(fingerprint(d, config)) for d in docs]
            before = baseline_clusters(nodes, config)
            report_quality(f"{name}-old", label, info, negatives, before)
            report_extra(f"{name}-old", extra_info, before, negatives, label)
            # Marks as evidence of containment (``contain_marked``), off by default.
            marked = dataclasses.replace(config, contain_marked=0.6)
            pred = run_quality(docs, marked, tmp)
            report_quality(f"{name}-marked", label, info, negatives, pred)
            report_extra(f"{name}-marked", extra_info, pred, negatives, label)
            pred = run_quality(docs, config, tmp)
            report_quality(name, label, info, negatives, pred)
            report_extra(name, extra_info, pred, negatives, label)


def synthetic_shard(shard, per_shard, vocab=20000):
    """Docs of 250-400 words in sentences of 6-24 Zipf-distributed words, with names, figures
    and a quote, as a news story has (its nodes carry marks, quotes, narrative and sentences,
    as real ones do); every 10th doc is a copy of the one before: a dateline and its opening
    words cut, or (one in two) a heavy edit with a third of its sentences cut, its paragraphs
    moved, a new lead and a closing of its own."""
    rng = np.random.default_rng(shard)
    words = [f"w{i}" for i in range(vocab)]
    names = [f"N{i}x" for i in range(vocab // 4)]
    prev = None
    for i in range(per_shard):
        if i % 10 == 9 and prev is not None:
            text = _copy_of(prev, rng, words, names, heavy=bool(rng.integers(0, 2)))
        else:
            text = _story(rng, words, names)
        prev = text
        yield _doc(f"s{shard}-{i}", text, f"t{shard}-{i}", hours=int(i % 48))


def _sentence(rng, words, names, length=None):
    n = int(length or rng.integers(6, 25))
    ids = np.minimum(rng.zipf(1.3, n), len(words)) - 1
    out = [words[k] for k in ids.tolist()]
    for _ in range(int(rng.integers(0, 3))):  # the story's names after the first word: marks
        out[int(rng.integers(1, n))] = names[int(rng.integers(0, len(names)))]
    if rng.random() < 0.4:  # a figure
        out[int(rng.integers(1, n))] = f"{int(rng.integers(2, 5000)):,}"
    out[0] = out[0].capitalize()
    return " ".join(out) + "."


def _story(rng, words, names):
    names = [names[k] for k in rng.integers(0, len(names), int(rng.integers(3, 8)))]
    paras, total, target = [], 0, int(rng.integers(250, 400))
    # The paragraph that quotes someone, in 3 stories of 5 (57 % of the real pages quote).
    quoted = int(rng.integers(1, 4)) if rng.random() < 0.6 else -1
    while total < target:
        sents = [_sentence(rng, words, names) for _ in range(int(rng.integers(2, 5)))]
        if len(paras) == quoted:
            said = _sentence(rng, words, names)[:-1]
            sents.append(f'"{said}," said {names[0]}.')
        paras.append(" ".join(sents))
        total += sum(s.count(" ") + 1 for s in sents)
    return "\n".join(paras)


def _copy_of(text, rng, words, names, heavy):
    if not heavy:  # a light edit: a dateline, the opening words cut
        toks = text.split(" ")
        return "DATELINE " + " ".join(toks[int(rng.integers(0, len(toks) // 5)) :])
    paras = [p.split(". ") for p in text.split("\n")]
    kept = [[s for s in p if rng.random() > 1 / 3] for p in paras]
    kept = [". ".join(p).rstrip(".") + "." for p in kept if p]
    order = rng.permutation(len(kept) - 1) + 1 if len(kept) > 1 else []
    names = [names[k] for k in rng.integers(0, len(names), 3)]
    lead, close = _sentence(rng, words, names, 20), _sentence(rng, words, names, 14)
    return "\n".join([lead, kept[0], *[kept[k] for k in order], close])


def _tree_pss_mb(root: int) -> dict:
    """``{pid: PSS MB}`` of a process and all its descendants, from /proc (``smaps_rollup``: a
    page shared by the runner and its forked workers counts once over the tree, not once per
    process as RSS does)."""
    children = collections.defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children[int(fields[1])].append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    out, todo = {}, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    out[pid] = int(line.split()[1]) / 1024
                    break
        except OSError:
            continue
    return out


class PeakTree:
    """Samples the memory of this process tree every ``interval`` s (``sizes``: ``{pid: MB}`` of
    a root and its descendants; PSS unless said): ``.peak`` (sum, MB), ``.runner`` (this process:
    the runner, which holds shuffled data) and ``.worker`` (the largest other process: an SDK
    worker)."""

    def __init__(self, sizes=None, interval=0.25):
        self.sizes = sizes or _tree_pss_mb
        self.interval, self._stop = interval, threading.Event()
        self.peak = self.runner = self.worker = 0.0

    def _run(self):
        me = os.getpid()
        while not self._stop.is_set():
            sizes = self.sizes(me)
            self.peak = max(self.peak, sum(sizes.values()))
            self.runner = max(self.runner, sizes.get(me, 0.0))
            self.worker = max([self.worker] + [mb for pid, mb in sizes.items() if pid != me])
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def union_find_memory(edges=1_000_000):
    """Doc ids, components and peak MB of the one-worker union-find (and its ``roots()``
    output) over ``edges`` edges in clusters of 2-6 copies."""
    import tracemalloc

    from transforms.dedup.clusters import UnionFind

    rng = random.Random(3)
    tracemalloc.start()  # the doc id strings count: the worker decodes them from the edges
    uf, done, doc = UnionFind(), 0, 0
    while done < edges:  # clusters of 2-6 copies, star edges as the URL/hash layers give
        ids = [f"s{rng.getrandbits(20)}-{doc + i}" for i in range(rng.randint(2, 6))]
        for other in ids[1:]:
            uf.union(ids[0], other)
        done, doc = done + len(ids) - 1, doc + len(ids)
    roots = uf.roots()
    size = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return len(uf.parent), len(roots), size


# Issue 26's bound: a local run of a million documents within 4 GB (PSS of the process tree).
SCALE_LIMIT_MB = 4096


def node_contents(preset, docs=2000):
    """What the nodes of ``synthetic_shard``'s first ``docs`` texts carry (a line to print): the
    share with sentence hashes (at least ``sentences_min``) and with quotes, the mean counts, and
    the marks bytes per node with the preset's sentence rule and with ``contain_sentences: null``
    (the bytes the rule adds to every node)."""
    from transforms.dedup.quotes import split_parts

    on = PRESETS[preset]
    off = dataclasses.replace(on, contain_sentences=None)
    texts = list(synthetic_shard(0, docs))
    parts = np.array([[len(x) for x in split_parts(fingerprint(a, on).marks)] for a in texts])
    sizes = {c: np.mean([len(fingerprint(a, c).marks) for a in texts]) for c in (on, off)}
    return (
        f"nodes of {docs:,} texts: {np.mean(parts[:, 3] >= on.sentences_min):.0%} with "
        f"{on.sentences_min}+ sentences (mean {parts[:, 3].mean():.1f} hashes), "
        f"{np.mean(parts[:, 1] > 0):.0%} with quotes, {parts[:, 0].mean():.0f} marks; marks bytes "
        f"{sizes[on]:.0f} with sentences, {sizes[off]:.0f} without: "
        f"+{sizes[on] - sizes[off]:.0f} bytes per node"
    )


def speed(sizes, preset, engine="disk", nodes_only=False, compare_sentences=False, baseline=None):
    """Issue 26's check: per size, one pipeline in a fresh interpreter (``dedup_scale.run_once``:
    FnApiRunner, 2 worker processes, the environment of ``newsbeam run --workers 2``) over
    synthetic documents with 10 % copies, generated, fingerprinted and deduplicated with
    ``engine`` (``disk``: what a local run over 256 MiB uses); its wall time per 100k documents
    and the peak PSS of its whole process tree against ``SCALE_LIMIT_MB``. ``compare_sentences``:
    each size again with ``contain_sentences: null`` (nodes without sentence hashes).
    ``baseline``: a git revision whose code runs each size first, printed above the current
    code's row (both rows from one machine state)."""
    from benchmarks.dedup_cli_scale import export_rev

    codes, exported = [("now", ROOT)], Path(tempfile.mkdtemp(prefix="dedup-baseline-"))
    if baseline:
        codes.insert(0, (baseline, export_rev(baseline, exported / baseline)))
    try:
        _speed_rows(sizes, preset, engine, nodes_only, compare_sentences, codes)
    finally:
        shutil.rmtree(exported, ignore_errors=True)


def _speed_rows(sizes, preset, engine, nodes_only, compare_sentences, codes):
    from benchmarks.dedup_scale import run_isolated

    load = os.getloadavg()
    what = "synthetic nodes (no texts)" if nodes_only else "synthetic texts, fingerprinted"
    print(
        f"\n## Scale (issue 26): {what}, dedup engine {engine}, FnApiRunner multi_processing, "
        f"2 workers, preset {preset} (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        f"on {os.cpu_count()} cores)"
    )
    if not nodes_only:
        print(node_contents(preset), flush=True)
    print(
        "| code | docs | sentences | wall s | s per 100k (whole run) | CPU s per 100k (sys) "
        f"| peak PSS MB (tree) | runner MB | largest worker MB | under {SCALE_LIMIT_MB:,} MB "
        "| copies | verdicts digest | load after |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---|---:|")
    rules = (True, False) if compare_sentences else (True,)
    runs = ((n, rule, code) for n in sizes for rule in rules for code in codes)
    for n, rule, (label, code) in runs:
        r = run_isolated(n, engine, preset, nodes_only, sentences=rule, code=code)
        if r["nodes"] != n:
            print(f"  NOT CONSERVED: {n} docs, {r['nodes']} nodes", flush=True)
        said = "preset" if rule else "null"
        cpu = f"{r['cpu'] / n * 1e5:.1f} ({r['sys'] / n * 1e5:.1f})"
        print(
            f"| {label} | {n:,} | {said} | {r['wall']:.1f} | {r['wall'] / n * 1e5:.1f} | {cpu} "
            f"| {r['peak']:,.0f} "
            f"| {r['runner']:,.0f} | {r['worker']:,.0f} "
            f"| {'yes' if r['peak'] < SCALE_LIMIT_MB else 'NO'} | {r['copies']:,} "
            f"| {r['digest']} | {os.getloadavg()[0]:.2f} |",
            flush=True,
        )
    nodes, _, mb = union_find_memory()
    print(
        f"\nunion-find (one worker): 1,000,000 edges over {nodes:,} doc ids -> {mb:,.0f} MB "
        f"peak Python heap ({mb:,.0f} MB per million edges)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--limit", type=int, default=0, help="pages for the quality part (0: all)")
    parser.add_argument("--presets", nargs="+", default=sorted(PRESETS))
    parser.add_argument("--scale", type=int, nargs="*", default=[100_000], help="synthetic sizes")
    parser.add_argument("--scale-preset", default="default")
    parser.add_argument("--scale-engine", default="disk", choices=["disk", "runner"])
    parser.add_argument(
        "--scale-nodes",
        action="store_true",
        help="synthetic nodes (random signatures) instead of texts: the dedup without fingerprints",
    )
    parser.add_argument(
        "--scale-sentences",
        action="store_true",
        help="each size also with contain_sentences: null (nodes without sentence hashes)",
    )
    parser.add_argument(
        "--scale-baseline-rev", help="git revision run before the current code at each size"
    )
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args(argv)
    if not args.skip_quality:
        quality(Path(args.data), args.limit, args.presets)
    if args.scale:
        speed(
            args.scale,
            args.scale_preset,
            args.scale_engine,
            args.scale_nodes,
            args.scale_sentences,
            args.scale_baseline_rev,
        )


if __name__ == "__main__":
    main()
