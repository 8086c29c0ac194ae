"""No page names a third-party host to load anything from.

The course promises no third-party requests (privacy for a vulnerable audience; workshop
venues with no network). Two extensions that Jupyter Book loads break it, and every rule
against that lives here:

- ``sphinx_thebe`` writes an inline script with ``THEBE_JS_URL = "https://unpkg.com/…"``
  plus ``sphinx-thebe.js`` and its CSS into every page, even with
  ``launch_buttons.thebe: false``. Nothing loads thebe until a thebe button is clicked and
  the site has none; thebe would need a Binder server anyway (live code on this site runs
  in the browser through JupyterLite).
- ``jupyterlite_sphinx`` adds a Google Fonts stylesheet to every page (a decorative font
  for its own buttons, which the site does not use).

Those assets are left out of every page. ``tests/test_site.py`` checks that no built page
refers to another host for anything it would load.
"""

from __future__ import annotations

from sphinx.application import Sphinx

THEBE_MARKERS = ("sphinx-thebe", "THEBE_JS_URL")
THIRD_PARTY_PREFIXES = ("https://fonts.googleapis.com/",)


def is_thebe_asset(asset: object) -> bool:
    """True for sphinx-thebe's script, stylesheet or inline configuration."""
    filename = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return any(marker in filename or marker in body for marker in THEBE_MARKERS)


def is_third_party_asset(asset: object) -> bool:
    """True for a script or stylesheet on a host we never load from."""
    filename = str(getattr(asset, "filename", asset) or "")
    return filename.startswith(THIRD_PARTY_PREFIXES)


def is_dropped_asset(asset: object) -> bool:
    """True for an asset that no page of the site may carry."""
    return is_thebe_asset(asset) or is_third_party_asset(asset)


def _drop_assets(app: Sphinx, pagename: str, templatename: str, context: dict,
                 doctree) -> None:
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if assets:
            # in place: the page's list is the builder's, reset before each page
            assets[:] = [a for a in assets if not is_dropped_asset(a)]


def register(app: Sphinx) -> None:
    # last, after every handler that adds a page's assets
    app.connect("html-page-context", _drop_assets, priority=900)
