# accord — run `make help` for the targets.
PYTHON ?= python3
SHARED ?= ../shared

.DEFAULT_GOAL := help
.PHONY: help install build test test-python test-rust lint stubtest eval ner-eval bench sample fuzz train tables pgo

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

install: ## install accord (release build) with the test extras
	$(PYTHON) -m pip install '.[test]'

build: ## build the wheel into dist/ (through build_backend/, so with the PGO profile, as pip install does)
	$(PYTHON) -m pip wheel --no-deps -w dist .

test: test-python test-rust ## the README's test command, then the Rust core's own tests

test-python: ## install with test extras and run pytest (the README's test command)
	$(PYTHON) -m pip install '.[test]' && $(PYTHON) -m pytest

test-rust: ## cargo tests of the core with its Arrow and Parquet output (no interpreter needed)
	cargo test --tests --features arrow

lint: ## rustfmt, clippy, ruff and mypy
	cargo fmt --check
	cargo clippy --all-targets --features python -- -D warnings
	$(PYTHON) -m ruff check python tests scripts benches build_backend
	$(PYTHON) -m mypy python/accord

stubtest: ## check python/accord/_accord.pyi against the built module
	$(PYTHON) -m mypy.stubtest accord._accord

sample: ## run the main job on the bundled sample
	accord extract

eval: ## export the seeds and score them against the gold in ../shared
	accord extract $(SHARED)/seeds -o /tmp/accord-seeds.jsonl --no-progress
	$(PYTHON) $(SHARED)/eval/score.py --gold $(SHARED)/eval/gold/seeds.json --pred /tmp/accord-seeds.jsonl

ner-eval: ## PER/ORG/LOC on the public NER test sets in ../shared/eval/ner
	$(PYTHON) $(SHARED)/eval/ner_eval.py $(SHARED)/eval/ner/uner-en-pud/en_pud-ud-test.iob2
	$(PYTHON) $(SHARED)/eval/ner_eval.py $(SHARED)/eval/ner/idner-news-2k/test.txt
	$(PYTHON) $(SHARED)/eval/ner_eval.py $(SHARED)/eval/ner/nergrit/test_preprocess.txt

train: ## retrain the NER models and the case lists from ../shared/train/ner into data/ner (deterministic, ~1 min)
	cargo run --release --bin accord-train -- train --data $(SHARED)/train/ner --out data/ner --with-dev
	$(PYTHON) scripts/make_truecase.py --data $(SHARED)/train/ner

tables: ## derive the prebuilt start-up tables (data/prebuilt) from the data files again, after editing any of them
	cargo run --release --bin accord-tables -- data/prebuilt

pgo: ## re-record the profile release builds are optimised with (pgo/accord.profdata; needs llvm-profdata >= 19)
	SHARED=$(SHARED) PYTHON=$(PYTHON) bash scripts/pgo.sh

FUZZ_SECONDS ?= 300
fuzz: ## fuzz the core parse of bytes: cargo fuzz (libFuzzer) when installed, then the stable random-input test
	@if command -v cargo-fuzz >/dev/null 2>&1; then \
		RUSTC_BOOTSTRAP=1 cargo fuzz run parse_bytes -- -max_total_time=$(FUZZ_SECONDS) -max_len=8192; \
	else echo "cargo-fuzz not installed (cargo install cargo-fuzz); running the stable fuzz test only"; fi
	ACCORD_FUZZ_CASES=50000 cargo test --release --test robustness

bench: ## benchmarks (timings live here, never in tests): the Rust core alone, the tagger on distinct text, then the whole package against spaCy
	cargo bench --bench core
	cargo bench --bench tagger
	$(PYTHON) benches/bench_throughput.py
