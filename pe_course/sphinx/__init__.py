"""The course site's Sphinx extension: list ``pe_course.sphinx`` in the book's extensions.

One ``setup()`` registers every part:

- ``site``: pages show each widget's readable text, never a frozen widget snapshot (the
  build fails on one);
- ``a11y``: accessibility fixes to generated markup, and ``static/pe-a11y.css`` for the
  theme;
- ``offline``: no page loads anything from a third-party host (sphinx-thebe's assets and
  jupyterlite-sphinx's Google Fonts stylesheet are left out);
- ``links``: chapter links in outputs point only at chapters the book has;
- ``live``: a "Try it live" block after every output that carries ``data-pe-live``, which
  boots the scenario player or team tool in the in-browser Python (jupyterlite-sphinx,
  set up here too);
- ``notebooks``: the ``{exercise-notebook}`` directive, and the exercise notebooks copied
  into the in-browser site;
- ``litesize``: once jupyterlite-sphinx has built the in-browser site, what it never
  requests is removed (the code of Mermaid, Vega and terminals, which it turns off, and
  Font Awesome's fallback font formats);
- ``knowledge``: the ``{knowledge-check}`` directive (a chapter's knowledge checks);
- ``journal``: the ``{journal}`` directive (a chapter's reflection prompts, each with a box
  whose text is kept in the browser only);
- ``kit``: the facilitator kit: a present page per scenario and the printable handouts
  written with the site, the guide's ``{facilitator-kit}`` and ``{evaluation-form}``
  directives, and how every book page prints (``pe_print.css``, ``pe_print.js``);
- ``speed``: pages that show fast on a phone (head scripts deferred, the search index
  only on the search page, the theme's stylesheet with only the icons the site shows),
  and no file in the built site that no page loads (source maps, translations, Font
  Awesome's script);
- ``fresh``: a change to the package (a scenario file, a renderer) runs the chapters
  again, instead of a rebuild quietly showing the old output.

The JavaScript and CSS are in ``static/``. A digest of them is an "html" config value, so
editing them makes Sphinx write every page again and copy the new files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx

from pe_course.sphinx import (
    a11y,
    buildorder,
    fresh,
    journal,
    kit,
    knowledge,
    links,
    litesize,
    live,
    notebooks,
    offline,
    site,
    speed,
)

STATIC = Path(__file__).parent / "static"
PARTS = (buildorder, fresh, site, a11y, offline, links, live, notebooks, knowledge,
         journal, kit, speed, litesize)


def static_digest() -> str:
    """A digest of the extension's static files (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _add_static_path(app: Sphinx) -> None:
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict:
    app.setup_extension("jupyterlite_sphinx")
    # With no page out of date Sphinx copies no static file: a changed digest makes every
    # page out of date.
    app.add_config_value("pe_live_static_digest", static_digest(), "html")
    app.connect("builder-inited", _add_static_path)
    for part in PARTS:
        part.register(app)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 2}
