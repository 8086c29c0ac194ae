"""Links to the chapter that teaches a problem statement.

A link carries ``data-pe-chapter`` (the chapter's page name): the site build
(``pe_course.sphinx``) knows which chapters the book has and turns a link to a chapter
that is not part of it into plain text, so no page links to a missing chapter. The
package itself never reads the book's table of contents.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape

from pe_course.statements import get_statement


def chapter_href(statement_id: str, base: str = "../") -> str:
    """Link to the chapter that teaches a statement, relative to a book page."""
    return f"{base}{get_statement(statement_id).chapter}.html"


def chapter_link_html(statement_id: str, base: str = "../",
                      linked: Collection[str] | None = None) -> str:
    """A statement's title as HTML, linked to its chapter unless ``linked`` leaves it out.

    ``linked``: the statement ids whose chapter may be linked (default: all of them).
    """
    statement = get_statement(statement_id)
    title = escape(statement.title)
    if linked is not None and statement_id not in linked:
        return title
    return (f'<a class="pe-chapter-link" data-pe-chapter="{escape(statement.chapter)}" '
            f'href="{escape(chapter_href(statement_id, base))}">{title}</a>')
