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

# The test tools: Python's, and an independent LDES client from npm (tests/ldes) that replays the change feed.
$(VENV)/.installed-test: $(VENV)/.installed tests/ldes/package-lock.json
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --prefix tests/ldes --no-audit --no-fund --silent
	touch $@

demo: $(VENV)/.installed
	$(BIN)/ldcat convert examples/records.jsonl -o output/ -f turtle -f jsonld -f nt -f nq

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy --strict src

test: lint
	$(BIN)/pytest

# The long fuzz profile (issue 11): LDCAT_FUZZ_EXAMPLES cases in all, shared by the properties; new random ones each run.
# Two processes, one a core, of about equal work: whole records (mutated, and through the CLI) and the rest.
FUZZ_RUN = $(BIN)/pytest -q -p no:cacheprovider --hypothesis-show-statistics tests/test_fuzz.py
fuzz: $(VENV)/.installed-test
	@set -e; export LDCAT_FUZZ_EXAMPLES=$${LDCAT_FUZZ_EXAMPLES:-100000}; \
	$(FUZZ_RUN) -k "mutated_records or cli_exit_codes" > fuzz-1.log 2>&1 & one=$$!; \
	$(FUZZ_RUN) -k "not_records or damaged_pages" > fuzz-2.log 2>&1 & two=$$!; \
	status=0; wait $$one || status=1; wait $$two || status=1; tail -n 3 fuzz-1.log fuzz-2.log; exit $$status

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
