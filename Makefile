# The README's two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
export PORT  # the settings' default SITE_URL (links in emails) follows the port served on

.PHONY: run test install lint serve bench

install: $(STAMP)

# Re-install only when the dependencies change; a second `make run` reuses the venv.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["test"]))' > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	@touch $@

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_blueprint
	$(PY) manage.py seed_demo
	@$(MAKE) --no-print-directory serve

# With REDIS_URL a real Celery worker and Celery beat (the hourly reminders; its schedule file
# is the gitignored celerybeat-schedule) run beside the web server and stop with it.
serve:
	@if [ -n "$$REDIS_URL" ]; then \
	  $(VENV)/bin/celery -A shared_safety worker --loglevel=info --concurrency=1 & worker=$$!; \
	  $(VENV)/bin/celery -A shared_safety beat --loglevel=info & beat=$$!; \
	  trap 'kill $$worker $$beat 2>/dev/null; wait $$worker $$beat 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	else \
	  echo "No REDIS_URL: tasks run in-process; for the reminders run" \
	    "'$(PY) manage.py send_reminders' (hourly, e.g. from cron)."; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	fi

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Issues 7 and 17's benchmark: pages, PDF export, load (one instance and two sharing a Redis
# cache) and a state-sized installation, printed and written to bench-results.txt. Needs
# PostgreSQL on 127.0.0.1 (user postgres, trust) and redis-server; creates and drops its own
# database and starts its own Redis. BENCH_ARGS="--parts state" runs one section. The API's
# limit for anonymous callers is lifted: the benchmark times the server, not the limit.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/shared_safety_bench
bench: $(STAMP)
	@export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 SITE_URL=http://127.0.0.1 \
	  DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL= CACHE_URL= DJANGO_LOG_LEVEL=WARNING \
	  DJANGO_EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend \
	  API_ANON_RATE=1000000/second; \
	  if [ ! -f staticfiles/staticfiles.json ] || [ -n "$$(find static $(STAMP) -newer staticfiles/staticfiles.json | head -1)" ]; then \
	    $(PY) manage.py collectstatic --noinput --verbosity 0 || exit 1; \
	  fi; \
	  $(PY) manage.py bench $(BENCH_ARGS)
