"""Accessibility fixes to the markup that docutils and myst-nb write, and to the theme.

Each markup fix is a plain substitution in a page's body, made at build time so the page
is right for every reader, JavaScript or not. The theme's styles are fixed in
``static/pe-a11y.css`` (added to every page), its templates in ``_templates/`` at the
book's root. The browser tests (``tests/browser/test_static_pages.py``) run axe-core with
the WCAG 2.0-2.2 A and AA rules on every page and fail if any of these come back.

Also here, for the page every chapter sits in (``tests/browser/test_mobile.py``): the
sidebar toggle that works on a phone, a valid colour mode from the first visit, the focus
given back to the toggle when the sidebar closes, "Skip to the scenarios" on a chapter
with scenarios, and citations by author and year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sphinx.application import Sphinx
from sphinx.config import Config

A11Y_CSS = "pe-a11y.css"
BOOK_THEME = "sphinx_book_theme"

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


# The skip link to a chapter's scenarios: the first "Try it live" block of a scenario, or
# the first readable scenario, whichever comes first. ``_templates/layout.html`` writes
# the links in ``pe_skip_links`` right after the theme's "Skip to main content".
SCENARIOS_ID = "pe-scenarios"
SKIP_TO_SCENARIOS = "Skip to the scenarios"
_OPEN_TAG = re.compile(r'<(?P<tag>div|section)(?P<attrs>\s[^>]*)>')
_CLASSES = re.compile(r'\bclass="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')


def _is_scenario_start(attrs: str) -> bool:
    found = _CLASSES.search(attrs)
    classes = found.group(1).split() if found else []
    return "pe-scenario" in classes or ("pe-live" in classes and "data-pe-scenario=" in attrs)


def mark_scenarios(html: str) -> tuple[str, str | None]:
    """``html`` with its first scenario block made a focusable skip-link target, and that
    target's id (None when the page has no scenario)."""
    if 'class="pe-scenario' not in html:
        return html, None
    for match in _OPEN_TAG.finditer(html):
        attrs = match.group("attrs")
        if not _is_scenario_start(attrs):
            continue
        known = _ID.search(attrs)
        target = known.group(1) if known else SCENARIOS_ID
        added = ("" if known else f' id="{target}"') + (
            "" if "tabindex=" in attrs else ' tabindex="-1"')
        end = match.end() - 1  # after the tag's own attributes
        return html[:end] + added + html[end:], target
    return html, None


def _fix_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body:
        body, target = mark_scenarios(fix_markup(body))
        context["body"] = body
        if target:
            context["pe_skip_links"] = [(f"#{target}", SKIP_TO_SCENARIOS)]


# pydata-sphinx-theme's head script sets the page's colour mode to the one the learner
# chose before, or else to ``html_context["default_mode"]``, which Jupyter Book leaves
# empty: on a first visit its script then logs "Got invalid theme mode" and resets to
# "auto", with the page uncoloured until then. This runs right after it (an inline script
# in the head, before the theme's deferred one) and makes an unknown mode "auto" and an
# unknown theme the system's. Without JavaScript neither runs and the page stays light.
THEME_MODE_JS = (
    "(function (root) {"
    " var mode = root.dataset.mode, theme = root.dataset.theme;"
    " if (mode !== 'light' && mode !== 'dark' && mode !== 'auto') { mode = 'auto';"
    " root.dataset.mode = mode; }"
    " if (theme !== 'light' && theme !== 'dark') {"
    " var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;"
    " root.dataset.theme = mode === 'auto' ? (dark ? 'dark' : 'light') : mode; }"
    "})(document.documentElement);")


# The sidebars open as dialogs on a narrow screen. sphinx-book-theme takes the focus off
# a toggle as it is clicked (so no ring stays after a mouse click), before
# pydata-sphinx-theme notes where the focus was: closing the dialog (Escape) then left the
# focus nowhere, and the next Tab started again from the top of the page. Give it back
# to the toggle that opened the dialog.
SIDEBAR_FOCUS_JS = (
    "document.addEventListener('DOMContentLoaded', function () {"
    " [['primary', '.bd-header-article .primary-toggle'],"
    " ['secondary', '.bd-header-article .secondary-toggle']].forEach(function (pair) {"
    " var dialog = document.getElementById('pst-' + pair[0] + '-sidebar-modal');"
    " var toggle = document.querySelector(pair[1]);"
    " if (!dialog || !toggle) return;"
    " dialog.addEventListener('close', function () {"
    " var now = document.activeElement;"
    " if (!now || now === document.body || dialog.contains(now)) toggle.focus(); });"
    " }); });")


def _fix_theme(app: Sphinx, config: Config) -> None:
    if config.html_theme not in (BOOK_THEME, "pydata_sphinx_theme"):
        return
    app.add_js_file(None, body=THEME_MODE_JS, priority=100)
    app.add_js_file(None, body=SIDEBAR_FOCUS_JS, priority=100)
    if config.html_theme == BOOK_THEME:
        # sphinx-book-theme 1.3 leaves pydata-sphinx-theme's top navbar out (all its slots
        # empty), but pydata-sphinx-theme 0.17.1 fills one slot, navbar_persistent, with
        # its search button unless the book sets it. The navbar then comes back with
        # a second, hidden set of sidebar toggles before the book theme's own; both
        # themes' scripts bind the first ``.primary-toggle`` only, so the visible toggle
        # did nothing at any width (sphinx-book-theme issues 917, 935, 988). Search stays
        # in the sidebar and the article header. Set navbar_persistent to override this.
        options = dict(config.html_theme_options or {})
        if "navbar_persistent" not in options:
            config.html_theme_options = {**options, "navbar_persistent": []}


# Citations a learner who is not an academic can read: "(Arnstein, 1969)" and
# "(Carman et al., 2013; Stefanik-Guizlo et al., 2024)" instead of keys in square
# brackets. sphinxcontrib-bibtex's author_year style has square brackets and a comma
# between references; this is the same style with round brackets and semicolons. The book
# picks it with ``bibtex_reference_style: pe_author_year`` (_config.yml).
CITATION_STYLE = "pe_author_year"


def _register_citation_style() -> None:
    try:
        from sphinxcontrib.bibtex.plugin import register_plugin
        from sphinxcontrib.bibtex.style.referencing import BracketStyle
        from sphinxcontrib.bibtex.style.referencing.author_year import (
            AuthorYearReferenceStyle,
        )
    except ImportError:  # a book without sphinxcontrib-bibtex has no citations
        return

    def round_brackets() -> BracketStyle:
        return BracketStyle(left="(", right=")", sep="; ")

    @dataclass
    class ReadableAuthorYearStyle(AuthorYearReferenceStyle):
        bracket_parenthetical: BracketStyle = field(default_factory=round_brackets)
        bracket_textual: BracketStyle = field(default_factory=round_brackets)
        bracket_author: BracketStyle = field(default_factory=round_brackets)
        bracket_label: BracketStyle = field(default_factory=round_brackets)
        bracket_year: BracketStyle = field(default_factory=round_brackets)

    register_plugin("sphinxcontrib.bibtex.style.referencing", CITATION_STYLE,
                    ReadableAuthorYearStyle)


def register(app: Sphinx) -> None:
    _register_citation_style()
    app.connect("config-inited", _fix_theme)
    app.connect("html-page-context", _fix_page)
    # after the theme's and the extensions' styles (800: where html_css_files go)
    app.add_css_file(A11Y_CSS, priority=800)
