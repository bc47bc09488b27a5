#!/usr/bin/env python3
"""Draw the two figures of type3_two_figures.pdf with pdf.fonttype = 3 (the
matplotlib default).  Each figure uses two fonts, DejaVu Sans for the tick
labels and legend and DejaVu Serif for the axis labels and the panel title,
so each PDF carries two Type 3 fonts, and the paper that includes both
carries four Type 3 font objects, two of each name.

usage: make_type3_two_figures.py OUT_A.pdf OUT_B.pdf
"""
import os
import sys

os.environ.setdefault("SOURCE_DATE_EPOCH", "1464739200")

import matplotlib

matplotlib.use("pdf")
import matplotlib.pyplot as plt  # noqa: E402

matplotlib.rcParams["pdf.fonttype"] = 3       # the default, stated explicitly
matplotlib.rcParams["pdf.compression"] = 9
matplotlib.rcParams["font.family"] = "DejaVu Sans"
META = {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}
SERIF = {"family": "DejaVu Serif", "size": 8}


def figure_a(path):
    rates = [20, 40, 60]
    uniform = [13.9, 24.6, 41.2]
    ccs = [10.7, 17.9, 32.1]
    fig, ax = plt.subplots(figsize=(3.1, 1.9))
    width = 6
    ax.bar([r - width / 2 for r in rates], uniform, width, color="0.6", label="uniform")
    ax.bar([r + width / 2 for r in rates], ccs, width, color="0.2", label="CCS")
    ax.set_xticks(rates)
    ax.set_xlabel("noise rate (%)", fontdict=SERIF)
    ax.set_ylabel("test error (%)", fontdict=SERIF)
    ax.set_title("CIFAR-10, mean of five runs", fontdict=SERIF)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    fig.tight_layout(pad=0.3)
    fig.savefig(path, metadata=META)


def figure_b(path):
    tau = [0.05, 0.1, 0.2, 0.4, 0.8]
    err = [34.0, 32.9, 32.1, 32.4, 33.5]
    fig, ax = plt.subplots(figsize=(3.1, 1.9))
    ax.plot(tau, err, marker="o", markersize=3, linewidth=1.2, color="0.15", label="CCS, 60% noise")
    ax.set_xscale("log")
    ax.set_xticks(tau)
    ax.set_xticklabels(["0.05", "0.1", "0.2", "0.4", "0.8"])
    ax.set_xlabel("time constant / total steps", fontdict=SERIF)
    ax.set_ylabel("test error (%)", fontdict=SERIF)
    ax.set_title("sensitivity to the schedule", fontdict=SERIF)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    fig.tight_layout(pad=0.3)
    fig.savefig(path, metadata=META)


figure_a(sys.argv[1])
figure_b(sys.argv[2])
