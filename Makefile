# hemis: `make demo` serves the demo, `make test` runs the whole suite, `make lint` the checks.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: demo test lint mutation setup messages makemessages static clean

setup: $(VENV)/.installed node_modules/.installed hemis/static/vendor/.built messages

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

hemis/static/vendor/.built: node_modules/.installed scripts/copy-vendor.mjs
	npm run --silent build
	touch $@

# Compiled catalogues are built, not committed.
messages: $(VENV)/.installed
	cd hemis && ../$(BIN)/hemis compilemessages --verbosity 0

# An app with a catalogue of its own (hemis/<app>/locale) is extracted into it; the rest of the
# source goes to hemis/locale.
OWN_CATALOGUES := $(notdir $(patsubst %/locale,%,$(wildcard hemis/*/locale)))
MAKEMESSAGES := makemessages --no-obsolete --no-location -l es -l fr -l pt --verbosity 0

makemessages: $(VENV)/.installed
	cd hemis && ../$(BIN)/hemis $(MAKEMESSAGES) $(foreach app,$(OWN_CATALOGUES),--ignore '$(app)/*')
	for app in $(OWN_CATALOGUES); do (cd hemis/$$app && ../../$(BIN)/hemis $(MAKEMESSAGES)) || exit 1; done

demo: setup
	$(BIN)/hemis demo

test: setup
	HEMIS_TESTING=true $(BIN)/pytest $(PYTEST_ARGS)

# Mutation testing of the access rules, workflows and locks (docs/mutation.md): every group, or
# some of them, e.g. `make mutation MUTATION_GROUPS=policy`. Fails below a 90 % score.
mutation: setup
	$(BIN)/python scripts/mutation.py $(MUTATION_GROUPS)

# Type-checked: every app's services, selectors and access, as modules or as packages.
TYPED := $(wildcard $(foreach layer,services selectors access,hemis/*/$(layer).py hemis/*/$(layer))) \
  hemis/accounts/policy.py hemis/accounts/actors.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	HEMIS_TESTING=true $(BIN)/mypy $(TYPED)
	HEMIS_TESTING=true $(BIN)/hemis makemigrations --check --dry-run
	SECRET_KEY=lint-$$RANDOM-not-a-real-key-but-long-enough-for-the-check-0123456789 \
	  DEBUG=false HEMIS_HTTPS=true ALLOWED_HOSTS=hemis.example.org \
	  EMAIL_URL=smtp+tls://hemis@smtp.example.org:587 STATIC_ROOT=$(CURDIR)/var/static \
	  $(BIN)/hemis check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules hemis/static/vendor var
