"""Chapter links that point only at chapters the book has.

``pe_course.render.links`` writes a link to the chapter that teaches a problem statement
as ``<a class="pe-chapter-link" data-pe-chapter="book/check_mark" href="…">Title</a>``,
without knowing which chapters exist: the package never reads the book's table of
contents. The build does know (``env.found_docs``), so when a page is read every such link
in its raw HTML (notebook outputs included) whose chapter is not in the book becomes its
plain title. When pages are added to or removed from the book, the pages that depend on
which chapters exist (``DEPENDS_ON_BOOK``: these, and the live tools in ``live``) are
read again.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from html import unescape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from pe_course.sphinx._pages import PageSet

CHAPTER_LINK = re.compile(r'<a\b[^>]*?\sdata-pe-chapter="([^"]*)"[^>]*>(.*?)</a>',
                          re.DOTALL)

# Pages whose output depends on which pages the book has.
DEPENDS_ON_BOOK = PageSet("pe_depends_on_book")


def unlink_missing_chapters(html: str, docnames: Collection[str]) -> str:
    """``html`` with each chapter link whose chapter is not in ``docnames`` made plain text."""
    def replace(match: re.Match) -> str:
        return match.group(0) if unescape(match.group(1)) in docnames else match.group(2)

    return CHAPTER_LINK.sub(replace, html)


def html_nodes(doctree: nodes.Node) -> list[nodes.raw]:
    """The raw HTML nodes of a page (notebook outputs and raw blocks)."""
    return [node for node in doctree.findall(nodes.raw)
            if "html" in node.get("format", "").split()]


def _check_chapter_links(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    for node in html_nodes(doctree):
        html = node.astext()
        if not CHAPTER_LINK.search(html):
            continue
        DEPENDS_ON_BOOK.add(env, env.docname)
        fixed = unlink_missing_chapters(html, env.found_docs)
        if fixed != html:
            node.replace(node[0], nodes.Text(fixed))


def _reread_when_pages_change(app: Sphinx, env: BuildEnvironment, added: set[str],
                              changed: set[str], removed: set[str]) -> list[str]:
    if not (added or removed):
        return []
    return sorted(DEPENDS_ON_BOOK.of(env) - removed - changed)


def register(app: Sphinx) -> None:
    DEPENDS_ON_BOOK.connect(app)
    app.connect("doctree-read", _check_chapter_links)
    app.connect("env-get-outdated", _reread_when_pages_change)
