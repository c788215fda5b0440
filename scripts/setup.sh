#!/usr/bin/env bash
# Installs what building and testing Newslens needs on a bare Debian machine (run as root, or
# with rights to install). Idempotent and quick when everything is already there.
set -euo pipefail

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

command -v cargo >/dev/null || { echo "setup: cargo not found: install Rust with rustup first" >&2; exit 1; }

if command -v rustup >/dev/null; then
  installed=$(rustup target list --installed)
  if ! grep -qx wasm32-unknown-unknown <<<"$installed"; then
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

command -v python3 >/dev/null || { say "installing python3"; apt-get update -qq && apt-get install -y -qq python3; }
say "ok"
