"""The ``{knowledge-check}`` directive: a chapter's knowledge checks, rendered at build time.

````md
```{knowledge-check} check_mark
```
````

renders ``pe_course/data/checks/check_mark.yaml`` (or a ``.yaml`` file given by its path
relative to the page) through ``pe_course.render.knowledge.checks_html``: plain HTML forms
that work without JavaScript, with ``static/pe_checks.js`` and ``pe_checks.css`` loaded
on the pages that have checks, and only on those. An unknown name stops the build naming
the page and the known names; a file with problems stops it with every problem, each
with its line and field.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from pe_course.errors import PECourseError
from pe_course.sphinx._pages import PageSet
from pe_course.sphinx.live import live_html

# Pages that load pe_checks.js and pe_checks.css (only those pages do).
CHECK_PAGES = PageSet("pe_check_pages")


class KnowledgeCheckDirective(SphinxDirective):
    """``{knowledge-check} <name>``: the questions of ``data/checks/<name>.yaml``."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from pe_course.knowledge import list_check_files, load_checks
        from pe_course.render.knowledge import checks_html

        argument = self.arguments[0]
        where = f"{self.get_location()}: knowledge-check {argument!r} on page " \
                f"{self.env.docname!r}"
        if argument.endswith((".yaml", ".yml")):
            rel_filename, filename = self.env.relfn2path(argument)
            self.env.note_dependency(rel_filename)
            target: str | Path = Path(filename)
        else:
            target = argument
        try:
            checks = load_checks(target)
        except LookupError:
            raise ExtensionError(f"{where}: no such knowledge-check file; known: "
                                 f"{', '.join(list_check_files()) or '(none)'}") from None
        except PECourseError as exc:
            raise ExtensionError(f"{where}: {exc}") from exc
        source = Path(checks.source)
        if source.is_file():  # a change to the file reads the page again
            self.env.note_dependency(str(source))
        serial = self.env.new_serialno("pe-check")
        prefix = f"pe-check-{re.sub(r'[^A-Za-z0-9-]+', '-', checks.name)}-{serial}"
        CHECK_PAGES.add(self.env, self.env.docname)
        return [live_html(html=checks_html(checks, id_prefix=prefix))]


def register(app: Sphinx) -> None:
    CHECK_PAGES.connect(app, css="pe_checks.css", js="pe_checks.js")
    app.add_directive("knowledge-check", KnowledgeCheckDirective)
