#!/usr/bin/env python3
"""Generate Scripts/language/profiles.txt, then the C tables compiled from it (build_tables.py).

For every language that shares its script with other supported languages
(Latin, Cyrillic, Arabic) we write two frequency tables:

  W  the most frequent words, with their cost -log2 P(word)
  T  the most frequent character trigrams of words padded with a boundary
     mark ('_'), weighted by word frequency, with their cost -log2 P(trigram)

Languages alone in their script (el, he, hi) and Chinese/Japanese/Korean are
recognised by script rules in Swift and need no tables.

Data: the word frequency lists of the `wordfreq` PyPI package.  wordfreq has
no lists for Estonian and Irish; their counts come from the gettext message
catalogues (.mo) that Debian packages ship for those languages (downloaded
with `apt-get download`, never installed).  Croatian uses wordfreq's
Serbo-Croatian ('sh') list restricted to Latin script.  Maltese is not
supported: neither source has enough Maltese text.

The output is a text in a compact line format, which build_tables.py turns into
the tables of Sources/CLanguageProfiles/profiles.c (lines starting with '#' are
comments):

  L <code> <word-miss-cost> <trigram-miss-cost> <trigram-entropy>
  W <word><cost char> <word><cost char> ...
  T <trigram><cost char> ...

Costs are quarter bits, stored as one printable character each.

Usage: python3 Scripts/language/build_profiles.py [--words 700] [--trigrams 2600]
"""
import argparse
import gettext
import glob
import heapq
import math
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter

import wordfreq

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(REPO, "Scripts/language/profiles.txt")
CACHE = os.path.join(REPO, ".build/lang-profiles")

# code -> (script, wordfreq list or None for the gettext source)
MODELLED = {
    "en": ("latin", "en"), "cs": ("latin", "cs"), "da": ("latin", "da"),
    "de": ("latin", "de"), "es": ("latin", "es"), "et": ("latin", None),
    "fi": ("latin", "fi"), "fr": ("latin", "fr"), "ga": ("latin", None),
    "hr": ("latin", "sh"), "hu": ("latin", "hu"), "id": ("latin", "id"),
    "it": ("latin", "it"), "lt": ("latin", "lt"), "lv": ("latin", "lv"),
    "nl": ("latin", "nl"), "pl": ("latin", "pl"), "pt": ("latin", "pt"),
    "ro": ("latin", "ro"), "sk": ("latin", "sk"), "sl": ("latin", "sl"),
    "sv": ("latin", "sv"), "tr": ("latin", "tr"), "vi": ("latin", "vi"),
    "ru": ("cyrillic", "ru"), "uk": ("cyrillic", "uk"), "bg": ("cyrillic", "bg"),
    "ar": ("arabic", "ar"), "fa": ("arabic", "fa"),
}

# Debian packages whose gettext catalogues supply Estonian and Irish text.
GETTEXT_PACKAGES = [
    "coreutils", "bash", "tar", "grep", "sed", "findutils", "diffutils", "wget",
    "make", "dpkg", "gnupg-l10n", "libglib2.0-data", "libgtk2.0-common",
    "libgtk-3-common", "binutils-common", "gettext-base", "man-db",
    "xdg-user-dirs", "shared-mime-info", "libpam-runtime", "systemd",
]

# Cost characters: printable ASCII without space, quote, '#' and backslash,
# so the data can sit in a raw string literal.
COST_ALPHABET = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '"#\\')
COST_SCALE = 4  # steps per bit

ARABIC_DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640]")
SCRIPT_RANGES = {
    "latin": [(0x41, 0x24F), (0x1E00, 0x1EFF)],
    "cyrillic": [(0x400, 0x52F)],
    "arabic": [(0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
}


def normalize(text):
    """Same normalisation as the Swift side: NFC, lower case, no Arabic vowel marks."""
    text = unicodedata.normalize("NFC", text).lower()
    return ARABIC_DIACRITICS.sub("", text).replace("i\u0307", "i")


def word_runs(text):
    """Letter runs (letters plus combining marks) of already normalised text."""
    run = []
    for char in text:
        if unicodedata.category(char)[0] in "LM":
            run.append(char)
        elif run:
            yield "".join(run)
            run = []
    if run:
        yield "".join(run)


def in_script(word, script):
    ranges = SCRIPT_RANGES[script]
    for char in word:
        if unicodedata.category(char)[0] == "M":
            continue
        if not any(low <= ord(char) <= high for low, high in ranges):
            return False
    return True


def wordfreq_counts(list_name, script):
    counts = Counter()
    frequencies = wordfreq.get_frequency_dict(list_name)
    # The 150,000 most frequent entries carry nearly all of the mass.
    for word in heapq.nlargest(150_000, frequencies, key=frequencies.get):
        frequency = frequencies[word]
        for run in word_runs(normalize(word)):
            if in_script(run, script):
                counts[run] += frequency
    return counts


def fetch_gettext_catalogues():
    """Download and unpack the gettext packages once; return the unpack root."""
    debs = os.path.join(CACHE, "debs")
    root = os.path.join(CACHE, "unpacked")
    os.makedirs(debs, exist_ok=True)
    os.makedirs(root, exist_ok=True)
    for package in GETTEXT_PACKAGES:
        if not glob.glob(os.path.join(debs, f"{package}_*.deb")):
            result = subprocess.run(
                ["apt-get", "-o", "APT::Sandbox::User=root", "download", package],
                cwd=debs, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if result.returncode != 0:
                print(f"warning: could not download {package}: {result.stderr.strip()}", file=sys.stderr)
                continue
        for deb in glob.glob(os.path.join(debs, f"{package}_*.deb")):
            marker = os.path.join(root, os.path.basename(deb) + ".done")
            if not os.path.exists(marker):
                subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
                open(marker, "w").close()
    return root


PRINTF = re.compile(r"%(\d+\$)?[-+ #0'I]*(\*|\d+)?(\.(\*|\d+))?(hh|h|ll|l|L|q|j|z|t)?[a-zA-Z%]|%<\w+>")
MARKUP = re.compile(r"<[^>]*>|&\w+;|\{[^}]*\}|\\[nt]")


def gettext_counts(code, script, root):
    counts = Counter()
    catalogues = glob.glob(os.path.join(root, "usr/share/locale", code, "LC_MESSAGES", "*.mo"))
    for path in sorted(catalogues):
        with open(path, "rb") as handle:
            try:
                catalogue = gettext.GNUTranslations(handle)._catalog
            except (OSError, UnicodeDecodeError):
                continue
        for key, message in catalogue.items():
            if not message or key == "":  # "" holds the catalogue header
                continue
            text = MARKUP.sub(" ", PRINTF.sub(" ", message)).replace("_", "")
            for run in word_runs(normalize(text)):
                if in_script(run, script):
                    counts[run] += 1
    return counts, len(catalogues)


def cost_char(bits):
    steps = max(0, min(len(COST_ALPHABET) - 1, round(bits * COST_SCALE)))
    return COST_ALPHABET[steps]


def profile_lines(code, counts, word_limit, trigram_limit):
    total_words = sum(counts.values())
    top_words = counts.most_common(word_limit)
    # A word outside the list is at most as likely as the rarest listed word;
    # one extra bit keeps unknown words from being free.
    word_miss = -math.log2(top_words[-1][1] / total_words) + 1.0

    trigrams = Counter()
    for word, count in counts.items():
        padded = f"_{word}_"
        for start in range(len(padded) - 2):
            trigrams[padded[start:start + 3]] += count
    total_trigrams = sum(trigrams.values())
    kept = trigrams.most_common(trigram_limit)
    # An unseen trigram costs a bit more than the rarest kept one.
    trigram_miss = -math.log2(kept[-1][1] / total_trigrams) + 1.5
    entropy = sum((c / total_trigrams) * -math.log2(c / total_trigrams) for _, c in kept)
    entropy += (1 - sum(c for _, c in kept) / total_trigrams) * trigram_miss

    def tokens(items, total):
        return [f"{item}{cost_char(-math.log2(count / total))}" for item, count in items]

    lines = [f"L {code} {word_miss:.2f} {trigram_miss:.2f} {entropy:.2f}"]
    for tag, items, total in (("W", top_words, total_words), ("T", kept, total_trigrams)):
        entries = tokens(items, total)
        for start in range(0, len(entries), 120):
            lines.append(tag + " " + " ".join(entries[start:start + 120]))
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=700)
    parser.add_argument("--trigrams", type=int, default=2600)
    parser.add_argument("--output", default=OUTPUT)
    args = parser.parse_args()

    gettext_root = None
    lines = []
    gettext_notes = []
    for code, (script, list_name) in MODELLED.items():
        if list_name is None:
            gettext_root = gettext_root or fetch_gettext_catalogues()
            counts, catalogues = gettext_counts(code, script, gettext_root)
            gettext_notes.append(f"{code}: {catalogues} catalogues, {sum(counts.values())} words")
        else:
            counts = wordfreq_counts(list_name, script)
        lines.extend(profile_lines(code, counts, args.words, args.trigrams))
        print(f"{code}: {len(counts)} distinct words", file=sys.stderr)

    version = getattr(wordfreq, "__version__", None) or _package_version("wordfreq")
    command = f"python3 Scripts/language/build_profiles.py --words {args.words} --trigrams {args.trigrams}"
    package_lines = "\n".join(
        "#   " + ", ".join(GETTEXT_PACKAGES[i:i + 6]) for i in range(0, len(GETTEXT_PACKAGES), 6))
    header = f"""# GENERATED FILE - do not edit. Regenerate with:
#   {command}
#
# Word and character-trigram frequency profiles for LanguageIdentifier.
# Source: wordfreq {version} (PyPI; Robyn Speer et al.). wordfreq's code is
# Apache-2.0; its word-frequency data is CC BY-SA 4.0 and derives from
# Wikipedia, OpenSubtitles, SUBTLEX, Google Books Ngrams, the Leeds Internet
# Corpus, Reddit, Twitter and other sources named in wordfreq's README.
# Estonian and Irish, which wordfreq lacks, are counted from the gettext
# catalogues of these Debian 12 packages (GPL/LGPL translations by their
# translation teams):
{package_lines}
#   ({"; ".join(gettext_notes)}).
# Croatian uses wordfreq's Serbo-Croatian ("sh") list, Latin script only.
# Format: see Scripts/language/build_profiles.py.
"""
    footer = "\n"
    body = "\n".join(lines)
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(header + body + footer)
    print(f"wrote {args.output} ({os.path.getsize(args.output)} bytes)", file=sys.stderr)
    if args.output == OUTPUT:
        subprocess.run([sys.executable, os.path.join(REPO, "Scripts/language/build_tables.py")], check=True)


def _package_version(name):
    from importlib.metadata import version
    return version(name)


if __name__ == "__main__":
    main()
