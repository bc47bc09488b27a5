#!/usr/bin/env python3
"""Writes a deterministic set of hostile inputs for Scripts/attack.sh (Python standard library only).

Usage: make_hostile.py DIR [--fuzz-count 200] [--large-count 2000] [--seed 2016]

DIR/batch/ is what a batch run is given; DIR/manifest.txt lists every input path under it that
must get exactly one result (the format is described at the top of the manifest itself):
  batch/fuzz/     mutants of the fixture PDFs, made by Scripts/fuzz.py's mutator;
  batch/crafted/  PDFs written here object by object (huge boxes and sizes, a form bomb, 3,000
                  pages, an escape sequence in a font name, workflow commands in the metadata);
  batch/names/    copies of Fixtures/pdfs/margin_text.pdf under hostile names;
  batch/special/  a FIFO, a symlink to /dev/zero and a dangling symlink, all named *.pdf;
  batch/large/    hard links (copies where links fail) of one tiny PDF, for large folders and
                  for interrupting a batch.
DIR is created; an earlier DIR of this script (one holding manifest.txt) is replaced, any other
non-empty DIR is refused.
"""
import argparse
import os
import random
import shutil
import stat
import sys

sys.dont_write_bytecode = True  # no __pycache__ folders left in Scripts/ by the imports below
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(ROOT, "Fixtures", "pdfs")
sys.path.insert(0, os.path.join(ROOT, "Scripts"))
import fuzz  # noqa: E402  (Scripts/fuzz.py: the mutator the README's fuzz run uses)

from pdfwriter import Document, page_content  # noqa: E402  (Scripts/attack/pdfwriter.py)


# --- Crafted PDFs ---------------------------------------------------------------------------------

BODY = [b"Hostile input for papercheck: this line sits inside the text block.",
        b"A second body line, so that the page has ordinary text as well."]


def single_page(content, mediabox=b"[0 0 612 792]", base_font=b"/Times-Roman", info=None):
    """One page, one Type 1 font named base_font (not embedded) as /F1."""
    doc = Document()
    catalog = doc.reserve()
    pages = doc.reserve()
    font = doc.add(b"<< /Type /Font /Subtype /Type1 /BaseFont " + base_font + b" /Encoding /WinAnsiEncoding >>")
    stream = doc.add_stream(content)
    page = doc.add(b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                   % (pages, mediabox, font, stream))
    doc.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    doc.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    info_ref = doc.add(info) if info else None
    return doc.serialize(root=catalog, info=info_ref)


def margin_page(margin_text, size=b"10", matrix=None):
    """Body lines plus one string in the right margin (x 570, outside the 541.44 pt edge)."""
    return page_content(BODY, margin=(margin_text, size, matrix))


def crafted():
    """(file name, bytes, note) for each crafted PDF."""
    files = []
    # Numbers: PDF has no exponent notation, so "1e30" is what the brief names and what a careless
    # writer emits (a reader may take it as 1, or reject it); the all-digits form is a real 1e30.
    e30 = b"1000000000000000000000000000000"
    e20 = b"100000000000000000000"
    files.append(("mediabox_1e30.pdf", single_page(margin_page(b"margin"), mediabox=b"[0 0 1e30 1e30]"),
                  "MediaBox [0 0 1e30 1e30]"))
    files.append(("mediabox_huge_digits.pdf", single_page(margin_page(b"margin"), mediabox=b"[0 0 %s %s]" % (e30, e30)),
                  "MediaBox of 10^30 pt written in digits"))
    files.append(("font_size_1e20.pdf", single_page(margin_page(b"margin", size=b"1e20")), "/F1 1e20 Tf"))
    files.append(("font_size_huge_digits.pdf", single_page(margin_page(b"margin", size=e20)), "/F1 10^20 Tf in digits"))
    files.append(("text_matrix_1e30.pdf", single_page(margin_page(b"margin", matrix=b"1e30 0 0 1e30 0 0")),
                  "1e30 0 0 1e30 0 0 Tm"))
    files.append(("text_matrix_huge_digits.pdf", single_page(margin_page(b"margin", matrix=b"%s 0 0 %s 0 0" % (e30, e30))),
                  "10^30 text matrix in digits"))
    files.append(("form_bomb.pdf", form_bomb(), "40 nested forms, each drawing the next twice (2^40 leaf draws)"))
    files.append(("pages_3000.pdf", many_pages(3000), "3,000 pages, a short word in each left margin"))
    # An escape sequence in the font name: clear screen, set the window title, a bell, red, C1 CSI.
    # Names cannot hold [ or ] raw (delimiters), so they are #5B and #5D too.
    evil_font = b"/Evil#1B#5B2J#1B#5D0;pwned#07#1B#5B31mRed#9B2JFont"
    files.append(("escape_font.pdf",
                  single_page(margin_page(b"\\033[2J\\033]0;pwned\\007margin\\033[0m"), base_font=evil_font),
                  "escape sequences in /BaseFont and in the margin text"))
    spoof = b"(Spoof\\n::error file=x::spoofed\\n::add-mask::secret\\r\\n::warning title=t::spoofed too)"
    info = (b"<< /Title " + spoof + b" /Author " + spoof + b" /Subject " + spoof + b" /Creator " + spoof
            + b" /Producer " + spoof + b" >>")
    files.append(("title_spoof.pdf", single_page(margin_page(b"::error file=x::spoofed"), info=info),
                  "workflow commands after newlines in Title, Author, Creator, Producer"))
    return files


def form_bomb(depth=40):
    """Form i draws form i+1 twice; the last strokes a line. Naive rendering makes 2^40 draws."""
    doc = Document()
    catalog = doc.reserve()
    pages = doc.reserve()
    forms = [doc.reserve() for _ in range(depth)]
    for level, ref in enumerate(forms):
        if level + 1 < len(forms):
            body = (b"q 0.5 0 0 0.5 0 0 cm /X Do Q\nq 0.5 0 0 0.5 306 396 cm /X Do Q\n")
            resources = b"<< /XObject << /X %d 0 R >> >>" % forms[level + 1]
        else:
            body = b"0 0 0 RG 1 w 0 0 m 612 792 l S\n"
            resources = b"<< >>"
        doc.set(ref, b"<< /Type /XObject /Subtype /Form /FormType 1 /BBox [0 0 612 792] "
                     b"/Resources %s /Length %d >>\nstream\n%sendstream" % (resources, len(body), body))
    content = doc.add_stream(b"q /X Do Q\n")
    page = doc.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X %d 0 R >> >> "
                   b"/Contents %d 0 R >>" % (pages, forms[0], content))
    doc.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    doc.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    return doc.serialize(root=catalog)


def many_pages(count):
    """count pages sharing one font; each page's own stream puts a short word in the left margin."""
    doc = Document()
    catalog = doc.reserve()
    pages = doc.reserve()
    font = doc.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>")
    kids = []
    for number in range(1, count + 1):
        stream = doc.add_stream(b"BT /F1 10 Tf 72 700 Td (Page %d of a long document.) Tj ET\n"
                                b"BT /F1 10 Tf 20 400 Td (w%d) Tj ET\n" % (number, number))
        kids.append(doc.add(b"<< /Type /Page /Parent %d 0 R /Contents %d 0 R >>" % (pages, stream)))
    doc.set(pages, b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d "
                   b"/MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> >>" % (count, font))
    doc.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    return doc.serialize(root=catalog)


def tiny():
    """A one-page PDF of a few hundred bytes that passes the reader quickly."""
    return single_page(page_content([b"Tiny."]))


# --- Hostile names --------------------------------------------------------------------------------

# (name bytes, expectation, note). The copies are of margin_text.pdf, which fails the margin rule.
HOSTILE_NAMES = [
    (b"line1\n::error file=x::spoofed.pdf", "any", "a newline, then a workflow command"),
    (b"esc\x1b[2J\x1b]0;pwned\x07\x1b[31m.pdf", "any", "ESC sequences and a bell"),
    (b"--password=x.pdf", "any", "looks like an option"),
    (b"-dash.pdf", "any", "leading dash"),
    (b"   leading spaces.pdf", "any", "leading spaces"),
    (b"trailing spaces   .pdf", "any", "trailing spaces before the extension (after it, *.pdf would not match)"),
    (b"not-utf8-\xff\xfe.pdf", "any-or-warning", "not valid UTF-8"),
]


# --- Writing --------------------------------------------------------------------------------------

def prepare(directory):
    if os.path.lexists(directory):
        if os.path.isdir(directory) and not os.path.islink(directory) and os.listdir(directory):
            if not os.path.exists(os.path.join(directory, "manifest.txt")):
                sys.exit(f"{directory} is not empty and holds no manifest.txt from this script; refusing to replace it")
            shutil.rmtree(directory)
        elif not os.path.isdir(directory):
            sys.exit(f"{directory} exists and is not a folder")
    os.makedirs(directory, exist_ok=True)


def write(path, data):
    with open(path, "wb") as handle:
        handle.write(data)


def fuzz_mutants(out, count, seed):
    """The same loop as Scripts/fuzz.py's main, through its mutate(): identical files for a seed."""
    rng = random.Random(seed)
    sources = []
    for name in sorted(os.listdir(FIXTURES)):
        with open(os.path.join(FIXTURES, name), "rb") as handle:
            data = handle.read()
        if data.startswith(b"%PDF-") and len(data) > 10000 and b"/Encrypt" not in data:
            sources.append((name[:-4], data))
    kinds = ["bitflip", "truncate", "noxref", "insert", "zero", "mix"]
    names = []
    for number in range(count):
        name, data = sources[number % len(sources)]
        kind = kinds[number % len(kinds)]
        if kind == "mix":
            for step in rng.sample(kinds[:-1], 2):
                data = fuzz.mutate(data, rng, step)
        else:
            data = fuzz.mutate(data, rng, kind)
        file = f"fuzz_{number:03d}_{kind}_{name}.pdf"
        write(os.path.join(out, file), data)
        names.append(file.encode())
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--fuzz-count", type=int, default=200)
    parser.add_argument("--large-count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    top = args.directory
    prepare(top)
    batch = os.path.join(top, "batch")
    entries = []  # (expectation, groups, relative path bytes, note)

    folder = os.path.join(batch, "fuzz")
    os.makedirs(folder)
    for name in fuzz_mutants(folder, args.fuzz_count, args.seed):
        entries.append(("any", "fuzz", b"fuzz/" + name, "mutant"))

    folder = os.path.join(batch, "crafted")
    os.makedirs(folder)
    for name, data, note in crafted():
        write(os.path.join(folder, name), data)
        groups = "crafted,terminal" if name in ("escape_font.pdf", "title_spoof.pdf") else "crafted"
        # A huge font size or text matrix draws nothing a renderer shows (poppler rejects the
        # 1e20 spellings and does not paint glyphs a billion points tall), so those files need not
        # fail; what they must not do is hide the page's ordinary text from the checks.
        expectation = "readable" if name.startswith(("font_size_", "text_matrix_")) else "bad"
        entries.append((expectation, groups, b"crafted/" + name.encode(), f"{note} ({len(data)} bytes)"))

    folder = os.fsencode(os.path.join(batch, "names"))
    os.makedirs(folder)
    with open(os.path.join(FIXTURES, "margin_text.pdf"), "rb") as handle:
        margin_text = handle.read()
    for name, expectation, note in HOSTILE_NAMES:
        write(os.path.join(folder, name), margin_text)
        entries.append((expectation, "names,terminal", b"names/" + name, note))

    folder = os.path.join(batch, "special")
    os.makedirs(folder)
    os.mkfifo(os.path.join(folder, "fifo.pdf"))
    entries.append(("bad", "special", b"special/fifo.pdf", "FIFO: opening it blocks until a writer comes"))
    os.symlink("/dev/zero", os.path.join(folder, "zero.pdf"))
    entries.append(("bad", "special", b"special/zero.pdf", "symlink to /dev/zero: endless zeros"))
    os.symlink("no-such-target.pdf", os.path.join(folder, "dangling.pdf"))
    entries.append(("bad", "special", b"special/dangling.pdf", "dangling symlink"))

    folder = os.path.join(batch, "large")
    os.makedirs(folder)
    first = os.path.join(folder, "tiny_0000.pdf")
    write(first, tiny())
    linked = True
    for number in range(args.large_count):
        path = os.path.join(folder, f"tiny_{number:04d}.pdf")
        if number:
            try:
                os.link(first, path) if linked else shutil.copyfile(first, path)
            except OSError:
                linked = False
                shutil.copyfile(first, path)
        entries.append(("any", "large", f"large/tiny_{number:04d}.pdf".encode(), "tiny"))

    counts = {}
    for expectation, *_ in entries:
        counts[expectation] = counts.get(expectation, 0) + 1
    with open(os.path.join(top, "manifest.txt"), "w", encoding="ascii") as manifest:
        manifest.write(f"""\
# Hostile inputs for papercheck, written by Scripts/attack/make_hostile.py (seed {args.seed}).
# A batch run over batch/ must give each path below exactly one result. One line per path:
#   EXPECTATION<TAB>GROUPS<TAB>PATH-IN-HEX<TAB>NOTE
# PATH-IN-HEX is the path's bytes relative to batch/, in hex: names hold newlines, ESC and bytes
# that are not UTF-8, so they are not written as text.
# EXPECTATION:
#   any            exactly one result, any status;
#   bad            exactly one result whose status is error or fail (crafted, FIFO, /dev/zero and
#                  dangling links: nothing in them can pass);
#   readable       exactly one result, not an error, whose page text was still read (no
#                  text-extractable finding): a huge number must not hide the body from the checks;
#   any-or-warning exactly one result, or none and a warning on stderr naming it instead: a path
#                  that is not valid UTF-8 cannot be written exactly in a JSON report, so the tool
#                  may report it under a replaced or escaped spelling or decline it with a warning.
# GROUPS: fuzz, crafted, names, special, large; terminal marks the files whose names or contents
# hold escape sequences or workflow commands (Scripts/attack.sh prints their reports).
# Counts: {counts.get('any', 0)} any, {counts.get('bad', 0)} bad, {counts.get('readable', 0)} readable, {counts.get('any-or-warning', 0)} any-or-warning; {len(entries)} in all.
""")
        for expectation, groups, path, note in entries:
            manifest.write(f"{expectation}\t{groups}\t{path.hex()}\t{note}\n")
    print(f"wrote {len(entries)} inputs under {batch} ({counts.get('any', 0)} any, {counts.get('bad', 0)} bad, "
          f"{counts.get('any-or-warning', 0)} any-or-warning); manifest {os.path.join(top, 'manifest.txt')}")


if __name__ == "__main__":
    main()
