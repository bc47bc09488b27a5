#!/usr/bin/env bash
# Checks every PDF tracked in the current git repository with papercheck and writes SARIF for
# code scanning. Used by the GitHub Actions example, and runnable as it is on any machine:
#   PAPERCHECK=/path/to/papercheck examples/check-pdfs.sh [PROFILE] [SARIF_OUTPUT]
# Exit code: papercheck's (0 pass, 1 a rule failed, 2 a file could not be checked).
set -uo pipefail
papercheck=${PAPERCHECK:-papercheck}
profile=${1:-vdl2016}
sarif=${2:-papercheck.sarif}
mapfile -t pdfs < <(git ls-files -- '*.pdf' '*.PDF')
if [ ${#pdfs[@]} -eq 0 ]; then
  echo "no PDF files tracked in this repository"
  exit 0
fi
# One run: annotations for the log (and the pull request) on standard output, SARIF for the
# code-scanning upload in a file. Options first, then `--`: a PDF named like an option
# (--password=x.pdf) is still a file to check.
"$papercheck" check --profile "$profile" --format github --output - --output "$sarif" -- "${pdfs[@]}"
