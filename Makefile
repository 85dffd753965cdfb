# Two commands do all set-up: `make lab` opens the course, `make test` runs
# every test. Both create .venv and install the project the first time.
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# JupyterLab refuses to run as root unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: lab test lint figures notebooks slides bench clean

$(INSTALLED): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

lab: $(INSTALLED)
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

test: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m pytest

# Re-run every notebook and store its outputs (after changing data or code).
notebooks: $(INSTALLED)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False \
	  --ExecutePreprocessor.store_widget_state=False notebooks/*.ipynb

clean:
	rm -rf build .pytest_cache
