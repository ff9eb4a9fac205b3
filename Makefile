# gc: set-up, demo and tests. Every target creates the virtual environment when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := examples/aws/ApiGatewayV2/http-lambda

.PHONY: install demo test test-all bench clean

$(BIN)/gc: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/gc

install: $(BIN)/gc

# Deploy the http-lambda example to the embedded emulator, then list what is live.
demo: install
	$(BIN)/gc --local -C $(EXAMPLE) apply -f
	$(BIN)/gc --local -C $(EXAMPLE) list

# The default run leaves out the long reliability runs (marked slow); test-all runs everything.
# One pytest worker per core (pytest-xdist): each worker has its own moto worlds and emulators.
test: install
	$(BIN)/python -m pytest -q -n auto -m "not slow"

test-all: install
	$(BIN)/python -m pytest -q -n auto

# gc, the fewest-calls floor and Terraform (when installed) side by side on the same emulator:
# writes BENCHMARKS.md, bench/results/results.json and the plot. About 15 minutes.
bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
