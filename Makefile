# Tiaojie — the two everyday commands are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint i18n clean-venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

## run: open the GUI on the default SQLite file (demo data on first start)
run: $(STAMP)
	$(BIN)/tiaojie gui --demo-if-empty

## test: system packages (root on CI), throwaway PostgreSQL, the whole suite offscreen
test:
	bash .ci/system-deps.sh
	$(MAKE) $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: scale benchmarks (1,000,000 cases); figures go to benchmarks/RESULTS.md
##        BENCH_ARGS="--cases 100000 --startup" measures only start-up
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run --write $(BENCH_ARGS)

## lint: ruff on everything, strict mypy on all of app/
lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/mypy app

## i18n: extract messages, update the catalogs, compile them
i18n: $(STAMP)
	$(BIN)/pybabel extract -F i18n/babel.cfg -k _ -k N_ -k ngettext:1,2 \
	    --no-location --sort-output -o i18n/messages.pot app
	$(BIN)/pybabel update -i i18n/messages.pot -d i18n -D tiaojie --no-fuzzy-matching
	$(BIN)/pybabel compile -d i18n -D tiaojie --statistics

clean-venv:
	rm -rf $(VENV)
