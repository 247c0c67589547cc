"""Author values of extract_html on the 990 evaluation pages, against the gold author, by fault.

    python benchmarks/author_faults.py [--data PATH] [--before REV] [--list] [--workers N]

Each predicted author value that does not match the page's gold author (``meta_match`` of
``benchmarks/extraction.py``) is put in the first fault class whose test it meets; a page whose
gold has an author and whose output has none is "missed". The tests are word lists written for
this count, apart from the rules in ``transforms/extract/authors.py`` (they read the value only,
so a person's name that holds "News" would count as an organisation):

- organisation/site: the site name or host label, or desk, agency and media words;
- placeholder: CMS defaults ("Unbenannt", "Untitled", "admin");
- credit: photo or source credits ("Foto: ...", "Фото из ...");
- role prefix: a label before a colon ("责任编辑：...", "Autor: ...");
- several names: two names left in one value ("Anna Weber und Jan Roth");
- split wrongly: a value that is only part of a gold name;
- other: a name the gold does not have.

Accuracy is printed as found / all, as ``benchmarks/extraction.py`` scores it (``authors``
joined), and exact (both sides normalised as there, then equal, on pages with a gold author), and once more with ``source_agency`` used when ``authors`` is empty ("byline"), since
the gold writes an organisation's byline as the author. ``--before REV`` runs extract_html as
it was at REV in the same run. ``--list`` prints every predicted value with its class and gold.
"""

import argparse
import multiprocessing
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction as bench  # noqa: E402

_ORG = re.compile(
    r"(?i)\b(redaktion|redaction|rédaction|redacción|redakcja|redazione|redação|redacao"
    r"|редакция|staff|newsroom|news|team|agency|agentur|media|presse|press|verlag|online"
    r"|magazin|magazine|zeitung|tv|radio|de|com|pl|org|net)\b|编辑部|新闻|网"
)
_PLACEHOLDER = re.compile(r"(?i)^(unbenannt|untitled|sin título|sans titre|без названия|admin"
                          r"|administrator|unknown|anonymous|anonym|user|gast|guest|null|none)$")  # fmt: skip
_CREDIT = re.compile(r"(?i)(^|\s)(foto|photo|фото|bild|zdjęcie|fot\.|credit|quelle|source|getty)")
_ROLE = re.compile(r"[:：]|^(责任编辑|编辑|记者|作者|来源)")
_TWO = re.compile(r"(?i)\s(and|und|et|y|i|e|и|oraz)\s|[,/&、，]")

_EXTRACT = None


def classify(value: str, gold: str, site: str) -> str:
    if bench.meta_match(value, gold, author=True) or gold and value.casefold() in gold.casefold():
        return "right" if bench.meta_match(value, gold, author=True) else "split wrongly"
    key = re.sub(r"\W", "", value.casefold())
    if site and len(site) >= 4 and (site in key or key in site):
        return "organisation/site"
    for name, test in (
        ("placeholder", _PLACEHOLDER),
        ("credit", _CREDIT),
        ("role prefix", _ROLE),
        ("organisation/site", _ORG),
        ("several names", _TWO),
    ):
        if test.search(value):
            return name
    return "other"


def _one(args):
    url, item, html = args
    out = _EXTRACT(html, url=url)
    return url, item.get("author"), out.authors, out.source_agency, out.site_name, out.is_article


def run(data: Path, before, workers: int) -> list:
    global _EXTRACT
    if before:
        _EXTRACT = bench.extract_html_at(before)[0]
    else:
        _EXTRACT = bench.extract_html
    pages = list(bench.load(data, None))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_one, pages, chunksize=8)


def report(rows: list, show: bool) -> None:
    faults, scores = Counter(), {"authors": Counter(), "byline": Counter()}
    for url, gold, authors, agency, site, _article in rows:
        gold = "; ".join(gold) if isinstance(gold, list) else gold
        host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
        site_key = re.sub(r"\W", "", (site or host.rsplit(".", 2)[-2]).casefold())
        for value in authors:
            fault = classify(value, gold or "", site_key)
            faults[fault] += 1
            if show:
                print(f"{fault:18} | {value} | gold: {gold} | agency: {agency} | {url}")
        if gold and not authors:
            faults["missed"] += 1
            if show:
                print(f"{'missed':18} | - | gold: {gold} | agency: {agency} | {url}")
        if gold is None:
            continue
        for kind, pred in (("authors", authors), ("byline", authors or (agency or "",))):
            ok = bench.meta_match("; ".join(pred), gold, author=True)
            scores[kind]["all"] += 1
            scores[kind]["all_ok"] += ok
            scores[kind]["found"] += bool(gold)
            scores[kind]["found_ok"] += ok and bool(gold)
            exact = bench.norm(pred, author=True) == bench.norm(gold, author=True)
            scores[kind]["exact"] += exact and bool(gold)
    for kind, s in scores.items():
        print(
            f"author ({kind}): found {s['found_ok']}/{s['found']} = {s['found_ok'] / s['found']:.3f}"
            f", all {s['all_ok']}/{s['all']} = {s['all_ok'] / s['all']:.3f}"
            f", exact (found) {s['exact']}/{s['found']} = {s['exact'] / s['found']:.3f}"
        )
    print("values by class:", ", ".join(f"{k} {v}" for k, v in faults.most_common()))
    print("pages with source_agency:", sum(bool(r[3]) for r in rows))
    print("pages that are articles:", sum(r[5] for r in rows), "of", len(rows))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=bench.ROOT.parent / "shared" / "data")
    parser.add_argument("--before", metavar="REV")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    report(run(args.data, args.before, args.workers), args.list)


if __name__ == "__main__":
    main()
