#!/usr/bin/env python3
"""Writes Fixtures/rules/broken/: one small rules file per mistake a new user makes, each a rule
taken from the built-in rules.json with one value changed (or a file-level slip), and EXPECTED.tsv
with the JSON path and the words the error must carry. The expectations are written here by hand;
the tests check that papercheck refuses every file with them (and exits 64).
Usage: Scripts/make-broken-rules.py   (also `make broken-rules`)"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "rules", "broken")

# (file, built-in rule id, key inside the rule (dotted), new value, JSON path of the error, words it must say)
RULE_MISTAKES = [
    ("misspelt-parameter", "margins", "parameters.tolerence", 50, "parameters.tolerence", "did you mean 'tolerance'?"),
    ("misspelt-optional-parameter", "body-font", "parameters.baselineTolerence", 1, "parameters.baselineTolerence", "did you mean 'baselineTolerance'?"),
    ("zone-outside-the-set", "margins", "parameters.allowedZones", ["pageNumbers"], "parameters.allowedZones[0]", "expected one of: runningHead, lineNumbers"),
    ("metadata-field-case", "anonymous-author", "parameters.field", "Author", "parameters.field", "did you mean 'author'?"),
    ("font-type-spelling", "no-type3-fonts", "parameters.forbidden", ["Type3"], "parameters.forbidden[0]", "did you mean 'Type 3'?"),
    ("language-by-name", "language", "parameters.expected", "english", "parameters.expected", "English is 'en'"),
    ("confidence-in-percent", "language", "parameters.minConfidence", 60, "parameters.minConfidence", "expected a number from 0 to 1, found the number 60"),
    ("regex-does-not-compile", "review-notice", "parameters.pattern", "Under (review", "parameters.pattern", "the regular expression does not compile"),
    ("inverted-text-block", "margins", "parameters.textBlock.left", 600, "parameters.textBlock.right", "is not right of left (600)"),
    ("negative-text-block", "margins", "parameters.textBlock.top", -5, "parameters.textBlock.top", "expected a number from 0 to 14400 (pt)"),
    ("three-columns", "columns", "parameters.count", 3, "parameters.count", "expected an integer from 1 to 2"),
    ("page-zero", "review-notice", "parameters.page", 0, "parameters.page", "expected an integer from 1 to 100000"),
    ("fractional-page-limit", "page-limit", "parameters.maxBodyPages", 8.5, "parameters.maxBodyPages", "expected an integer"),
    ("total-below-body", "page-limit", "parameters.maxTotalPages", 6, "parameters.maxTotalPages", "is below maxBodyPages (8)"),
    ("negative-tolerance", "margins", "parameters.tolerance", -1, "parameters.tolerance", "expected a number from 0 to 100 (pt), found the number -1"),
    ("huge-number", "page-size", "parameters.width", 1e308, "parameters.width", "expected a number from 1 to 14400 (pt)"),
    ("number-as-string", "file-size", "parameters.maxBytes", "10 MB", "parameters.maxBytes", "found the string '10 MB'"),
    ("expectation-yes", "line-numbers", "parameters.expected", "yes", "parameters.expected", "expected one of: present, absent"),
    ("severity-outside-the-set", "margins", "parameters.localSeverity", "minor", "parameters.localSeverity", "expected one of: info, warning, error"),
    ("gutter-with-one-column", "columns", "parameters.count", 1, "parameters.gutter", "only two columns have a gutter"),
    ("empty-family-list", "body-font", "parameters.families", [], "parameters.families", "expected at least 1 value(s), found 0"),
    ("heading-listed-twice", "no-acknowledgements", "parameters.headings", ["Acknowledgements", "Acknowledgements"], "parameters.headings[1]", "is listed twice"),
    ("misspelt-placeholder", "body-font", "message", "body text is {mesured}", "message", "did you mean '{measured}'?"),
    ("placeholder-no-one-fills", "page-limit", "hint", "at most {limit} pages", "hint", "unknown placeholder of pageCount '{limit}'"),
    ("latex-braces-unescaped", "page-size", "hints.latex", "\\usepackage[letterpaper]{geometry}", "hints.latex", "write {{geometry}} for literal braces"),
    ("unknown-message-variant", "body-font", "messages.sise", "x", "messages.sise", "did you mean 'size'?"),
    ("main-under-messages", "body-font", "messages.main", "x", "messages.main", "the main message is the rule's 'message'"),
    ("unknown-producer-family", "body-font", "hints.tex", "x", "hints.tex", "expected one of: latex, word"),
    ("parameters-not-an-object", "file-size", "parameters", [1], "parameters", "expected an object, found an array"),
    ("parameter-for-a-kind-without-any", "pdf-readable", "parameters.strict", True, "parameters.strict", "none is allowed here"),
    ("unknown-check", "margins", "check", "contentInside", "check", "unknown check 'contentInside' (expected one of: pdfReadable"),
    ("severity-typo", "margins", "severity", "eror", "severity", "did you mean 'error'?"),
]

# (file, whole rules file, JSON path of the error, words it must say)
FILE_MISTAKES = [
    ("extend-for-extends", {"schemaVersion": 1, "default": "venue", "profiles": [{"id": "venue", "extend": "icml2016"}]},
     "profiles[0].extend", "did you mean 'extends'?"),
    ("fractional-schema-version", {"schemaVersion": 1.7, "default": "venue", "profiles": [{"id": "venue", "extends": "icml2016"}]},
     "schemaVersion", "expected an integer"),
    ("unknown-top-level-key", {"schemaVersion": 1, "default": "venue", "profile": [], "profiles": [{"id": "venue", "extends": "icml2016"}]},
     "profile", "did you mean 'profiles'?"),
    ("id-against-the-pattern", {"schemaVersion": 1, "default": "My Venue", "profiles": [{"id": "My Venue", "extends": "icml2016"}]},
     "profiles[0].id", "lower-case"),
    ("overridden-twice", {"schemaVersion": 1, "default": "venue", "profiles": [{"id": "venue", "extends": "icml2016", "override": [
        {"id": "page-limit", "parameters": {"maxBodyPages": 6}}, {"id": "page-limit", "parameters": {"maxTotalPages": 7}}]}]},
     "profiles[0].override[1].id", "overridden twice (also in override[0])"),
    ("extends-unknown-profile", {"schemaVersion": 1, "default": "venue", "profiles": [{"id": "venue", "extends": "icml2106"}]},
     "profiles[0].extends", "did you mean 'icml2016'?"),
]


def builtin_rules():
    with open(os.path.join(ROOT, "rules.json"), encoding="utf-8") as handle:
        rules = json.load(handle)["profiles"][0]["rules"]
    return {rule["id"]: rule for rule in rules}


def changed(rule, key, value):
    rule = json.loads(json.dumps(rule))
    target = rule
    parts = key.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value
    return rule


def main():
    rules = builtin_rules()
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if name.endswith(".json"):
            os.remove(os.path.join(OUT, name))
    rows = ["file\tpath\tsays"]
    for name, rule_id, key, value, path, says in RULE_MISTAKES:
        rule = changed(rules[rule_id], key, value)
        document = {"schemaVersion": 1, "default": "venue", "profiles": [{"id": "venue", "rules": [rule]}]}
        write(name, document)
        rows.append(f"{name}.json\tprofiles[0].rules[0].{path}\t{says}")
    for name, document, path, says in FILE_MISTAKES:
        write(name, document)
        rows.append(f"{name}.json\t{path}\t{says}")
    with open(os.path.join(OUT, "EXPECTED.tsv"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    print(f"wrote {len(rows) - 1} broken rules files to {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


def write(name, document):
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, ensure_ascii=False)
        handle.write("\n")


if __name__ == "__main__":
    main()
