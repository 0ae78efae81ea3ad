#!/usr/bin/env bash
# Cuts the geist package's variable fonts to Latin for app/fonts (issue 13: the full fonts
# cost 141 KB on every page). Needs fontTools with brotli (Debian: apt-get install
# python3-fonttools python3-brotli). Keep UNICODES in step with the unicode-range in app/fonts/geist.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
UNICODES="U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212,U+2215,U+2500,U+2713,U+FEFF,U+FFFD"
PYTHON="${PYTHON:-/usr/bin/python3}"
subset() {
  "$PYTHON" -m fontTools.subset "node_modules/geist/dist/fonts/$1" --unicodes="$UNICODES" --layout-features+=tnum,zero --flavor=woff2 --output-file="app/fonts/$2"
  echo "app/fonts/$2: $(wc -c < "app/fonts/$2") bytes"
}
subset geist-sans/Geist-Variable.woff2 GeistSans-Latin.woff2
subset geist-mono/GeistMono-Variable.woff2 GeistMono-Latin.woff2
