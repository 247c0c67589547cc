#!/usr/bin/env bash
# A/B of two checkouts of newsbeam (each with its own .venv), --workers 2, runs interleaved:
# wall seconds and CPU seconds (user+sys of the whole process tree) per run.
# Usage: benchmarks/warm_workers_ab.sh CHECKOUT_A CHECKOUT_B CORPUS [REPEATS]
# Used for docs/ARCHITECTURE.md "Local workers and the runtime" (990 shared pages, 2026-12-06).
set -u
a=$1; b=$2; corpus=$3; reps=${4:-3}
out=$(mktemp -d)
for i in $(seq "$reps"); do
  for d in "$a" "$b"; do
    rm -rf "$out/run"
    (cd "$d" && /usr/bin/time -f "wall %e s cpu %U+%S s maxrss %M KB" .venv/bin/newsbeam run \
      --input "$corpus" --output "$out/run" --run-date 2026-01-01 --workers 2 --quiet) \
      > "$out/log" 2>&1
    echo "$d run $i rc=$?: $(tail -1 "$out/log")"
  done
done
rm -rf "$out"
