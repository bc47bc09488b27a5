#!/usr/bin/env bash
# Hostile-input test of papercheck's batch runs: Scripts/attack.sh BINARY, from the repository root.
# Needs bash, python3 (standard library), coreutils and timeout; about 2 minutes on 2 cores.
#
# For a batch of untrusted inputs (Scripts/attack/make_hostile.py: fuzz mutants, crafted PDFs,
# hostile names, a FIFO and symlinks named *.pdf, a folder of 2,000 files) it asserts: one result
# per input, no hang past the timeout, no coordinator crash, exit codes as the README documents,
# inputs and device files untouched, nothing unescaped on a terminal, signals and resume as
# documented. It prints one PASS or FAIL line per assertion with its reason and exits 0 only when
# every assertion holds (1 otherwise, 64 for a wrong command line).
#
# Every papercheck run is bounded by timeout and started in a session of its own, so that the
# worker processes it starts (which take process groups of their own) are found and killed once it
# ends: a hang is a FAIL, never a stuck CI job or a worker left spinning.
#
# `--output /dev/null` is first tried on a stand-in (a c 1,3 device node in the scratch folder)
# when running as root: a binary that replaces its output file atomically would otherwise replace
# the machine's /dev/null. The real /dev/null is used only when the stand-in survives (or when not
# root, as then /dev cannot be written), and is restored if it is replaced all the same.
#
# ATTACK_KEEP=1 keeps the scratch folder (inputs, reports, stdout and stderr of every run).
# ATTACK_BUDGET (seconds, default 300) caps the whole script: a run's time limit is cut to what is
# left of it, so a binary that hangs everywhere fails every step within the budget, not 7 minutes.
set -u

if [ $# -ne 1 ]; then
  echo "usage: Scripts/attack.sh BINARY   (from the repository root)" >&2
  exit 64
fi
case "$1" in /*) BIN=$1 ;; *) BIN=$PWD/$1 ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/Scripts/attack
cd "$ROOT" || exit 64
if [ ! -x "$BIN" ] || [ -d "$BIN" ]; then
  echo "FAIL setup: $1 is not an executable file"
  exit 1
fi

S=$(mktemp -d "${TMPDIR:-/tmp}/papercheck-attack.XXXXXX") || exit 1
RESULTS=$S/results.txt
REAPED=$S/reaped.txt
PIDS=$S/pids
mkdir -p "$PIDS" "$S/out"
: > "$RESULTS"
: > "$REAPED"
STARTED=$SECONDS
BUDGET=${ATTACK_BUDGET:-300}

# bounded LIMIT: LIMIT, or what is left of the budget when that is less (at least 5 s).
bounded() {
  local left=$((BUDGET - (SECONDS - STARTED)))
  [ $left -lt 5 ] && left=5
  if [ "$1" -lt $left ]; then echo "$1"; else echo $left; fi
}

cleanup() {
  local file
  for file in "$PIDS"/*; do
    [ -f "$file" ] && python3 "$HERE/checks.py" reap "$file" cleanup "$S/cleanup.txt"
  done
  if [ -n "${ATTACK_KEEP:-}" ]; then echo "kept the inputs and outputs in $S" >&2; else rm -rf "$S"; fi
}
trap cleanup EXIT
trap 'echo "attack.sh interrupted" >&2; exit 130' INT TERM

log() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
pass() { log "PASS $1: $2"; }
fail() { log "FAIL $1: $2"; }
verdict() { if [ "$1" = 0 ]; then pass "$2" "$3"; else fail "$2" "$4"; fi; }
checks() { python3 "$HERE/checks.py" "$@" | tee -a "$RESULTS"; }
step() { echo "== $* (at $((SECONDS - STARTED)) s)"; }

# run LIMIT LABEL STDOUT STDERR CMD...: CMD in a session of its own, stdin /dev/null, stopped by
# timeout after LIMIT seconds (then killed 5 s later); RC is its exit code (124: it timed out).
# A watchdog notes in $S/out/LABEL.stuck what the processes were doing 2 s before the limit.
run() {
  local limit label=$2 out=$3 err=$4 watchdog
  limit=$(bounded "$1")
  shift 4
  python3 "$HERE/checks.py" stuck $((limit - 2)) "$PIDS/$label" "$S/out/$label.stuck" &
  watchdog=$!
  # The braces take the shell's own "Segmentation fault" notice: the exit code says it.
  { timeout -k 5 "$limit" python3 "$HERE/checks.py" launch "$PIDS/$label" "$@" > "$out" 2> "$err" < /dev/null; } 2> /dev/null
  RC=$?
  kill $watchdog 2> /dev/null
  wait $watchdog 2> /dev/null
  python3 "$HERE/checks.py" reap "$PIDS/$label" "$label" "$REAPED"
  rm -f "$PIDS/$label"
}

# signal_run LIMIT LABEL SIGNAL TICKS WATCH STDOUT STDERR CMD...: like run, but sends SIGNAL to
# papercheck itself after TICKS tenths of a second, or earlier once the file WATCH has 500 lines
# (a quarter of the large folder: the run is well under way). Sets RC, TICKS_USED and EARLY (1 when
# papercheck had ended before the signal could be sent).
signal_run() {
  local limit label=$2 signal=$3 ticks=$4 watch=$5 out=$6 err=$7 waited=0 pid tpid
  limit=$(bounded "$1")
  shift 7
  { timeout -k 5 "$limit" python3 "$HERE/checks.py" launch "$PIDS/$label" "$@" > "$out" 2> "$err" < /dev/null; } 2> /dev/null &
  tpid=$!
  while [ ! -s "$PIDS/$label" ] && [ $waited -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
  pid=$(cat "$PIDS/$label" 2> /dev/null)
  TICKS_USED=0
  EARLY=0
  while [ $TICKS_USED -lt "$ticks" ]; do
    if [ -z "$pid" ] || ! kill -0 "$pid" 2> /dev/null; then EARLY=1; break; fi
    if [ -n "$watch" ] && [ -f "$watch" ] && [ "$(wc -l < "$watch")" -ge 500 ]; then break; fi
    sleep 0.1
    TICKS_USED=$((TICKS_USED + 1))
  done
  if [ $EARLY = 0 ]; then kill -s "$signal" "$pid" 2> /dev/null || EARLY=1; fi
  wait $tpid
  RC=$?
  python3 "$HERE/checks.py" reap "$PIDS/$label" "$label" "$REAPED"
  rm -f "$PIDS/$label"
}

sha() { sha256sum < "$1" 2> /dev/null | cut -d' ' -f1; }
lines() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }

# is_null_device PATH: a character device 1,3 (what /dev/null is on Linux).
is_null_device() { [ -c "$1" ] && [ ! -L "$1" ] && [ "$(stat -c %t:%T "$1")" = 1:3 ]; }
describe_file() {
  if is_null_device "$1"; then echo "still a c 1,3 device"
  elif [ -L "$1" ]; then echo "now a symlink"
  elif [ -f "$1" ]; then echo "replaced by a regular file of $(stat -c %s "$1") bytes"
  elif [ -e "$1" ]; then echo "now a $(stat -c %F "$1")"
  else echo "removed"; fi
}

step "generating the hostile inputs"
HOSTILE=$S/hostile
BATCH=$HOSTILE/batch
MANIFEST=$HOSTILE/manifest.txt
if ! python3 "$HERE/make_hostile.py" "$HOSTILE"; then
  fail "setup" "Scripts/attack/make_hostile.py could not write the inputs"
  exit 1
fi
TOTAL_LARGE=$(find "$BATCH/large" -name '*.pdf' | wc -l)
python3 "$HERE/checks.py" snapshot "$HOSTILE" "$ROOT/Fixtures/pdfs" --out "$S/before.json"

step "1. batch over every hostile input: --jobs 2 --timeout 10 --format jsonl"
OUT=$S/out/run.jsonl
run 150 batch "$S/out/batch.stdout" "$S/out/batch.stderr" \
  "$BIN" "$BATCH" --jobs 2 --timeout 10 --format jsonl --output "$OUT"
checks results "$MANIFEST" "$BATCH" "$OUT" "$S/out/batch.stderr" "$RC" "1" 10 "$S/out/batch.stuck"
cp "$OUT" "$S/out/run-step1.jsonl" 2> /dev/null

step "2. --output to a device file"
FIXTURE=$ROOT/Fixtures/pdfs/margin_text.pdf
STANDIN_OK=0
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$S/dev"
  for format in human jsonl; do
    rm -f "$S/dev/null"
    if mknod -m 666 "$S/dev/null" c 1 3 2> /dev/null && printf x > "$S/dev/null" 2> /dev/null; then
      run 20 "device-$format" "$S/out/device.stdout" "$S/out/device.stderr" \
        "$BIN" "$FIXTURE" --format "$format" --output "$S/dev/null"
      state=$(describe_file "$S/dev/null")
      if is_null_device "$S/dev/null" && [ "$RC" = 1 ]; then
        pass "2b --format $format --output DEVICE" "a stand-in c 1,3 device is $state after the report was written to it (exit 1)"
        [ "$format" = human ] && STANDIN_OK=1
      else
        fail "2b --format $format --output DEVICE" "a stand-in c 1,3 device is $state (exit $RC, expected 1: the file fails its margin rule)"
      fi
    else
      # No device nodes here (no CAP_MKNOD, or a nodev mount): a FIFO with a reader is the
      # stand-in, a file that is not regular and must be written in place just the same.
      rm -f "$S/dev/pipe" "$S/dev/pipe.out"
      mkfifo "$S/dev/pipe"
      cat "$S/dev/pipe" > "$S/dev/pipe.out" &
      reader=$!
      run 20 "fifo-$format" "$S/out/device.stdout" "$S/out/device.stderr" \
        "$BIN" "$FIXTURE" --format "$format" --output "$S/dev/pipe"
      # The reader ends when papercheck closes the FIFO; one never opened for writing is stopped.
      sleep 0.3
      kill "$reader" 2> /dev/null
      wait "$reader" 2> /dev/null
      if [ -p "$S/dev/pipe" ] && [ -s "$S/dev/pipe.out" ] && [ "$RC" = 1 ]; then
        pass "2b --format $format --output DEVICE" "no device nodes here; a FIFO stand-in is still a FIFO and its reader got $(stat -c %s "$S/dev/pipe.out") bytes (exit 1)"
        [ "$format" = human ] && STANDIN_OK=1
      else
        fail "2b --format $format --output DEVICE" "no device nodes here; a FIFO stand-in is $( [ -p "$S/dev/pipe" ] && echo "still a FIFO" || echo "no longer a FIFO"), its reader got $(stat -c %s "$S/dev/pipe.out" 2> /dev/null || echo 0) bytes (exit $RC, expected 1)"
      fi
    fi
  done
  rm -f "$S/dev/null"
fi
if [ "$(id -u)" != 0 ] || [ $STANDIN_OK = 1 ]; then
  run 20 devnull "$S/out/devnull.stdout" "$S/out/devnull.stderr" "$BIN" "$FIXTURE" --output /dev/null
  state=$(describe_file /dev/null)
  if is_null_device /dev/null && [ "$RC" = 1 ]; then
    pass "2c --output /dev/null" "/dev/null is $state (exit 1)"
  else
    fail "2c --output /dev/null" "/dev/null is $state (exit $RC, expected 1)"
    if [ "$(id -u)" = 0 ] && ! is_null_device /dev/null; then
      rm -f /dev/null && mknod -m 666 /dev/null c 1 3 && echo "   (/dev/null restored as c 1,3)"
    fi
  fi
else
  fail "2c --output /dev/null" "not run on the real /dev/null: --output to the stand-in device failed (2b), so as root the real one is not risked"
fi

step "3. --output naming an input"
V=$S/victim
mkdir -p "$V"
cp "$FIXTURE" "$V/paper.pdf"
cp "$ROOT/Fixtures/pdfs/a4.pdf" "$V/other.pdf"
for case in human jsonl; do
  before_a=$(sha "$V/paper.pdf")
  before_b=$(sha "$V/other.pdf")
  if [ $case = human ]; then
    run 20 "overwrite-$case" "$S/out/overwrite.stdout" "$S/out/overwrite.stderr" "$BIN" "$V/paper.pdf" --output "$V/paper.pdf"
    target="the single input (same spelling)"
  else
    run 30 "overwrite-$case" "$S/out/overwrite.stdout" "$S/out/overwrite.stderr" \
      "$BIN" "$V/paper.pdf" "$V/other.pdf" --jobs 2 --format jsonl --output "$V/./other.pdf"
    target="the second input, spelled dir/./name"
  fi
  name="3 --format $case --output = $target"
  verdict "$([ "$RC" = 64 ]; echo $?)" "$name: exit 64" "exit 64" "exit $RC"
  errors=$(lines "$S/out/overwrite.stderr")
  first=$(head -c 160 "$S/out/overwrite.stderr" | tr -c '[:print:]' '?')
  verdict "$([ "$errors" = 1 ]; echo $?)" "$name: one-line error" "stderr: $first" "$errors lines on stderr${first:+, starting: $first}"
  if [ "$(sha "$V/paper.pdf")" = "$before_a" ] && [ "$(sha "$V/other.pdf")" = "$before_b" ]; then
    pass "$name: inputs unchanged" "same sha256"
  else
    fail "$name: inputs unchanged" "paper.pdf is $(stat -c %s "$V/paper.pdf" 2> /dev/null || echo '?') bytes, other.pdf $(stat -c %s "$V/other.pdf" 2> /dev/null || echo '?') bytes: an input was overwritten"
    cp "$FIXTURE" "$V/paper.pdf"
    cp "$ROOT/Fixtures/pdfs/a4.pdf" "$V/other.pdf"
  fi
done

step "4. terminal safety: hostile names, the escape-sequence font, the spoofing metadata"
TERMINAL=("$BATCH/names" "$BATCH/crafted/escape_font.pdf" "$BATCH/crafted/title_spoof.pdf")
T=$S/terminal
mkdir -p "$T"
for format in human github; do
  files=()
  for profile in vdl2016 icml2016; do
    extra=()
    [ $format = human ] && extra=(--verbose)
    run 30 "terminal-$format-$profile" "$T/$format-$profile.out" "$T/$format-$profile.err" \
      env -u NO_COLOR "$BIN" "${TERMINAL[@]}" --jobs 2 --timeout 10 --profile $profile --format $format "${extra[@]}"
    case $RC in
      0|1|2) ;;
      *) fail "4 --format $format --profile $profile: runs" "exit $RC" ;;
    esac
    files+=("$T/$format-$profile.out" "$T/$format-$profile.err")
  done
  checks terminal "$format" "4 --format $format" "${files[@]}"
done

step "5. signals during a batch of $TOTAL_LARGE files"
SIG=$S/signals
mkdir -p "$SIG"
signal_run 20 sigint INT 20 "$SIG/int.jsonl" "$SIG/int.stdout" "$SIG/int.stderr" \
  "$BIN" "$BATCH/large" --jobs 2 --timeout 10 --format jsonl --output "$SIG/int.jsonl"
if [ $EARLY = 1 ]; then
  fail "5 SIGINT arrives mid-run" "the batch had ended (exit $RC) before SIGINT could be sent"
else
  pass "5 SIGINT arrives mid-run" "sent after $((TICKS_USED / 10)).$((TICKS_USED % 10)) s, $(lines "$SIG/int.jsonl") of $TOTAL_LARGE results written by then or soon after"
fi
checks jsonl "$SIG/int.jsonl" "$RC" 130 "5 SIGINT" "$TOTAL_LARGE"
# The same point in the run for SIGTERM: as many tenths of a second as SIGINT waited.
TERM_TICKS=$TICKS_USED
[ "$TERM_TICKS" -lt 5 ] && TERM_TICKS=5
signal_run 20 sigterm TERM "$TERM_TICKS" "" "$SIG/term.stdout" "$SIG/term.stderr" \
  "$BIN" "$BATCH/large" --jobs 2 --timeout 10 --format json --output "$SIG/term.json"
if [ $EARLY = 1 ]; then
  fail "5 SIGTERM arrives mid-run" "the batch had ended (exit $RC) before SIGTERM could be sent"
else
  pass "5 SIGTERM arrives mid-run" "sent after $((TICKS_USED / 10)).$((TICKS_USED % 10)) s"
fi
checks json "$SIG/term.json" "$RC" 143 "5 SIGTERM" "$TOTAL_LARGE"

step "6. resume step 1: --resume OUT --output OUT"
run 60 resume "$S/out/resume.stdout" "$S/out/resume.stderr" \
  "$BIN" "$BATCH" --jobs 2 --timeout 10 --format jsonl --resume "$OUT" --output "$OUT"
checks results "$MANIFEST" "$BATCH" "$OUT" "$S/out/resume.stderr" "$RC" "6" 10 "$S/out/resume.stuck"
if [ -f "$S/out/run-step1.jsonl" ] && [ -f "$OUT" ]; then
  checks kept "$S/out/run-step1.jsonl" "$OUT" "6 earlier lines kept"
fi

step "checks over the whole run"
python3 "$HERE/checks.py" snapshot "$HOSTILE" "$ROOT/Fixtures/pdfs" --out "$S/after.json"
checks untouched "$S/before.json" "$S/after.json" "2a inputs and device files untouched"
checks leftovers "$REAPED" "no worker left behind"

passed=$(grep -c '^PASS ' "$RESULTS")
failed=$(grep -c '^FAIL ' "$RESULTS")
echo "attack.sh: $passed passed, $failed failed in $((SECONDS - STARTED)) s"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
