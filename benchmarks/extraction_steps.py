"""CPU per page of each step of extract_html, beside trafilatura.extract(html) in the same run.

Where newsbeam's extraction CPU goes above trafilatura's (issue 25's 1.3x budget): each step
``extract_html`` calls (and a few inside them, indented) is wrapped in a process-CPU timer, no
profiler, so Python-heavy steps are not inflated against C ones. The two systems alternate page
by page after an untimed warm-up, a garbage collection untimed before each call. Rows named
"step: part" are part of that step's row.

    python benchmarks/extraction_steps.py [--data PATH] [--half a|b] [--limit N]
"""

import argparse
import collections
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from benchmarks.extraction import RUN_DATE, load  # noqa: E402
from transforms.extract import boilerplate, html, page_tree  # noqa: E402

STEPS = {
    html: (
        "parse_html page_meta _trafilatura _fallbacks _published better_headline _text "
        "people_and_site site_keys _guessed_title_source"
    ).split(),
}
INNER = {  # (module, name): label, a part of the step named first
    (page_tree, "cap_attributes"): "parse_html: cap_attributes",
    (page_tree, "_load"): "parse_html: lxml parse",
    (html, "_bare_extraction"): "_trafilatura: bare_extraction",
    (html, "clean_lines"): "_text: clean_lines",
    (boilerplate, "PageIndex"): "_text: PageIndex",
    (boilerplate, "plan_paragraphs"): "_text: plan_paragraphs (features)",
}


def _timed(func, label: str, spent: collections.Counter):
    def run(*args, **kwargs):
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    return run


def instrument(spent: collections.Counter) -> None:
    for module, names in STEPS.items():
        for name in names:
            setattr(module, name, _timed(getattr(module, name), name, spent))
    for (module, name), label in INNER.items():
        setattr(module, name, _timed(getattr(module, name), label, spent))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--half", choices=("a", "b"))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    pages = list(load(args.data, args.limit, args.half))
    steps, totals = collections.Counter(), collections.Counter()
    instrument(steps)
    html.warm_up()
    systems = {
        "trafilatura.extract(html)": lambda page, url: trafilatura.extract(page),
        "newsbeam extract_html": lambda page, url: html.extract_html(
            page, url=url, run_date=RUN_DATE
        ),
    }
    for url, _item, page in pages[-20:]:  # untimed: lazy imports, dateparser's regexes
        for func in systems.values():
            func(page, url)
    steps.clear()
    for url, _item, page in pages:
        for name, func in systems.items():
            gc.collect()
            start = time.process_time()
            func(page, url)
            totals[name] += time.process_time() - start
    n = len(pages)
    print(f"pages: {n}, CPU ms per page")
    for name, sec in totals.items():
        print(f"{name:44} {sec * 1000 / n:7.2f}")
    for label, sec in sorted(steps.items(), key=lambda kv: -kv[1]):
        print(f"  {label:42} {sec * 1000 / n:7.2f}")


if __name__ == "__main__":
    main()
