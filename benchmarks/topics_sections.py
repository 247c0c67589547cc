"""Topics on REAL news labelled by the PUBLISHER's section: German, French, English and others.

The gold is not the project's reading but the section the publisher filed the article under:
a directory of its URL (``stern.de/politik/...``, ``theguardian.com/sport/...``) or a category
the publisher gave it (an RSS ``<category>``, the ``categories`` metadata of trafilatura's
evaluation set), mapped to a top-level IPTC Media Topic by ``benchmarks/data/news-sections.tsv``
(written by the project from the section names alone; an item whose sections map to more than
one code, or to none, is left out). Material, read at run time from DATA (default
../shared/data); only the mapping is stored in the project:

- pages: trafilatura's evaluation set (``extraction/trafilatura-eval``, Apache-2.0 code, pages
  belong to their publishers), news sites and others; language from
  ``benchmarks/data/language-real-pages.tsv``; text as newsbeam extracts it.
- feeds: the news feeds of ``feeds/real`` (rss-parser, feedjira: MIT; contents belong to their
  publishers): ``NEWS_FEEDS`` below. The other captured feeds are blogs, podcasts and parser
  fixtures (``topics_labelled.py`` covers the blogs); no French or German news feed with
  sections was captured (heise developer is one section), so German and French come from pages.

Split by a hash of the article's URL (``split_of``): ``dev`` is what tuning looks at, ``test``
is reported. Printed: macro-F1, per-class precision/recall, the
confusion matrix, coverage at the pipeline's threshold, ms per item, per language and split
(pages and feeds pooled; ``--by-source`` keeps them apart); then German, French and English
on the classes of issue 27's held-out checks only (``CHECK_CLASSES``).

    python benchmarks/topics_sections.py [DATA] [--split test|dev|all] [--wrong 10]
"""

import argparse
import json
import re
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from topics_labelled import PAGE_LANGUAGES, _rows, code, page, report_topics, split_of  # noqa: E402

from transforms.topics.classify import MIN_PRIMARY  # noqa: E402
from transforms.topics.taxonomy import load_taxonomy  # noqa: E402

SECTIONS = ROOT / "benchmarks" / "data" / "news-sections.tsv"
# Feed file -> language (for a feed that declares none or a wrong one).
NEWS_FEEDS = {
    "rss-parser/input/guardian.rss": "en",
    "rss-parser/input/encoding.rss": "pt",
    "rss-parser/input/uolNoticias.rss": "pt",
    "feedjira/HuffPostCanada.xml": "en",
}
# The classes of the held-out checks of issue 27 (German, French and BBC news): besides every
# labelled class, each language is also scored on its items of these classes only.
CHECK_CLASSES = {
    "de": ("01", "04", "13", "15"),
    "fr": ("04", "07", "11", "13", "15"),
    "en": ("01", "04", "11", "13", "15"),
}
ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/")


def url_sections(url: str) -> list:
    """The directories of ``url``'s path (the last part is the article's own name), lower case."""
    path = urllib.parse.urlparse(ARCHIVED.sub("", url or "")).path
    parts = [urllib.parse.unquote(p).lower() for p in path.split("/") if p]
    return parts[:-1] if parts and not path.endswith("/") else parts


def label(language: str, sections, mapping: dict):
    """The one IPTC code ``sections`` map to in ``language``, else None."""
    codes = {mapping.get((language, s.strip().lower())) for s in sections} - {None}
    return code(codes.pop()) if len(codes) == 1 else None


def page_items(data: Path, mapping: dict) -> list:
    """``[(split, language, code, title, text)]`` of the evaluation pages with a mapped section."""
    meta = json.loads((data / "extraction" / "trafilatura-eval" / "evaldata.json").read_text())
    languages = dict(_rows(PAGE_LANGUAGES))
    out = []
    for url, info in meta.items():
        language = languages.get(info["file"])
        sections = url_sections(url) + list(info.get("categories") or ())
        gold = language and label(language, sections, mapping)
        if gold:
            title, text, _ = page(data, info["file"])
            out.append((split_of(url), language, gold, title or "", text))
    return out


def feed_items(data: Path, mapping: dict) -> list:
    """``[(split, language, code, title, text)]`` of the news feeds' entries with a mapped section."""
    from transforms.read.feed_parse import parse_xml_feed, plain_text

    out = []
    for rel, language in NEWS_FEEDS.items():
        feed = parse_xml_feed((data / "feeds" / "real" / rel).read_bytes())
        for entry in feed.get("entries") or ():
            link = entry.get("link") or ""
            gold = label(language, url_sections(link) + list(entry.get("tags") or ()), mapping)
            text = (
                plain_text(entry.get("content_html"))
                or entry.get("content_text")
                or plain_text(entry.get("summary"))
                or ""
            )
            if gold and text.strip():
                out.append((split_of(link), language, gold, entry.get("title") or "", text))
    return out


def read_mapping() -> dict:
    return {(lang, section): iptc for lang, section, iptc in _rows(SECTIONS)}


def arguments(doc: str) -> argparse.ArgumentParser:
    """The arguments of the real-news benchmarks: DATA, --split, --wrong, --min-primary."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--split", default="all", choices=("test", "dev", "all"))
    parser.add_argument("--wrong", type=int, default=10, help="wrong titles listed per set")
    parser.add_argument("--min-primary", type=float, default=MIN_PRIMARY)
    return parser


def main(argv=None) -> int:
    parser = arguments(__doc__)
    parser.add_argument("--by-source", action="store_true", help="pages and feeds apart")
    args = parser.parse_args(argv)
    data = Path(args.data)
    taxonomy = load_taxonomy()
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    mapping = read_mapping()
    pages, feeds = page_items(data, mapping), feed_items(data, mapping)
    print(f"Labelled by the publisher's section: pages {len(pages)}, feed entries {len(feeds)}")
    sets = (
        {"pages": pages, "feeds": feeds} if args.by_source else {"pages and feeds": pages + feeds}
    )
    for name, items in sets.items():
        report_topics(f"sections, {name}", items, splits, taxonomy, args.wrong, args.min_primary)
    checked = [
        item
        for item in pages + feeds
        if any(item[2] == code(c) for c in CHECK_CLASSES.get(item[1], ()))
    ]
    report_topics("sections, the check's classes", checked, splits, taxonomy, 0, args.min_primary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
