# Mitra: `make run` to try it, `make test` for the whole suite. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: run test chromium packages lint format setup messages makemessages deploy-check clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check uv
	@UV_PYTHON_DOWNLOADS=never $(VENV)/bin/uv pip install -q --python $(PY) -r requirements.txt -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

MO := locale/id/LC_MESSAGES/django.mo
messages: $(MO)
# Compiled only when the catalogue changed, so that two test runs side by side (.ci/run) never write
# the file while the other reads it.
$(MO): locale/id/LC_MESSAGES/django.po | $(STAMP) packages
	@$(PY) manage.py compilemessages -v0 --ignore=.venv

setup: $(STAMP) messages
	$(PY) manage.py migrate --noinput -v0

## Set everything up, load the demo foundation and serve on http://127.0.0.1:8000 with the task worker.
run: setup
	$(PY) manage.py demo
	@scripts/serve

## The whole suite, browser tests included (Chromium is installed first if it is missing and we are root).
test: $(STAMP) messages chromium
	$(PY) -m pytest -q

chromium:
	@scripts/system-packages gettext libmagic1 chromium

# gettext and libmagic from the system (installed when missing and we are root; otherwise it says what to run).
packages:
	@scripts/system-packages gettext libmagic1

# ruff, and the layers of the apps (the import-linter contract in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Refresh the translation catalogues after changing user-facing strings.
makemessages: $(STAMP) packages
	$(PY) manage.py makemessages -l id --no-obsolete --ignore=.venv --ignore=var --ignore=tests

deploy-check: $(STAMP) packages
	MITRA_ENVIRONMENT=production MITRA_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  MITRA_ALLOWED_HOSTS=mitra.example.org MITRA_EMAIL_HOST=smtp.example.org MITRA_BASE_URL=https://mitra.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var .pytest_cache
