"""Topics and language on REAL news, labelled by the project: pages and feed entries.

Two labelled sets, built from material read at run time from DATA (default ../shared/data); only
labels and mappings are stored in the project, never the third-party text:

- pages: ``benchmarks/data/topics-real-pages.tsv``: page ids of trafilatura's evaluation set
  (``extraction/trafilatura-eval/html``, Apache-2.0 code, pages belong to their publishers), each
  labelled by the project's topics engineer, from the title and lead of the page, with the
  language it is written in and its top-level IPTC Media Topic. Only news and magazine articles
  with a clear topic were labelled (no recipes, shops, docs, forums). The text is newsbeam's own
  extraction of the page (``extract_html``), as the pipeline sees it.
- feeds: the entries of the captured feeds in ``feeds/real`` (feedjira, rss-parser, trafilatura:
  MIT/Apache-2.0 repositories, contents belong to their publishers) whose ``<category>`` values
  map to one top-level IPTC code by ``benchmarks/data/feed-categories.tsv`` (a mapping per
  language written by the project from the category names alone; an entry whose mapped
  categories disagree is not labelled). The language is the feed's declared ``<language>``,
  except for the entries ``benchmarks/data/feed-language-fixes.tsv`` lists: checked by reading,
  they are written in another language than their feed declares. Entries listed in
  ``benchmarks/data/feed-entry-labels.tsv`` (the Portuguese news feeds and two Spanish blog
  posts, labelled one by one by the project from title and summary) take that label instead,
  and are split one by one rather than by feed.
- language of pages: ``benchmarks/data/language-real-pages.tsv``: the language of the pages of
  the same evaluation set: the page's declared ``<html lang>`` where newsbeam's detector agreed
  with it, else (no declaration, or a disagreement) the language read by the project's topics
  engineer; pages written in no language langdetect knows (Papiamento, pinyin) or that hold
  only server error messages are left out.

Both are split in two: pages by a hash of the page id, feed entries by a hash of the feed's file
(so no feed is on both sides). ``dev`` is what tuning looks at; ``test`` is reported.

Topics are scored at the pipeline's threshold (``topics.min_primary``, scaled per language as
the pipeline scales it): an item left without a topic counts as wrong, as a user gets it.
Printed per set, language and split: macro-F1 over the gold classes, coverage (share with a
topic), precision/recall/F1 per class, the confusion matrix, the wrong titles, ms per item.
Then language identification (``detect_article`` on the title and text, as the pipeline reads
them) against the language of every feed entry with 20 words or more whose feed declares one,
and of the pages: accuracy and every error.

    python benchmarks/topics_labelled.py [DATA] [--split test|dev|all] [--wrong 10] [--min-primary X]
"""

import argparse
import collections
import gzip
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from topics import NONE  # noqa: E402  (benchmarks/topics.py)
from topics_articles import report, scored  # noqa: E402

from transforms.language.detect import detect_article, shared_detector_factory  # noqa: E402
from transforms.topics.classify import (  # noqa: E402
    MIN_PRIMARY,
    build_index,
    classify,
    effective_min_primary,
    lexicon_language,
)
from transforms.topics.lexicon import base_language  # noqa: E402
from transforms.topics.taxonomy import load_taxonomy  # noqa: E402

PAGES = ROOT / "benchmarks" / "data" / "topics-real-pages.tsv"
CATEGORIES = ROOT / "benchmarks" / "data" / "feed-categories.tsv"
ENTRY_LABELS = ROOT / "benchmarks" / "data" / "feed-entry-labels.tsv"
LANGUAGE_FIXES = ROOT / "benchmarks" / "data" / "feed-language-fixes.tsv"
PAGE_LANGUAGES = ROOT / "benchmarks" / "data" / "language-real-pages.tsv"
MIN_WORDS = 20


def split_of(key: str) -> str:
    """``dev`` or ``test``, half and half, fixed by a hash of ``key`` (a page id, a feed file)."""
    return "dev" if int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 2 else "test"


def _rows(path: Path) -> list:
    return [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def code(two_digits: str) -> str:
    return f"medtop:{two_digits}000000"


def page(data: Path, page_id: str) -> tuple:
    """``(title, text, declared)`` of a page of the evaluation set, decoded and extracted as the
    pipeline does it; ``declared`` is the page's language as the pipeline passes it on."""
    from transforms.extract.decode import decode_bytes
    from transforms.extract.html import extract_html
    from transforms.read.items import language_hint

    path = data / "extraction" / "trafilatura-eval" / "html" / f"{page_id}.gz"
    doc = extract_html(decode_bytes(gzip.decompress(path.read_bytes()))[0])
    return doc.title, doc.text or "", language_hint(doc.language)


def page_items(data: Path) -> list:
    """``[(split, language, code, title, text)]`` of the labelled pages."""
    return [
        (split_of(page_id), language, code(iptc), *page(data, page_id)[:2])
        for page_id, language, iptc in _rows(PAGES)
    ]


def feed_entries(data: Path) -> list:
    """``[(feed file, language or None, categories, title, text, declared, number)]`` of every entry of
    the captured feeds with at least ``MIN_WORDS`` words of text; the language is the feed's
    ``declared`` one unless ``LANGUAGE_FIXES`` says otherwise."""
    from transforms.read.feed_parse import parse_xml_feed, plain_text

    root = data / "feeds" / "real"
    fixes = {(feed, entry): language for feed, entry, language in _rows(LANGUAGE_FIXES)}
    out = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "expected-output" in path.parts:
            continue
        if path.suffix in (".json", ".txt", ".dat", ".opml", ".csv", ".md", ".html"):
            continue
        try:
            feed = parse_xml_feed(path.read_bytes())
        except Exception:  # a file that is not a feed
            continue
        rel = str(path.relative_to(root))
        declared = base_language(feed.get("language")) or None
        for number, entry in enumerate(feed.get("entries") or ()):
            language = fixes.get((rel, str(number)), fixes.get((rel, "*"), declared))
            text = (
                plain_text(entry.get("content_html"))
                or entry.get("content_text")
                or plain_text(entry.get("summary"))
                or ""
            )
            if len(text.split()) < MIN_WORDS:
                continue
            categories = {
                part.strip().lower() for tag in entry.get("tags") or () for part in tag.split(",")
            }
            out.append((rel, language, categories, entry.get("title"), text, declared, number))
    return out


def feed_items(entries: list) -> list:
    """``[(split, language, code, title, text)]``: the entries labelled one by one
    (``ENTRY_LABELS``, split by entry) and those whose mapped categories agree (split by feed)."""
    mapping = {(lang, category): iptc for lang, category, iptc in _rows(CATEGORIES)}
    labels = {(feed, int(number)): iptc for feed, number, iptc in _rows(ENTRY_LABELS)}
    out = []
    for feed, language, categories, title, text, _, number in entries:
        if (feed, number) in labels:
            if labels[(feed, number)] != "-":
                split = split_of(f"{feed}#{number}")
                out.append((split, language, code(labels[(feed, number)]), title, text))
            continue
        codes = {mapping[(language, c)] for c in categories if (language, c) in mapping}
        if len(codes) == 1:
            out.append((split_of(feed), language, code(codes.pop()), title, text))
    return out


def evaluate(items: list, language: str, taxonomy, min_primary: float = MIN_PRIMARY) -> dict:
    """Classify ``items`` (all in ``language``) as the pipeline does, at its threshold (an item
    whose best topic stays under it has no topic and counts as wrong); figures and predictions."""
    index = build_index(taxonomy, language)
    start = time.perf_counter()
    pred = []
    for _, _, _, title, text in items:
        topics = classify(
            title, text, taxonomy=taxonomy, index=index, language=language, min_primary=min_primary
        )
        pred.append(topics[0].code if topics else NONE)
    ms = (time.perf_counter() - start) * 1000 / max(1, len(items))
    return scored([item[2] for item in items], pred, ms)


def report_topics(
    name: str, items: list, splits: tuple, taxonomy, wrong: int, min_primary: float = MIN_PRIMARY
) -> None:
    short = {t.code: t.label.split(",")[0][:10] for t in taxonomy.topics} | {NONE: NONE}
    groups = collections.defaultdict(list)
    for item in items:
        groups[(item[1], item[0])].append(item)
    for (language, split), group in sorted(groups.items()):
        if split not in splits or lexicon_language(taxonomy, language) is None:
            continue
        result = evaluate(group, language, taxonomy, min_primary)
        # report() lists wrong titles from item[2]: give it (split, language, title, ...).
        shown = [(s, lang, title, text) for s, lang, _, title, text in group]
        used = effective_min_primary(min_primary, language)
        report(f"{name} {language} {split} (threshold {used:.4g})", shown, result, short, wrong)
        if min_primary > 0:
            print("  " + why_wrong(result, evaluate(group, language, taxonomy, 0.0)))


def why_wrong(result: dict, best: dict) -> str:
    """How the items ``result`` gets wrong fail: no topic (and among them, those whose best
    topic, ``best`` being the same items scored without a threshold, was right) or a wrong one."""
    triples = list(zip(result["gold"], result["pred"], best["pred"]))
    none = [(g, b) for g, p, b in triples if p == NONE]
    wrong = sum(p not in (g, NONE) for g, p, _ in triples)
    right_below = sum(g == b for g, b in none)
    return (
        f"wrong: {len(none) + wrong} of {len(triples)}: no topic {len(none)} (best topic right "
        f"but under the threshold {right_below}), wrong topic {wrong}"
    )


def _base(language: str) -> str:
    return "zh" if language.startswith("zh") else base_language(language)


def report_language(name: str, items: list) -> None:
    """Accuracy of ``detect_article`` against the gold language of ``(language, title, text)``
    items, or ``(language, title, text, declared)`` ones: the language the input declares, which
    the pipeline passes on too."""
    profiles = shared_detector_factory(0)
    errors, per_language = [], collections.Counter()
    start = time.perf_counter()
    for gold, title, text, *declared in items:
        said = declared[0] if declared else None
        got = _base(detect_article(profiles, title, text, declared=said)[0])
        per_language[gold] += 1
        if got != _base(gold):
            errors.append((gold, got, title))
    ms = (time.perf_counter() - start) * 1000 / max(1, len(items))
    right = len(items) - len(errors)
    print(
        f"\nLanguage, {name}: {right}/{len(items)} = {right / max(1, len(items)):.4f} "
        f"({ms:.2f} ms/item); items per language: {dict(per_language.most_common())}"
    )
    for gold, got, title in errors:
        print(f"    {gold} -> {got}: {(title or '')[:70]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--split", default="all", choices=("test", "dev", "all"))
    parser.add_argument("--wrong", type=int, default=10, help="wrong titles listed per set")
    parser.add_argument(
        "--min-primary",
        type=float,
        default=MIN_PRIMARY,
        help="topics.min_primary (default: the pipeline's; 0 gives every item its best topic)",
    )
    args = parser.parse_args(argv)
    data = Path(args.data)
    taxonomy = load_taxonomy()
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    pages = page_items(data)
    entries = feed_entries(data)
    feeds = feed_items(entries)
    print(
        f"Labelled real pages: {len(pages)}; feed entries with {MIN_WORDS}+ words: "
        f"{len(entries)}, labelled by their categories: {len(feeds)}"
    )
    report_topics("pages", pages, splits, taxonomy, args.wrong, args.min_primary)
    report_topics("feeds", feeds, splits, taxonomy, args.wrong, args.min_primary)
    declared = [(lang, title, text, said) for _, lang, _, title, text, said, _ in entries if lang]
    report_language("feed entries (the feed's language, checked where it is wrong)",
                    [item[:3] for item in declared])  # fmt: skip
    report_language("feed entries, the feed's declaration passed on as the pipeline does", declared)
    pages_declared = [(lang, *page(data, page_id)) for page_id, lang in _rows(PAGE_LANGUAGES)]
    report_language("pages", [item[:3] for item in pages_declared])
    report_language("pages, the page's declared language passed on as the pipeline does",
                    pages_declared)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
