#!/usr/bin/env bash
# Times `plainly build` (release binary) on the example site and on generated sites.
# Usage: bench/build-time.sh [PAGES...]   (default: 1000)
# Each build starts from a removed output folder; prints the median of 5 runs, in ms,
# with peak memory. Corpus: ../shared/bench/gen_corpus.py (deterministic).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
work=${BENCH_DIR:-/tmp/plainly-bench}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
cargo build --release --quiet
bin=$PWD/target/release/plainly

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

time_site() { # name root
  local name=$1 root=$2 walls=() mems=()
  for _ in $(seq $runs); do
    rm -rf "$root/output"
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/time.txt" "$bin" -q --root "$root" build >/dev/null
    end=$(date +%s%N)
    walls+=("$(( (end - start) / 1000000 ))"); mems+=("$(cat "$work/time.txt")")
  done
  local w m
  w=$(printf '%s\n' "${walls[@]}" | median)
  m=$(printf '%s\n' "${mems[@]}" | median)
  printf '%-24s median wall %6d ms   peak %6d MiB   (%d runs)\n' "$name" "$w" "$((m / 1024))" "$runs"
}

mkdir -p "$work"
rm -rf "$work/example" && mkdir -p "$work/example"
cp -r site.yaml content static "$work/example/"
time_site "example site" "$work/example"
for pages in "${@:-1000}"; do
  site="$work/site-$pages"
  if [ ! -f "$site/site.yaml" ]; then
    rm -rf "$site" && mkdir -p "$site"
    python3 "$gen" --pages "$pages" --out "$site/content" --images "$site/static/images" >/dev/null 2>&1
    rm -f "$site/content/_corpus.json"
    printf 'title: Benchmark\nbase_url: https://example.org/\n' > "$site/site.yaml"
  fi
  time_site "generated $pages pages" "$site"
done
