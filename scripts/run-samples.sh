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
if [[ -f dist/newslens-chromium.zip && -f dist/newslens-firefox.zip ]]; then
  cat <<EOF

The browser extension is built:
  $(pwd)/dist/newslens-chromium.zip   (unpacked: dist/chromium/)
  $(pwd)/dist/newslens-firefox.zip    (unpacked: dist/firefox/)
Load it:
  Chromium/Chrome/Edge: open chrome://extensions, turn on Developer mode, "Load unpacked",
                        choose $(pwd)/dist/chromium
  Firefox:              open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…",
                        choose $(pwd)/dist/newslens-firefox.zip
Then open a news article and click the Newslens button (or press Alt+Shift+L); click again to undo.
EOF
fi
