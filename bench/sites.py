"""Generated benchmark sites, shared by the benchmark scripts."""

import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(pages, site):
    """A site of `pages` generated pages at `site` (made once; kept for later runs)."""
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


def plainly(binary=None):
    """The plainly binary to measure: the one given, or this checkout's release build."""
    if binary:
        return binary
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "plainly")
