# seggraph developer commands. Everything runs in ./.venv, created on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE := high-value customers on the West Coast who bought electronics in the last 90 days

.PHONY: install demo test eval bench bench-models bench-scale load serve down clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first, pinned: the local CPU build (an unpinned torch pulls a multi-GB CUDA build)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: install
	$(BIN)/seggraph setup
	$(BIN)/seggraph run "$(EXAMPLE)"

test: install
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/seggraph eval ../shared/eval/dev.jsonl --out report.json

bench: install
	$(BIN)/python -m eval.bench
	# the scale section at 50,000 customers (both engines; make bench-scale adds 1,000,000)
	$(BIN)/python -m eval.bench_engines --sizes 50000

# the model strategies against a stub chat model at 200 ms per call (docs/benchmarks.md)
bench-models: install
	$(BIN)/python -m eval.bench_models

# audiences at 50,000 and 1,000,000 customers on DuckDB and PostgreSQL (docs/benchmarks.md);
# the samples are loaded once into .bench-data/ (~15 GB) and kept for the next run
bench-scale: install
	$(BIN)/python -m eval.bench_engines --sizes 50000 1000000

# the server's load benchmark (docs/benchmarks.md): 50 threads x 3 turns, one and two
# processes in both durability modes and langgraph dev, closed loop and users; ~6 minutes
load: install
	$(BIN)/python -m eval.loadbench

serve: install
	$(BIN)/seggraph serve

down:
	$(BIN)/seggraph down

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
