"""The theme's features on a chapter page, now that its scripts are deferred, the search
index loads only on the search page and the icons come from a font inside the stylesheet
(``pe_course/sphinx/speed.py``): search, the colour mode button, the download menu, the
copy buttons, and icons that draw without fetching any font or Font Awesome's script.
"""

from __future__ import annotations

import pytest

from pe_course.statements import get_statement

pytestmark = pytest.mark.browser

CHAPTER_1 = get_statement("check_mark").chapter + ".html"
AUTHORING = "book/authoring.html"  # has code blocks, so copy buttons
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
STEP_TIMEOUT_MS = 30_000


def _open(page, site_url: str, rel: str) -> None:
    response = page.goto(site_url + rel, wait_until="load")
    assert response is not None and response.ok, f"{rel} answered {response and response.status}"
    page.wait_for_load_state("networkidle")


def _script_errors(page) -> list[str]:
    # Chromium asks for /favicon.ico by itself (the site has none): its 404 is logged as
    # "Failed to load resource" though no page requested it.
    return [e for e in page.pe_console_errors if not e.startswith("Failed to load resource")]


def _paths(page) -> list[str]:
    return [url.split("?")[0] for url in page.pe_requests]


def test_icons_draw_from_the_stylesheet_s_own_font(site_url, page):
    _open(page, site_url, CHAPTER_1)
    faces = page.evaluate("""async () => {
        await document.fonts.ready;
        await document.fonts.load('900 16px "Font Awesome 6 Free"', '\\uf002');
        return [...document.fonts].filter(f => f.family.includes('Font Awesome 6 Free'))
            .map(f => [f.weight, f.status]);
    }""")
    assert ["900", "loaded"] in faces, faces
    icon = page.locator(".bd-sidebar-primary .search-button-field i.fa-magnifying-glass")
    assert icon.evaluate("i => getComputedStyle(i, '::before').content") == '"\uf002"'
    assert icon.evaluate("i => getComputedStyle(i).fontFamily").startswith('"Font Awesome 6')
    box = icon.bounding_box()
    assert box and box["width"] > 4, box
    fetched = _paths(page)
    assert not [u for u in fetched if u.endswith(FONT_SUFFIXES)], fetched
    assert not [u for u in fetched if u.endswith(("fontawesome.js", "searchindex.js"))]
    assert not _script_errors(page), page.pe_console_errors


def test_search_from_a_chapter_lists_pages(site_url, page):
    _open(page, site_url, CHAPTER_1)
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    assert page.evaluate("document.querySelector('#pst-search-dialog').open")
    field.fill("partner")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=partner*")
    # The search page adds its results one by one, then says it has finished.
    page.locator("#search-results").get_by_text("Search finished").wait_for(
        timeout=STEP_TIMEOUT_MS)
    results = page.locator("#search-results ul.search li")
    assert results.count() >= 3
    hrefs = [a.get_attribute("href") or "" for a in
             page.locator("#search-results ul.search li a").all()]
    assert any(CHAPTER_1 in href for href in hrefs), hrefs


def test_the_colour_mode_button_cycles_and_the_page_follows(site_url, page):
    _open(page, site_url, CHAPTER_1)
    button = page.locator(".bd-header-article .theme-switch-button").first
    if not button.is_visible():  # where the article header has none, the sidebar's
        button = page.locator(".theme-switch-button:visible").first
    seen = []
    for _ in range(3):
        button.click()
        mode, theme = page.evaluate(
            "[document.documentElement.dataset.mode, document.documentElement.dataset.theme]")
        seen.append(mode)
        if mode in ("light", "dark"):
            assert theme == mode
    assert sorted(seen) == ["auto", "dark", "light"], seen
    assert not _script_errors(page), page.pe_console_errors


def test_the_download_menu_offers_the_source_and_print(site_url, page):
    _open(page, site_url, CHAPTER_1)
    page.locator('button[aria-label="Download this page"]').click()
    source = page.locator(".dropdown-menu a.btn-download-source-button")
    source.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    href = source.get_attribute("href")
    assert href.endswith(".md")
    response = page.request.get(site_url + "book/" + href)
    assert response.ok and "jupytext" in response.text()
    assert page.locator('.dropdown-menu button[onclick="window.print()"]').is_visible()


def test_code_blocks_get_their_copy_button(site_url, page):
    _open(page, site_url, AUTHORING)
    blocks = page.locator("div.highlight pre").count()
    assert blocks > 0
    assert page.locator("button.copybtn").count() == blocks
