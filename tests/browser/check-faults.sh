#!/usr/bin/env bash
# Proves that the accessibility checks fail when they should. The fixture site
# tests/browser/fixtures/faults has faults planted on purpose:
#   - an image without alt text, a skipped heading level, faint text and a box
#     too wide for a small screen, which the browser suite (tests/browser/run.mjs)
#     must report;
#   - a low-contrast brand colour, which the build itself must refuse.
# Exits non-zero if any fault was missed.
# Usage: tests/browser/check-faults.sh    (from any directory)
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts/browser-deps

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plainly=(cargo run --quiet --)

"${plainly[@]}" -q --root tests/browser/fixtures/faults build --output "$tmp/site"
node tests/browser/run.mjs "$tmp/site" --expect-violations image-alt,heading-order,color-contrast,reflow,text-spacing

# A brand colour below the contrast the theme needs: the build must fail, naming it.
cp -r tests/browser/fixtures/faults "$tmp/brand"
printf 'brand:\n  primary_colour: "#8ab4e0"\n' >> "$tmp/brand/site.yaml"
if "${plainly[@]}" --color never --root "$tmp/brand" build --output "$tmp/brand-site" 2> "$tmp/brand.err"; then
  echo "check-faults: a low-contrast brand colour was not refused" >&2
  exit 1
fi
if ! grep -q "error\[brand-contrast\]: brand.primary_colour #8ab4e0 gives a contrast of" "$tmp/brand.err"; then
  echo "check-faults: the low-contrast brand colour was refused for another reason:" >&2
  cat "$tmp/brand.err" >&2
  exit 1
fi
echo "Low-contrast brand colour refused by the build: $(grep -m1 'brand-contrast' "$tmp/brand.err")"
