#!/usr/bin/env python3
"""Makes the zip fixtures in Fixtures/archives/ from fixture PDFs (Python's standard zipfile only).

    python3 Fixtures/src/make_archives.py

Every entry gets the same date and permissions, so the archives are the same bytes on every run.
What papercheck must make of each is in Fixtures/archives/expected.json.

- submissions.zip: a folder per paper id, as CMT and OpenReview exports are: 102/paper.PDF (a4.pdf,
  deflated; upper-case extension) written before 101/paper.pdf (icml_submission.pdf, stored), so
  that the listing must sort them; a text file and the folder entries, which are not inputs.
- traversal.zip: ../../evil.pdf and /abs.pdf (refused: unsafe names) and good.pdf.
- bomb.zip: bomb.pdf, 64 MiB of zeros deflated to about 64 KB (refused by its declared ratio).
- bomb_lying.zip: the same member, its headers claiming 1 KiB: refused while it inflates.
- nested.zip: inner.zip (a zip holding a PDF, not opened: a warning) and paper.pdf.
- notazip.zip: 4 KiB of pseudo-random bytes.
"""
import io
import os
import random
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
PDFS = os.path.join(FIXTURES, "pdfs")
OUT = os.path.join(FIXTURES, "archives")
DATE = (2024, 1, 31, 12, 0, 0)
# The bytes of members that are refused or not opened: never read, so they need not be a paper.
NEVER_READ = b"%PDF-1.4\n% a member papercheck must not read\n%%EOF\n"


def pdf(name):
    with open(os.path.join(PDFS, name), "rb") as handle:
        return handle.read()


def entry(name, method=zipfile.ZIP_DEFLATED):
    info = zipfile.ZipInfo(name, date_time=DATE)
    info.compress_type = method
    info.external_attr = (0o40755 if name.endswith("/") else 0o100644) << 16
    return info


def archive(entries):
    """Zip bytes for (name, data, method) entries, in this order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data, method in entries:
            z.writestr(entry(name, method), data, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
    return buffer.getvalue()


def lying(data, claimed):
    """The archive with every entry's uncompressed size (local header and directory) set to `claimed`."""
    data = bytearray(data)
    position = 0
    while True:
        position = data.find(b"PK\x03\x04", position)
        if position < 0:
            break
        struct.pack_into("<I", data, position + 22, claimed)
        position += 4
    position = 0
    while True:
        position = data.find(b"PK\x01\x02", position)
        if position < 0:
            break
        struct.pack_into("<I", data, position + 24, claimed)
        position += 4
    return bytes(data)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as handle:
        handle.write(data)
    print(f"{name}: {len(data)} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    stored, deflated = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
    write("submissions.zip", archive([
        ("102/", b"", stored),
        ("102/paper.PDF", pdf("a4.pdf"), deflated),
        ("102/supplement.txt", b"Supplementary material is not a PDF: not an input.\n", deflated),
        ("101/", b"", stored),
        ("101/paper.pdf", pdf("icml_submission.pdf"), stored),
    ]))
    write("traversal.zip", archive([
        ("../../evil.pdf", NEVER_READ, deflated),
        ("/abs.pdf", NEVER_READ, deflated),
        ("good.pdf", pdf("icml_submission.pdf"), deflated),
    ]))
    bomb = archive([("bomb.pdf", bytes(64 << 20), deflated)])
    write("bomb.zip", bomb)
    write("bomb_lying.zip", lying(bomb, 1024))
    inner = archive([("inner.pdf", NEVER_READ, deflated)])
    write("nested.zip", archive([
        ("inner.zip", inner, stored),
        ("paper.pdf", pdf("icml_submission.pdf"), deflated),
    ]))
    write("notazip.zip", random.Random(15).randbytes(4096))


if __name__ == "__main__":
    main()
