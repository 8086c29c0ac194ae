"""Accessibility fixes to the markup that docutils and myst-nb write, and to the theme.

Each markup fix is a plain substitution in a page's body, made at build time so the page
is right for every reader, JavaScript or not. The theme's styles are fixed in
``static/pe-a11y.css`` (added to every page), its templates in ``_templates/`` at the
book's root. The browser tests (``tests/browser/test_static_pages.py``) run axe-core with
the WCAG 2.0-2.2 A and AA rules on every page and fail if any of these come back.
"""

from __future__ import annotations

from sphinx.application import Sphinx

A11Y_CSS = "pe-a11y.css"

# (what docutils/myst-nb write, what we write instead, why)
FIXES: tuple[tuple[str, str, str], ...] = (
    # docutils marks each citation (the bibliography under a chapter) as
    # role="doc-biblioentry" inside a role="list". DPUB-ARIA 1.1 deprecates that role
    # (axe: aria-deprecated-role) and a list may only hold list items (axe:
    # aria-required-children), so each entry becomes a plain list item.
    ('role="doc-biblioentry"', 'role="listitem"', "deprecated role in a list"),
    # myst-nb names the toggle of a hidden code cell "Toggle hidden content" while it
    # shows "Show code cell source": WCAG 2.5.3 Label in Name (axe:
    # label-content-name-mismatch). Without the aria-label its name is what it shows.
    ('<summary aria-label="Toggle hidden content">', "<summary>", "label not in name"),
)


def fix_markup(html: str) -> str:
    """``html`` with every known inaccessible pattern replaced."""
    for before, after, _why in FIXES:
        html = html.replace(before, after)
    return html


def _fix_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body:
        context["body"] = fix_markup(body)


def register(app: Sphinx) -> None:
    app.connect("html-page-context", _fix_page)
    # after the theme's and the extensions' styles (800: where html_css_files go)
    app.add_css_file(A11Y_CSS, priority=800)
