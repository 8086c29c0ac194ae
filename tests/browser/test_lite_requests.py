"""The in-browser site, pruned for size, never asks for a file it lacks.

``pe_course/sphinx/litesize.py`` and ``lite/prepare.py`` leave out of ``_build/html/lite``
what the site never requests (the code of Mermaid, Vega, terminals and MathJax, which it
turns off, Font Awesome's fallback fonts, stylesheet source maps, unused lexers and stubs
in the wheels). A pruned file that is requested would be a bug: here the REPL runs a
widget with a Font Awesome icon, the Notebook opens an exercise, runs it, shows an icon,
dollar amounts (as typed: MathJax is off) and a Mermaid block (as code), completes a name
(jedi), saves and reopens it, and every other app loads; no response may be an error (404
or any status from 400 up).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from .keyboard import STEP_TIMEOUT_MS

BOOT_TIMEOUT_MS = 180_000
WIDGET_CODE = ("import ipywidgets\n"
               "ipywidgets.Button(description='Saved', icon='check')")


def _record_failures(page) -> list[str]:
    """Every response from 400 up and every failed request, also from workers; and the
    console's "Failed to load resource", except for the browser's own request for
    /favicon.ico at the server's root (outside the site)."""
    failures: list[str] = []
    context = page.context
    context.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    context.on("requestfailed", lambda r: failures.append(f"failed {r.url}"))

    def console(message) -> None:
        where = (message.location or {}).get("url", "")
        if "Failed to load resource" in message.text and urlsplit(where).path != "/favicon.ico":
            failures.append(f"{message.text} ({where})")

    page.on("console", console)
    return failures


def _font_requests(page) -> list[str]:
    return [u.rsplit("/", 1)[-1] for u in page.pe_requests
            if u.rsplit(".", 1)[-1].split("?")[0] in ("woff2", "woff", "ttf", "eot", "svg")]


def test_repl_requests_nothing_missing(site_url, page):
    failures = _record_failures(page)
    page.goto(site_url + "lite/repl/index.html?kernel=python&execute=1&showBanner=0"
              "&code=" + quote(WIDGET_CODE), wait_until="load")
    button = page.get_by_role("button", name="Saved")
    button.wait_for(timeout=BOOT_TIMEOUT_MS)
    page.wait_for_function("document.fonts.status === 'loaded'", timeout=STEP_TIMEOUT_MS)
    icon = button.locator("i.fa")
    assert icon.count() == 1
    page.wait_for_timeout(500)
    assert not failures, "the REPL asked for missing files:\n  " + "\n  ".join(failures)
    fonts = _font_requests(page)
    assert fonts and all(f.endswith(".woff2") for f in fonts), fonts


def test_notebook_runs_saves_and_requests_nothing_missing(site_url, page):
    failures = _record_failures(page)
    page.goto(site_url + "lite/notebooks/index.html?path=exercises/01_check_mark.ipynb",
              wait_until="load")
    cell = page.locator(".jp-Notebook .jp-CodeCell").first
    cell.wait_for(timeout=BOOT_TIMEOUT_MS)
    page.get_by_text("Python (Pyodide)").first.wait_for(timeout=BOOT_TIMEOUT_MS)
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    cell.locator(".jp-OutputArea-output").first.wait_for(timeout=BOOT_TIMEOUT_MS)

    # A new cell at the end: an icon button (Font Awesome), then completion (jedi).
    last = page.locator(".jp-Notebook .jp-Cell").last
    last.click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    new = page.locator(".jp-Notebook .jp-Cell").last
    new.locator(".jp-InputArea-editor").click()
    page.keyboard.type(WIDGET_CODE, delay=5)
    page.keyboard.press("Shift+Enter")
    page.get_by_role("button", name="Saved").wait_for(timeout=STEP_TIMEOUT_MS)
    page.keyboard.type("import json\njson.dum", delay=5)
    page.keyboard.press("Tab")
    page.locator(".jp-Completer-item", has_text="dumps").first.wait_for(
        timeout=STEP_TIMEOUT_MS)
    page.keyboard.press("Escape")

    # A Markdown cell about money, and a Mermaid block. MathJax is off in the site (its
    # code is removed): the amounts show as typed, where MathJax would have set the words
    # between the two dollar signs as maths. Mermaid is off too: the block shows as code.
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("m")
    page.keyboard.press("Enter")
    money = "We paid the $20 voucher from the $3,000 budget."
    page.keyboard.type(money + "\n\n```mermaid\ngraph TD; A-->B\n```", delay=5)
    page.keyboard.press("Shift+Enter")
    page.locator(".jp-MarkdownOutput pre", has_text="A-->B").first.wait_for(
        timeout=STEP_TIMEOUT_MS)
    shown = page.locator(".jp-MarkdownOutput p", has_text="voucher").first
    shown.wait_for(timeout=STEP_TIMEOUT_MS)
    assert shown.inner_text().strip() == money
    assert page.locator(".jp-MarkdownOutput mjx-container").count() == 0

    page.keyboard.press("Control+s")
    page.wait_for_function("!document.title.startsWith('*')", timeout=STEP_TIMEOUT_MS)
    page.wait_for_timeout(1000)
    # saved: the notebook opened again has the new cells
    page.reload(wait_until="load")
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=BOOT_TIMEOUT_MS)
    page.get_by_text("icon='check'").first.wait_for(timeout=STEP_TIMEOUT_MS)
    assert not failures, "the Notebook asked for missing files:\n  " + "\n  ".join(failures)
    fonts = _font_requests(page)
    assert not [f for f in fonts if f.startswith("fa-") and not f.endswith(".woff2")], fonts
    assert not [f for f in fonts if f.startswith("MathJax")], fonts


@pytest.mark.parametrize("app", ["tree", "edit", "consoles", "lab"])
def test_apps_the_notebook_opens_still_load(app, site_url, page):
    failures = _record_failures(page)
    page.goto(site_url + f"lite/{app}/index.html", wait_until="load")
    page.locator("#main, .jp-LabShell, #top-panel").first.wait_for(timeout=BOOT_TIMEOUT_MS)
    page.wait_for_timeout(1500)
    assert not failures, f"{app} asked for missing files:\n  " + "\n  ".join(failures)
