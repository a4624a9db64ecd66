# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
FLASK = $(VENV)/bin/flask --app app
STAMP = $(VENV)/.installed
# ical.js, the parser behind Thunderbird, reads our feeds back in tests/feeds.
JS_DIR = tests/feeds/js
JS_STAMP = $(JS_DIR)/node_modules/.installed

.PHONY: run test bench setup vendor clean

run: setup
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Registrations per second, app beside its floor (docs/bench-registrations.md).
bench: setup
	$(VENV)/bin/python -m bench.registrations

setup: $(STAMP) $(JS_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

$(JS_STAMP): $(JS_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(JS_DIR) && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; \
	else \
		echo "npm not found: the ical.js checks in tests/feeds will be skipped (with CI=true they fail)"; \
	fi

# Refresh the vendored CSS from the npm registry at the pinned version.
vendor:
	scripts/vendor-static.sh

clean:
	rm -rf $(VENV) .pytest_cache $(JS_DIR)/node_modules
