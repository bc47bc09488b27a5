#!/usr/bin/env bash
# Looks for rare hangs: checks each FILE alone, ROUNDS times over, and when one run takes longer
# than LIMIT seconds (default 10; a sound paper takes well under 1 s) prints the stacks of every
# papercheck process (gdb) and stops. Run it with load beside it (`yes > /dev/null &`) to widen races.
# Usage: Scripts/hunt-hangs.sh BINARY ROUNDS FILE...   (LIMIT=seconds in the environment)
set -uo pipefail
binary=$1 rounds=$2
shift 2
limit=${LIMIT:-10}
command -v gdb > /dev/null || echo "hunt-hangs: gdb is not installed; a hang is reported without stacks" >&2
for round in $(seq 1 "$rounds"); do
  for file in "$@"; do
    "$binary" check "$file" --format json > /dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 $((limit * 10))); do
      sleep 0.1
      kill -0 "$pid" 2> /dev/null || break
    done
    if kill -0 "$pid" 2> /dev/null; then
      echo "HANG in round $round: $file (pid $pid, over $limit s)"
      for process in $pid $(pgrep -P "$pid"); do
        echo "== process $process: $(tr '\0' ' ' < "/proc/$process/cmdline" | head -c 200), $(ls "/proc/$process/task" | wc -l) threads"
        command -v gdb > /dev/null && gdb -p "$process" -batch -ex "thread apply all bt 20" 2> /dev/null | grep -E "^#|^Thread"
      done
      kill -9 "$pid" 2> /dev/null
      exit 1
    fi
    wait "$pid"
  done
done
echo "no hang in $rounds rounds of $# files"
