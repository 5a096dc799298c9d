# talentbridge — everything a fresh clone needs is installed by these targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test test-fast setup lint format openapi messages lock system-deps browser-deps clean

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

## setup: venv + pinned dependencies, migrate, compile translations, collect static, taxonomy
## (imported, and its semantic index embedded once per taxonomy release and model: minutes the
## first time, with a progress bar; later runs load the cache — ADR 0017)
setup: $(STAMP) system-deps
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_taxonomy --embed
	$(PY) manage.py compilemessages --ignore "$(VENV)" -v 0
	$(PY) manage.py collectstatic --no-input -v 0

## demo: fresh clone -> running site on http://127.0.0.1:8000 plus a task worker
demo: setup
	$(PY) manage.py load_demo
	@mkdir -p var
	@$(PY) manage.py task_worker --queue-name '*' >var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT INT TERM; \
	echo "Task worker running (log: var/worker.log). Site: http://$(HOST):$(PORT)/"; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

## test: fresh clone -> the whole suite (slow and browser tests included)
test: setup browser-deps
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

## test-fast: skip tests marked slow (for the edit–test loop)
test-fast: setup
	$(PY) -m pytest -n 2 -m "not slow and not browser" $(PYTEST_ARGS)

## system-deps: Debian packages the product needs (gettext for translations)
system-deps:
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)

## browser-deps: Debian's Chromium and a CJK font for the Playwright browser tests
browser-deps:
	@test -x /usr/bin/chromium && fc-list 2>/dev/null | grep -qi wqy || \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) openapi-check
	SECRET_KEY=ci-$$(date +%s)-a-long-random-production-like-secret-key-value-1234567890 \
	  DEBUG=0 ALLOWED_HOSTS=talentbridge.example.org $(PY) manage.py check --deploy --fail-level WARNING

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## openapi: regenerate the committed schema
openapi: $(STAMP)
	$(PY) manage.py spectacular --lang en --validate --fail-on-warn --file docs/openapi.yaml

openapi-check: $(STAMP)
	$(PY) manage.py spectacular --lang en --validate --fail-on-warn --file var/openapi.check.yaml
	diff -u docs/openapi.yaml var/openapi.check.yaml || (echo "docs/openapi.yaml is out of date: run make openapi" && exit 1)

messages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans --ignore "$(VENV)/*" --ignore "bench/*" \
	  --ignore "staticfiles/*" --ignore "var/*" --no-obsolete
	# English is the source language: its catalogue copies each msgid.
	$(PY) scripts/po_english.py locale/zh_Hans/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po

## lock: re-resolve requirements.in into the committed requirements.lock
lock:
	rm -rf /tmp/tb-lock && $(PYTHON) -m venv /tmp/tb-lock
	/tmp/tb-lock/bin/pip install --quiet --upgrade pip
	/tmp/tb-lock/bin/pip install --quiet -r requirements.in
	/tmp/tb-lock/bin/pip freeze --exclude-editable | sort -f > requirements.lock

clean:
	rm -rf $(VENV) staticfiles var/*.sqlite3*
