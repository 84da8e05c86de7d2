# The course's commands. `make` sets up (once), runs every notebook and exports HTML to build/;
# `make test` runs every test suite; `make lab` opens the course in JupyterLab.
# Everything is installed inside the project: .venv/ (Python, Jupyter, Deno), node_modules/ (npm
# packages through Deno) and .cache/ (Deno's cache, Jupyter's runtime files). Nothing in $HOME.

SHELL := /bin/bash
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

ROOT := $(CURDIR)
VENV := $(ROOT)/.venv
PY := $(VENV)/bin/python
DENO := $(VENV)/bin/deno
PYTHON ?= python3

export DENO_DIR := $(ROOT)/.cache/deno
export DENO_NO_UPDATE_CHECK := 1
export JUPYTER_CONFIG_DIR := $(ROOT)/.cache/jupyter/config
export JUPYTER_DATA_DIR := $(ROOT)/.cache/jupyter/data
export JUPYTER_RUNTIME_DIR := $(ROOT)/.cache/jupyter/runtime
export JUPYTERLAB_SETTINGS_DIR := $(ROOT)/.cache/jupyter/lab/user-settings
export JUPYTERLAB_WORKSPACES_DIR := $(ROOT)/.cache/jupyter/lab/workspaces
export IPYTHONDIR := $(ROOT)/.cache/ipython
export PIP_CACHE_DIR := $(ROOT)/.cache/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONNOUSERSITE := 1
export PATH := $(VENV)/bin:$(PATH)

VENV_STAMP := $(VENV)/.requirements-installed
NPM_STAMP := node_modules/.deno-installed
JUPYTER_STAMP := $(VENV)/.jupyter-configured
NOTEBOOKS := $(wildcard notebooks/[0-9][0-9]-*.ipynb)

.PHONY: all setup build test lab html bench strip clean distclean

all: build

setup: $(JUPYTER_STAMP)

$(VENV_STAMP): requirements.txt
	@echo "==> Python venv (.venv): JupyterLab, nbconvert, nbclient, plotly, Deno"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --requirement requirements.txt
	@touch $@

$(NPM_STAMP): deno.json deno.lock $(VENV_STAMP)
	@echo "==> npm packages through Deno ($$($(DENO) --version | head -1))"
	@$(DENO) install --frozen --quiet
	@touch $@

$(JUPYTER_STAMP): tools/setup_jupyter.py $(wildcard tools/nbconvert/course/*) tools/nbconvert/course_nbconvert.py \
		$(NPM_STAMP) $(VENV_STAMP)
	@echo "==> Jupyter inside .venv: Deno kernelspec, course export template"
	@$(PY) tools/setup_jupyter.py
	@touch $@

build: setup
	@echo "==> Running the notebooks on the Deno kernel and exporting HTML"
	@$(PY) tools/build_course.py

# One notebook with edited parameters, e.g. make html NB=03-gradient-descent PARAMS='learningRate=0.5'
# (a string value keeps its JSON quotes: PARAMS='method="exact"'). OUT=<folder> writes the variant
# there instead of build/. PARAMS reaches the script through the environment, so no quote is lost.
export PARAMS
html: setup
	@test -n "$(NB)" || { echo "make html needs NB=<notebook>, e.g. NB=03-gradient-descent"; exit 2; }
	@$(PY) tools/build_course.py --only "$(NB)" --params "$$PARAMS" $(if $(OUT),--out "$(OUT)")

test: setup build
	@$(DENO) run --allow-all tools/run_tests.ts

# JupyterLab serves LAB_DIR (default notebooks/) and lands on its first chapter. LAB_ARGS adds
# options; the browser test (tests/lab_test.ts) runs this target on a copy of the notebooks.
LAB_DIR ?= $(ROOT)/notebooks
LAB_FIRST = $(notdir $(firstword $(sort $(wildcard $(LAB_DIR)/[0-9][0-9]-*.ipynb))))
LAB_ARGS ?=

lab: setup
	@echo "==> JupyterLab: open the http://127.0.0.1:… address printed below (it carries the token); Ctrl-C to stop"
	@exec $(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$${PORT:-8888} \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root ) \
		--ServerApp.root_dir="$(LAB_DIR)" --ServerApp.open_browser=False \
		--LabApp.default_url=/lab/tree/$(LAB_FIRST) $(LAB_ARGS)

# Benchmarks and budgets (tools/bench_course.py): deno bench, kernel start, chapters, figure-cell
# reruns, a warm `make build`, page load in headless Chromium. Writes build/bench.json; fails
# naming each missed budget. BENCH_ARGS passes options, e.g. BENCH_ARGS='--only 03-gradient-descent'.
BENCH_ARGS ?=

bench: setup
	@$(PY) tools/bench_course.py $(BENCH_ARGS)

# Clear outputs from notebooks saved in JupyterLab, before committing them.
strip: $(VENV_STAMP)
	@$(PY) tools/strip_outputs.py

clean:
	rm -rf build

distclean: clean
	rm -rf .venv .cache node_modules
