"""A minimal PDF writer for hostile test inputs: numbered objects, a classic xref table, a trailer.

Objects are raw PDF syntax (bytes) given by the caller; nothing is validated or escaped, so a test
can write exactly the malformed or extreme values it wants.
"""


class Document:
    def __init__(self):
        self.objects = []  # object number - 1 -> body bytes (None while reserved)

    def reserve(self):
        """A number for an object whose body is set later (a parent referring to its children)."""
        self.objects.append(None)
        return len(self.objects)

    def set(self, number, body):
        self.objects[number - 1] = body

    def add(self, body):
        self.objects.append(body)
        return len(self.objects)

    def add_stream(self, data, entries=b""):
        return self.add(b"<< %s/Length %d >>\nstream\n%s\nendstream" % (entries + b" " if entries else b"", len(data), data))

    def serialize(self, root, info=None):
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, 1):
            if body is None:
                raise ValueError(f"object {number} was reserved but never set")
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        start = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(self.objects) + 1, root)
        if info is not None:
            out += b" /Info %d 0 R" % info
        out += b" >>\nstartxref\n%d\n" % start
        out += b"%%EOF\n"
        return bytes(out)


def page_content(lines, margin=None):
    """Lines of 10 pt /F1 text from the top left of the ICML text block, 12 pt apart; margin is
    (text, font size, text matrix or None) for one string in the right margin (x 570)."""
    out = b"BT /F1 10 Tf 12 TL 72 700 Td\n"
    for line in lines:
        out += b"(%s) Tj T*\n" % line
    out += b"ET\n"
    if margin:
        text, size, matrix = margin
        placement = matrix + b" Tm" if matrix else b"570 400 Td"
        out += b"BT /F1 %s Tf %s (%s) Tj ET\n" % (size, placement, text)
    return out
