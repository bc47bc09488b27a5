#!/usr/bin/env bash
# Evaluate the language identifier (future `make eval-language`):
# installs what is missing, builds the standalone langeval CLI, extracts the
# held-out paragraphs (Debian man pages, Firefox language packs) into
# .build/lang-eval/ and compares our identifier with lingua.
#
#   Scripts/language/eval.sh                  # test split, report + targets
#   Scripts/language/eval.sh --split all --matrix
#   REGENERATE_PROFILES=1 Scripts/language/eval.sh   # rebuild profiles.txt and its C tables first
#
# Extra arguments go to eval_language.py.
set -euo pipefail
cd "$(dirname "$0")/../.."

CACHE=.build/lang-eval
BINARY="$CACHE/langeval"
mkdir -p "$CACHE"

need_pip() { python3 -c "import $1" 2>/dev/null || python3 -m pip install --quiet "$2"; }
need_pip lingua lingua-language-detector

# apt-get download needs package lists; dpkg-deb unpacks without installing.
if ! apt-cache show manpages-de >/dev/null 2>&1; then
    apt-get update -qq
fi
command -v dpkg-deb >/dev/null || apt-get install -y -qq dpkg

if [[ "${REGENERATE_PROFILES:-0}" == 1 ]]; then
    need_pip wordfreq wordfreq
    python3 Scripts/language/build_profiles.py
fi

SWIFTC="$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)"
SOURCES=(Scripts/language/LangEvalMain.swift Sources/PaperAnalysis/Language/*.swift)
TABLES=Sources/CLanguageProfiles
if [[ ! -x "$BINARY" ]] || [[ -n "$(find "${SOURCES[@]}" "$TABLES" -newer "$BINARY" 2>/dev/null)" ]]; then
    echo "building $BINARY" >&2
    "$(dirname "$SWIFTC")/clang" -O2 -c -I "$TABLES/include" "$TABLES/profiles.c" -o "$CACHE/profiles.o"
    "$SWIFTC" -O -parse-as-library -swift-version 6 -module-name LangEval -I "$TABLES/include" "${SOURCES[@]}" "$CACHE/profiles.o" -o "$BINARY"
fi

if [[ ! -s "$CACHE/paragraphs.jsonl" ]]; then
    python3 Scripts/language/eval_corpus.py --cache "$CACHE"
fi

python3 Scripts/language/eval_language.py --cache "$CACHE" --langeval "$BINARY" "$@"
