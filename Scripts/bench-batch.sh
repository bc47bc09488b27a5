#!/usr/bin/env bash
# Batch throughput on ../shared/corpus/pdfs with 1 and 2 worker processes (best of N runs each).
# Usage: Scripts/bench-batch.sh [BINARY] [CORPUS_PDFS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/release/papercheck}
corpus=${2:-../shared/corpus/pdfs}
runs=${3:-3}
files=$(find "$corpus" -maxdepth 1 -iname '*.pdf' | wc -l)
best() {
  local jobs=$1 best=""
  for _ in $(seq "$runs"); do
    local start end elapsed
    start=$(date +%s.%N)
    "$binary" check "$corpus" --jobs "$jobs" --format jsonl --quiet > /dev/null || true
    end=$(date +%s.%N)
    elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    if [ -z "$best" ] || awk -v e="$elapsed" -v b="$best" 'BEGIN { exit !(e < b) }'; then best=$elapsed; fi
  done
  echo "$best"
}
one=$(best 1)
two=$(best 2)
printf '%-8s %10s %12s\n' jobs seconds files/s
awk -v f="$files" -v one="$one" -v two="$two" -v cores="$(nproc)" -v runs="$runs" 'BEGIN {
  printf "%-8s %10.2f %12.2f\n", 1, one, f / one
  printf "%-8s %10.2f %12.2f\n", 2, two, f / two
  printf "speed-up with 2 jobs: %.2fx on %d files (%d cores, best of %d runs)\n", one / two, f, cores, runs
}'
