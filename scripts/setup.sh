#!/usr/bin/env bash
# Installs what building and testing Newslens needs on a bare Debian machine (run as root, or
# with rights to install). Idempotent and quick when everything is already there.
#   scripts/setup.sh             Rust: the wasm32 target, clippy, rustfmt, wasm-bindgen-cli
#                                (enough for `make run`, which builds the extension)
#   scripts/setup.sh --browsers  also the browser test tools: Chromium + chromedriver, Firefox ESR
#                                + geckodriver, wasm-pack, a CJK font, and the npm packages of
#                                package.json (Playwright, Selenium, addons-linter) for `make test`
# npm's wasm-pack and geckodriver download binaries at install time, which fails here: both are
# built from crates.io instead (several minutes each, once).
set -euo pipefail

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
WASM_BINDGEN_VERSION=0.2.130 # must match the `wasm-bindgen = "=…"` pin in Cargo.toml
GECKODRIVER_VERSION=0.37.1

cd "$(dirname "$0")/.."
command -v cargo >/dev/null || { echo "setup: cargo not found: install Rust with rustup first" >&2; exit 1; }

if command -v rustup >/dev/null; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  components=$(rustup component list --installed)
  for c in clippy rustfmt; do
    if ! grep -q "^$c" <<<"$components"; then
      say "adding rustup component $c"
      rustup component add "$c"
    fi
  done
else
  echo "setup: rustup not found: the wasm32 target and clippy/rustfmt must be installed by hand" >&2
fi

apt_install() {
  say "installing $* (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

command -v python3 >/dev/null || apt_install python3

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install, several minutes)"
  # Not --locked: with its lock file this version fails to build (see shared/TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [[ "${1:-}" == "--browsers" ]]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing+=(firefox-esr)
  fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || missing+=(fonts-wqy-microhei) # Chinese in screenshots
  # Firefox shows an extension's zh_CN strings only with its Chinese language pack (e2e locale test).
  dpkg -s firefox-esr-l10n-zh-cn >/dev/null 2>&1 || missing+=(firefox-esr-l10n-zh-cn)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  if ! command -v wasm-pack >/dev/null; then
    say "building wasm-pack (cargo install, several minutes)"
    cargo install wasm-pack --locked
  fi
  if ! command -v geckodriver >/dev/null; then
    say "building geckodriver $GECKODRIVER_VERSION (cargo install, several minutes)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION"
  fi
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
  # Playwright drives the system Chromium (its own browser download is not reachable here).
  if ! cmp -s package-lock.json node_modules/.newslens-lock 2>/dev/null; then
    say "installing npm packages (playwright-core, selenium-webdriver, addons-linter)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.newslens-lock
  fi
fi
say "ok"
