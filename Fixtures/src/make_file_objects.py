#!/usr/bin/env python3
"""Make the fixtures for the identity-in-file and active-content rules from
the clean, anonymous submission (and the camera-ready paper) with pikepdf:
each adds one kind of object that can name the authors or run something.

usage: make_file_objects.py PDFS_DIR
  reads PDFS_DIR/icml_submission.pdf and PDFS_DIR/icml_camera_ready.pdf,
  writes PDFS_DIR/file_*.pdf, active_*.pdf and objstm_bomb.pdf
"""
import sys
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

pdfs = Path(sys.argv[1])
submission = pdfs / "icml_submission.pdf"
camera_ready = pdfs / "icml_camera_ready.pdf"


def save(pdf, name):
    # static_id: no random trailer /ID, so the output is the same on every run.
    pdf.save(pdfs / name, static_id=True, deterministic_id=False)


def link(pdf, page, rect, action):
    annot = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array(rect),
                                         Border=Array([0, 0, 0]), A=action))
    add_annotation(pdf, page, annot)


def add_annotation(pdf, page, annot):
    if Name.Annots not in page.obj:
        page.obj.Annots = pdf.make_indirect(Array())
    page.obj.Annots.append(annot)


def xmp(pdf, **properties):
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key, value in properties.items():
            meta[key] = value


# A Word export's file-name title, with the author's user folder in Creator.
with pikepdf.open(submission) as pdf:
    pdf.docinfo[Name.Title] = "Microsoft Word - smith_icml2016_final.docx"
    pdf.docinfo[Name.Creator] = "C:\\Users\\jsmith\\AppData\\Roaming\\PDF Writer\\writer.exe"
    save(pdf, "file_word_title.pdf")

# XMP metadata that names the author (the Info dictionary stays anonymous).
with pikepdf.open(submission) as pdf:
    xmp(pdf, **{"dc:creator": ["Jane Smith"], "xmp:CreatorTool": "LaTeX with papercheck-icml.sty",
                "pdf:Producer": "pdfTeX-1.40.24"})
    save(pdf, "file_xmp_creator.pdf")

# The same XMP author on the camera-ready paper, where names are expected.
with pikepdf.open(camera_ready) as pdf:
    xmp(pdf, **{"dc:creator": ["Jane Smith", "Ravi Kumar"]})
    save(pdf, "file_xmp_camera_ready.pdf")

# Two attachments: a data file named after the author, and a Windows program (MZ header).
with pikepdf.open(submission) as pdf:
    data = pikepdf.AttachedFileSpec(pdf, b"noise,accuracy\n0,0.91\n", filename="smith_results.csv",
                                    description="raw results")
    program = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode.",
                                       filename="setup.exe", description="installer")
    pdf.attachments["smith_results.csv"] = data
    pdf.attachments["setup.exe"] = program
    save(pdf, "file_attachments.pdf")

# A mailto link and a sticky note whose author label is the author's name.
with pikepdf.open(submission) as pdf:
    page = pdf.pages[0]
    link(pdf, page, [100, 600, 220, 612], Dictionary(S=Name.URI, URI=String("mailto:jane.smith@example.edu")))
    note = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=Array([560, 700, 580, 720]),
                                        T=String("Jane Smith"), Contents=String("fix this before submitting"),
                                        Name=Name.Comment))
    add_annotation(pdf, page, note)
    save(pdf, "file_mailto_note.pdf")

# JavaScript run when the file opens, and a link that launches a program.
with pikepdf.open(submission) as pdf:
    pdf.Root.OpenAction = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert('hello');")))
    link(pdf, pdf.pages[1], [100, 500, 200, 512],
         Dictionary(S=Name.Launch, F=String("calc.exe")))
    save(pdf, "active_javascript_launch.pdf")

# A form button that submits to a server, and an open action that fetches a URI.
with pikepdf.open(submission) as pdf:
    pdf.Root.OpenAction = Dictionary(S=Name.URI, URI=String("https://tracker.example.com/opened"))
    link(pdf, pdf.pages[0], [100, 560, 220, 572],
         Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("https://collect.example.com/submit")),
                    Flags=4))
    save(pdf, "active_submit_form.pdf")

# An object stream that inflates to 48 MB of spaces before its one object: the scan must cut
# it at its budget, not expand it. Written by hand, since writers do not pad object streams.
header = b"1 0 "
body = b" " * (48 << 20) + b"<< /S /JavaScript /JS (app.alert(1)) >>"
content = zlib.compress(header + body, 9)
parts = [b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"]
offsets = {}
def obj(number, text):
    offsets[number] = sum(len(p) for p in parts)
    parts.append(b"%d 0 obj\n" % number + text + b"\nendobj\n")
obj(2, b"<< /Type /Catalog /Pages 3 0 R >>")
obj(3, b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>")
obj(4, b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] >>")
obj(5, b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(content))
    + content + b"\nendstream")
xref = sum(len(p) for p in parts)
table = b"xref\n0 6\n0000000000 65535 f \n0000000000 65535 f \n" + b"".join(
    b"%010d 00000 n \n" % offsets[n] for n in (2, 3, 4, 5))
parts.append(table + b"trailer\n<< /Size 6 /Root 2 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
(pdfs / "objstm_bomb.pdf").write_bytes(b"".join(parts))
