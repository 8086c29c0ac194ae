"""Sphinx extension: no page names a third-party host to load from.

Jupyter Book always loads ``sphinx_thebe``, which writes an inline script with
``THEBE_JS_URL = "https://unpkg.com/thebe@…"`` plus ``sphinx-thebe.js`` and its CSS into
every page, even with ``launch_buttons.thebe: false``. Nothing loads it until a thebe
button is clicked and the site has none, but a CDN URL in every page is exactly what the
course promises not to have (privacy; venues with no network), and thebe would need a
Binder server anyway: live code on this site runs in the browser through JupyterLite.
So those three assets are left out of every page. ``tests/test_site.py`` checks that no
page refers to another host for anything it would load.
"""

from __future__ import annotations

from sphinx.application import Sphinx

THEBE_MARKERS = ("sphinx-thebe", "THEBE_JS_URL")


def is_thebe_asset(asset: object) -> bool:
    """True for sphinx-thebe's script, stylesheet or inline configuration."""
    filename = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return any(marker in filename or marker in body for marker in THEBE_MARKERS)


def _drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict,
                doctree) -> None:
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if assets:
            context[key] = [a for a in assets if not is_thebe_asset(a)]


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _drop_thebe)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
