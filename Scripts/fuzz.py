#!/usr/bin/env python3
"""Turns the fixture PDFs into mutated PDFs for robustness tests: bit flips, truncations, a deleted
cross-reference table, inserted bytes, and mixtures. Deterministic for a given seed.
Usage: fuzz.py OUTPUT_DIR [--count 200] [--seed 2016] [--fixtures Fixtures/pdfs]"""
import argparse
import os
import random


def mutate(data: bytes, rng: random.Random, kind: str) -> bytes:
    buf = bytearray(data)
    if kind == "bitflip":
        for _ in range(rng.randint(1, 40)):
            position = rng.randrange(len(buf))
            buf[position] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        buf = buf[: rng.randint(1, max(2, len(buf) - 1))]
    elif kind == "noxref":
        start = buf.rfind(b"xref")
        end = buf.find(b"trailer", start) if start >= 0 else -1
        if start >= 0:
            buf = buf[:start] + (buf[end:] if end > start else b"")
        else:
            # Cross-reference streams: break the startxref offset instead.
            mark = buf.rfind(b"startxref")
            if mark >= 0:
                buf[mark + 10 : mark + 16] = b"999999"
    elif kind == "insert":
        position = rng.randrange(len(buf))
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4096)))
        buf = buf[:position] + junk + buf[position:]
    elif kind == "zero":
        start = rng.randrange(len(buf))
        length = rng.randint(1, 8192)
        buf[start : start + length] = bytes(min(length, len(buf) - start))
    return bytes(buf)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--fixtures", default=os.path.join(os.path.dirname(__file__), "..", "Fixtures", "pdfs"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sources = []
    for name in sorted(os.listdir(args.fixtures)):
        path = os.path.join(args.fixtures, name)
        with open(path, "rb") as handle:
            data = handle.read()
        if data.startswith(b"%PDF-") and len(data) > 10000 and b"/Encrypt" not in data:
            sources.append((name[:-4], data))
    os.makedirs(args.output, exist_ok=True)
    kinds = ["bitflip", "truncate", "noxref", "insert", "zero", "mix"]
    for number in range(args.count):
        name, data = sources[number % len(sources)]
        kind = kinds[number % len(kinds)]
        if kind == "mix":
            for step in rng.sample(kinds[:-1], 2):
                data = mutate(data, rng, step)
        else:
            data = mutate(data, rng, kind)
        with open(os.path.join(args.output, f"fuzz_{number:03d}_{kind}_{name}.pdf"), "wb") as handle:
            handle.write(data)
    print(f"wrote {args.count} mutated PDFs from {len(sources)} fixtures to {args.output} (seed {args.seed})")


if __name__ == "__main__":
    main()
