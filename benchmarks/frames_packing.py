"""Frames and bytes ``FramedFiles`` writes for one bundle over many keys, beside a baseline.

    python benchmarks/frames_packing.py [--items 20000] [--keys 1000] [--baseline-rev REV]

Adds ``--items`` short articles (~1.5 KB of words each) over ``--keys`` keys, the keys drawn
Zipf-like (a few big sites, many small ones, as an archive partitioned by site), with the
defaults ``ParkArticles`` uses (frames of 64, ``max_open`` 512), and prints the frames packed,
the bytes written and the seconds, for this tree's ``transforms/core/frames.py`` and, with
``--baseline-rev``, for REV's (``git show``; the module imports nothing of the project).
"""

import argparse
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDS = "harbour council budget storm bridge ferry school rates vote night mayor road".split()


def _module(source: str, name: str):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location(name, handle.name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    os.unlink(handle.name)
    return module


def measure(frames, items: int, keys: int) -> tuple:
    """(frames packed, bytes written, seconds) of one bundle."""
    rng = random.Random(7)
    weights = [1 / (k + 1) for k in range(keys)]
    chosen = rng.choices(range(keys), weights=weights, k=items)
    articles = [
        (f"site{k:04d}", {"doc_id": f"d{i:06d}", "text": " ".join(rng.choices(WORDS, k=250))})
        for i, k in enumerate(chosen)
    ]
    packed = [0]
    pack_frame = frames.pack_frame

    def counting(items):
        packed[0] += 1
        return pack_frame(items)

    frames.pack_frame = counting
    with tempfile.TemporaryDirectory() as folder:
        out = frames.FramedFiles(
            lambda key, n: os.path.join(folder, f"{key}-{n:03d}"), frame_rows=64, max_rows=2000
        )
        start = time.perf_counter()
        written = [w for key, item in articles for w in out.add(key, item)] + out.close()
        seconds = time.perf_counter() - start
    frames.pack_frame = pack_frame
    return packed[0], sum(w.size for w in written), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--baseline-rev", help="git revision whose frames.py runs beside this one")
    args = parser.parse_args()
    path = "transforms/core/frames.py"
    codes = {"this tree": open(os.path.join(ROOT, path)).read()}
    if args.baseline_rev:
        show = ["git", "-C", ROOT, "show", f"{args.baseline_rev}:{path}"]
        codes = {args.baseline_rev: subprocess.run(show, check=True, capture_output=True, text=True).stdout, **codes}  # fmt: skip
    print(f"{args.items} items over {args.keys} keys, frames of 64, max_open 512")
    print(f"{'code':<12} {'frames':>7} {'MB written':>11} {'s':>6}")
    for n, (name, source) in enumerate(codes.items()):
        frames, size, seconds = measure(_module(source, f"_frames{n}"), args.items, args.keys)
        print(f"{name:<12} {frames:>7} {size / 2**20:>11.2f} {seconds:>6.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
