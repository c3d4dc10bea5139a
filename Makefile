# certledger: `make demo` runs the full demo on the embedded store; `make test` runs lint, types
# and every test tier. Both create the virtual environment on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint types pytest bench serve clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "certledger needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

demo: install
	$(BIN)/certledger demo

test: lint types pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy domain projections api jury tests benchmarks scripts

pytest: install
	$(BIN)/pytest

bench: install
	$(BIN)/python -m benchmarks

serve: install
	$(BIN)/certledger serve

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
