#!/usr/bin/env bash
# The server's end-to-end tests: the API against its own OpenAPI document (schemathesis), the
# upload page in a browser (browser-serve-test.py --sign) and a bounded load test (load-test.py).
#
# Usage: Scripts/serve-test.sh BINARY        (CI: Scripts/serve-test.sh .build/release/papercheck)
#
# 1. Makes a signing key (BINARY keygen), starts BINARY serve --port 0 --rate-limit 0
#    --signing-key KEY and runs schemathesis against http://127.0.0.1:PORT/v1/openapi.json with
#    the checks not_a_server_error, status_code_conformance, content_type_conformance,
#    response_headers_conformance and response_schema_conformance: a bounded number of examples,
#    no Hypothesis deadline, no telemetry, cut after 240 s. Its generated bodies are mixed with
#    real fixtures (a passing, a warning, a failing, a damaged and an encrypted PDF) and its profile
#    values with the server's profiles, so signed reports (200) and refusals with a report (422) are
#    checked against the document too, not only the 4xx that random bytes get; a PDF body is sent
#    as the raw application/pdf it is. Then that server is stopped (it must exit 0 on SIGTERM), and
#    the access log must show that reports and 422 answers were among what was checked.
# 2. Scripts/browser-serve-test.py BINARY --sign (its own server).
# 3. Scripts/load-test.py BINARY (its own server; 200 uploads, 16 at a time, 2 workers).
# Every step runs even when one before it failed. A trap stops every process this script started
# (the server, and the test scripts, which stop their own servers) on any exit.
#
# Installs what is missing: schemathesis 3 from PyPI (pip); the browser test installs selenium and
# Debian's chromium itself. Takes about 3 to 5 minutes on a 2-core machine.
# Exit status: 0 when every step passes, 1 when one fails, 64 on bad usage.
set -euo pipefail

usage() { echo "usage: $0 BINARY" >&2; exit 64; }
say() { echo "serve-test: $*"; }
fail() { echo "serve-test: FAIL: $*" >&2; exit 1; }

[[ $# -eq 1 ]] || usage
[[ -f $1 && -x $1 ]] || { echo "serve-test: no executable $1" >&2; usage; }
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scripts=$(cd "$(dirname "$0")" && pwd)
fixtures=$(dirname "$scripts")/Fixtures/pdfs
python=${PYTHON:-python3}

work=$(mktemp -d)
started=()   # every process started here, stopped by the trap

stop() {  # stop PID: SIGTERM, up to 20 s to exit, then SIGKILL; the exit status when it is our child
  local pid=$1 waited=0
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || return $?; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [[ $(ps -o stat= -p "$pid" 2>/dev/null) != Z* ]] && (( waited < 200 )); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if (( waited >= 200 )); then
    echo "serve-test: process $pid did not stop within 20 s of SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null
}

cleanup() {
  local pid
  for pid in "${started[@]+"${started[@]}"}"; do
    stop "$pid" || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A command in the background, waited for, so that a signal reaches the trap at once (and the trap
# stops it) rather than after the command ends; its exit status.
run() {
  say "running: $*"
  "$@" &
  local pid=$!
  started+=("$pid")
  local status=0
  wait "$pid" || status=$?
  return "$status"
}

# --- what is needed ---------------------------------------------------------------------------
if ! "$python" -c 'import schemathesis, sys; sys.exit(0 if schemathesis.__version__.startswith("3.") else 1)' 2>/dev/null; then
  say "installing schemathesis 3 (pip)"
  pip=("$python" -m pip install --quiet --disable-pip-version-check 'schemathesis==3.*')
  # A Debian python refuses system-wide installs (PEP 668): the user's site-packages then.
  "${pip[@]}" || "${pip[@]}" --user --break-system-packages ||
    fail "could not install schemathesis with pip; install it (python3 -m pip install 'schemathesis==3.*') and rerun"
fi

# --- 1. the API against its OpenAPI document --------------------------------------------------
failed=()

say "running: $binary keygen --output $work/key"
"$binary" keygen --output "$work/key" >/dev/null

say "running: $binary serve --host 127.0.0.1 --port 0 --rate-limit 0 --signing-key $work/key"
"$binary" serve --host 127.0.0.1 --port 0 --rate-limit 0 --signing-key "$work/key" 2>"$work/server.log" &
server=$!
started+=("$server")
url=""
for (( i = 0; i < 300; i++ )); do
  url=$(grep -o -m 1 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" || true)
  [[ -n $url ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; fail "the server exited before it listened"; }
  sleep 0.1
done
[[ -n $url ]] || { cat "$work/server.log" >&2; fail "the server did not say where it listens within 30 s"; }
say "server at $url"
# (Python's urllib rather than curl: a fresh machine may not have curl.)
profiles=$("$python" -c 'import json, sys, urllib.request; print(",".join(p["id"] for p in json.load(urllib.request.urlopen(sys.argv[1] + "/v1/profiles", timeout=60))["profiles"]))' "$url") ||
  fail "GET /v1/profiles did not answer"

# Hooks for schemathesis: real PDFs among the generated bodies, the server's profiles among the
# generated profile values, and a serializer for application/pdf (schemathesis has none, and
# would otherwise never send that media type).
mkdir -p "$work/hooks"
cat >"$work/hooks/serve_test_hooks.py" <<'PYTHON'
import os

import schemathesis
from hypothesis import strategies as st

PDFS = [open(path, "rb").read() for path in os.environ["SERVE_TEST_PDFS"].split(os.pathsep)]
PROFILES = os.environ["SERVE_TEST_PROFILES"].split(",")


def raw(value):
    """The bytes of a generated binary string (schemathesis wraps them), else None."""
    return value if isinstance(value, bytes) else getattr(value, "data", None)


def with_pdfs(value):
    if raw(value) is not None:
        return st.sampled_from(PDFS + [value])
    if isinstance(value, dict):  # the multipart form: file and profile
        def fill(choice):
            pdf, profile = choice
            form = dict(value)
            if pdf is not None:
                form["file"] = pdf
            if profile is not None:
                form["profile"] = profile
            return form
        return st.tuples(st.sampled_from(PDFS + [None]), st.sampled_from(PROFILES + [None])).map(fill)
    return st.just(value)


def with_profiles(value):
    if not isinstance(value, dict):
        return st.just(value)
    return st.sampled_from(PROFILES + [None]).map(lambda profile: value if profile is None else dict(value, profile=profile))


@schemathesis.hook
def before_generate_body(context, strategy):
    return strategy.flatmap(with_pdfs)


@schemathesis.hook
def before_generate_query(context, strategy):
    return strategy.flatmap(with_profiles)


@schemathesis.serializer("application/pdf")
class PDFSerializer:
    def as_requests(self, context, value):
        data = raw(value)
        return {"data": data if data is not None else str(value).encode()}

    def as_werkzeug(self, context, value):
        return self.as_requests(context, value)
PYTHON

pdfs=""
for name in icml_submission.pdf standard14_nonembedded.pdf margin_text.pdf truncated.pdf encrypted.pdf; do
  [[ -f $fixtures/$name ]] || fail "no fixture $fixtures/$name"
  pdfs+=${pdfs:+:}$fixtures/$name
done

schemathesis_status=0
SCHEMATHESIS_TELEMETRY=false SCHEMATHESIS_HOOKS=serve_test_hooks PYTHONPATH="$work/hooks${PYTHONPATH:+:$PYTHONPATH}" \
SERVE_TEST_PDFS=$pdfs SERVE_TEST_PROFILES=$profiles \
  run timeout 240 "$python" -m schemathesis.cli run "$url/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --hypothesis-max-examples 250 --hypothesis-deadline None --hypothesis-database none \
    --hypothesis-seed 20160619 --request-timeout 90000 --workers 1 --no-color \
    --schemathesis-io-telemetry false --show-trace || schemathesis_status=$?
if (( schemathesis_status != 0 )); then
  (( schemathesis_status == 124 )) && echo "serve-test: schemathesis took longer than 240 s" >&2
  failed+=("schemathesis (exit $schemathesis_status)")
fi

server_status=0
stop "$server" || server_status=$?
if (( server_status != 0 )); then
  failed+=("the schemathesis server's exit status on SIGTERM ($server_status)")
fi
# What the server answered (its access log): the report answers must be among them.
answers=$("$python" - "$work/server.log" <<'PYTHON'
import collections, json, sys
counts = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if line.startswith("{"):
        entry = json.loads(line)
        counts[f"{entry.get('method')} {entry.get('path')} {entry.get('status')}"
               + (f" {entry['result']}" if entry.get("result") else "")] += 1
print("; ".join(f"{key}: {value}" for key, value in sorted(counts.items())))
PYTHON
)
say "the server answered: $answers"
if [[ $answers != *"/v1/check 200 pass"* || $answers != *"/v1/check 200 fail"* || $answers != *"/v1/check 422 error"* ]]; then
  failed+=("schemathesis did not reach reports (200 pass, 200 fail, 422): the hooks did not take")
fi

# --- 2. the upload page in a browser, 3. the load test ----------------------------------------
run "$python" "$scripts/browser-serve-test.py" "$binary" --sign || failed+=("browser-serve-test.py (exit $?)")
run "$python" "$scripts/load-test.py" "$binary" --json "$work/load.json" || failed+=("load-test.py (exit $?)")

if (( ${#failed[@]} )); then
  for step in "${failed[@]}"; do echo "serve-test: FAIL: $step" >&2; done
  exit 1
fi
say "ok: schemathesis, the browser test and the load test passed"
