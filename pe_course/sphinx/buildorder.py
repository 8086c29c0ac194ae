"""Stop the book build at once, with one line saying what to run, when the in-browser
Python's inputs are missing.

jupyterlite-sphinx builds the in-browser site at the very end of the book build, from the
folder ``jupyterlite_dir`` that ``lite/prepare.py`` (``make lite``) fills. Run
``jupyter-book build .`` before that (as anyone who knows Jupyter Book would) and, minutes
later, ``jupyter lite build`` fails and jupyterlite-sphinx 0.23 hides why behind an
``UnboundLocalError``. This part checks the folder before anything is read.

The check applies to a lite folder the book names (the course: ``lite/_generated``). A
book that leaves ``jupyterlite_dir`` at jupyterlite-sphinx's default (the book's own
folder, as the test books do) is not checked: nothing makes that folder.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

WHAT_TO_RUN = "`make lite` (or `.venv/bin/python lite/prepare.py`)"

# What lite/prepare.py's assemble() writes into the lite folder (repl/jupyter-lite.json is
# written last, so a folder that has it and the rest was not left half made).
REQUIRED_FILES = (
    "jupyter-lite.json",
    "repl/jupyter-lite.json",
    "static/pyodide/pyodide-lock.json",
    "static/pyodide/pyodide.mjs",
    "static/pyodide/pyodide.asm.mjs",
    "static/pyodide/pyodide.asm.wasm",
    "static/pyodide/python_stdlib.zip",
)
REQUIRED_FOLDERS = (
    "labextensions/@jupyter-widgets/jupyterlab-manager",
    "labextensions/@jupyterlite/pyodide-kernel-extension",
)
OWN_WHEEL = "pypi/pe_course-*.whl"


def missing_inputs(lite_dir: Path) -> list[str]:
    """What ``lite/prepare.py`` makes that ``lite_dir`` lacks (empty: nothing)."""
    missing = [name for name in REQUIRED_FILES if not (lite_dir / name).is_file()]
    missing += [name for name in REQUIRED_FOLDERS if not (lite_dir / name).is_dir()]
    if not any(lite_dir.glob(OWN_WHEEL)):
        missing.append(OWN_WHEEL)
    return missing


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def check_lite_dir(app: Sphinx) -> None:
    """Raise a ConfigError naming what to run if the lite folder is missing or half made."""
    if app.builder.format != "html":  # jupyterlite-sphinx builds only with HTML
        return
    srcdir = Path(app.srcdir).resolve()
    lite_dir = (srcdir / str(app.config.jupyterlite_dir)).resolve()
    if lite_dir == srcdir:  # jupyterlite-sphinx's default: not a folder anything makes
        return
    missing = missing_inputs(lite_dir)
    if not missing:
        return
    # jupyterlite-sphinx has already made the folder for its contents (config-inited)
    if len(missing) == len(REQUIRED_FILES) + len(REQUIRED_FOLDERS) + 1:
        state = "has not been made yet"
    else:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        state = f"is incomplete (no {missing[0]}{more})"
    raise ConfigError(
        f"{_shown(lite_dir, srcdir)}/ {state}: run {WHAT_TO_RUN} first, then build the book "
        f"again (it holds the in-browser Python that the live parts need).")


def register(app: Sphinx) -> None:
    # first: before any page is read or executed
    app.connect("builder-inited", check_lite_dir, priority=100)
