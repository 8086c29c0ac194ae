"""Fixtures for the browser tests: the built site served on 127.0.0.1 and headless Chromium.

Fixtures (the contract other browser tests rely on):

- ``site_dir`` (session): the built site, ``$PE_COURSE_SITE_DIR`` or ``<repo>/_build/html``.
- ``site_url`` (session): that folder served on ``http://127.0.0.1:PORT/`` by
  ``pe_course.server`` (what ``pe-course serve`` runs).
- ``browser`` (session): Debian's Chromium (``/usr/bin/chromium`` or ``$PE_COURSE_CHROMIUM``)
  driven by Playwright, with every host but 127.0.0.1 unresolvable.
- ``context`` / ``page`` (function): a fresh 1280x900 context and page. Every request URL,
  from the page, its iframes and its workers, is recorded in ``page.pe_requests``; a
  request to any host but 127.0.0.1 fails the test at teardown.
- ``js_disabled_page`` (function): the same, with JavaScript turned off.
- ``artifacts_dir`` (session): ``<repo>/test-artifacts`` (git-ignored) for screenshots
  and reports.

Without Chromium (or Playwright) the tests skip; with ``PE_COURSE_REQUIRE_BROWSER=1``
(set in CI) they fail instead. Never run ``playwright install``: we use the system browser.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pe_course.server import make_server

from ..built_site import REPO_ROOT, resolve_site_dir, skip_or_fail

CHROMIUM_ENV = "PE_COURSE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
ARTIFACTS_ENV = "PE_COURSE_ARTIFACTS_DIR"
ALLOWED_HOST = "127.0.0.1"
VIEWPORT = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Any host but our own server fails to resolve: a page that needs the network breaks
    # here exactly as it would at a workshop venue with none.
    f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {ALLOWED_HOST}",
]
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a browser: mark it so ``-m "not browser"`` works."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.path)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


# ---------------------------------------------------------------------------------------
# The site, served locally


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return resolve_site_dir()


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` served on a free local port by the server the README tells facilitators
    to use (pe-course serve: gzip and the types the in-browser Python needs)."""
    server = make_server(folder, ALLOWED_HOST, 0)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{ALLOWED_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    folder = Path(os.environ.get(ARTIFACTS_ENV) or REPO_ROOT / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---------------------------------------------------------------------------------------
# The browser


def _chromium_path() -> str | None:
    explicit = os.environ.get(CHROMIUM_ENV)
    if explicit:
        return explicit if Path(explicit).is_file() else None
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Python playwright is not installed (pip install -e '.[test]')")
    executable = _chromium_path()
    if executable is None:
        wanted = os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM
        skip_or_fail(f"Chromium not found at {wanted}: install Debian's `chromium` package "
                     f"(or set {CHROMIUM_ENV}); never `playwright install`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == ALLOWED_HOST


def _recording_context(browser, **options):
    """A new context that records every request URL (pages, iframes, workers)."""
    context = browser.new_context(viewport=VIEWPORT, **options)
    requests: list[str] = []
    context.pe_requests = requests
    context.on("request", lambda request: requests.append(request.url))
    return context


def _new_page(context):
    page = context.new_page()
    page.pe_requests = context.pe_requests
    # WebSockets do not show up as requests; record them too.
    page.on("websocket", lambda ws: context.pe_requests.append(ws.url))
    page.pe_console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.pe_console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.pe_console_errors.append(str(exc)))
    return page


def _check_requests(context) -> None:
    outside = sorted({url for url in context.pe_requests if not _is_local(url)})
    if outside:
        listing = "\n  ".join(outside)
        pytest.fail(f"{len(outside)} request(s) went to a host other than {ALLOWED_HOST}:\n"
                    f"  {listing}", pytrace=False)


@pytest.fixture
def context(browser):
    context = _recording_context(browser)
    yield context
    context.close()
    _check_requests(context)


@pytest.fixture
def page(context):
    return _new_page(context)


@pytest.fixture
def js_disabled_page(browser):
    context = _recording_context(browser, java_script_enabled=False)
    page = _new_page(context)
    yield page
    context.close()
    _check_requests(context)


@pytest.fixture
def file_page(browser):
    """A page for files opened from disk (``file://``), as from a USB stick: every other
    request is refused and recorded, and the test fails on any of them or on a script
    error. The viewport is a projector's 1280 by 720."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    outside: list[str] = []

    def refuse(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", refuse)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    yield page
    context.close()
    assert not outside, f"a page opened from disk asked the network for: {outside}"
    assert not errors, f"script errors: {errors}"
