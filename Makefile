# Set-up and the two everyday jobs. Both create .venv and install everything on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE := seeds/taiyuan-party-congress-report-2021.txt
OUT := out

.PHONY: demo test lint venv clean-venv golden fuzz system-deps bench wheel-check

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

venv: $(BIN)/.installed

## make demo: clean the sample document into out/ (text, JSON report, diff, review page)
demo: venv system-deps
	mkdir -p $(OUT)
	$(BIN)/cleaner clean $(SAMPLE) -o $(OUT)/taiyuan.clean.txt --report $(OUT)/taiyuan.report.json \
		--diff $(OUT)/taiyuan.patch --html $(OUT)/taiyuan.review.html
	@echo "wrote $(OUT)/taiyuan.clean.txt, $(OUT)/taiyuan.report.json, $(OUT)/taiyuan.patch, $(OUT)/taiyuan.review.html"
	@$(BIN)/python -c "import json; r=json.load(open('$(OUT)/taiyuan.report.json')); print('edits per rule:', r['stats']['per_rule']); print('suspects:', r['stats']['suspects'])"

## make system-deps: Debian's chromium and CJK fonts (browser tests), Tesseract with Simplified
## Chinese (real-OCR tests) and libime's word trigram (the language model). CI runs as root.
DEBIAN_PACKAGES := chromium fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim libime-data-language-model
system-deps:
	@if ! dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(DEBIAN_PACKAGES); \
	fi

## make test: the linters, then the whole test suite
test: lint system-deps
	$(BIN)/python -m pytest

## make lint: ruff over the tree and mypy --strict over the package and the tests (pyproject.toml)
lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy

## make wheel-check: build the sdist and wheel, install the wheel into a fresh venv outside the
## checkout, clean the sample with it and compare the bytes with the editable install's
wheel-check: venv
	scripts/wheel-check $(PYTHON) $(BIN)/cleaner $(SAMPLE)

## make golden: rewrite the sample's golden files after a deliberate change (review the diff!)
golden: venv
	$(BIN)/python tests/helpers/make_golden.py

clean-venv:
	rm -rf $(VENV)

## make fuzz: run the atheris fuzzers of the decoder and the engine (FUZZ_SECONDS each)
FUZZ_SECONDS ?= 60
fuzz: venv
	$(BIN)/pip install --quiet atheris
	cd fuzz && ../$(BIN)/python fuzz_decode.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096
	cd fuzz && ../$(BIN)/python fuzz_engine.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096

## make bench: throughput, peak memory and the 2-job speed-up (the table in README.md)
bench: venv
	$(BIN)/python benchmarks/batch_throughput.py
