"""Where the built site is, which of its files are book pages, and when to skip.

Shared by the plain file checks (``tests/test_site.py``) and the browser tests
(``tests/browser/``). Without a built site these tests skip on a learner's laptop; CI sets
``PE_COURSE_REQUIRE_BROWSER=1`` and a missing site (or browser) fails instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SITE_DIR = REPO_ROOT / "_build" / "html"
SITE_DIR_ENV = "PE_COURSE_SITE_DIR"
REQUIRE_ENV = "PE_COURSE_REQUIRE_BROWSER"
BUILD_HINT = "build it with the README's build command (`make site`)"

# Sphinx's own pages and folders that are not chapters a learner reads.
NON_BOOK_PAGES = {"genindex.html", "search.html", "py-modindex.html"}
# The facilitator kit's folders hold self-contained pages with no theme (tested in
# tests/browser/test_present.py), not book pages.
NON_BOOK_DIRS = {"_static", "_sources", "_images", "_downloads", "_panels_static",
                 "jupyter_execute", ".doctrees", "present", "handouts"}
# A JupyterLite site is any folder holding jupyter-lite.json; folders with these names
# inside it (at any depth: each app has its own build/) hold JupyterLite's own bundled
# application code, not pages we write.
LITE_CONFIG = "jupyter-lite.json"
LITE_BUNDLED_DIRS = {"build", "extensions", "static"}


def required() -> bool:
    """True when a missing site or browser must fail the run (CI), not skip it."""
    return os.environ.get(REQUIRE_ENV, "").strip() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason`` on a laptop; fail with it when the run requires the site."""
    if required():
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1 turns this skip into a failure)", pytrace=False)
    pytest.skip(reason)


def resolve_site_dir() -> Path:
    """The built site's folder: $PE_COURSE_SITE_DIR or <repo>/_build/html (skip if absent)."""
    site = Path(os.environ.get(SITE_DIR_ENV) or DEFAULT_SITE_DIR).resolve()
    if not (site / "index.html").is_file() and not any(site.glob("**/*.html")):
        skip_or_fail(f"no built site at {site}: {BUILD_HINT}, or point {SITE_DIR_ENV} at one")
    return site


def lite_roots(site: Path) -> list[Path]:
    """Top folders of the JupyterLite sites inside the built site (outermost only)."""
    roots: list[Path] = []
    for config in sorted(site.glob(f"**/{LITE_CONFIG}"), key=lambda p: (len(p.parts), p)):
        folder = config.parent
        if not any(folder.is_relative_to(root) for root in roots):
            roots.append(folder)
    return roots


def in_lite_bundle(path: Path, roots: list[Path]) -> bool:
    """True for files of JupyterLite's own bundled application (build/, extensions/, ...)."""
    for root in roots:
        if path.is_relative_to(root):
            folders = path.relative_to(root).parts[:-1]
            return any(folder in LITE_BUNDLED_DIRS for folder in folders)
    return False


def book_pages(site: Path) -> list[str]:
    """Every HTML page of the book itself, as paths relative to the site (posix style).

    Leaves out Sphinx's index and search pages, the redirecting top ``index.html``, its
    asset and source folders, and anything inside a JupyterLite site.
    """
    roots = lite_roots(site)
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0] in NON_BOOK_DIRS or rel.name in NON_BOOK_PAGES:
            continue
        if any(path.is_relative_to(root) for root in roots):
            continue
        if rel == Path("index.html") and _is_redirect(path):
            continue
        pages.append(rel.as_posix())
    return pages


def _is_redirect(path: Path) -> bool:
    head = path.read_text(encoding="utf-8", errors="replace")[:2000].lower()
    return 'http-equiv="refresh"' in head and "<body" not in head
