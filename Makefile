# One-command set-up: `make run` (site + worker + cron with demo data) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
PORT ?= 5000
export PORT

.PHONY: run install migrate seed test test-fuzz test-e2e lint format bench clean

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	@echo "Installing the requirements into $(VENV) (a minute or two on a fresh machine; pip shows its progress)..."
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --progress-bar on -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

run: migrate
	VENV=$(VENV) ./scripts/run.sh  # starts the embedded Redis, seeds the demo, then web + worker + cron

test: install
	$(VENV)/bin/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# The Hypothesis pass over every form with its long profile (`make test` runs the short one).
test-fuzz: install
	HYPOTHESIS_PROFILE=fuzz-long $(VENV)/bin/pytest -q -p no:cacheprovider tests/security/test_fuzz.py $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports  # the layers and independence contracts in pyproject.toml

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf instance/mentorship.db* instance/outbox instance/redis*
