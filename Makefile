# The README's commands: `make proposal` builds the sample, `make test` runs the tests.
# Both set up what they need first: a virtual environment with the package in .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := samples/power-semiconductor

.PHONY: proposal test stress wheel-check check schema template readme clean lint setup bench system-deps

setup: $(STAMP)

$(STAMP): pyproject.toml
	PYTHON=$(PYTHON) bash scripts/setup-venv.sh

system-deps:
	bash scripts/system-deps.sh

proposal: $(STAMP) system-deps
	$(BIN)/proposal-kit build $(SAMPLE) -o build

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -m "not stress"

# The slow LibreOffice stress tests (eight builds at once, builds killed midway); .ci/run runs them too.
stress: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -m stress

# The package as a user installs it: a wheel in a fresh venv outside the checkout builds the sample.
wheel-check: $(STAMP) system-deps
	bash scripts/wheel-check.sh

check: $(STAMP)
	$(BIN)/proposal-kit check $(SAMPLE)

lint: $(STAMP)
	$(BIN)/ruff check proposal_kit tests bench samples templates scripts
	$(BIN)/ruff format --check proposal_kit tests bench samples templates scripts

readme: $(STAMP)
	$(BIN)/python scripts/readme_codes.py

template: $(STAMP)
	$(BIN)/python templates/make_template.py

schema: $(STAMP)
	$(BIN)/proposal-kit schema --output schemas/proposal.schema.json

clean:
	rm -rf build .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

bench: $(STAMP)
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_large.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_word.py
	$(BIN)/python bench/bench_speed.py
