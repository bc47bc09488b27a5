#!/usr/bin/env python3
"""Draw the figure for type3_matplotlib.pdf with matplotlib's default PDF
backend settings, i.e. pdf.fonttype = 3: the tick labels and axis labels are
embedded as a Type 3 font (DejaVuSans), which the no-type3-fonts rule must
flag once the figure is included in a paper.

usage: make_type3_figure.py OUT.pdf
"""
import os
import sys

os.environ.setdefault("SOURCE_DATE_EPOCH", "1464739200")

import matplotlib

matplotlib.use("pdf")
import matplotlib.pyplot as plt  # noqa: E402

matplotlib.rcParams["pdf.fonttype"] = 3       # the default, stated explicitly
matplotlib.rcParams["pdf.compression"] = 9
matplotlib.rcParams["svg.hashsalt"] = "papercheck"

noise = [0, 10, 20, 30, 40, 50, 60]
uniform = [100, 91, 82, 74, 66, 58, 49]
ccs = [100, 93, 86, 79, 72, 66, 60]

fig, ax = plt.subplots(figsize=(3.1, 1.9))
ax.plot(noise, uniform, marker="o", markersize=3, linewidth=1.2, label="clean fraction")
ax.plot(noise, ccs, marker="s", markersize=3, linewidth=1.2, label="effective size")
ax.set_xlabel("noise rate (%)", fontsize=8)
ax.set_ylabel("% of training set", fontsize=8)
ax.tick_params(labelsize=7)
ax.legend(fontsize=7, frameon=False)
fig.tight_layout(pad=0.3)
fig.savefig(sys.argv[1], metadata={"CreationDate": None, "ModDate": None,
                                   "Creator": None, "Producer": None})
