#!/usr/bin/env bash
# Opens an HTML report (--format html) in headless Chromium, saves a screenshot, and checks the
# rendered DOM: EXPECTED_ROWS summary rows (tr.file-row) and every page thumbnail loaded.
#
# Usage: Scripts/browser-test.sh REPORT.html SCREENSHOT.png EXPECTED_ROWS
#
# The report's own script records on <body> how many thumbnails loaded (data-thumbnails-loaded
# out of data-thumbnails); opened as REPORT.html#verify-images it loads them all eagerly first, so
# lazy loading does not hide a broken image below the fold. If those attributes are missing, the
# script did not run (a JavaScript error, or its Content-Security-Policy hash is out of date).
#
# Installs Debian's chromium when no chromium is on PATH (needs root or sudo).
# Exit status: 0 when every check passes, 1 when one fails, 64 on bad usage.
set -euo pipefail

usage() { echo "usage: $0 REPORT.html SCREENSHOT.png EXPECTED_ROWS" >&2; exit 64; }
fail() { echo "browser-test: FAIL: $*" >&2; exit 1; }

[[ $# -eq 3 ]] || usage
report=$1 screenshot=$2 expected_rows=$3
[[ $expected_rows =~ ^[0-9]+$ ]] || usage
[[ -f $report ]] || fail "no such report: $report"

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  echo "browser-test: installing chromium (apt-get)" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  if ! { $sudo apt-get update -qq >/dev/null &&
         $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    fail "could not install chromium with apt-get (needs root or sudo); install it and rerun"
  fi
  browser=$(command -v chromium) || fail "chromium is still not on PATH after installing it"
fi

# file:// URL of the report: absolute, every byte outside the unreserved set percent-encoded.
absolute=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
url="file://"
LC_ALL=C
for (( i = 0; i < ${#absolute}; i++ )); do
  char=${absolute:i:1}
  case $char in
    [A-Za-z0-9/._~-]) url+=$char ;;
    *) printf -v hex '%%%02X' "'$char"; url+=$hex ;;
  esac
done
unset LC_ALL

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$screenshot")"
screenshot_abs=$(cd "$(dirname "$screenshot")" && pwd)/$(basename "$screenshot")

# A throwaway profile, no first-run UI or background traffic; the virtual time budget lets the
# page's load handlers finish before the DOM is dumped.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check
       --disable-extensions --disable-background-networking --disable-sync --mute-audio
       "--user-data-dir=$work/profile" --virtual-time-budget=10000)

if ! timeout 120 "$browser" "${flags[@]}" --window-size=1280,2000 "--screenshot=$screenshot_abs" "$url" \
     >"$work/screenshot.log" 2>&1; then
  cat "$work/screenshot.log" >&2
  fail "chromium could not take the screenshot"
fi
[[ -s $screenshot_abs ]] || { cat "$work/screenshot.log" >&2; fail "no screenshot written to $screenshot"; }

if ! timeout 120 "$browser" "${flags[@]}" --window-size=1280,2000 --dump-dom "$url#verify-images" \
     >"$work/dom.html" 2>"$work/dom.log"; then
  cat "$work/dom.log" >&2
  fail "chromium could not load the report"
fi
[[ -s $work/dom.html ]] || { cat "$work/dom.log" >&2; fail "chromium dumped an empty DOM"; }

# One attribute of the <body> start tag, or empty.
body_tag=$(grep -o '<body[^>]*>' "$work/dom.html" | head -n 1 || true)
attribute() { sed -n "s/.*[[:space:]]$1=\"\\([0-9]*\\)\".*/\\1/p" <<<"$body_tag"; }

# How often a string occurs in the DOM (grep finding nothing is not an error here).
occurrences() { { grep -o "$1" "$work/dom.html" || true; } | wc -l; }

rows=$(occurrences '<tr class="file-row')
thumbnails=$(attribute data-thumbnails)
loaded=$(attribute data-thumbnails-loaded)
failed=$(attribute data-thumbnails-failed)
images=$(occurrences '<img class="thumb"')
marked=$(occurrences 'data-loaded="1"')

status=0
if [[ $rows -ne $expected_rows ]]; then
  echo "browser-test: FAIL: $rows summary rows (tr.file-row), expected $expected_rows" >&2; status=1
fi
if [[ -z $thumbnails ]]; then
  echo "browser-test: FAIL: <body> has no data-thumbnails: is this a papercheck HTML report?" >&2; status=1
elif [[ -z $loaded ]]; then
  echo "browser-test: FAIL: the report's script did not run (no data-thumbnails-loaded on <body>)" >&2; status=1
else
  if [[ $images -ne $thumbnails ]]; then
    echo "browser-test: FAIL: $images thumbnail <img> elements, the report announced $thumbnails" >&2; status=1
  fi
  if [[ $loaded -ne $thumbnails || $marked -ne $thumbnails || ${failed:-0} -ne 0 ]]; then
    echo "browser-test: FAIL: $loaded of $thumbnails thumbnails loaded ($failed broken)" >&2; status=1
  fi
fi
[[ $status -eq 0 ]] || exit 1

echo "browser-test: ok: $rows summary rows, $loaded of $thumbnails thumbnails loaded; screenshot $screenshot"
