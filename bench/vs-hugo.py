#!/usr/bin/env python3
"""Plainly beside Hugo and the floor (a minimal Tera pipeline), on the same generated corpus.

    python3 bench/vs-hugo.py [--pages 10000] [--runs 5] [--tools plainly,floor,hugo]
    python3 bench/vs-hugo.py --pages 1000 10000 100000 --tools plainly,floor

For each size, generates the corpus once with ../shared/bench/gen_corpus.py (~11 KB of
Markdown per page, 20 sections, 2% drafts) and lays it out for Hugo with
../shared/bench/layout.py. Then, RUNS rounds, alternating the tools (which goes first
turns each round), each tool builds twice:

  new   into a folder that has never existed (as a CI job does);
  over  again, over the output its previous build left (as an editor's rebuild does).

Nothing is removed just before a timed build: old outputs are removed at the end. Before
each timed build the script waits for Plainly's background removal of a replaced output
(`.NAME.plainly-old-*`) to finish and runs `sync`, so no build pays for another's writes.

Reports, per tool and case, median wall time (range) and peak memory; then, per round,
the ratio Plainly/other of the two builds made in that round, and the median and range
of those ratios; then the growth of Plainly's time with size. The floor is built from
../shared/bench/floor-tera into a target folder outside the repository. Installs
Debian's `hugo` package when Hugo is asked for and missing. Standard library only; uses
the release build of Plainly. Figures are this machine's: quote the ratios.
"""

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("BENCH_SHARED", os.path.join(ROOT, "..", "shared", "bench"))
CASES = ("new", "over")


def ensure_hugo():
    if shutil.which("hugo"):
        return
    print("Installing Hugo (Debian package hugo)…", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "hugo"], check=True, stdout=subprocess.DEVNULL)


def build_floor(work):
    target = os.path.join(work, "floor-target")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=os.path.join(SHARED, "floor-tera"),
                   env={**os.environ, "CARGO_TARGET_DIR": target}, check=True)
    return os.path.join(target, "release", "floor-tera")


def prepare(pages, work):
    """The corpus, a Plainly site and a Hugo site of `pages` pages (made once)."""
    base = os.path.join(work, f"vs-hugo-{pages}")
    corpus = os.path.join(base, "corpus")
    plainly_site = os.path.join(base, "plainly")
    hugo_site = os.path.join(base, "hugo")
    if os.path.exists(os.path.join(base, "ready")):
        return corpus, plainly_site, hugo_site
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    images = os.path.join(base, "images")
    subprocess.run([sys.executable, os.path.join(SHARED, "gen_corpus.py"), "--pages", str(pages),
                    "--out", corpus, "--images", images], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([sys.executable, os.path.join(SHARED, "layout.py"), "--tool", "hugo",
                    "--corpus", corpus, "--site", hugo_site], check=True)
    shutil.copytree(images, os.path.join(hugo_site, "static", "images"))
    os.makedirs(plainly_site)
    shutil.copytree(corpus, os.path.join(plainly_site, "content"),
                    ignore=shutil.ignore_patterns("_corpus.json"))
    shutil.copytree(images, os.path.join(plainly_site, "static", "images"))
    with open(os.path.join(plainly_site, "site.yaml"), "w") as f:
        f.write("title: Council Strategies (bench)\nbase_url: https://example.invalid/\n")
    open(os.path.join(base, "ready"), "w").close()
    return corpus, plainly_site, hugo_site


def settle(outs_dir):
    """Waits for background removals of replaced outputs, then flushes writes."""
    deadline = time.time() + 600
    while glob.glob(os.path.join(outs_dir, ".*.plainly-old-*")) and time.time() < deadline:
        time.sleep(0.1)
    subprocess.run(["sync"])


def timed(command, outs_dir):
    """Runs one build; returns (wall s, peak MiB)."""
    settle(outs_dir)
    stats = os.path.join(outs_dir, "time.txt")
    started = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats] + command, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    peak = int(open(stats).read().split()[-1]) / 1024
    return wall, peak


def spread(values, fmt="{:.2f}"):
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, nargs="+", default=[10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tools", default="plainly,floor,hugo",
                        help="comma-separated: plainly, floor, hugo (Hugo at 100,000 pages needs ~19 GiB)")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "plainly-bench"))
    args = parser.parse_args()
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if "plainly" not in tools:
        sys.exit("vs-hugo.py: --tools must include plainly")
    os.makedirs(args.work, exist_ok=True)

    subprocess.run(["cargo", "build", "--release", "--quiet", "--locked"], cwd=ROOT, check=True)
    binaries = {"plainly": os.path.join(ROOT, "target", "release", "plainly")}
    if "floor" in tools:
        binaries["floor"] = build_floor(args.work)
    names = {"plainly": "Plainly", "floor": "floor-tera"}
    if "hugo" in tools:
        ensure_hugo()
        names["hugo"] = "Hugo " + subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1].lstrip("v").split("+")[0]

    print(f"{' and '.join(names[t] for t in tools)}: {args.runs} rounds, alternating; "
          "each build into a new folder (new) and over its previous output (over).")
    medians = {}
    for pages in args.pages:
        corpus, plainly_site, hugo_site = prepare(pages, args.work)
        outs_dir = os.path.join(args.work, f"outs-{pages}")
        shutil.rmtree(outs_dir, ignore_errors=True)
        os.makedirs(outs_dir)
        settle(outs_dir)

        def command(tool, out):
            if tool == "plainly":
                return [binaries["plainly"], "-q", "--root", plainly_site, "build", "--output", out]
            if tool == "floor":
                return [binaries["floor"], os.path.join(corpus), out]
            return ["hugo", "--quiet", "--source", hugo_site, "--destination", out]

        results = {(t, c): [] for t in tools for c in CASES}
        for run in range(args.runs):
            order = tools[run % len(tools):] + tools[:run % len(tools)]
            for tool in order:
                out = os.path.join(outs_dir, f"{tool}-{run}")
                for case in CASES:
                    results[(tool, case)].append(timed(command(tool, out), outs_dir))

        print(f"\n{pages} pages")
        print(f"  {'tool':<12} {'case':<5} {'wall s, median (range)':<26} {'peak MiB':>9}")
        for tool in tools:
            for case in CASES:
                r = results[(tool, case)]
                walls = [w for w, _ in r]
                peak = statistics.median(p for _, p in r)
                medians[(pages, tool, case)] = (statistics.median(walls), peak)
                print(f"  {names[tool]:<12} {case:<5} {spread(walls):<26} {peak:>9.0f}")
        for other in tools:
            if other == "plainly":
                continue
            for case in CASES:
                ratios = [p[0] / o[0] for p, o in zip(results[("plainly", case)], results[(other, case)])]
                print(f"  Plainly / {names[other]:<12} {case:<5} {spread(ratios)}  (per round)")
        shutil.rmtree(outs_dir, ignore_errors=True)
        settle(args.work)

    sizes = sorted(args.pages)
    for small, large in zip(sizes, sizes[1:]):
        for case in CASES:
            growth = medians[(large, "plainly", case)][0] / medians[(small, "plainly", case)][0]
            print(f"Plainly, {case}: {large} pages take {growth:.1f}× the time of {small} "
                  f"({large / small:.0f}× the pages).")


if __name__ == "__main__":
    main()
