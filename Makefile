# Newslens. The two commands that matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
CORPUS ?= $(abspath ../shared/corpus)
export NEWSLENS_CORPUS ?= $(CORPUS)

.PHONY: help setup setup-browsers build extension www serve run test test-native test-wasm test-e2e test-www lint bench fuzz cargo-fuzz screenshots clean
WASM_PKG := target/wasm-pkg

help:
	@echo "make run    set up, build, clean the bundled samples into out/"
	@echo "make test   set up and run every check (fmt, clippy host+wasm32, unit, corpus, hostile input, wasm in Chromium and Firefox)"
	@echo "make bench  benchmarks (native, scaling, glossary, wasm size, Chromium vs Readability, peak memory): target/bench/report.md"
	@echo "make extension / make www / make serve   the browser extension / the playground (dist/)"
	@echo "make fuzz         a long property-based run (tests/properties.rs, FUZZ_CASES)"
	@echo "make cargo-fuzz   coverage-guided fuzzing with cargo fuzz (fuzz/), FUZZ_SECONDS per target; crashes in fuzz/artifacts/"
	@echo "make screenshots  before/after screenshots of three corpus pages (docs/screenshots/)"

setup:
	@scripts/setup.sh

setup-browsers:
	@scripts/setup.sh --browsers

build: setup
	cargo build --release --locked

# The browser extension, for Chromium and Firefox (and the test builds): dist/ (see README).
extension: setup
	cargo build --locked --lib --release --target wasm32-unknown-unknown --no-default-features
	wasm-bindgen --target web --out-dir $(WASM_PKG) --out-name newslens \
	  --remove-name-section --remove-producers-section --experimental-reset-state-function \
	  target/wasm32-unknown-unknown/release/newslens.wasm
	python3 scripts/build-extension.py --pkg $(WASM_PKG) --out dist

# The playground (www/): a static site in dist/www/ made of the extension's wasm package,
# applier.js and ui.js.
www: extension
	python3 scripts/build-www.py --pkg $(WASM_PKG) --out dist/www

# Serves dist/www on http://127.0.0.1:8080/ (PORT=… to change).
serve: www
	@python3 scripts/serve.py --dir dist/www

run: build extension
	@scripts/run-samples.sh

lint: setup
	cargo fmt --all -- --check
	cargo fmt --manifest-path fuzz/Cargo.toml -- --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --lib --tests --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --locked --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings


# Every test target (a new tests/*.rs runs without being listed here); the corpus test again
# with its per-page table printed. BLESS=1 rewrites the corpus goldens (tests/golden/).
test-native: setup
	cargo test --locked --lib --bins --tests --examples -- --skip corpus_keeps_article_text
	cargo test --locked --doc
	cargo test --locked --test corpus -- --nocapture

# The engine compiled to wasm, in headless Chromium and Firefox (tests/web.rs).
test-wasm: setup-browsers
	wasm-pack test --headless --chrome --firefox

# The release builds of the extension in real headless Chromium and Firefox, and the store linter.
test-e2e: setup-browsers extension
	node tests/e2e/lint.mjs
	node tests/e2e/chromium.mjs
	node tests/e2e/firefox.mjs
	node tests/e2e/settings-unit.mjs
	node tests/e2e/options-chromium.mjs
	node tests/e2e/options-firefox.mjs
	node tests/e2e/selectors.mjs
	node tests/e2e/pick-chromium.mjs
	node tests/e2e/pick-firefox.mjs

# The playground in real headless Chromium and Firefox.
test-www: setup-browsers www
	node tests/e2e/www-chromium.mjs
	node tests/e2e/www-firefox.mjs

test: lint extension test-native test-wasm test-e2e test-www

# Benchmarks, side by side (no thresholds): native criterion (parse / analyze / clean over the
# corpus, scaling, glossary size), wasm size, Chromium (wasm analyze vs Readability.js), peak
# memory of the CLI on 20 MB. Ends with the `bench:` line; tables and plots in target/bench/.
bench: setup-browsers build extension
	cargo bench --locked --bench analyze --bench glossary --bench scaling
	node benches/browser/run.mjs
	@python3 scripts/bench-report.py

# A long property-based fuzz run (tests/properties.rs, proptest on stable; make test runs 1,500
# cases with a fixed seed). FUZZ_CASES and FUZZ_SEED to change.
FUZZ_CASES ?= 100000
fuzz: setup
	NEWSLENS_FUZZ_CASES=$(FUZZ_CASES) $(if $(FUZZ_SEED),NEWSLENS_FUZZ_SEED=$(FUZZ_SEED)) cargo test --locked --release --test properties generated_pages -- --nocapture

# Coverage-guided fuzzing (cargo fuzz, libFuzzer; not part of make test): each target in fuzz/
# for FUZZ_SECONDS, nightly with AddressSanitizer where installed, else stable without a
# sanitizer; installs cargo-fuzz if missing. Crashes in fuzz/artifacts/ (scripts/cargo-fuzz.sh).
FUZZ_SECONDS ?= 60
cargo-fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/cargo-fuzz.sh

# Before/after screenshots for the docs (docs/screenshots/); not part of make test.
screenshots: setup-browsers extension
	node scripts/screenshots.mjs

clean:
	cargo clean
	rm -rf out dist
