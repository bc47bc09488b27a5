#!/usr/bin/env python3
"""Evaluate the Swift language identifier against lingua on held-out paragraphs.

The paragraphs (Debian man pages and Firefox language packs, see
eval_corpus.py) share nothing with the wordfreq data the profiles are built
from.  They are split by a hash of their text into a "dev" half (used while
tuning) and a "test" half (reported by default).

Prints per language: paragraphs, our accuracy, lingua's accuracy (lingua
restricted to the same languages), our main confusions; then English-vs-not
accuracy, undetermined counts, a mixed English/German document, and the time
our identifier takes on a 40,000-character text.

Usage: eval_language.py [--split test|dev|all] [--cache .build/lang-eval]
                        [--langeval .build/lang-eval/langeval] [--no-lingua] [--matrix]
                        [--truncate N]
"""
import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys
import time

TARGET_ACCURACY = 0.97
TARGET_ENGLISH_BINARY = 0.999
TARGET_MILLISECONDS = 5.0


def load_paragraphs(cache, split):
    path = os.path.join(cache, "paragraphs.jsonl")
    if not os.path.exists(path):
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([sys.executable, os.path.join(here, "eval_corpus.py"), "--cache", cache], check=True)
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    if split == "all":
        return rows
    wanted = 0 if split == "dev" else 1
    return [r for r in rows if hashlib.sha1(r["text"].encode()).digest()[0] % 2 == wanted]


def run_ours(binary, texts):
    payload = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    started = time.perf_counter()
    result = subprocess.run([binary], input=payload, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    return [json.loads(line) for line in result.stdout.splitlines()], elapsed


def run_lingua(codes, texts):
    from lingua import IsoCode639_1, LanguageDetectorBuilder
    isos = [getattr(IsoCode639_1, code.upper()) for code in codes]
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*isos).with_preloaded_language_models().build()
    started = time.perf_counter()
    results = detector.detect_languages_in_parallel_of(texts)
    elapsed = time.perf_counter() - started
    return [r.iso_code_639_1.name.lower() if r is not None else "und" for r in results], elapsed


def percent(value):
    return f"{100 * value:6.2f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["test", "dev", "all"], default="test")
    parser.add_argument("--cache", default=".build/lang-eval")
    parser.add_argument("--langeval", default=".build/lang-eval/langeval")
    parser.add_argument("--no-lingua", action="store_true")
    parser.add_argument("--matrix", action="store_true", help="print the full confusion matrix")
    parser.add_argument("--truncate", type=int, default=0,
                        help="cut every paragraph to this many characters (a short-text stress test; "
                             "the targets are defined for >= 200)")
    args = parser.parse_args()

    rows = load_paragraphs(args.cache, args.split)
    if args.truncate:
        rows = [dict(r, text=r["text"][: args.truncate]) for r in rows]
    texts = [r["text"] for r in rows]
    truth = [r["lang"] for r in rows]
    codes = sorted(set(truth))
    ours, our_seconds = run_ours(args.langeval, texts)
    our_labels = [p["best"] for p in ours]
    if args.no_lingua:
        lingua_labels, lingua_seconds = None, 0.0
    else:
        lingua_labels, lingua_seconds = run_lingua(codes, texts)

    print(f"# Language identification: {len(rows)} paragraphs ({args.split} split), "
          f"{len(codes)} languages, {min(map(len, texts))}-{max(map(len, texts))} characters each\n")
    print(f"{'lang':4} {'n':>4} {'ours%':>7} {'lingua%':>8} {'diff':>6}  {'source':28} our confusions")
    by_language = collections.defaultdict(list)
    for index, code in enumerate(truth):
        by_language[code].append(index)
    failures = []
    for code in codes:
        indices = by_language[code]
        ours_right = sum(our_labels[i] == code for i in indices) / len(indices)
        sources = collections.Counter(rows[i]["source"] for i in indices)
        source = "+".join(s.replace("firefox-esr-l10n", "firefox") for s, _ in sources.most_common())
        confusions = collections.Counter(our_labels[i] for i in indices if our_labels[i] != code)
        confusion_text = " ".join(f"{c}:{n}" for c, n in confusions.most_common(4))
        if lingua_labels is not None:
            lingua_right = sum(lingua_labels[i] == code for i in indices) / len(indices)
            lingua_text, diff_text = percent(lingua_right), f"{100 * (ours_right - lingua_right):+6.2f}"
        else:
            lingua_right, lingua_text, diff_text = None, "     -", "     -"
        print(f"{code:4} {len(indices):4} {percent(ours_right)} {lingua_text:>8} {diff_text}  {source[:28]:28} {confusion_text}")
        if ours_right < TARGET_ACCURACY or (lingua_right is not None and ours_right < lingua_right - 0.01):
            failures.append(code)

    overall = sum(a == b for a, b in zip(our_labels, truth)) / len(truth)
    english_binary = sum((a == "en") == (b == "en") for a, b in zip(our_labels, truth)) / len(truth)
    undetermined = sum(label == "und" for label in our_labels)
    print(f"\n{'all':4} {len(truth):4} {percent(overall)}", end="")
    if lingua_labels is not None:
        lingua_overall = sum(a == b for a, b in zip(lingua_labels, truth)) / len(truth)
        lingua_binary = sum((a == "en") == (b == "en") for a, b in zip(lingua_labels, truth)) / len(truth)
        print(f" {percent(lingua_overall):>8} {100 * (overall - lingua_overall):+6.2f}")
    else:
        lingua_binary = None
        print()
    print(f"English vs not English: ours {percent(english_binary)}%"
          + (f", lingua {percent(lingua_binary)}%" if lingua_binary is not None else ""))
    english_errors = [(t, o) for t, o in zip(truth, our_labels) if (t == "en") != (o == "en")]
    if english_errors:
        print("  English/not-English mistakes (truth->ours):",
              " ".join(f"{t}->{o}" for t, o in english_errors[:20]))
    print(f"Undetermined paragraphs (ours): {undetermined}")
    print(f"Batch time: ours {our_seconds:.2f} s incl. process start"
          + (f", lingua {lingua_seconds:.2f} s (parallel)" if lingua_labels is not None else ""))

    if args.matrix:
        print("\nConfusion matrix (rows: truth, columns: ours)")
        columns = codes + sorted(set(our_labels) - set(codes))
        print("     " + " ".join(f"{c:>3}" for c in columns))
        for code in codes:
            counts = collections.Counter(our_labels[i] for i in by_language[code])
            print(f"{code:4} " + " ".join(f"{counts.get(c, 0) or '.':>3}" for c in columns))

    report_mixed_document(args.langeval, rows)
    timing_ok = report_timing(args.langeval, args.cache, rows)

    english_ok = english_binary >= TARGET_ENGLISH_BINARY
    print("\nTargets: every language >= 97% and within 1 point of lingua: "
          + ("met" if not failures else "NOT met for " + ", ".join(failures))
          + f"; English vs not >= 99.9%: {'met' if english_ok else 'NOT met'}"
          + f"; 40k characters < {TARGET_MILLISECONDS:g} ms: {'met' if timing_ok else 'NOT met'}")


def report_mixed_document(binary, rows):
    english = [r["text"] for r in rows if r["lang"] == "en"][:18]
    german = [r["text"] for r in rows if r["lang"] == "de"][:2]
    if len(english) < 18 or len(german) < 2:
        return
    document = "\n\n".join(english[:9] + german[:1] + english[9:] + german[1:])
    prediction, _ = run_ours(binary, [document])
    shares = ", ".join(f"{s['code']} {100 * s['share']:.0f}%" for s in prediction[0]["shares"])
    print(f"\nMixed document (18 English + 2 German paragraphs): best {prediction[0]['best']} "
          f"({prediction[0]['confidence']:.2f}); shares {shares}")


def report_timing(binary, cache, rows):
    english = [r["text"] for r in rows if r["lang"] == "en"]
    pieces, length = [], 0
    while length < 40_000 and english:
        text = english[len(pieces) % len(english)]
        pieces.append(text)
        length += len(text) + 2
    document = "\n\n".join(pieces)[:40_000]
    path = os.path.join(cache, "bench-40k.txt")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(document)
    result = subprocess.run([binary, "--bench", path, "300"], capture_output=True, text=True, check=True)
    timing = json.loads(result.stdout)
    print(f"Timing on a {timing['characters']}-character English text: median {timing['median_ms']:.3f} ms, "
          f"p95 {timing['p95_ms']:.3f} ms (parsing the embedded profiles once per process: {timing['profile_parse_ms']:.1f} ms)")
    return timing["median_ms"] < TARGET_MILLISECONDS


if __name__ == "__main__":
    main()
