#!/usr/bin/env python3
"""Full builds of one generated site by two plainly binaries, in the same run.

    python3 bench/compare-builds.py --baseline OLD_BINARY [--binary NEW] [--pages 10000] [--runs 5]

Generates the site once (../shared/bench/gen_corpus.py, ~11 KB of Markdown per page, 20
sections), then for each run builds it with both binaries, alternating which goes first,
in two ways: into a new folder (one that has never existed; all are removed at the end,
not just before a timed build, which would distort it) and over a previous output (the
folder the binary's last build wrote). Reports median wall time and peak memory of each
and the ratio current/baseline. Standard library only.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sites import generate, plainly  # noqa: E402


def timed(binary, site, out, work):
    """Wall seconds and peak KiB of one build."""
    stats = os.path.join(work, "time.txt")
    started = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats, binary, "-q", "--root", site,
                    "build", "--output", out], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    return wall, int(open(stats).read().split()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "plainly-bench"))
    parser.add_argument("--binary", help="default: this checkout's release build")
    parser.add_argument("--baseline", required=True)
    args = parser.parse_args()
    binary = plainly(args.binary)
    site = os.path.join(args.work, f"site-{args.pages}")
    generate(args.pages, site)
    outs = os.path.join(args.work, f"compare-{os.getpid()}")
    os.makedirs(outs)
    tools = [("current", binary), ("baseline", args.baseline)]
    results = {(name, kind): [] for name, _ in tools for kind in ("new", "over")}
    try:
        for name, b in tools:  # a first output for each to build over
            timed(b, site, os.path.join(outs, f"{name}-over"), args.work)
        for run in range(args.runs):
            order = tools if run % 2 == 0 else list(reversed(tools))
            for name, b in order:
                results[(name, "new")].append(timed(b, site, os.path.join(outs, f"{name}-new-{run}"), args.work))
                results[(name, "over")].append(timed(b, site, os.path.join(outs, f"{name}-over"), args.work))
    finally:
        shutil.rmtree(outs, ignore_errors=True)
    print(f"{args.pages} pages, {args.runs} runs each, alternating (median wall, peak memory):")
    medians = {}
    for (name, kind), values in results.items():
        wall = statistics.median(v[0] for v in values)
        peak = statistics.median(v[1] for v in values) / 1024
        medians[(name, kind)] = wall
        print(f"  {name:<9} into a {'new folder' if kind == 'new' else 'previous output':<16} "
              f"{wall * 1000:7.0f} ms  {peak:6.0f} MiB  ({', '.join(f'{v[0] * 1000:.0f}' for v in values)})")
    for kind in ("new", "over"):
        print(f"  current/baseline, {kind}: {medians[('current', kind)] / medians[('baseline', kind)]:.2f}")


if __name__ == "__main__":
    main()
