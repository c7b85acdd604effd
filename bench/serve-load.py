#!/usr/bin/env python3
"""Load on `plainly serve`, on loopback only, for a bounded time.

    python3 bench/serve-load.py [--pages 200] [--clients 64] [--listeners 20] [--seconds 20]

Generates a site of N pages, starts the release binary's `serve` on a free port, opens
the live-reload listeners, then runs the clients (each a thread making one request at a
time, over a fresh connection, to random pages, the CSS and a 2 MB static file, with a
byte range now and then) while one page is edited every second, so that the site is
rebuilt once a second under load. Every response is checked: status, length, and for
pages that the HTML is whole. At the end it prints requests served, errors, p50 and p99
latency, the server's RSS after warm-up, at its peak and at the end, and its open file
descriptors at the start and the end (Linux /proc). Standard library only.
"""

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sites import generate, plainly  # noqa: E402


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--listeners", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    args = ap.parse_args()

    binary = plainly()
    work = tempfile.mkdtemp(prefix="plainly-load-")
    site = os.path.join(work, "site")
    generate(args.pages, site)
    big = os.path.join(site, "static", "files")
    os.makedirs(big, exist_ok=True)
    payload = bytes(random.Random(1).randrange(256) for _ in range(2 << 20))
    with open(os.path.join(big, "big.bin"), "wb") as f:
        f.write(payload)

    proc = subprocess.Popen(
        [binary, "-q", "--root", site, "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = None
    for line in proc.stdout:
        if "127.0.0.1:" in line:
            port = int(line.split("127.0.0.1:")[1].split("/")[0])
            break
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    pages = []
    for dirpath, _, files in os.walk(os.path.join(site, "output")):
        for name in files:
            if name == "index.html":
                rel = os.path.relpath(dirpath, os.path.join(site, "output"))
                pages.append("/" if rel == "." else f"/{rel}/")
    sources = []
    for dirpath, _, files in os.walk(os.path.join(site, "content")):
        sources += [os.path.join(dirpath, n) for n in files if n.endswith(".md") and not n.startswith("_")]

    def request(path, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        body = r.read()
        conn.close()
        return r.status, r.getheader("Content-Length"), body

    # Warm up, then take the baseline.
    for p in pages[:50]:
        request(p)
    time.sleep(1)
    fd_start, rss_start = fds(proc.pid), rss_kib(proc.pid)

    listeners = []
    for _ in range(args.listeners):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /__plainly/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        listeners.append(s)
    reloads = [0]

    def listen(s):
        s.settimeout(1)
        buf = b""
        while not stop.is_set():
            try:
                chunk = s.recv(4096)
            except socket.timeout:
                continue
            if not chunk:
                return
            buf += chunk
            reloads[0] += buf.count(b"event: reload")
            buf = buf[-64:] if b"event: reload" not in buf else b""

    stop = threading.Event()
    latencies, errors, lock = [], [], threading.Lock()

    def client(seed):
        rng = random.Random(seed)
        while not stop.is_set():
            roll = rng.random()
            try:
                start = time.perf_counter()
                if roll < 0.1:
                    a = rng.randrange(len(payload) - 1000)
                    status, _, body = request("/files/big.bin", {"Range": f"bytes={a}-{a + 999}"})
                    ok = status == 206 and body == payload[a:a + 1000]
                elif roll < 0.15:
                    status, length, body = request("/files/big.bin")
                    ok = status == 200 and body == payload
                else:
                    path = rng.choice(pages)
                    status, length, body = request(path)
                    ok = status == 200 and body.rstrip().endswith(b"</html>") and int(length) == len(body)
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    if not ok:
                        errors.append(f"{status} {path if roll >= 0.15 else 'big.bin'}")
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append(repr(e))

    def editor():
        n = 0
        while not stop.is_set():
            path = sources[n % len(sources)]
            with open(path, "a") as f:
                f.write(f"\nEdit {n}.\n")
            n += 1
            time.sleep(1)

    rss_peak = rss_start
    threads = [threading.Thread(target=listen, args=(s,), daemon=True) for s in listeners]
    threads += [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
    threads.append(threading.Thread(target=editor, daemon=True))
    for t in threads:
        t.start()
    until = time.time() + args.seconds
    while time.time() < until:
        rss_peak = max(rss_peak, rss_kib(proc.pid))
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join(timeout=15)
    for s in listeners:
        s.close()
    time.sleep(3)
    fd_end, rss_end = fds(proc.pid), rss_kib(proc.pid)
    proc.terminate()
    proc.wait()

    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
    print(f"requests served: {len(lat)} in {args.seconds:.0f} s by {args.clients} clients, "
          f"{args.listeners} listeners, reload events seen: {reloads[0]}")
    print(f"errors: {len(errors)}" + (f" (first: {errors[:3]})" if errors else ""))
    print(f"latency: p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms")
    print(f"RSS: after warm-up {rss_start / 1024:.1f} MiB, peak {rss_peak / 1024:.1f} MiB, "
          f"end {rss_end / 1024:.1f} MiB")
    print(f"file descriptors: start {fd_start}, end {fd_end}")
    bad = errors or abs(rss_end - rss_start) > 10 * 1024 or fd_end > fd_start
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
