"""Sets of page names kept on the build environment, right in incremental and parallel builds."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


class PageSet:
    """Pages that share a property found while reading them (e.g. "loads pe_live.js").

    Stored on the environment under ``attribute``, so it survives incremental builds; a
    page is dropped when it is read again and merged back from parallel readers.
    """

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def of(self, env: BuildEnvironment) -> set[str]:
        """The set itself (created empty on first use)."""
        if not hasattr(env, self.attribute):
            setattr(env, self.attribute, set())
        return getattr(env, self.attribute)

    def add(self, env: BuildEnvironment, docname: str) -> None:
        self.of(env).add(docname)

    def connect(self, app: Sphinx, css: str | None = None, js: str | None = None) -> None:
        """Keep the set right when pages are read again or read in parallel; with ``css``
        and ``js`` (files in ``static/``), load them on the pages of the set, and only
        there (the script deferred)."""
        app.connect("env-purge-doc", self._purge)
        app.connect("env-merge-info", self._merge)
        if css or js:
            def add_assets(app: Sphinx, pagename: str, *_args) -> None:
                if pagename in self.of(app.env):
                    if css:
                        app.add_css_file(css)
                    if js:
                        app.add_js_file(js, defer="defer")
            # early: before the page's asset lists are filtered (offline, priority 900)
            app.connect("html-page-context", add_assets, priority=300)

    def _purge(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.of(env).discard(docname)

    def _merge(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
               other: BuildEnvironment) -> None:
        self.of(env).update(self.of(other) & set(docnames))
