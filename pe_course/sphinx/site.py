"""Static pages carry text, not widget snapshots.

When myst-nb executes a chapter, the kernel records the state of every widget in the
notebook's metadata and myst-nb would embed it in the page as a
``application/vnd.jupyter.widget-state+json`` script. Without a widget manager (which we
do not load from a CDN) that snapshot does nothing but add weight, and frozen widgets
are exactly what the course avoids: each widget already renders a readable ``text/html``
version. So the snapshot is dropped from every page, and the build fails if a widget view
slipped through anyway.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _drop_widget_state(app: Sphinx, pagename: str, *args, **kwargs) -> None:
    data = getattr(app.env, "nb_metadata", None)
    if not data:
        return
    js_files = data.get(pagename, {}).get("js_files", {})
    for key in [k for k in js_files if k.startswith("ipywidgets")]:
        del js_files[key]


def _check_no_widget_snapshots(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    for docname in sorted(app.env.found_docs):
        page = outdir / f"{docname}.html"
        if page.is_file():
            text = page.read_text(encoding="utf-8")
            if WIDGET_VIEW in text or WIDGET_STATE in text:
                raise ExtensionError(
                    f"{page}: contains a frozen widget snapshot; widgets must render their "
                    "text/html version on the static site (see _config.yml "
                    "nb_mime_priority_overrides)")


def register(app: Sphinx) -> None:
    # priority < 500 so this runs before myst-nb adds the page's JS files
    app.connect("html-page-context", _drop_widget_state, priority=400)
    app.connect("build-finished", _check_no_widget_snapshots)
