# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make demo   installs ldcat into .venv and converts the bundled examples into output/
#   make test   installs the test tools and runs lint + the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint fuzz clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/ldcat convert examples/records.jsonl -o output/ -f turtle -f jsonld -f nt -f nq

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy --strict src

test: lint
	$(BIN)/pytest

# The long fuzz profile (issue 11): LDCAT_FUZZ_EXAMPLES cases per property, new random ones each run.
fuzz: $(VENV)/.installed-test
	LDCAT_FUZZ_EXAMPLES=$${LDCAT_FUZZ_EXAMPLES:-100000} $(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
