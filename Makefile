# Two commands do all set-up: `make lab` opens the course, `make test` runs
# every test. Both create .venv and install the project the first time.
VENV ?= .venv
PY := $(VENV)/bin/python
# A student needs only the course; the test tools (browser, Anki, fuzzing) come with `make test`.
COURSE_INSTALLED := $(VENV)/.installed-course
TEST_INSTALLED := $(VENV)/.installed-test
# JupyterLab refuses to run as root unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: compile lab test lint figures notebooks slides bench clean quiz-app

$(COURSE_INSTALLED): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_INSTALLED): $(COURSE_INSTALLED)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# This machine's Python may be told not to write bytecode (PYTHONDONTWRITEBYTECODE);
# compiling the package up front keeps every kernel from recompiling it on import.
compile: $(COURSE_INSTALLED)
	$(PY) -m compileall -q psoas_edu

lab: $(COURSE_INSTALLED) compile
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

# The student quiz app in the browser (Voila: no code shown). Progress is kept in
# ~/.psoas-edu/progress.json unless PSOAS_EDU_PROGRESS names another file.
quiz-app: $(COURSE_INSTALLED) compile
	$(VENV)/bin/voila --no-browser --Voila.ip=127.0.0.1 \
		--MappingKernelManager.cull_idle_timeout=900 --MappingKernelManager.cull_interval=60 \
		notebooks/app/quiz_app.ipynb

test: $(TEST_INSTALLED) compile node_modules/.installed
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# Re-run every notebook and store its outputs (after changing data or code).
notebooks: $(COURSE_INSTALLED)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False \
	  --ExecutePreprocessor.store_widget_state=False notebooks/*.ipynb notebooks/app/*.ipynb

# Every diagram of the course as PNG (with its alt text in a .txt beside it), into
# build/figures/. Look at them after changing data/bone_outlines.csv or positions.
figures: $(COURSE_INSTALLED)
	$(PY) -c 'import sys; from psoas_edu.figures.gallery import main; sys.exit(main(["build/figures"]))'

# Slide decks from the notebooks' stored outputs, into build/slides/: text, diagrams and
# tables without the code. The decks load reveal.js, require.js and jQuery from copies
# next to them, so they work offline. A large slide size keeps whole diagrams on screen.
SLIDES := build/slides
slides: $(COURSE_INSTALLED) node_modules/.installed
	rm -rf $(SLIDES)/reveal.js && mkdir -p $(SLIDES)/reveal.js
	cp -R node_modules/reveal.js/dist node_modules/reveal.js/plugin $(SLIDES)/reveal.js/
	cp node_modules/requirejs/require.js node_modules/jquery/dist/jquery.min.js $(SLIDES)/
	$(VENV)/bin/jupyter nbconvert --to slides --output-dir=$(SLIDES) \
	  --TemplateExporter.extra_template_basedirs=psoas_edu/slides_template \
	  --template=psoas_slides \
	  --SlidesExporter.reveal_url_prefix=reveal.js \
	  --SlidesExporter.require_js_url=require.js \
	  --SlidesExporter.jquery_url=jquery.min.js \
	  --SlidesExporter.reveal_theme=white \
	  --SlidesExporter.reveal_number=c/t \
	  --SlidesExporter.reveal_width=1280 --SlidesExporter.reveal_height=960 \
	  --TemplateExporter.exclude_input=True \
	  --TemplateExporter.exclude_output_prompt=True notebooks/*.ipynb

# reveal.js, require.js and jQuery (slides) and gift-pegjs (export tests) at the
# versions in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf build .pytest_cache

# Speed report: ratios against pandas/matplotlib floors (see benchmarks/README.md).
bench: $(TEST_INSTALLED) compile
	$(PY) benchmarks/run.py
