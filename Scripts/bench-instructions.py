#!/usr/bin/env python3
"""Instructions per paper, papercheck against the poppler floor, counted by valgrind's callgrind:
repeatable on a shared machine where wall time is not.

Usage: Scripts/bench-instructions.py BINARY [--set DIR:PROFILE ...] [--limit N] [--parallel N]
                                     [--markdown BENCHMARKS.md] [--json OUT]

For every PDF of each set (default: ../shared/proceedings/pdfs under icml2016-camera-ready and
../shared/corpus/pdfs under the default profile; encrypted and broken files are counted like any
other), counts the instructions of
  papercheck  = `BINARY check FILE --profile PROFILE --format json --timeout 3600`, summed over
                the process and the worker it starts (callgrind --trace-children=yes; BINARY is copied without its
                debug information, which valgrind 3.19 cannot read);
  floor       = `pdftotext -bbox-layout FILE /dev/null` plus `pdffonts FILE` (poppler-utils);
papercheck runs with PAPERCHECK_DEADLINE_SCALE=50: its byte readers' wall-clock limits, which
callgrind's slowdown would otherwise reach on the larger papers, are stretched by as much. It
prints per file the two counts (millions) and their ratio, then per set and overall the
median ratio, the largest, and the files above 2.5. With --markdown it replaces the section
"## Instructions per paper" of that file (make bench keeps it). --parallel runs that many
valgrind processes side by side (counts do not depend on it). Installs valgrind and
poppler-utils when missing (apt-get, with sudo when not root).
Exit status: 0 when every file was counted, 1 when one could not be, 64 on bad usage.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown_sections import replace_section

ROOT = Path(__file__).resolve().parent.parent
# How much slower a run is under callgrind than without it, about (PAPERCHECK_DEADLINE_SCALE).
CALLGRIND_SLOWDOWN = 50
SECTION = "## Instructions per paper"
DEFAULT_SETS = [f"{ROOT.parent / 'shared/proceedings/pdfs'}:icml2016-camera-ready", f"{ROOT.parent / 'shared/corpus/pdfs'}:"]


def ensure_tools():
    missing = [package for tool, package in (("valgrind", "valgrind"), ("pdftotext", "poppler-utils"))
               if shutil.which(tool) is None]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], env=environment, check=False)
    if subprocess.run(sudo + ["apt-get", "install", "-y", "-qq"] + missing, env=environment).returncode != 0:
        sys.exit(f"bench-instructions: could not install {' '.join(missing)}")


def instructions(commands, processes=0, environment=None):
    """Instructions of the commands run one after the other under callgrind, children included;
    None when fewer than `processes` processes left a count (a worker killed before it wrote its own)."""
    total, counted = 0, 0
    with tempfile.TemporaryDirectory(prefix="callgrind-") as folder:
        for command in commands:
            # A worker forked without exec inherits its parent's counts up to the fork, and its
            # dump would count them a second time: they are zeroed where the forked worker starts.
            subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                            "--zero-before=papercheck_serve_on_fresh_thread", "--callgrind-out-file="
                            + os.path.join(folder, "out.%p")] + command,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=environment)
        for name in os.listdir(folder):
            text = Path(folder, name).read_text(errors="replace")
            match = re.search(r"^(?:summary|totals): (\d+)", text, re.MULTILINE)
            if match:
                total += int(match.group(1))
                counted += 1
    return total if counted >= processes else None


def measure(binary, path, profile):
    # Under callgrind a check runs about fifty times slower: the default --timeout of 60 s would
    # stop the worker, and its count would be lost with it.
    check = [str(binary), "check", str(path), "--format", "json", "--timeout", "3600"] + (["--profile", profile] if profile else [])
    # papercheck's byte readers stop at wall-clock limits that callgrind's slowdown would reach on
    # the larger papers (ReadingDeadline): they are stretched by that slowdown, so that the counted
    # run takes the paths a real one takes.
    ours = instructions([check], processes=2, environment=dict(os.environ, PAPERCHECK_DEADLINE_SCALE=str(CALLGRIND_SLOWDOWN)))
    floor = instructions([["pdftotext", "-bbox-layout", str(path), "/dev/null"], ["pdffonts", str(path)]], processes=2)
    return {"file": path.name, "papercheck": ours or 0, "floor": floor or 0,
            "ratio": ours / floor if ours and floor else None}


def summary(rows):
    ratios = [row["ratio"] for row in rows if row["ratio"]]
    if not ratios:
        return None
    return {"files": len(ratios), "median": statistics.median(ratios), "max": max(ratios),
            "above_2_5": sum(ratio > 2.5 for ratio in ratios)}


def write_markdown(path, sets, overall):
    lines = [SECTION, "",
             f"Measured {time.strftime('%Y-%m-%d')} with `Scripts/bench-instructions.py` (the release binary): "
             "instructions counted by valgrind's callgrind, papercheck's process and its worker together, against "
             "`pdftotext -bbox-layout` plus `pdffonts`. Counts repeat from run to run, unlike wall time on a shared machine; papercheck's byte readers run with their wall-clock safety limits stretched by callgrind's slowdown (`PAPERCHECK_DEADLINE_SCALE=50`), so that they take the paths of a real run.",
             "", "| set | files | median ratio | largest | files above 2.5 |", "|---|---:|---:|---:|---:|"]
    for name, rows in sets:
        numbers = summary(rows)
        if numbers:
            lines.append(f"| {name} | {numbers['files']} | {numbers['median']:.2f} | {numbers['max']:.2f} | {numbers['above_2_5']} |")
    if overall:
        lines.append(f"| all | {overall['files']} | {overall['median']:.2f} | {overall['max']:.2f} | {overall['above_2_5']} |")
    lines += ["", "| file | papercheck M | floor M | ratio |", "|---|---:|---:|---:|"]
    for _, rows in sets:
        for row in rows:
            ratio = f"{row['ratio']:.2f}" if row["ratio"] else "-"
            lines.append(f"| {row['file']} | {row['papercheck'] / 1e6:.0f} | {row['floor'] / 1e6:.0f} | {ratio} |")
    lines.append("")
    replace_section(path, SECTION, lines)


class Arguments(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"bench-instructions: {message}", file=sys.stderr)
        sys.exit(64)


def main():
    parser = Arguments(prog="Scripts/bench-instructions.py")
    parser.add_argument("binary", type=Path)
    parser.add_argument("--set", action="append", dest="sets", metavar="DIR:PROFILE",
                        help="a folder of PDFs and the profile to check them under (empty: the default)")
    parser.add_argument("--limit", type=int, default=0, help="at most N files per set (0: all)")
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--json", type=Path, dest="json_out")
    options = parser.parse_args()
    if not (options.binary.is_file() and os.access(options.binary, os.X_OK)):
        parser.error(f"no executable {options.binary}")
    ensure_tools()
    sets = []
    for entry in options.sets or DEFAULT_SETS:
        folder, _, profile = entry.rpartition(":")
        files = sorted(Path(folder).glob("*.pdf"))
        if not files:
            parser.error(f"no PDFs in {folder}")
        sets.append((Path(folder).parent.name, files[: options.limit] if options.limit else files, profile))
    # Valgrind 3.19 gives up on the DWARF 5 of a Swift release binary ("possibly corrupted
    # debuginfo"): the counts come from a copy without debug information, which runs the same code
    # and keeps the symbols that --zero-before names.
    scratch = tempfile.TemporaryDirectory(prefix="bench-instructions-")
    binary = Path(scratch.name) / "papercheck"
    if subprocess.run(["strip", "--strip-debug", "-o", str(binary), str(options.binary)]).returncode != 0:
        parser.error("strip (binutils) could not copy the binary without its debug information")
    results, counted_all = [], True
    with concurrent.futures.ThreadPoolExecutor(max(1, options.parallel)) as pool:
        for name, files, profile in sets:
            rows = list(pool.map(lambda path: measure(binary, path, profile), files))
            for row in rows:
                ratio = f"{row['ratio']:.2f}" if row["ratio"] else "-"
                print(f"{name}/{row['file']}: papercheck {row['papercheck'] / 1e6:.0f} M, floor {row['floor'] / 1e6:.0f} M, ratio {ratio}"
                      + ("" if row["ratio"] else " (not counted: a process left no count)"), flush=True)
                counted_all &= row["ratio"] is not None
            results.append((name, rows))
            numbers = summary(rows)
            if numbers:
                print(f"{name}: median {numbers['median']:.2f}, largest {numbers['max']:.2f}, "
                      f"{numbers['above_2_5']} of {numbers['files']} above 2.5", flush=True)
    overall = summary([row for _, rows in results for row in rows])
    if overall:
        print(f"all: median {overall['median']:.2f}, largest {overall['max']:.2f}, {overall['above_2_5']} of {overall['files']} above 2.5")
    if options.markdown:
        write_markdown(options.markdown, results, overall)
    if options.json_out:
        options.json_out.write_text(json.dumps({"sets": {name: rows for name, rows in results}, "overall": overall}, indent=2) + "\n")
    return 0 if counted_all else 1


if __name__ == "__main__":
    sys.exit(main())
