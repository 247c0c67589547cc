"""Feed parsing benchmark: explode_feed over feedparser's edge cases and 266 captured real feeds.

    python benchmarks/feeds.py --data ../shared/data/feeds

Prints, per set: files parsed, entries produced (and how many need their page fetched), files
rejected by reason, crashes (must be 0), agreement with the expected titles/links where the
data gives them (feedparser's ``Expect:`` expressions on ``entries[i]['title'|'link']``;
rss-parser's expected-output JSON), entries whose date stayed unread or that have no absolute link, and time beside the baseline of plain ``feedparser.parse``.
"""

import argparse
import ast
import collections
import csv
import datetime as dt
import io
import json
import re
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.core.record import Article, ErrorRow, RejectedRow  # noqa: E402
from transforms.read.feed_parse import explode_feed, plain_text  # noqa: E402

_SPACE = re.compile(r"\s+")


def _norm(value) -> str:
    return _SPACE.sub(" ", str(value or "")).strip()


def _const_str(node):
    """The value of a string expression made of literals and ``+``; None if it is anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _const_str(node.left), _const_str(node.right)
        return None if left is None or right is None else left + right
    return None


def expected_fields(expect: str) -> list:
    """``[(entry index, 'title'|'link', expected string)]`` from an ``Expect:`` expression."""
    try:
        tree = ast.parse(expect.strip(), mode="eval")
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
            continue
        if not isinstance(node.ops[0], ast.Eq):
            continue
        left = node.left
        if not (isinstance(left, ast.Subscript) and isinstance(left.value, ast.Subscript)):
            continue
        inner = left.value
        if not (isinstance(inner.value, ast.Name) and inner.value.id == "entries"):
            continue
        index, key = inner.slice, left.slice
        if not (isinstance(index, ast.Constant) and isinstance(key, ast.Constant)):
            continue
        if key.value not in ("title", "link"):
            continue
        value = _const_str(node.comparators[0])
        if value is not None:
            found.append((index.value, key.value, value))
    return found


def _iso(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _got(item, key: str):
    if isinstance(item, Article):
        return item.hint_title if key == "title" else item.url
    if isinstance(item, RejectedRow):
        return item.title if key == "title" else item.url
    return None


class Tally:
    def __init__(self, name: str):
        self.name = name
        self.files = self.parsed = self.entries = self.to_fetch = self.crashes = 0
        self.dates_unread = self.no_link = 0
        self.outcomes = collections.Counter()
        self.checks = collections.Counter()
        self.misses = []
        self.seconds = self.baseline_seconds = 0.0

    def add(self, path: str, data: bytes) -> list:
        import feedparser

        self.files += 1
        start = time.perf_counter()
        feedparser.parse(io.BytesIO(data))
        self.baseline_seconds += time.perf_counter() - start
        start = time.perf_counter()
        try:
            items = explode_feed(data, source_path=path)
        except Exception:  # noqa: BLE001 - a crash is what this benchmark counts
            self.crashes += 1
            self.outcomes["CRASH"] += 1
            print(f"CRASH {path}\n{traceback.format_exc()}", file=sys.stderr)
            return []
        finally:
            self.seconds += time.perf_counter() - start
        file_level = len(items) == 1 and items[0].source_ref == path
        if file_level and isinstance(items[0], ErrorRow):
            self.outcomes[f"error:{items[0].error_type}"] += 1
        elif file_level and isinstance(items[0], RejectedRow):
            self.outcomes[f"rejected:{items[0].reason}"] += 1
        else:
            self.parsed += 1
            articles = [i for i in items if isinstance(i, Article)]
            self.entries += len(articles)
            self.to_fetch += sum(a.raw is None for a in articles)
            self.dates_unread += sum(
                bool(a.hint_published) and not _iso(a.hint_published) for a in articles
            )
            self.no_link += sum(a.url is None for a in articles)
            empty = sum(isinstance(i, RejectedRow) for i in items)
            if empty:
                self.outcomes["entries rejected:empty"] += empty
        return items

    def check(self, path: str, items: list, index: int, key: str, expected) -> None:
        if expected is None:
            return
        if "\ufffd" in str(expected):  # the gold itself was mis-decoded: not a fair check
            self.checks[f"{key}:gold_unreadable"] += 1
            return
        got = _got(items[index], key) if index < len(items) else None
        exact = _norm(got) == _norm(expected)
        as_text = exact or _norm(got) == _norm(plain_text(expected) or "")
        if key == "link" and got and str(expected).startswith("/"):  # gold left it relative
            as_text = as_text or urljoin(got, str(expected)) == got
        self.checks[f"{key}:n"] += 1
        self.checks[f"{key}:exact"] += exact
        self.checks[f"{key}:text"] += as_text
        if not as_text and len(self.misses) < 8:
            self.misses.append(f"{path} [{index}].{key}: expected {expected!r:.70} got {got!r:.70}")


def run_feedparser(data: Path) -> Tally:
    tally = Tally("feedparser edge cases")
    with open(data / "feedparser" / "index.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        path = data / "feedparser" / row["path"]
        items = tally.add(str(path), path.read_bytes())
        for index, key, expected in expected_fields(row.get("expect") or ""):
            tally.check(row["path"], items, index, key, expected)
    return tally


def run_real(data: Path) -> Tally:
    tally = Tally("real captured feeds")
    with open(data / "real" / "index.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        path = data / "real" / row["path"]
        items = tally.add(str(path), path.read_bytes())
        gold = data / "real" / "rss-parser" / "expected-output" / (Path(row["path"]).stem + ".json")
        if row["path"].startswith("rss-parser/input/") and gold.exists():
            doc = json.loads(gold.read_bytes().decode("utf-8", errors="replace"))
            expected = (doc.get("feed") or {}).get("items") or []
            for index, item in enumerate(expected):
                tally.check(row["path"], items, index, "title", item.get("title"))
                tally.check(row["path"], items, index, "link", item.get("link"))
    return tally


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.1f}%)" if b else "-"


def report(tallies: list) -> None:
    print(
        f"{'set':<24}{'files':>7}{'parsed':>8}{'entries':>9}{'to fetch':>10}{'crashes':>9}"
        f"{'ms/file':>9}{'feedparser ms/file':>20}"
    )
    for t in tallies:
        print(
            f"{t.name:<24}{t.files:>7}{t.parsed:>8}{t.entries:>9}{t.to_fetch:>10}{t.crashes:>9}"
            f"{1000 * t.seconds / max(t.files, 1):>9.2f}"
            f"{1000 * t.baseline_seconds / max(t.files, 1):>20.2f}"
        )
    for t in tallies:
        print(f"\n{t.name}: files rejected, by reason")
        for reason, n in sorted(t.outcomes.items(), key=lambda kv: (-kv[1], kv[0])):
            if not reason.startswith("entries"):
                print(f"  {reason:<40}{n:>6}")
        empty = t.outcomes["entries rejected:empty"]
        print(f"  entries rejected (no content, no link){empty:>8}")
        print(f"  entries with a date left unread (not ISO 8601){t.dates_unread:>6}")
        print(f"  entries without an absolute link{t.no_link:>14}")
        for key in ("title", "link"):
            n = t.checks[f"{key}:n"]
            if n:
                print(
                    f"  agreement {key:<6} exact {_pct(t.checks[f'{key}:exact'], n):<22}"
                    f"as text {_pct(t.checks[f'{key}:text'], n):<22}"
                    f"(gold with U+FFFD left out: {t.checks[f'{key}:gold_unreadable']})"
                )
        for miss in t.misses:
            print(f"    miss: {miss}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "feeds"))
    args = parser.parse_args(argv)
    data = Path(args.data)
    tallies = [run_feedparser(data), run_real(data)]
    report(tallies)
    return 1 if any(t.crashes for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
