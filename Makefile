# Set-up and the two everyday jobs. Both create .venv and install everything on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE := seeds/taiyuan-party-congress-report-2021.txt
OUT := out

.PHONY: demo test venv clean-venv golden bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

venv: $(BIN)/.installed

## make demo: clean the sample document into out/ (text, JSON report, diff)
demo: venv
	mkdir -p $(OUT)
	$(BIN)/cleaner clean $(SAMPLE) -o $(OUT)/taiyuan.clean.txt --report $(OUT)/taiyuan.report.json --diff $(OUT)/taiyuan.patch
	@echo "wrote $(OUT)/taiyuan.clean.txt, $(OUT)/taiyuan.report.json, $(OUT)/taiyuan.patch"
	@$(BIN)/python -c "import json; r=json.load(open('$(OUT)/taiyuan.report.json')); print('edits per rule:', r['stats']['per_rule']); print('suspects:', r['stats']['suspects'])"

## make test: the whole test suite
test: venv
	$(BIN)/python -m pytest

## make golden: rewrite the sample's golden files after a deliberate change (review the diff!)
golden: venv
	$(BIN)/python tests/make_golden.py

clean-venv:
	rm -rf $(VENV)

## make bench: throughput, peak memory and the 2-job speed-up (the table in README.md)
bench: venv
	$(BIN)/python benchmarks/batch_throughput.py
