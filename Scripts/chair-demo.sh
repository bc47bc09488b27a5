#!/usr/bin/env bash
# A program chair's run over the shared corpus and proceedings, with the submissions list of
# examples/chair/submissions.csv: 73 listed papers, one of them never uploaded (199), three of them
# (301-303) the same bytes as three others (167-169), uploaded again in a zip archive (301-303, `late-uploads.zip!/301/paper.pdf`, made here from
# three proceedings PDFs). Writes the chair's HTML report (images in report_files/), the CSV with a
# column per rule, the JSONL, one report per paper and the mail-merge file to OUT, then checks
# what the issue asks of them. The README's chair section shows this run.
#
# Usage: Scripts/chair-demo.sh PAPERCHECK OUT [SHARED]   (SHARED defaults to ../shared)
# Exit status: 0 when every check holds, 1 when one fails, 64 on bad usage.
set -euo pipefail
[[ $# -ge 2 && $# -le 3 ]] || { echo "usage: $0 PAPERCHECK OUT [SHARED]" >&2; exit 64; }
papercheck=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
shared=${3:-../shared}
cd "$(dirname "$0")/.."
fail() { echo "chair-demo: FAIL: $*" >&2; exit 1; }
[[ -x $papercheck ]] || fail "no papercheck binary at $1"
[[ -d $shared/corpus/pdfs && -d $shared/proceedings/pdfs ]] || fail "no corpus and proceedings under $shared"
mkdir -p "$out"
rm -rf "$out/authors" "$out/report_files"

# The late uploads: a folder per paper id, as CMT's download has it.
python3 - "$shared/proceedings/pdfs" "$out/late-uploads.zip" <<'EOF'
import sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for paper_id, name in (("301", "reed16.pdf"), ("302", "sun16.pdf"), ("303", "zaremba16.pdf")):
        archive.write(f"{source}/{name}", f"{paper_id}/paper.pdf")
EOF

set +e
"$papercheck" --submissions examples/chair/submissions.csv "$shared/corpus/pdfs" "$shared/proceedings/pdfs" "$out/late-uploads.zip" \
  --jobs 2 --output "$out/report.html" --output "$out/report.csv" --output "$out/report.jsonl" \
  --html-images folder --per-paper "$out/authors" --mail-merge "$out/mail-merge.csv" 2> "$out/stderr.txt"
status=$?
set -e
cat "$out/stderr.txt" >&2
# Papers that fail and papers that cannot be checked (the damaged corpus files, the missing 199): exit 2.
[[ $status -eq 2 ]] || fail "papercheck exited $status, expected 2"

python3 - "$out" <<'EOF'
import csv, json, os, sys
out = sys.argv[1]
def fail(message):
    print(f"chair-demo: FAIL: {message}", file=sys.stderr)
    sys.exit(1)
rows = list(csv.DictReader(open(f"{out}/report.csv", newline="", encoding="utf-8")))
lines = [json.loads(line) for line in open(f"{out}/report.jsonl", encoding="utf-8")]
listed = list(csv.DictReader(open("examples/chair/submissions.csv", newline="", encoding="utf-8")))
if len(rows) != len(lines) or len(rows) != len(listed):
    fail(f"{len(rows)} CSV rows and {len(lines)} JSONL lines for {len(listed)} listed papers; expected one each")
ids = {row["submission_id"] for row in rows}
if ids != {row["Paper ID"] for row in listed}:
    fail("the report's submission ids are not the list's")
for rule in ("page-size", "page-limit", "margins", "no-type3-fonts"):
    if rule not in rows[0]:
        fail(f"no CSV column for the rule {rule}")
missing = [row for row in rows if row["status"] == "missing"]
if [row["submission_id"] for row in missing] != ["199"]:
    fail(f"expected exactly 199 missing, got {[row['submission_id'] for row in missing]}")
members = [row for row in rows if "late-uploads.zip!/" in row["path"]]
if sorted(row["submission_id"] for row in members) != ["301", "302", "303"]:
    fail("the zip's members are not 301-303")
if any(not row["duplicate_of"] for row in members):
    fail("the zip's members are not marked as duplicates of the same papers uploaded as files")
verdicts = {}
for row in rows:
    verdicts[row["verdict"]] = verdicts.get(row["verdict"], 0) + 1
if not {"desk-reject", "ok", "missing", "check-by-hand"} <= set(verdicts):
    fail(f"verdict classes seen: {verdicts}")
per_paper = sorted(os.listdir(f"{out}/authors"))
if len(per_paper) != 2 * len(listed):
    fail(f"{len(per_paper)} per-paper files; expected an HTML and a JSON for each of {len(listed)} papers")
mail = list(csv.DictReader(open(f"{out}/mail-merge.csv", newline="", encoding="utf-8")))
if len(mail) != len(listed) or any(not row["emails"] or not row["summary"] or not row["report"] for row in mail):
    fail("the mail-merge file needs one row per paper with e-mails, a summary and the report")
images = os.listdir(f"{out}/report_files") if os.path.isdir(f"{out}/report_files") else []
if not images:
    fail("no page images in report_files/")
print(f"chair-demo: {len(rows)} results for {len(listed)} listed papers; verdicts "
      + ", ".join(f"{count} {verdict}" for verdict, count in sorted(verdicts.items()))
      + f"; {len(per_paper) // 2} per-paper reports; {len(mail)} mail-merge rows; {len(images)} page images")
EOF
# The per-paper JSON reports are papercheck.report/1 documents (when check-jsonschema is installed,
# as Scripts/validate-reports.sh installs it).
if command -v check-jsonschema >/dev/null; then
  check-jsonschema --schemafile schemas/report.schema.json "$out"/authors/*.json > /dev/null \
    || fail "a per-paper JSON report does not match schemas/report.schema.json"
fi
