"""Teasers on the captured feeds: a feed entry's own summary against its full content.

Many captured entries carry both a summary (``description`` / ``summary``) and the full text
(``content:encoded`` / ``content``): the summary is a real teaser of that text. Per entry whose
summary is at least ``--min-words`` words and at most ``SHORTER`` of its content, both texts
(``plain_text`` of the feed's HTML, no page extraction) are fingerprinted with the preset and
``clusters.match`` decides summary against content. Classes: ``opening`` (the summary is the
content's opening, cut: its first 8 words are the content's) and ``written`` (a summary written
apart), each also for summaries of at least 50 words (``filter.min_words``: shorter texts are
rejected before dedup in a run). Then all nodes are clustered (``on_disk.cluster_verdicts``): a
summary or content put with another entry's text (another link and title) is a false merge,
listed.

    python benchmarks/dedup_teasers.py [DATA] [--min-words 20] [--rule JSON]
"""

import argparse
import collections
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dedup import _doc  # noqa: E402
from transforms.core.record import normalized_words  # noqa: E402
from transforms.dedup import PRESETS, fingerprint, to_node  # noqa: E402
from transforms.dedup.clusters import match  # noqa: E402
from transforms.dedup.on_disk import cluster_verdicts  # noqa: E402
from transforms.read.feed_parse import is_json_feed, parse_json_feed, parse_xml_feed  # noqa: E402
from transforms.read.feed_text import plain_text, safe_char_refs  # noqa: E402

SHORTER = 0.8  # a summary longer than this share of its content is the content, not a teaser
OPENING_WORDS = 8


def entry_pairs(feeds: Path, min_words: int) -> list:
    """``[(key, summary, content)]`` of every captured entry with both, the summary a teaser;
    ``key`` is the entry's link, else its guid, else its title (one story)."""
    out, seen = [], set()
    for path in sorted(p for p in feeds.rglob("*") if p.is_file()):
        data = path.read_bytes()
        try:
            if is_json_feed(data):
                parsed = parse_json_feed(data)
            else:
                parsed = parse_xml_feed(safe_char_refs(data))
        except Exception:  # noqa: BLE001 - a captured file that is no feed: not a case
            continue
        for e in parsed["entries"]:
            summary = plain_text(e.get("summary") or "") or ""
            content = plain_text(e.get("content_html") or "") or (e.get("content_text") or "")
            s, c = summary.split(), content.split()
            if len(s) < min_words or len(s) > SHORTER * len(c):
                continue
            if (summary, content) in seen:  # one feed captured at several commits
                continue
            seen.add((summary, content))
            key = e.get("link") or e.get("guid") or e.get("title") or f"{path}:{len(out)}"
            out.append((key, summary, content))
    return out


def kind_of(summary: str, content: str) -> str:
    s, c = normalized_words(summary), normalized_words(content)
    return "opening" if s[:OPENING_WORDS] == c[:OPENING_WORDS] else "written"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--min-words", type=int, default=20)
    parser.add_argument("--rule", default="{}", help="DedupConfig fields over the preset (JSON)")
    args = parser.parse_args(argv)
    feeds = Path(args.data) / "feeds" / "real"
    if not feeds.is_dir():
        print(f"no captured feeds at {feeds}: nothing to measure")
        return 0
    config = dataclasses.replace(PRESETS["default"], **json.loads(args.rule))
    pairs = entry_pairs(feeds, args.min_words)
    nodes, label, found = [], {}, collections.defaultdict(list)
    for n, (key, summary, content) in enumerate(pairs):
        s = to_node(fingerprint(_doc(f"e{n}-summary", summary, key, hours=0), config))
        c = to_node(fingerprint(_doc(f"e{n}-content", content, key, hours=1), config))
        nodes += [s, c]
        label[s.doc_id] = label[c.doc_id] = key
        kind = kind_of(summary, content)
        hit = match(s, c, config) is not None
        found[kind].append(hit)
        if len(summary.split()) >= 50:
            found[f"{kind}>=50w"].append(hit)
    print(f"{len(pairs)} entries with a summary of {args.min_words}+ words and their content; "
          f"rule {args.rule}")  # fmt: skip
    for kind, hits in sorted(found.items()):
        print(f"  {kind:<12} found {sum(hits)}/{len(hits)} = {sum(hits) / len(hits):.3f}")
    clusters = collections.defaultdict(list)
    for _, (doc_id, verdict) in cluster_verdicts(lambda: nodes, config):
        clusters[verdict.cluster_id].append(doc_id)
    wrong = [sorted(ids) for ids in clusters.values() if len({label[d] for d in ids}) > 1]
    print(f"  clusters with texts of different entries (false merges unless one story): "
          f"{len(wrong)}")  # fmt: skip
    for ids in wrong:
        print("   ", [(d, label[d][:60]) for d in ids])
    return 0


if __name__ == "__main__":
    sys.exit(main())
