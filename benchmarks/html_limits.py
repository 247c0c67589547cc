"""cap_attributes at a git revision (the baseline) and in the working tree, in the same run.

    .venv/bin/python benchmarks/html_limits.py [REV] [--tags]   # REV: the baseline (main)

Prints, for each: the ms a page on the shared real pages (and that the outputs agree), the
seconds on a MB of ``<x <x ... >`` tags of 255 attributes (under the cap: a search from every
``<`` is quadratic there), and the CPU seconds ``parse_html`` takes on tags of 60,000 attributes
written the ways libxml2 reads them (uncapped, each costs n² in one C call: ~30 s).
"""

import glob
import gzip
import subprocess
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.core import html_limits  # noqa: E402
from transforms.extract import page_tree  # noqa: E402

PAGES = "/work/shared/data/extraction/trafilatura-eval/html/*.html.gz"
N = 60_000
TAGS = {
    "no whitespace": "<div " + "".join(f'a{i}="1"' for i in range(N)) + ">",
    "slashes": "<div " + "/".join(f"a{i}" for i in range(N)) + ">",
    "in noscript": "<noscript><div " + " ".join(f"a{i}" for i in range(N)) + "></noscript>",
    "after <script-x>": "<script-x></script-x><div " + " ".join(f"a{i}" for i in range(N)) + ">",
    "after --!>": "<!-- x --!><div " + " ".join(f"a{i}" for i in range(N)) + ">",
    'after title="<!--"': '<p title="<!--">x</p><div ' + " ".join(f"a{i}" for i in range(N)) + ">",
}


def _module_at(rev: str):
    source = subprocess.run(
        ["git", "show", f"{rev}:transforms/core/html_limits.py"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    module = types.ModuleType(f"html_limits@{rev}")
    exec(compile(source, module.__name__, "exec"), module.__dict__)
    return module


def _cpu(fn, *args) -> float:
    started = time.process_time()
    fn(*args)
    return time.process_time() - started


def main(rev: str, with_tags: bool) -> None:
    pages = [gzip.open(p).read().decode("utf-8", "replace") for p in sorted(glob.glob(PAGES))]
    hostile = ("<x " * 255 + ">") * 1300
    for label, module in ((rev, _module_at(rev)), ("working tree", html_limits)):
        cap = module.cap_attributes
        agree = all(cap(p) == html_limits.cap_attributes(p) for p in pages)
        per_page = _cpu(lambda c=cap: [c(p) for p in pages]) / max(len(pages), 1) * 1e3
        print(f"{label}: {len(pages)} real pages {per_page:.2f} ms a page (outputs agree: {agree})")
        print(f"{label}: {len(hostile) / 1e6:.2f} MB of '<x '*255+'>': {_cpu(cap, hostile):.2f} s")
        if with_tags:
            page_tree.cap_attributes = cap
            for name, tag in TAGS.items():
                html = f"<html><body>{tag}<p>x</p></div></body></html>"
                print(f"{label}: parse_html, tag {name}: {_cpu(page_tree.parse_html, html):.2f} s")
    page_tree.cap_attributes = html_limits.cap_attributes


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--tags"]
    main(args[0] if args else "main", "--tags" in sys.argv)
