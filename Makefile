# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
FLASK = $(VENV)/bin/flask --app app
STAMP = $(VENV)/.installed
# axe-core for the browser tests' accessibility checks, from the committed lock file.
BROWSER_JS = tests/browser/js
BROWSER_JS_STAMP = $(BROWSER_JS)/node_modules/.installed

.PHONY: run test setup vendor clean

run: setup
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

setup: $(STAMP) $(BROWSER_JS_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

# Without npm the accessibility tests skip with a hint (and fail in CI).
$(BROWSER_JS_STAMP): $(BROWSER_JS)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(BROWSER_JS) --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the browser tests' accessibility checks need it (apt-get install npm)."; \
	fi

# Refresh the vendored CSS from the npm registry at the pinned version.
vendor:
	scripts/vendor-static.sh

clean:
	rm -rf $(VENV) .pytest_cache $(BROWSER_JS)/node_modules test-artifacts
