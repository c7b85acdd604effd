#!/usr/bin/env python3
"""Plainly beside Hugo: full builds of the same generated corpus, in the same run.

    python3 bench/vs-hugo.py [--pages 1000 10000] [--runs 5]

For each size, generates the corpus once with ../shared/bench/gen_corpus.py (~11 KB of
Markdown per page with front matter, headings, lists, a table, a footnote, cross-links
and an image, in 20 sections, 2% drafts), lays it out for Hugo with
../shared/bench/layout.py, and builds each site RUNS times with a clean output folder,
alternating the two tools (and which goes first) so that both meet the same state of
the machine. Reports median wall time, CPU time and peak memory (from /usr/bin/time),
and Plainly/Hugo ratios. Installs Debian's `hugo` package when Hugo is missing.
Standard library only; uses the release build of Plainly.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("BENCH_SHARED", os.path.join(ROOT, "..", "shared", "bench"))


def ensure_hugo():
    if shutil.which("hugo"):
        return
    print("Installing Hugo (Debian package hugo)…", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "hugo"], check=True, stdout=subprocess.DEVNULL)


def prepare(pages, work):
    """The corpus, a Plainly site and a Hugo site of `pages` pages (made once)."""
    base = os.path.join(work, f"vs-hugo-{pages}")
    corpus = os.path.join(base, "corpus")
    plainly_site = os.path.join(base, "plainly")
    hugo_site = os.path.join(base, "hugo")
    if os.path.exists(os.path.join(base, "ready")):
        return plainly_site, hugo_site
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
    return plainly_site, hugo_site


def timed(command, output):
    """Runs a build into a fresh `output`; returns (wall s, cpu s, peak MiB)."""
    shutil.rmtree(output, ignore_errors=True)
    subprocess.run(["sync"])
    stats = output + ".time"
    subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", stats] + command, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall, user, system, peak = open(stats).read().split()[-4:]
    shutil.rmtree(output, ignore_errors=True)
    return float(wall), float(user) + float(system), int(peak) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "plainly-bench"))
    args = parser.parse_args()

    ensure_hugo()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    plainly = os.path.join(ROOT, "target", "release", "plainly")
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    print(f"Plainly (release) beside Hugo {hugo_version}, {args.runs} runs each, alternating; medians.")
    print(f"{'pages':>6} {'tool':<8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}")
    medians = {}
    for pages in args.pages:
        plainly_site, hugo_site = prepare(pages, args.work)
        out = os.path.join(args.work, "vs-hugo-output")
        commands = {
            "plainly": [plainly, "-q", "--root", plainly_site, "build", "--output", out + "-plainly"],
            "hugo": ["hugo", "--quiet", "--source", hugo_site, "--destination", out + "-hugo"],
        }
        results = {"plainly": [], "hugo": []}
        for run in range(args.runs):
            order = ["plainly", "hugo"] if run % 2 == 0 else ["hugo", "plainly"]
            for tool in order:
                results[tool].append(timed(commands[tool], out + "-" + tool))
        for tool in ("plainly", "hugo"):
            wall = statistics.median(r[0] for r in results[tool])
            cpu = statistics.median(r[1] for r in results[tool])
            peak = statistics.median(r[2] for r in results[tool])
            medians[(pages, tool)] = (wall, cpu, peak)
            print(f"{pages:>6} {tool:<8} {wall:>8.2f} {cpu:>8.2f} {peak:>9.0f}")
        p, h = medians[(pages, "plainly")], medians[(pages, "hugo")]
        print(f"{pages:>6} ratio    {p[0] / h[0]:>8.2f} {p[1] / h[1]:>8.2f} {p[2] / h[2]:>9.2f}   (Plainly / Hugo)")
    sizes = sorted(args.pages)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = medians[(large, "plainly")][0] / medians[(small, "plainly")][0]
        print(f"Plainly: {large} pages take {growth:.1f}× the wall time of {small} "
              f"({large / small:.0f}× the pages).")


if __name__ == "__main__":
    main()
