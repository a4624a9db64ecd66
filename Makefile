# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
FLASK = $(VENV)/bin/flask --app app
STAMP = $(VENV)/.installed
# Test tools from the npm registry, each from its committed lock file: ical.js (the parser
# behind Thunderbird) reads our feeds back; axe-core checks the pages' accessibility.
JS_DIRS = tests/feeds/js tests/browser/js
JS_STAMPS = $(addsuffix /node_modules/.installed,$(JS_DIRS))
# Translations are committed as .po sources; the .mo files Flask-Babel reads are built here.
CATALOGUES = $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

.PHONY: run test test-fast lint bench load setup vendor clean translations

# `make run PORT=5001` serves on another port; links in emails and feeds follow it
# unless PUBLIC_BASE_URL is set. The demo logins are printed last, once it listens.
PORT ?= 5000

run: setup
	$(FLASK) db upgrade
	PORT=$(PORT) $(FLASK) serve-demo --port $(PORT)

# One worker per core; a group whose tests share servers (xdist_group) stays on one worker.
PYTEST_PARALLEL ?= -n auto --dist loadgroup

test: setup
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# Everything but the slow end-to-end groups (browser, restart, scale-out, load run).
test-fast: setup
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m "not slow" $(PYTEST_ARGS)

# Style, import order and strict types (settings in pyproject.toml); CI runs it before the tests.
lint: setup
	$(VENV)/bin/ruff check
	$(VENV)/bin/mypy

# Every bench, each beside its floor in at least 5 rounds, printing its goals with MET or
# MISSED (docs/bench-*.md, docs/load-test.md); load from wrk (apt-get install wrk). A bench
# whose checks fail (an error answer, overbooking) is named at the end, after the others ran.
BENCHES = feed_polls feeds programme pages registrations load

bench: setup
	failed=; for bench in $(BENCHES); do $(VENV)/bin/python -m bench.$$bench || failed="$$failed $$bench"; done; \
	test -z "$$failed" || { echo "failed:$$failed"; exit 1; }

# 50 wrk connections against 4 gunicorn workers on PostgreSQL, app and floor (docs/load-test.md).
load: setup
	$(VENV)/bin/python -m bench.load $(LOAD_ARGS)

setup: $(STAMP) $(JS_STAMPS) $(CATALOGUES)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@

# After changing UI strings: refresh messages.pot and merge it into each catalogue, then
# translate the new entries (tests/languages/test_catalogues.py fails until they are).
translations: $(STAMP)
	$(VENV)/bin/pybabel extract $(EXTRACT_OPTIONS) -o messages.pot .
	$(VENV)/bin/pybabel update -i messages.pot -d translations --no-wrap --no-fuzzy-matching

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

# Without npm the tests that need these skip with a hint (and fail with CI=true).
%/node_modules/.installed: %/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $* --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the tests using $* will skip (apt-get install npm)."; \
	fi

EXTRACT_OPTIONS = -F babel.cfg -k _l --no-location --sort-output --no-wrap --project scheduler

# Refresh the vendored CSS from the npm registry at the pinned version.
vendor:
	scripts/vendor-static.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache translations/*/LC_MESSAGES/*.mo $(addsuffix /node_modules,$(JS_DIRS)) test-artifacts
