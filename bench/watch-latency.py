#!/usr/bin/env python3
"""Edit-to-served latency of `plainly serve` on a generated site.

    python3 bench/watch-latency.py [--pages 10000] [--edits 20]

Generates (once) a site of N pages with ../shared/bench/gen_corpus.py (~11 KB of
Markdown per page, 20 sections), builds the release binary, starts `plainly serve` on a
free port and then, for each edit: appends a sentence with a unique word to a page,
and measures the time from the file being written to the new HTML being served (the
server is asked for the page until the word is in it). Then it edits the base template
and measures the same, beside the time of a full `plainly build` of the same site.
Prints the median and maximum. Standard library only.
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(pages, site):
    if os.path.exists(os.path.join(site, "site.yaml")):
        return
    gen = os.environ.get("GEN_CORPUS", os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    shutil.rmtree(site, ignore_errors=True)
    os.makedirs(site)
    subprocess.run(
        [sys.executable, gen, "--pages", str(pages), "--out", os.path.join(site, "content"),
         "--images", os.path.join(site, "static", "images")],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.remove(os.path.join(site, "content", "_corpus.json"))
    with open(os.path.join(site, "site.yaml"), "w") as f:
        f.write("title: Benchmark\nbase_url: https://example.org/\n")


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    body = conn.getresponse().read().decode("utf-8", "replace")
    conn.close()
    return body


def wait_served(port, path, word, started, limit=30.0, every=0.001):
    while True:
        if word in fetch(port, path):
            return time.perf_counter() - started
        if time.perf_counter() - started > limit:
            raise SystemExit(f"{word} not served after {limit} s")
        time.sleep(every)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "plainly-bench"))
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "plainly")
    site = os.path.join(args.work, f"site-{args.pages}")
    generate(args.pages, site)
    shutil.rmtree(os.path.join(site, "templates"), ignore_errors=True)

    # Pages to edit: the first few of each section, and their URLs.
    targets = []
    content = os.path.join(site, "content")
    for section in sorted(os.listdir(content)):
        files = sorted(f for f in os.listdir(os.path.join(content, section)) if f.endswith(".md") and f != "_index.md")
        for name in files[:3]:
            with open(os.path.join(content, section, name)) as f:
                if "draft: true" in f.read(2000):
                    continue
            targets.append((os.path.join(content, section, name), f"/{section}/{name[:-3]}/"))
    originals = {path: open(path).read() for path, _ in targets}

    server = subprocess.Popen([binary, "-q", "--root", site, "serve", "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "Serving the site at" not in line:
            line = server.stdout.readline()
            if not line:
                raise SystemExit("plainly serve stopped: " + server.stderr.read())
        port = int(line.split("127.0.0.1:")[1].split("/")[0])

        times = []
        for i in range(args.edits):
            path, url = targets[(i * 7) % len(targets)]
            word = f"latencyprobe{i}x{int(time.time() * 1000)}"
            text = open(path).read() + f"\nA new sentence with the word {word} in it.\n"
            started = time.perf_counter()
            with open(path, "w") as f:
                f.write(text)
            times.append(wait_served(port, url, word, started))
            time.sleep(0.2)

        # The base template: every page changes. Each edit is timed until the new HTML is
        # served for the first and the last page, then a full build of the same site (into
        # a folder holding a previous build, as a rebuild finds it) is timed; alternating,
        # so that both meet the same state of the machine.
        base = open(os.path.join(ROOT, "themes", "default", "templates", "base.html")).read()
        os.makedirs(os.path.join(site, "templates"), exist_ok=True)
        out = os.path.join(args.work, "full-build-output")
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([binary, "-q", "--root", site, "build", "--output", out], check=True)
        template_times, full_times = [], []
        for round_ in range(3):
            marker = f"basetemplateprobe{round_}x{int(time.time())}"
            started = time.perf_counter()
            with open(os.path.join(site, "templates", "base.html"), "w") as f:
                f.write(base.replace("</footer>", f"<!-- {marker} --></footer>"))
            # Asked every 20 ms, so that the asking does not slow the rebuild down.
            wait_served(port, targets[-1][1], marker, started, limit=120, every=0.02)
            template_times.append(wait_served(port, targets[0][1], marker, started, limit=120, every=0.02))
            # The server removes the previous output once idle; let it finish first.
            time.sleep(4)
            started = time.perf_counter()
            subprocess.run([binary, "-q", "--root", site, "build", "--output", out], check=True)
            full_times.append(time.perf_counter() - started)
            time.sleep(2)
    finally:
        server.kill()
        server.wait()
        for path, text in originals.items():
            with open(path, "w") as f:
                f.write(text)
        shutil.rmtree(os.path.join(site, "templates"), ignore_errors=True)
        shutil.rmtree(os.path.join(args.work, "full-build-output"), ignore_errors=True)

    ms = [t * 1000 for t in times]
    print(f"{args.pages} pages, {args.edits} edits of one page each (save → new HTML served):")
    print(f"  median {statistics.median(ms):.1f} ms, max {max(ms):.1f} ms, min {min(ms):.1f} ms")
    print(f"  each: {', '.join(f'{t:.0f}' for t in ms)}")
    template, full = statistics.median(template_times), statistics.median(full_times)
    print(f"base template edit → served on every page: median {template * 1000:.0f} ms; "
          f"full build of the same site: median {full * 1000:.0f} ms (ratio {template / full:.2f}; 3 of each, alternating)")


if __name__ == "__main__":
    main()
