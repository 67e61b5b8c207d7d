# x12flow: two commands on a fresh clone — `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The release build: the reading hot path compiled by mypyc (see setup.py), installed apart.
COMPILED := build/compiled
COMPILED_STAMP := $(COMPILED)/.built
SOURCES := $(shell find edi parsers generators -type f -not -path '*/__pycache__/*')

.PHONY: demo test lint bench compiled wheel clean fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,compiled]'
	touch $(STAMP)

$(COMPILED_STAMP): $(STAMP) setup.py pyproject.toml $(SOURCES)
	@command -v $(CC) >/dev/null || { echo "the compiled build needs a C compiler ($(CC)) and \
	the Python headers; install them (Debian: apt-get install gcc python3-dev)"; exit 2; }
	rm -rf $(COMPILED)
	X12FLOW_COMPILE=1 $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation \
		--target $(COMPILED) .
	touch $(COMPILED_STAMP)

compiled: $(COMPILED_STAMP)

# The release wheel, with the hot path compiled, in dist/.
wheel: $(STAMP)
	X12FLOW_COMPILE=1 $(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation \
		--wheel-dir dist .

demo: $(STAMP)
	$(BIN)/x12flow demo

test: lint $(COMPILED_STAMP)
	$(BIN)/python -m pytest
	@echo "The same suite against the compiled build:"
	X12FLOW_EXPECT_COMPILED=1 PYTHONSAFEPATH=1 PYTHONPATH=$(CURDIR)/$(COMPILED) $(BIN)/python -m pytest \
		--import-mode=append -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check edi parsers generators tests benchmarks setup.py
	$(BIN)/ruff format --check edi parsers generators tests benchmarks setup.py
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: $(STAMP) $(COMPILED_STAMP)
	PYTHONSAFEPATH=1 PYTHONPATH=$(CURDIR)/$(COMPILED):$(CURDIR) $(BIN)/python -m benchmarks.run
	@echo "== benchmarks.parse_835 on the pure-Python build (a source install)"
	$(BIN)/python -m benchmarks.parse_835 --skip-pyx12 --skip-memory

# Mutation fuzzing of every reader and of ingest; report and reproducers in build/fuzz/.
# make fuzz FUZZ_COUNT=5000 FUZZ_SEED=2 FUZZ_TARGETS=validate,ingest FUZZ_MEMORY=1
FUZZ_COUNT ?= 50000
FUZZ_SEED ?= 1
FUZZ_TARGETS ?= all
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) \
		--targets $(FUZZ_TARGETS) $(if $(FUZZ_MEMORY),--memory) $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
