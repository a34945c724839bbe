# Orienta's commands. `make help` lists them; README.md explains them.
# Two are all a newcomer needs: `make run` and `make test`.

SHELL := /bin/bash
# Any failing command fails its target (and so `make test`).
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
TRAINING_DATA := data/nlu data/rules data/stories
WIDGET_JS := widget/dist/widget.js
CHARTS_JS := bot/console/static/charts.js
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help venv lock run train widget lint format validate unit stories e2e faults test-scale test bench-scale import-ads contract bench audit clean

help: ## list the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

venv: ## create .venv with exactly what requirements.lock pins (cached by its hash)
	@scripts/venv.sh

lock: venv ## re-resolve requirements.in into requirements.lock
	$(VENV)/bin/pip-compile --quiet --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock requirements.in

train: venv ## train the Rasa model if config, domain or data changed
	@$(PY) scripts/train.py

run: venv train widget ## start Rasa, the action server and the gateway; prints the URL to open
	@exec $(PY) -m bot.launcher

widget: $(WIDGET_JS) $(CHARTS_JS) ## build the embeddable web chat widget (pinned npm packages) if its sources changed

# npm ci only when the lock changed; the build only when a source did.
widget/node_modules/.package-lock.json: widget/package.json widget/package-lock.json
	@command -v npm >/dev/null 2>&1 || scripts/system-packages.sh
	cd widget && npm ci --no-audit --no-fund --silent

$(WIDGET_JS) $(CHARTS_JS) &: widget/node_modules/.package-lock.json widget/build.mjs $(wildcard widget/src/*.js)
	cd widget && node build.mjs

lint: venv ## ruff (lint, formatting) and mypy (types of bot/, actions/, nlu/)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: venv ## ruff: fix what can be fixed and reformat
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

validate: venv ## check domain, training data and stories for mistakes
	$(RASA) data validate --fail-on-warnings --config config.yml --domain domain.yml --data $(TRAINING_DATA)

unit: venv ## unit tests (offline, no Rasa server), fuzz tests included; some on a real PostgreSQL too
	@scripts/system-packages.sh
	$(PY) -m pytest tests --ignore=tests/e2e --ignore=tests/faults --ignore=tests/scale

stories: venv train ## Rasa test stories (tests/stories/): NLU and dialogue, failing on any wrong prediction
	$(RASA) test core --e2e --model models --stories tests/stories --fail-on-prediction-errors --out results

e2e: venv train widget ## end-to-end tests: the real processes on free ports, real clients, headless Chromium
	@scripts/system-packages.sh
	$(PY) -m pytest tests/e2e

faults: venv train widget ## fault suite: the real processes killed, restarted and starved on purpose (about 4 minutes)
	$(PY) -m pytest tests/faults

test-scale: venv train ## scale-out test: PostgreSQL, Redis and two of every process (about 3 minutes)
	@scripts/system-packages.sh
	$(PY) -m pytest tests/scale

test: ## everything CI runs: lint, audit, validate, unit, train, stories, e2e, faults, test-scale
	$(MAKE) lint
	$(MAKE) audit
	$(MAKE) validate
	@# The unit tests need no model, so `make train` runs beside them (on 2 cores, each fills the
	@# other's waits); its output follows theirs. Either failing fails `make test`.
	@mkdir -p results; status=0; \
	$(MAKE) --no-print-directory train > results/train.log 2>&1 & training=$$!; \
	$(MAKE) unit || status=$$?; \
	wait $$training || status=$$?; \
	echo "--- make train (ran beside the unit tests):"; cat results/train.log; \
	exit $$status
	$(MAKE) stories
	$(MAKE) e2e
	$(MAKE) faults
	$(MAKE) test-scale

import-ads: venv ## load JobTech ads into the offline store: make import-ads FILE=snapshot.json (or .jsonl)
	@test -n "$(FILE)" || { echo "usage: make import-ads FILE=<JobStream snapshot .json or historical .jsonl>"; exit 2; }
	$(PY) scripts/import_ads.py "$(FILE)"

bench: venv train widget ## measure the whole stack against stock Rasa (bench/, ~10 min; BENCH_ARGS=--train also times training); make bench-scale for the scaled set-up
	$(PY) scripts/bench_widget.py
	$(PY) scripts/bench_vacancies.py
	$(PY) scripts/bench_telegram.py
	$(PY) -m bench $(BENCH_ARGS)

bench-scale: venv train ## throughput of the scaled set-up (PostgreSQL, Redis, two of every process) against one node (~5 min)
	@scripts/system-packages.sh
	$(PY) -m bench.scale $(BENCH_SCALE_ARGS)

audit: ## known vulnerabilities in requirements.lock (pip-audit) and the widget's npm lock; says so when it can't look
	@scripts/audit.sh

contract: venv ## check the live JobTech API still has the shape the adapter expects (needs network; not in CI)
	$(PY) scripts/contract_check.py

clean: ## remove trained models, runtime data and test results (keeps the cached venv)
	rm -rf models var results .pytest_cache .ruff_cache
