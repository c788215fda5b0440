#!/usr/bin/env bash
# `make run`: cleans the bundled sample pages into out/ and says what was done.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/newslens
mkdir -p out
for page in data/samples/*.html; do
  name=$(basename "$page" .html)
  "$bin" clean "$page" -o "out/$name.html" --report "out/$name.report.json" --summary
  echo
done
echo "Cleaned pages and JSON reports are in $(pwd)/out/ (open out/*.html in a browser)."
