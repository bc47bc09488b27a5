#!/usr/bin/env bash
# Validates papercheck's machine-readable files against their schemas and object models:
#   - the SARIF golden against the SARIF 2.1.0 object model (sarif-om, and sarif-pydantic when present);
#   - the JUnit golden with xmlschema (schemas/junit.xsd) and junitparser (declared counts);
#   - the JSON report golden, rules.json and the sample waivers file against schemas/*.schema.json,
#     and those schemas against the JSON Schema 2020-12 metaschema (check-jsonschema);
#   - a rules file with a misspelt parameter ("tolerence") against schemas/rules.schema.json, which must refuse it.
# The official SARIF JSON schema is not shipped by any of these PyPI packages (check-jsonschema
# vendors only CI-configuration schemas), so SARIF is checked through sarif-om's classes, which
# are generated from that schema.
#
# Usage: Scripts/validate-reports.sh [--no-install]
#   Installs the missing validators from PyPI with pip unless --no-install is given.
#   Prints one line per validation (PASS/FAIL) and exits 1 if any failed, 2 if validators are missing.
set -uo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
GOLDENS=Tests/PaperReportsTests/Goldens
install=1
[ "${1:-}" = "--no-install" ] && install=0

# module:package pairs; sarif_pydantic is optional (used when importable).
required=(check_jsonschema:check-jsonschema sarif_om:sarif-om junitparser:junitparser xmlschema:xmlschema)
missing=()
for pair in "${required[@]}"; do
  "$PYTHON" -c "import ${pair%%:*}" 2>/dev/null || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ $install -eq 0 ]; then
    echo "MISSING validators: ${missing[*]} (run without --no-install to install them)"
    exit 2
  fi
  echo "installing ${missing[*]}"
  if ! "$PYTHON" -m pip install --quiet --disable-pip-version-check "${missing[@]}"; then
    echo "FAIL could not install ${missing[*]}"
    exit 2
  fi
fi

failures=0
# run NAME COMMAND...: prints PASS NAME or FAIL NAME with the validator's output indented.
run() {
  local name=$1 output
  shift
  if output=$("$@" 2>&1); then
    echo "PASS $name"
  else
    echo "FAIL $name"
    printf '%s\n' "$output" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
}

run "schemas are valid JSON Schema 2020-12" \
  "$PYTHON" -m check_jsonschema --check-metaschema schemas/report.schema.json schemas/waivers.schema.json schemas/rules.schema.json
run "$GOLDENS/report.json against schemas/report.schema.json" \
  "$PYTHON" -m check_jsonschema --schemafile schemas/report.schema.json "$GOLDENS/report.json"
run "rules.json against schemas/rules.schema.json" \
  "$PYTHON" -m check_jsonschema --schemafile schemas/rules.schema.json rules.json
# A misspelt parameter must fail the schema as it fails papercheck: the schema is generated from the kinds.
run_fails() {
  local name=$1 output
  shift
  if output=$("$@" 2>&1); then
    echo "FAIL $name (the schema accepted it)"
    failures=$((failures + 1))
  else
    echo "PASS $name"
  fi
}
misspelt=$(mktemp -d)
trap 'rm -rf "$misspelt"' EXIT
cat > "$misspelt/tolerence.json" <<'JSON'
{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "rules": [{"id": "margins", "check": "contentWithin",
  "severity": "error", "hint": "h", "reference": "r",
  "parameters": {"textBlock": {"left": 72, "top": 72, "right": 540, "bottom": 720}, "tolerence": 50}}]}]}
JSON
cat > "$misspelt/override.json" <<'JSON'
{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "extends": "icml2016",
  "override": [{"id": "margins", "parameters": {"tolerence": 50}}]}]}
JSON
run_fails "a contentWithin rule with 'tolerence' fails schemas/rules.schema.json" \
  "$PYTHON" -m check_jsonschema --schemafile schemas/rules.schema.json "$misspelt/tolerence.json"
run_fails "an override with 'tolerence' fails schemas/rules.schema.json" \
  "$PYTHON" -m check_jsonschema --schemafile schemas/rules.schema.json "$misspelt/override.json"
run "schemas/examples/waivers.json against schemas/waivers.schema.json" \
  "$PYTHON" -m check_jsonschema --schemafile schemas/waivers.schema.json schemas/examples/waivers.json
run "$GOLDENS/report.sarif against the SARIF 2.1.0 object model (sarif-om)" \
  "$PYTHON" Scripts/report_validators.py sarif-om "$GOLDENS/report.sarif"
if "$PYTHON" -c "import sarif_pydantic" 2>/dev/null; then
  run "$GOLDENS/report.sarif through sarif-pydantic" \
    "$PYTHON" Scripts/report_validators.py sarif-pydantic "$GOLDENS/report.sarif"
else
  echo "SKIP sarif-pydantic is not installed (optional)"
fi
run "$GOLDENS/report.junit.xml against schemas/junit.xsd and junitparser counts" \
  "$PYTHON" Scripts/report_validators.py junit "$GOLDENS/report.junit.xml" schemas/junit.xsd

if [ $failures -gt 0 ]; then
  echo "$failures validation(s) failed"
  exit 1
fi
echo "all validations passed"
