# Prospect KPI. `make serve` runs the page on http://127.0.0.1:8080; `make test` runs
# every check CI runs. Both install what is missing first, and skip what is there.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

TRUNK_VERSION := 0.21.14
BINARYEN_VERSION := 132
# wasm-bindgen-cli must equal the wasm-bindgen crate of Cargo.lock.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
WASM := --target wasm32-unknown-unknown
# The wasm features wasm-opt may use, as index.html gives them to Trunk's wasm-opt.
WASM_OPT_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
# The runner gives the whole suite 20 s by default; it takes about 11 on a quiet
# 2-core machine, and a busy one (a build beside it) went past 20: the run failed.
export WASM_BINDGEN_TEST_TIMEOUT ?= 180
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test build bench tools tools-test fmt-check clippy test-native test-core \
        test-browser trunk-build size test-e2e e2e-deps bench-browser profile-browser size-breakdown fuzz

## The page, rebuilt on change, on http://127.0.0.1:8080.
serve: tools
	trunk serve --address 127.0.0.1 --port 8080

## Every check, as CI runs it.
test: tools-test fmt-check clippy test-native test-core test-browser trunk-build size test-e2e

## The release build of the page into dist/.
build: tools trunk-build

## The native import benchmark (figures and ratios on stdout).
bench:
	cargo bench --bench import

## The browser benchmark: our WASM import against PapaParse and uDSV and native Rust
## on a ~100 MB lead file, interaction timings, first-load size and time.
bench-browser: tools trunk-build
	cargo bench --bench import -- --generate-only
	cargo build --release $(WASM) -p bench-import-worker
	wasm-bindgen --target web --out-dir target/bench-worker target/wasm32-unknown-unknown/release/bench_import_worker.wasm
	wasm-opt $(WASM_OPT_FEATURES) -Oz target/bench-worker/bench_import_worker_bg.wasm -o target/bench-worker/bench_import_worker_bg.wasm
	cd benches/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	node benches/browser/run.js

## Where the page spends its time (SCENARIO = sort, regroup, keystroke, paste or import):
## a CPU profile by function, on a release build that keeps the wasm's names
## (target/profdist); TRACE=1 adds the browser's own work (style, layout, paint).
SCENARIO ?= sort
profile-browser: tools
	cargo bench --bench import -- --generate-only
	sed 's/data-wasm-opt-params="/data-keep-debug data-wasm-opt-params="-g /' index.html > profile.html
	trunk build --release --offline --dist target/profdist profile.html; status=$$?; rm -f profile.html; exit $$status
	cd benches/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	node benches/browser/profile.js $(SCENARIO)

## What each part of the page costs in its wasm (twiggy, installed if missing).
SIZE_BIN ?= prospect-kpi-web
# The full page is built with its own cargo profile (Cargo.toml, `app`).
SIZE_PROFILE ?= $(if $(filter prospect-kpi-app,$(SIZE_BIN)),app,release)
size-breakdown: tools trunk-build
	@command -v twiggy >/dev/null || cargo install twiggy --locked
	wasm-bindgen --target web --out-dir target/size target/wasm32-unknown-unknown/$(SIZE_PROFILE)/$(SIZE_BIN).wasm
	wasm-opt $(WASM_OPT_FEATURES) -Oz -g target/size/$(SIZE_BIN)_bg.wasm -o target/size/named.wasm
	twiggy top -n 1000000 --format csv target/size/named.wasm > target/size/top.csv
	python3 scripts/wasm-breakdown.py target/size/top.csv

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -q "$(TRUNK_VERSION)" \
	  || cargo install trunk --version $(TRUNK_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@wasm-opt --version 2>/dev/null | grep -q "version $(BINARYEN_VERSION)" \
	  || npm install -g binaryen@$(BINARYEN_VERSION)

tools-test: tools
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	  || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; }
	@command -v rustfmt >/dev/null || rustup component add rustfmt
	@command -v cargo-clippy >/dev/null || rustup component add clippy

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --all-targets --features web -- -D warnings
	cargo clippy $(WASM) --workspace --all-targets --features web -- -D warnings
	cargo clippy $(WASM) --lib --bins --no-default-features --features web -- -D warnings
	@# The fuzz targets (their own workspace) must keep compiling: checked without
	@# libFuzzer, on the main lock's versions.
	test -f fuzz/Cargo.lock || cp Cargo.lock fuzz/Cargo.lock
	cargo clippy --manifest-path fuzz/Cargo.toml --bins --no-default-features -- -D warnings

test-native:
	cargo test --workspace
	cargo test --features web --lib web::

## The KPI core alone (crates/core): no web crate in its tree, it builds for wasm32,
## and its tests pass without the legacy encodings too.
test-core:
	@if cargo tree -p prospect-kpi-core -e normal --prefix none | grep -E '^(yew|web-sys|js-sys|gloo|wasm-bindgen) '; then \
	  echo "the core depends on a web crate" >&2; exit 1; fi
	cargo build -p prospect-kpi-core $(WASM)
	cargo test -p prospect-kpi-core --no-default-features

test-browser:
	cargo test $(WASM) --no-default-features --features web --test web

trunk-build:
	trunk build --release --offline

e2e-deps:
	cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

## End-to-end tests of the release build in dist/, in Debian's Chromium; screenshots
## land in tests/e2e/screenshots/.
test-e2e: e2e-deps
	cd tests/e2e && npx playwright test

## Coverage-guided fuzzing (not part of `make test`): the importer, the URL-state
## decoder and the workbook reader, FUZZ_SECONDS each (default 600). Needs the
## nightly toolchain.
FUZZ_SECONDS ?= 600
fuzz:
	@cargo +nightly fuzz --version >/dev/null 2>&1 || cargo +nightly install cargo-fuzz --locked
	mkdir -p fuzz/corpus/import && cp tests/fixtures/*.csv tests/fixtures/*.tsv fuzz/corpus/import/
	cd fuzz && cargo +nightly fuzz run -O import -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096
	cd fuzz && cargo +nightly fuzz run -O url_state -- -max_total_time=$(FUZZ_SECONDS)
	mkdir -p fuzz/corpus/workbook && cp tests/fixtures/workbooks/*.x* tests/fixtures/workbooks/*.ods tests/fixtures/workbooks/hostile/* fuzz/corpus/workbook/
	cd fuzz && cargo +nightly fuzz run -O workbook -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096

## The gzipped size of what the page loads.
size:
	@total=0; for f in dist/index.html dist/loader.js dist/guard.js dist/full-page.js dist/prospect-kpi-web-*.js dist/prospect-kpi-web-*_bg.wasm dist/style-*.css; do \
	  n=$$(gzip -9c "$$f" | wc -c); total=$$((total + n)); printf '%8d  %s\n' "$$n" "$$f"; done; \
	  printf '%8d  total gzipped bytes of the first load (the light page; budget 200,000)\n' "$$total"; \
	  test "$$total" -le 200000
	@n=0; for f in dist/prospect-kpi-app* dist/share.js; do n=$$((n + $$(gzip -9c "$$f" | wc -c))); done; \
	  printf '%8d  gzipped bytes of the full page (import, results), loaded when the user comes to the import\n' "$$n"
	@n=0; for f in dist/prospect-kpi-workbook*; do n=$$((n + $$(gzip -9c "$$f" | wc -c))); done; \
	  printf '%8d  gzipped bytes of the workbook reader, loaded only when a workbook is opened\n' "$$n"
	@n=0; for f in dist/prospect-kpi-xlsx*; do n=$$((n + $$(gzip -9c "$$f" | wc -c))); done; \
	  printf '%8d  gzipped bytes of the .xlsx writer, loaded only on an .xlsx export\n' "$$n"
	@n=0; for f in dist/prospect-kpi-import* dist/import-worker.js; do n=$$((n + $$(gzip -9c "$$f" | wc -c))); done; \
	  printf '%8d  gzipped bytes of the import worker, loaded only for a large lead file\n' "$$n"
	@n=$$(wc -c < static/embed.js); printf '%8d  bytes of static/embed.js (budget 2048)\n' "$$n"; test "$$n" -lt 2048
