#!/usr/bin/env python3
"""Build the held-out evaluation paragraphs for the language identifier.

The paragraphs come from a source unrelated to the training data (wordfreq):
Debian's translated manual pages (manpages-XX, English from `manpages`) and,
for languages without translated man pages, the Firefox ESR language packs
(firefox-esr-l10n-XX, Fluent .ftl UI strings joined into paragraphs).

Packages are fetched with `apt-get download` into the cache directory and
unpacked with `dpkg-deb -x`; nothing is installed.  The output is JSON lines
{"lang", "source", "text"} in <cache>/paragraphs.jsonl.  Nothing here is
committed: the cache lives under .build/.

Usage: eval_corpus.py [--cache .build/lang-eval] [--per-language 300]
"""
import argparse
import glob
import gzip
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
import zipfile

MIN_CHARS = 200
MAX_CHARS = 700

# language code -> Debian package with translated man pages
MANPAGES = {
    "en": "manpages", "cs": "manpages-cs", "da": "manpages-da", "de": "manpages-de",
    "el": "manpages-el", "es": "manpages-es", "fi": "manpages-fi", "fr": "manpages-fr",
    "hu": "manpages-hu", "id": "manpages-id", "it": "manpages-it", "ja": "manpages-ja",
    "nl": "manpages-nl", "pl": "manpages-pl", "pt": "manpages-pt-br", "ro": "manpages-ro",
    "ru": "manpages-ru", "sv": "manpages-sv", "tr": "manpages-tr", "uk": "manpages-uk",
    "vi": "manpages-vi", "zh": "manpages-zh",
}
# language code -> Firefox ESR language pack (languages without man pages)
FIREFOX = {
    "ar": "ar", "bg": "bg", "et": "et", "fa": "fa", "ga": "ga-ie", "he": "he",
    "hi": "hi-in", "hr": "hr", "ko": "ko", "lt": "lt", "lv": "lv", "sk": "sk", "sl": "sl",
}

# Languages whose man pages give too few clean paragraphs are topped up from
# their Firefox language pack.
FIREFOX_TOP_UP = {
    "cs": "cs", "da": "da", "el": "el", "fi": "fi", "hu": "hu", "id": "id",
    "ro": "ro", "sv": "sv-se", "vi": "vi",
}

# Untranslated text would be mislabelled: po4a keeps the English original of
# untranslated man-page paragraphs, and language packs carry English strings
# of features not yet translated.  Non-English paragraphs in which these
# common English words make up a fifth of the words are dropped, and so are
# Firefox strings identical to the English (en-GB) pack's.
ENGLISH_MARKERS = set("""
the of and to in is that for it as with be by on this are or not from at which
an if can will may must should any all each when then than after before into
only also used use using specified option options file files value default set
see following number name user command commands program system new open show
page window tab site data search settings learn more your you was has have been
does do other such these those there their its what how where who why no yes
""".split())
# Letters a paragraph in these languages must mostly be written in.
NATIVE_SCRIPT = {
    "ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "el": "GREEK",
    "ar": "ARABIC", "fa": "ARABIC", "he": "HEBREW", "hi": "DEVANAGARI",
    "zh": "CJK", "ja": "CJK|HIRAGANA|KATAKANA", "ko": "HANGUL",
}


def run(cmd, cwd=None):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fetch(package, cache):
    """Download and unpack one Debian package; return the unpack directory."""
    debs = os.path.join(cache, "debs")
    target = os.path.join(cache, "unpacked", package)
    if os.path.isdir(target):
        return target
    os.makedirs(debs, exist_ok=True)
    found = glob.glob(os.path.join(debs, f"{package}_*.deb"))
    if not found:
        # The sandbox user option silences apt's warning about a root-owned folder.
        run(["apt-get", "-o", "APT::Sandbox::User=root", "download", package], cwd=debs)
        found = glob.glob(os.path.join(debs, f"{package}_*.deb"))
    os.makedirs(target, exist_ok=True)
    run(["dpkg-deb", "-x", found[0], target])
    return target


# ---------------------------------------------------------------- man pages

ROFF_ESCAPES = [
    (re.compile(r"\\f(\[[^\]]*\]|\(..|.)"), ""),   # font changes
    (re.compile(r"\\s[+-]?\d+"), ""),              # size changes
    (re.compile(r"\\\*?\(..|\\\[[^\]]*\]"), " "),  # special characters
    (re.compile(r"\\[-e]"), "-"),
    (re.compile(r"\\[&,/|^%:]"), ""),
    (re.compile(r"\\ "), " "),
    (re.compile(r"\\."), ""),
]
TEXT_MACROS = re.compile(r"^\.(B|I|BI|BR|IB|IR|RB|RI|SM|SB)\s+(.*)$")
BREAK_MACROS = re.compile(r"^\.(PP|P|LP|SH|SS|TP|IP|HP|TH|RS|RE|br|sp|in|ti|TQ|UR|UE|MT|ME|SY|YS|OP)\b")


def roff_text(line):
    for pattern, replacement in ROFF_ESCAPES:
        line = pattern.sub(replacement, line)
    return line.replace('"', "")


def man_paragraphs(source):
    """Prose paragraphs of a roff man page: fill text between paragraph macros,
    skipping headings, option tags and no-fill (example) blocks."""
    paragraphs, current = [], []
    in_example = False
    skip_next_line = False

    def flush():
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for line in source.splitlines():
        if line.startswith((".nf", ".EX")):
            in_example = True
            flush()
            continue
        if line.startswith((".fi", ".EE")):
            in_example = False
            continue
        if in_example or line.startswith(("'\\\"", ".\\\"", "\\\"")):
            continue
        if BREAK_MACROS.match(line):
            flush()
            skip_next_line = line.startswith((".TP", ".TQ"))  # next line is an option tag
            continue
        macro = TEXT_MACROS.match(line)
        if macro:
            line = macro.group(2)
        elif line.startswith((".", "'")):
            continue
        if skip_next_line:
            skip_next_line = False
            continue
        text = roff_text(line).strip()
        if text:
            current.append(text)
    flush()
    return paragraphs


def manpage_paragraphs(lang, package, cache):
    root = fetch(package, cache)
    pattern = os.path.join(root, "usr/share/man", "man*" if lang == "en" else "*/man*", "*.gz")
    out = []
    for path in sorted(glob.glob(pattern)):
        try:
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
                out.extend(man_paragraphs(handle.read()))
        except (OSError, EOFError):
            continue
    return out


# ---------------------------------------------------------------- firefox

FTL_MESSAGE = re.compile(r"^-?[A-Za-z][\w-]*\s*=\s?(.*)$")
FTL_ATTRIBUTE = re.compile(r"^\s+\.([\w-]+)\s*=\s?(.*)$")
SKIPPED_ATTRIBUTES = {"accesskey", "key", "commandkey", "style", "width", "height"}


def strip_placeables(value):
    """Remove { ... } placeables (nesting aware) and markup from a Fluent value."""
    out, depth = [], 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(char)
    text = re.sub(r"<[^>]*>", " ", "".join(out))
    return re.sub(r"\s+", " ", text).strip()


def ftl_values(source):
    values, current, attribute_ok = [], None, True
    for line in source.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        message = FTL_MESSAGE.match(line)
        attribute = FTL_ATTRIBUTE.match(line)
        if message and not line[0].isspace():
            if current is not None:
                values.append(current)
            current, attribute_ok = message.group(1), True
        elif attribute:
            if current is not None:
                values.append(current)
            attribute_ok = attribute.group(1) not in SKIPPED_ATTRIBUTES
            current = attribute.group(2) if attribute_ok else None
        elif line[0].isspace() and current is not None and attribute_ok:
            current += " " + line.strip()
    if current is not None:
        values.append(current)
    cleaned = (strip_placeables(value) for value in values)
    # Keep sentence-like strings; labels of one or two words say little.
    return [value for value in cleaned if len(value.split()) >= 3 and "*[" not in value]


def firefox_values(locale, cache):
    """All sentence-like strings of a language pack, grouped by .ftl file."""
    root = fetch(f"firefox-esr-l10n-{locale}", cache)
    files = {}
    for xpi in glob.glob(os.path.join(root, "usr/lib/firefox-esr/browser/extensions/*.xpi")):
        with zipfile.ZipFile(xpi) as archive:
            for name in sorted(archive.namelist()):
                if name.endswith(".ftl"):
                    key = name.replace(f"/{locale}/", "/")
                    files[key] = ftl_values(archive.read(name).decode("utf-8", "replace"))
    return files


_english_strings = None


def firefox_paragraphs(lang, locale, cache):
    global _english_strings
    if _english_strings is None:
        _english_strings = {v for values in firefox_values("en-gb", cache).values() for v in values}
    out = []
    for values in firefox_values(locale, cache).values():
        # Consecutive strings of one file become one paragraph.
        buffer = []
        for value in values:
            if value in _english_strings:
                continue
            buffer.append(value.rstrip(".") + ".")
            if sum(len(v) + 1 for v in buffer) >= MIN_CHARS + 40:
                out.append(" ".join(buffer))
                buffer = []
    return out


# ---------------------------------------------------------------- cleaning

def is_plain_word(token):
    """Letters (and combining marks), optionally hyphenated, in ordinary punctuation."""
    core = token.strip("(\"'«»„“”‘’¿¡).,;:!?…،؛؟।")
    parts = re.split(r"[-'’]", core)
    return bool(core) and all(
        part and all(unicodedata.category(ch)[0] in "LM" for ch in part) for part in parts)



def looks_like_prose(lang, text):
    if not (MIN_CHARS <= len(text) <= 4000):
        return False
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    # Lists of commands, options, identifiers or table rows are not prose.
    tokens = text.split()
    if lang not in ("zh", "ja") and sum(map(is_plain_word, tokens)) < 0.75 * len(tokens):
        return False
    if lang in NATIVE_SCRIPT:
        native = re.compile(NATIVE_SCRIPT[lang])
        letter_names = [unicodedata.name(ch, "") for ch in text if ch.isalpha()]
        if sum(bool(native.match(name)) for name in letter_names) < 0.5 * len(letter_names):
            return False
    elif lang != "en":
        words = re.findall(r"[^\W\d_]+", text.lower())
        if sum(w in ENGLISH_MARKERS for w in words) >= 0.15 * max(1, len(words)):
            return False
    return True


def clip(text):
    """Cut long paragraphs at a word boundary so that all lengths are comparable."""
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind(" ", MIN_CHARS, MAX_CHARS)
    return text[: cut if cut > 0 else MAX_CHARS]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default=".build/lang-eval")
    parser.add_argument("--per-language", type=int, default=300)
    args = parser.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    rows = []
    sources = [(lang, "manpages", pkg) for lang, pkg in MANPAGES.items()]
    sources += [(lang, "firefox", locale) for lang, locale in FIREFOX.items()]
    for lang, kind, name in sources:
        if kind == "manpages":
            groups = [(name, manpage_paragraphs(lang, name, args.cache))]
            if lang in FIREFOX_TOP_UP:
                locale = FIREFOX_TOP_UP[lang]
                groups.append((f"firefox-esr-l10n-{locale}", firefox_paragraphs(lang, locale, args.cache)))
        else:
            groups = [(f"firefox-esr-l10n-{name}", firefox_paragraphs(lang, name, args.cache))]
        taken = []
        for source, paragraphs in groups:
            unique = sorted({clip(re.sub(r"\s+", " ", p).strip()) for p in paragraphs})
            kept = [p for p in unique if looks_like_prose(lang, p)]
            random.Random(f"lang-eval-{lang}-{source}").shuffle(kept)
            kept = kept[: args.per_language - len(taken)]
            print(f"{lang}: {len(kept)} paragraphs from {source} ({len(unique)} candidates)", file=sys.stderr)
            taken.extend({"lang": lang, "source": source, "text": text} for text in kept)
        rows.extend(taken)
    path = os.path.join(args.cache, "paragraphs.jsonl")
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} paragraphs to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
