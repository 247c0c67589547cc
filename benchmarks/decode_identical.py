"""Same decoding before and after a change: the 990 shared pages' text and every feed file's rows.

    python benchmarks/decode_identical.py --write FILE [--root PATH] [--data PATH]
    python benchmarks/decode_identical.py --compare BEFORE AFTER

``--write`` records, with the code of ``--root`` (default: this checkout; give an old revision's
worktree for "before"), ``decode_bytes`` of each page of ``<data>/extraction/trafilatura-eval``
(text and encoding) and the ``explode_feed`` rows of every file under ``<data>/feeds``.
``--compare`` prints each page whose text or encoding differs, with each distinct change of
characters and a few contexts to read, and each feed file whose rows differ.
"""

import argparse
import collections
import difflib
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write(out: Path, root: Path, data: Path) -> None:
    sys.path.insert(0, str(root))
    from transforms.extract.decode import decode_bytes
    from transforms.read.feed_parse import explode_feed

    found = {}
    for path in sorted((data / "extraction/trafilatura-eval/html").glob("*.gz")):
        try:
            text, encoding = decode_bytes(gzip.decompress(path.read_bytes()))
            found[f"page:{path.name}"] = [encoding, text]
        except Exception as exc:  # an error row is an outcome to compare too
            found[f"page:{path.name}"] = ["ERROR", repr(exc)]
    for path in sorted(p for p in (data / "feeds").rglob("*") if p.is_file()):
        if path.name not in ("index.csv", "MANIFEST.md"):
            try:
                rows = [repr(row) for row in explode_feed(path.read_bytes(), source_path=path.name)]
            except Exception as exc:
                rows = [f"CRASH {exc!r}"]
            found[f"feed:{path.relative_to(data)}"] = rows
    out.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    print(f"{len(found)} files recorded from {root}")


def compare(before: dict, after: dict) -> int:
    changed = collections.Counter()
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        kind = key.split(":")[0]
        if kind == "page" and old and new and old[1] == new[1]:
            changed["page encoding only"] += 1
            print(f"{key}: encoding {old[0]} -> {new[0]}, text identical")
            continue
        changed[kind] += 1
        print(f"{key}: {old and old[0]} -> {new and new[0]}")
        if kind == "page" and old and new:
            _show(old[1], new[1])
    print(f"{len(before)} files; changed: {dict(changed) or 'none'}")
    return 1 if changed else 0


def _show(old: str, new: str) -> None:
    edits, contexts = collections.Counter(), []
    if len(old) == len(new):  # characters read otherwise: difflib takes minutes on a 300 kB page
        spans = [
            ("replace", i, i + 1, i, i + 1) for i, (a, b) in enumerate(zip(old, new)) if a != b
        ]
    else:
        spans = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in spans:
        if op != "equal":
            edits[(old[i1:i2], new[j1:j2])] += 1
            if len(contexts) < 3:
                contexts.append(new[max(0, j1 - 30) : j2 + 30])
    print("   ", ", ".join(f"{a!r}->{b!r} x{n}" for (a, b), n in edits.most_common(6)))
    for context in contexts:
        print("    now:", repr(context))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", type=Path)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--compare", type=Path, nargs=2)
    args = parser.parse_args()
    if args.write:
        write(args.write, args.root.resolve(), args.data)
        return 0
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        return compare(before, after)
    parser.error("give --write FILE or --compare BEFORE AFTER")


if __name__ == "__main__":
    sys.exit(main())
