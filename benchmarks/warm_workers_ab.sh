#!/usr/bin/env bash
# A/B of two checkouts of newsbeam, `run --workers 2` over CORPUS, runs interleaved (A B A B ...):
# wall seconds and CPU seconds (user+sys of the whole process tree, benchmarks/tree_time.py) per run.
# Usage: benchmarks/warm_workers_ab.sh CHECKOUT_A CHECKOUT_B CORPUS [REPEATS]
# Each side runs `python -m pipeline` from its own folder (its code comes first on sys.path) with
# PYTHON (default: CHECKOUT_A/.venv/bin/python, so both sides use the same installed libraries).
# The figures it produced are in docs/performance.md ("Warm local workers").
set -u
a=$(cd "$1" && pwd); b=$(cd "$2" && pwd); corpus=$(cd "$3" && pwd); reps=${4:-3}
python=${PYTHON:-$a/.venv/bin/python}
timer=$(cd "$(dirname "$0")" && pwd)/tree_time.py
out=$(mktemp -d)
for i in $(seq "$reps"); do
  for d in "$a" "$b"; do
    rm -rf "$out/run"
    (cd "$d" && "$python" "$timer" "$python" -m pipeline run --input "$corpus" \
      --output "$out/run" --run-date 2026-01-01 --workers 2 --quiet) > "$out/log" 2>&1
    echo "$d run $i: $(tail -1 "$out/log") articles $(ls "$out"/run/articles/*/* 2>/dev/null | wc -l) files"
  done
done
rm -rf "$out"
