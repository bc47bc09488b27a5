#!/usr/bin/env python3
"""Write the RGBA PNG for softmask_image.pdf: a heat map of sampling weights
(classes x epochs) on an opaque white card, 512 x 240 pixels, to be placed
256bp wide.  The rightmost 44 pixels (22bp) are fully transparent (alpha 0),
but their colour channels still hold the continuation of the heat map, so
anything that ignores the soft mask sees cells there.  The PNG is written by
hand (zlib + struct) so that the bytes do not depend on an imaging library.

usage: make_softmask_image.py OUT.png
"""
import struct
import sys
import zlib

import numpy as np

W, H = 512, 240          # pixels; 2 pixels per bp when placed 256bp wide
CLEAR = 44               # transparent strip at the right edge, 22bp

rgb = np.full((H, W, 3), 255, dtype=np.uint8)   # white card
alpha = np.full((H, W), 255, dtype=np.uint8)    # opaque

# heat map: 10 classes (rows) x 26 epochs (columns) of 18 x 18 pixel cells,
# starting 24 pixels from the left and running on into the transparent strip
classes, epochs, cell, x0, y0 = 10, 26, 18, 24, 24
rng = np.random.default_rng(20160601)
for c in range(classes):
    for e in range(epochs):
        w = 0.35 + 0.6 * (1 - np.exp(-e / (4 + c))) + 0.05 * rng.random()
        shade = np.array([255 * (1 - w), 255 * (1 - 0.6 * w), 255], dtype=float)
        xs, ys = x0 + e * cell, y0 + c * cell
        rgb[ys:ys + cell - 2, xs:xs + cell - 2] = np.clip(shade, 0, 255).astype(np.uint8)
# a thin black frame around the part of the map that is inside the column
rgb[y0 - 4:y0 - 2, x0 - 4:W - CLEAR] = 0
rgb[y0 + classes * cell:y0 + classes * cell + 2, x0 - 4:W - CLEAR] = 0
rgb[y0 - 4:y0 + classes * cell + 2, x0 - 4:x0 - 2] = 0
rgb[y0 - 4:y0 + classes * cell + 2, W - CLEAR - 2:W - CLEAR] = 0

alpha[:, W - CLEAR:] = 0                        # the strip that lies in the margin

rgba = np.dstack([rgb, alpha])
raw = b"".join(b"\x00" + rgba[y].tobytes() for y in range(H))


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw, 9))
       + chunk(b"IEND", b""))
with open(sys.argv[1], "wb") as f:
    f.write(png)
