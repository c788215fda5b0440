# Newslens. The two commands that matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
CORPUS ?= $(abspath ../shared/corpus)
export NEWSLENS_CORPUS ?= $(CORPUS)

.PHONY: help setup build run test test-native check-wasm lint bench clean

help:
	@echo "make run    set up, build, clean the bundled samples into out/"
	@echo "make test   set up and run every check (fmt, clippy host+wasm32, unit, corpus, hostile input)"
	@echo "make bench  criterion benchmark over the corpus, with ratios to a bare parse"

setup:
	@scripts/setup.sh

build: setup
	cargo build --release --locked

run: build
	@scripts/run-samples.sh

lint: setup
	cargo fmt --all -- --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --lib --target wasm32-unknown-unknown -- -D warnings

check-wasm: setup
	cargo build --locked --lib --release --target wasm32-unknown-unknown

test-native: setup
	cargo test --locked --lib --bins --examples
	cargo test --locked --doc
	cargo test --locked --test seed --test samples --test hostile --test cli
	cargo test --locked --test corpus -- --nocapture

test: lint check-wasm test-native

bench: setup
	cargo bench --locked --bench analyze --bench glossary
	@python3 scripts/bench-ratios.py

clean:
	cargo clean
	rm -rf out dist
