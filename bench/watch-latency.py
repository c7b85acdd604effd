#!/usr/bin/env python3
"""Edit-to-served latency of `plainly serve` on a generated site.

    python3 bench/watch-latency.py [--pages 10000] [--edits 20] [--baseline OLD_BINARY]

Generates (once) a site of N pages with ../shared/bench/gen_corpus.py (~11 KB of
Markdown per page, 20 sections), builds the release binary, starts `plainly serve` on a
free port and then measures, from the file being written to the new HTML being served
(the server is asked for the page until the new words are in it):

- body edits: a sentence with a unique word appended to a page;
- title edits: a page's `title:` changed, until the new title is served both on the page
  and on its section's page (which lists it);
- base template edits: every page changes; timed for the first and last page, beside a
  full `plainly build` of the same site into a folder holding a previous build.

With --baseline, the same edits are made to a second copy of the site served by that
binary, alternating which goes first, so that both meet the same state of the machine;
medians are printed side by side with their ratio. Standard library only.
"""

import argparse
import http.client
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
            raise SystemExit(f"{word} not served at {path} after {limit} s")
        time.sleep(every)


class Server:
    """One binary serving one copy of the site."""

    def __init__(self, name, binary, site):
        self.name, self.binary, self.site = name, binary, site
        shutil.rmtree(os.path.join(site, "templates"), ignore_errors=True)
        self.proc = subprocess.Popen([binary, "-q", "--root", site, "serve", "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = ""
        while "Serving the site at" not in line:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit(f"{name}: plainly serve stopped: " + self.proc.stderr.read())
        self.port = int(line.split("127.0.0.1:")[1].split("/")[0])
        self.targets = targets(site)
        self.originals = {path: open(path).read() for path, _, _ in self.targets}
        self.body, self.title, self.template, self.full = [], [], [], []

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        for path, text in self.originals.items():
            with open(path, "w") as f:
                f.write(text)
        shutil.rmtree(os.path.join(self.site, "templates"), ignore_errors=True)

    def edit_body(self, i):
        path, url, _ = self.targets[(i * 7) % len(self.targets)]
        word = f"latencyprobe{i}x{int(time.time() * 1000)}"
        text = open(path).read() + f"\nA new sentence with the word {word} in it.\n"
        started = time.perf_counter()
        with open(path, "w") as f:
            f.write(text)
        self.body.append(wait_served(self.port, url, word, started))

    def edit_title(self, i):
        path, url, section_url = self.targets[(i * 5 + 3) % len(self.targets)]
        word = f"Titleprobe{i}x{int(time.time() * 1000)}"
        lines = open(path).read().split("\n")
        lines = [f'title: "{word}"' if l.startswith("title:") else l for l in lines]
        started = time.perf_counter()
        with open(path, "w") as f:
            f.write("\n".join(lines))
        wait_served(self.port, url, word, started)
        self.title.append(wait_served(self.port, section_url, word, started))

    def edit_template(self, round_, work):
        base = open(os.path.join(ROOT, "themes", "default", "templates", "base.html")).read()
        os.makedirs(os.path.join(self.site, "templates"), exist_ok=True)
        marker = f"basetemplateprobe{round_}x{int(time.time())}"
        started = time.perf_counter()
        with open(os.path.join(self.site, "templates", "base.html"), "w") as f:
            f.write(base.replace("</footer>", f"<!-- {marker} --></footer>"))
        # Asked every 20 ms, so that the asking does not slow the rebuild down.
        wait_served(self.port, self.targets[-1][1], marker, started, limit=120, every=0.02)
        self.template.append(wait_served(self.port, self.targets[0][1], marker, started, limit=120, every=0.02))
        # The server removes the previous output once idle; let it finish first.
        time.sleep(4)
        out = os.path.join(work, f"full-build-{self.name}")
        if not os.path.isdir(out):
            subprocess.run([self.binary, "-q", "--root", self.site, "build", "--output", out], check=True)
        started = time.perf_counter()
        subprocess.run([self.binary, "-q", "--root", self.site, "build", "--output", out], check=True)
        self.full.append(time.perf_counter() - started)
        time.sleep(2)


def targets(site):
    """Pages to edit, the first few of each section: (file, URL, section URL)."""
    out = []
    content = os.path.join(site, "content")
    for section in sorted(os.listdir(content)):
        folder = os.path.join(content, section)
        if not os.path.isdir(folder):
            continue
        files = sorted(f for f in os.listdir(folder) if f.endswith(".md") and f != "_index.md")
        for name in files[:3]:
            with open(os.path.join(folder, name)) as f:
                if "draft: true" in f.read(2000):
                    continue
            out.append((os.path.join(folder, name), f"/{section}/{name[:-3]}/", f"/{section}/"))
    return out


def ms(values):
    return statistics.median(values) * 1000, max(values) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--titles", type=int, default=10)
    parser.add_argument("--templates", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "plainly-bench"))
    parser.add_argument("--binary", help="the plainly binary to measure (default: this checkout's release build)")
    parser.add_argument("--baseline", help="another plainly binary, measured in the same run on a copy of the site")
    args = parser.parse_args()

    binary = plainly(args.binary)
    site = os.path.join(args.work, f"site-{args.pages}")
    generate(args.pages, site)
    runs = [("current", binary, site)]
    if args.baseline:
        copy = os.path.join(args.work, f"site-{args.pages}-baseline")
        if not os.path.exists(os.path.join(copy, "site.yaml")):
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(site, copy, ignore=shutil.ignore_patterns("output", ".output.*"))
        runs.append(("baseline", args.baseline, copy))

    servers = []
    try:
        for name, b, s in runs:
            servers.append(Server(name, b, s))
        # Alternating which server goes first, edit by edit.
        def each(i):
            return servers if i % 2 == 0 else list(reversed(servers))
        for i in range(args.edits):
            for server in each(i):
                server.edit_body(i)
                time.sleep(0.2)
        for i in range(args.titles):
            for server in each(i):
                server.edit_title(i)
                time.sleep(0.3)
        for r in range(args.templates):
            for server in each(r):
                server.edit_template(r, args.work)
    finally:
        for server in servers:
            server.stop()
        for name, _, _ in runs:
            shutil.rmtree(os.path.join(args.work, f"full-build-{name}"), ignore_errors=True)

    print(f"{args.pages} pages; save → new HTML served (median, max in ms):")
    for server in servers:
        b, t, tpl, full = ms(server.body), ms(server.title), ms(server.template), ms(server.full)
        print(f"  {server.name:<9} body edit {b[0]:7.1f} (max {b[1]:6.1f})   "
              f"title edit {t[0]:7.1f} (max {t[1]:6.1f})   "
              f"base template {tpl[0]:7.0f}   full build {full[0]:7.0f} (template/full {tpl[0] / full[0]:.2f})")
    if len(servers) == 2:
        cur, base = servers
        ratio = lambda a, b: statistics.median(a) / statistics.median(b)
        print(f"  current/baseline: body edit {ratio(cur.body, base.body):.2f}, title edit "
              f"{ratio(cur.title, base.title):.2f}, base template {ratio(cur.template, base.template):.2f}, "
              f"full build {ratio(cur.full, base.full):.2f}")


if __name__ == "__main__":
    main()
