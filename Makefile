# IE Commons: the two commands are `make run` and `make test`.
# Every target installs what it needs first, so each works on a fresh Debian 12 machine.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENDOR := src/iecommons/static/vendor
# -p no:cacheprovider: the suite writes nothing into the checkout.
PYTEST := uv run pytest -p no:cacheprovider

.PHONY: help setup run test test-sqlite test-postgres bench lint

help:
	@echo "make run    set up, then serve the seeded platform on \$$HOST:\$$PORT (127.0.0.1:8000)"
	@echo "make test   set up, then run the whole suite on SQLite and on a throwaway PostgreSQL"
	@echo "make bench  run every bench/*.py script"
	@echo "make lint   ruff, ruff format --check, mypy, import contracts"

VENDORED := $(VENDOR)/htmx.min.js $(VENDOR)/echarts.min.js \
	$(VENDOR)/tabler/tabler.min.css $(VENDOR)/tabler/tabler.min.js \
	$(VENDOR)/tabler-icons/tabler-icons.min.css

setup: $(VENDORED)
	@# pango and fonts-noto-cjk: the annual reports' PDF (WeasyPrint, Chinese text).
	@scripts/system_packages.sh uv gettext pango fonts-noto-cjk
	uv sync --frozen
	@# From the package directory, so that only our own locale/ directories are compiled;
	@# it skips catalogues whose .mo file is newer than the .po file.
	@# DEBUG=1: a build step, which needs no production key.
	cd src/iecommons && DEBUG=1 DJANGO_SETTINGS_MODULE=iecommons.config.settings \
		uv run django-admin compilemessages --verbosity 0

node_modules/.package-lock.json: package.json package-lock.json
	@scripts/system_packages.sh npm
	npm ci --no-audit --no-fund

$(VENDOR)/htmx.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $@

$(VENDOR)/echarts.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js $@

# Tabler (the UI kit) with its source maps: the manifest storage follows the
# sourceMappingURL comments and would refuse a file whose map is missing.
$(VENDOR)/tabler/tabler.min.css $(VENDOR)/tabler/tabler.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/tabler
	cp node_modules/@tabler/core/dist/$(if $(filter %.css,$@),css,js)/$(notdir $@) $@
	cp node_modules/@tabler/core/dist/$(if $(filter %.css,$@),css,js)/$(notdir $@).map $@.map

# The icon font: its stylesheet names the three font files beside it.
$(VENDOR)/tabler-icons/tabler-icons.min.css: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/tabler-icons/fonts
	cp node_modules/@tabler/icons-webfont/dist/fonts/tabler-icons.{woff2,woff,ttf} $(VENDOR)/tabler-icons/fonts/
	cp node_modules/@tabler/icons-webfont/dist/tabler-icons.min.css $@

run: setup
	uv run iecommons run

test: setup
	@scripts/system_packages.sh chromium fonts-noto-cjk postgresql wrk
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# PostgreSQL-only tests are deselected here, not skipped: they run in the second pass.
test-sqlite:
	@echo "== the suite on SQLite =="
	env -u DATABASE_URL $(PYTEST) -m "not postgres_only"

test-postgres:
	@echo "== the suite on a throwaway PostgreSQL =="
	scripts/pg_throwaway.sh $(PYTEST)

bench: setup
	@scripts/system_packages.sh wrk
	@shopt -s nullglob; scripts=(bench/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "no benchmarks in bench/"; fi; \
	for script in "$${scripts[@]}"; do \
		echo "== $$script =="; \
		uv run python "$$script"; \
	done

lint: setup
	uv run ruff check .
	uv run ruff format --check .
	uv run mypy
	uv run lint-imports
