#!/usr/bin/env bash
# Proves that the accessibility checks fail when they should. The fixture site
# tests/browser/fixtures/faults has faults planted on purpose:
#   - an image without alt text, a skipped heading level, faint text and a box
#     too wide for a small screen, which the browser suite (tests/browser/run.mjs)
#     must report;
#   - a low-contrast brand colour, which the build itself must refuse.
# And tests/browser/fixtures/audit-faults, laid over a copy of fixtures/audit, plants a
# fault for each check the hand audit asked for (see its README.md).
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

# The audit's faults: unreachable scrolling code, a needless tab stop, reflow at large
# fonts, forced colours, print, a heading's link in its name, a title without its lang,
# flattened single-page headings and a long way to the content.
cp -r tests/browser/fixtures/audit "$tmp/audit"
cp -r tests/browser/fixtures/audit-faults/. "$tmp/audit/"
rm "$tmp/audit/README.md"
"${plainly[@]}" -q --root "$tmp/audit" build --output "$tmp/audit-site"
node tests/browser/run.mjs "$tmp/audit-site" --expect-violations \
  scrollable-region,needless-tab-stop,reflow-large-font,forced-colours,print,heading-name,lang-of-parts,heading-levels,tab-stops

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
