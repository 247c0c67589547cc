"""Topics on REAL news pages: German and French on the classes of issue 27's held-out checks,
and the other lexicon languages the evaluation set has (Polish, Russian, Chinese, Japanese, Arabic).

Two labellings of trafilatura's evaluation set (``extraction/trafilatura-eval``, Apache-2.0 code,
pages belong to their publishers; the text is read at run time from DATA, default
../shared/data, and extracted as the pipeline extracts it; only ids and labels are stored):
``benchmarks/data/topics-real-pages.tsv`` (the first, 154 German and 12 French pages) and
``benchmarks/data/topics-news-pages.tsv`` (the second: the German and French pages the first
left out, news and press reports on one topic only). Both split by a hash of the page id
(``topics_labelled.split_of``): ``dev`` is what tuning looks at, ``test`` is reported.

Printed per set, language and split, at the pipeline's threshold (no topic counts as wrong):
macro-F1, coverage, precision/recall/F1 per class, the confusion matrix, the wrong titles:

- ``news pages``: the second labelling alone, every class it has;
- ``other pages``: the third file, every class it has (Polish is the only language with
  more than one page: read a figure with its item count);
- ``check classes``: the first two labellings pooled, only the items whose gold is one of the classes of
  the held-out check of their language (German: sport, economy, culture, science and
  technology; French: business, health, politics, sport, technology; ``CHECK_CLASSES``).

    python benchmarks/topics_news.py [DATA] [--split test|dev|all] [--wrong 10]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from topics_labelled import PAGES, _rows, code, page, report_topics, split_of  # noqa: E402
from topics_sections import CHECK_CLASSES, arguments  # noqa: E402

from transforms.topics.taxonomy import load_taxonomy  # noqa: E402

NEWS_PAGES = ROOT / "benchmarks" / "data" / "topics-news-pages.tsv"
OTHER_PAGES = ROOT / "benchmarks" / "data" / "topics-other-pages.tsv"
LANGUAGES = ("de", "fr")


def labelled(data: Path, path: Path, languages: tuple | None = LANGUAGES) -> list:
    """``[(split, language, code, title, text)]`` of the pages of ``path`` in ``languages``
    (every page when None)."""
    return [
        (split_of(page_id), language, code(iptc), *page(data, page_id)[:2])
        for page_id, language, iptc in _rows(path)
        if languages is None or language in languages
    ]


def main(argv=None) -> int:
    args = arguments(__doc__).parse_args(argv)
    data = Path(args.data)
    taxonomy = load_taxonomy()
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    news = labelled(data, NEWS_PAGES)
    first = labelled(data, PAGES)
    checked = [
        item for item in news + first if any(item[2] == code(c) for c in CHECK_CLASSES[item[1]])
    ]
    other = labelled(data, OTHER_PAGES, None)
    print(
        f"Pages: second labelling {len(news)}, first {len(first)}, other languages {len(other)};"
        f" check classes {len(checked)}"
    )
    report_topics("news pages", news, splits, taxonomy, args.wrong, args.min_primary)
    report_topics("other pages", other, splits, taxonomy, args.wrong, args.min_primary)
    report_topics("check classes", checked, splits, taxonomy, args.wrong, args.min_primary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
