"""The catch-all check: which primary topics real pages and blog feed entries get.

No gold labels: the figure to watch is the share a single topic takes (science and technology
took a quarter of real English pages and 70 % of captured blog feed entries with lexicon 1, its
weight-3 "online", "website", "email" terms matching any page) and the share left without a
topic. Reads, at run time, from DATA (default ../shared/data):

- ``extraction/trafilatura-eval/html``: 990 real web pages (trafilatura's evaluation set,
  Apache-2.0 code, pages belong to their publishers), extracted with newsbeam's extractor;
- ``feeds/real/feedjira`` and ``feeds/real/rss-parser``: captured blog and news feeds (MIT
  repositories, contents belong to their publishers), one item per entry (title + text).

Each item's language comes from ``detect_article``; the topic from the lexicon of that language.
``--baseline TAXONOMY`` adds, in the same run, another taxonomy file scored the old way (no
threshold, no single-term discount, weak terms count): e.g. lexicon 1 from the project's history
(``git show 8cedcc9:configs/taxonomy/iptc-mediatopics.yaml > /tmp/lexicon-1.yaml``).

    python benchmarks/topics_real.py [DATA] [--pages 990] [--baseline FILE]
"""

import argparse
import collections
import gzip
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import transforms.topics.classify as ct  # noqa: E402
from transforms.language.detect import detect_article, shared_detector_factory  # noqa: E402
from transforms.topics.taxonomy import load_taxonomy  # noqa: E402

SCIENCE = "medtop:13000000"


def pages(folder: Path, limit: int) -> list:
    """``[(title, text)]`` of the real pages newsbeam's extractor finds an article in."""
    from transforms.extract.html import extract_html

    out = []
    for path in sorted(folder.glob("*.html*"))[:limit]:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        doc = extract_html(raw.decode("utf-8", errors="replace"))
        if doc.is_article and doc.text:
            out.append((doc.title, doc.text))
    return out


def feed_entries(folders: list) -> list:
    """``[(title, text)]`` of every feed entry with some text."""
    from transforms.read.feed_parse import parse_xml_feed, plain_text

    out = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix in (".json", ".txt", ".dat", ".opml"):
                continue
            try:
                feed = parse_xml_feed(path.read_bytes())
            except Exception:  # a test fixture that is not a feed
                continue
            for entry in feed.get("entries") or ():
                text = entry.get("content_text") or plain_text(entry.get("summary")) or ""
                if len(text.split()) >= 20:
                    out.append((entry.get("title"), text))
    return out


def _old_scoring():
    """Lexicon 1's scoring: every term counts, no single-term discount, no threshold."""
    ct.STRONG, ct.SINGLE_TERM = 0.0, 1.0


def _new_scoring():
    ct.STRONG, ct.SINGLE_TERM = 2.0, 0.5


def report(name: str, items: list, runs: dict) -> None:
    profiles = shared_detector_factory(0)
    languages = [detect_article(profiles, t, x)[0] for t, x in items]
    english = [i for i, lang in enumerate(languages) if lang == "en"]
    print(f"\n{name}: {len(items)} items, {len(english)} English")
    for label, (taxonomy, min_primary, old) in runs.items():
        (_old_scoring if old else _new_scoring)()
        start = time.perf_counter()
        got = collections.Counter()
        for i in english:
            title, text = items[i]
            topics = ct.classify(
                title, text, taxonomy=taxonomy, language="en", min_primary=min_primary
            )
            got[topics[0].label if topics else "(no topic)"] += 1
        ms = (time.perf_counter() - start) * 1000 / max(1, len(english))
        n = max(1, len(english))
        science = got.get("science and technology", 0) / n
        top = ", ".join(f"{k} {v / n:.0%}" for k, v in got.most_common(5))
        print(f"  {label:<34} science and technology {science:.1%}; {top}; {ms:.2f} ms/item")
    _new_scoring()
    covered = [lang for lang in languages if ct.lexicon_language(runs_default(runs), lang)]
    print(
        f"  languages: {dict(collections.Counter(languages).most_common(8))}; "
        f"{len(covered)}/{len(items)} in a covered language"
    )


def runs_default(runs: dict):
    return next(iter(runs.values()))[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--pages", type=int, default=990)
    parser.add_argument("--baseline", help="an older taxonomy file, scored the old way")
    args = parser.parse_args(argv)
    data = Path(args.data)
    taxonomy = load_taxonomy()
    runs = {f"lexicon {taxonomy.version}": (taxonomy, ct.MIN_PRIMARY, False)}
    if args.baseline:
        old = load_taxonomy(args.baseline)
        runs[f"baseline {old.version} (old scoring)"] = (old, 0.0, True)
    report(
        "Real pages (trafilatura-eval)",
        pages(data / "extraction" / "trafilatura-eval" / "html", args.pages),
        runs,
    )
    feeds = data / "feeds" / "real"
    report(
        "Feed entries (feedjira, rss-parser)",
        feed_entries([feeds / "feedjira", feeds / "rss-parser"]),
        runs,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
