"""Same extraction output before and after a change: every field extract_html returns, page by page.

    python benchmarks/extraction_identical.py --against REV [--data PATH] [--limit N]
    python benchmarks/extraction_identical.py --write FILE [--root PATH]
    python benchmarks/extraction_identical.py --compare FILE

Runs ``extract_html`` (default config, and the other configs named in ``CONFIGS``) on the 990
pages of ``<data>/extraction/trafilatura-eval`` with a fixed run date and records every field of
the result (text, title, authors, dates, tags, ... and their sources) per page and config.
``--against REV`` checks out REV in a temporary git worktree, runs this same script there with
``--root`` pointing at it (so the old code is imported), runs it on this checkout, and lists
every page and field that differs; it exits 1 if any does. ``--write``/``--compare`` do the
same against a saved file. It also prints each side's extraction CPU ms per page (a side note:
the interleaved timing is ``benchmarks/extraction.py``'s) and, per config, ``output_digest``: one
short hash of (page, text, title, authors, dates) over all pages, to quote beside a figure.
"""

import argparse
import dataclasses
import datetime as dt
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN_DATE = dt.date(2026, 12, 1)
# Configs checked: the default, and the knobs that take other code paths (no fallbacks, the
# filter off, no metadata heuristics, trafilatura's precision mode).
CONFIGS = {
    "default": {},
    "fast": {"fast": True, "date_search": "fast"},
    "no_filter": {"line_filter": False},
    "no_metadata": {"metadata": False},
    "precision": {"favor": "precision"},
}


# The fields output_digest covers: what a reader of the article table sees first.
DIGEST_FIELDS = ("text", "title", "authors", "published_at", "published_date", "modified_at")


def output_digest(found: dict) -> str:
    """One hash of (page, text, title, authors, dates) over ``found`` ({url: {field: value}}),
    the pages in URL order: equal digests, equal output on those fields."""
    digest = hashlib.sha1()
    for url in sorted(found):
        row = [url, *(found[url].get(f) for f in DIGEST_FIELDS)]
        digest.update(json.dumps(row, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def _value(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    return value


def pages(data: Path, limit):
    base = data / "extraction" / "trafilatura-eval"
    gold = json.loads((base / "evaldata.json").read_text(encoding="utf-8"))
    from trafilatura.utils import decode_file

    for url, item in sorted(gold.items())[: limit or None]:
        raw = gzip.decompress((base / "html" / (item["file"] + ".gz")).read_bytes())
        yield url, decode_file(raw)


def records(data: Path, limit, configs) -> tuple:
    """({config: {url: {field: value}}}, {config: CPU ms per page}) of the code under ROOT."""
    from transforms.extract.html import ExtractConfig, extract_html

    out, cpu = {}, {}
    corpus = list(pages(data, limit))
    for name in configs:
        config = ExtractConfig(**CONFIGS[name])
        start, found = time.process_time(), {}
        for url, html in corpus:
            result = extract_html(html, url=url, run_date=RUN_DATE, config=config)
            found[url] = {k: _value(v) for k, v in dataclasses.asdict(result).items()}
        cpu[name] = (time.process_time() - start) * 1000 / max(1, len(corpus))
        out[name] = found
    return out, cpu


def write(path: Path, data: Path, limit, configs) -> None:
    found, cpu = records(data, limit, configs)
    import transforms

    where = str(Path(transforms.__file__).resolve().parents[1])
    path.write_text(json.dumps({"root": where, "cpu_ms": cpu, "records": found}), "utf-8")


def _digest(record: dict) -> str:
    return hashlib.sha1(json.dumps(record, sort_keys=True).encode()).hexdigest()[:12]


def compare(before: dict, after: dict) -> int:
    """Print the pages and fields that differ; return how many pages differ."""
    differing = 0
    for name, new in after["records"].items():
        old = before["records"].get(name, {})
        bad = sorted(u for u in old.keys() | new.keys() if old.get(u) != new.get(u))
        differing += len(bad)
        same = len(new) - len(bad)
        ms = f"CPU ms/page {before['cpu_ms'].get(name, 0):.1f} -> {after['cpu_ms'][name]:.1f}"
        print(f"config {name:12} pages {len(new):4}  identical {same:4}  differ {len(bad):3}  {ms}")
        print(f"  output_digest {output_digest(old)} -> {output_digest(new)}")
        for url in bad[:20]:
            a, b = old.get(url) or {}, new.get(url) or {}
            fields = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            print(f"  {url}: {', '.join(fields)} ({_digest(a)} -> {_digest(b)})")
    return differing


def _run_side(root: Path, out: Path, args) -> dict:
    cmd = [sys.executable, __file__, "--root", str(root), "--write", str(out)]
    cmd += ["--data", str(args.data), "--configs", ",".join(args.configs)]
    cmd += ["--limit", str(args.limit)] if args.limit else []
    subprocess.run(cmd, check=True)
    return json.loads(out.read_text("utf-8"))


def against(rev: str, args) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        old_tree = Path(tmp) / "before"
        git = ["git", "-C", str(ROOT)]
        subprocess.run([*git, "worktree", "add", "--detach", "-q", str(old_tree), rev], check=True)
        try:
            before = _run_side(old_tree, Path(tmp) / "before.json", args)
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(old_tree)], check=True)
        after = _run_side(ROOT, Path(tmp) / "after.json", args)
    print(f"before: {rev} ({before['root']})  after: this checkout ({after['root']})")
    return compare(before, after)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--configs", type=lambda s: s.split(","), default=list(CONFIGS))
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose code is run")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--against", metavar="REV", help="git revision to compare this checkout to")
    mode.add_argument("--write", type=Path, metavar="FILE")
    mode.add_argument("--compare", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.root.resolve()))
    if args.write:
        write(args.write, args.data, args.limit, args.configs)
        return
    if args.against:
        differing = against(args.against, args)
    else:
        before = json.loads(args.compare.read_text("utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            after = _run_side(ROOT, Path(tmp) / "after.json", args)
        differing = compare(before, after)
    print("IDENTICAL" if not differing else f"DIFFERENT: {differing} page outputs differ")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
