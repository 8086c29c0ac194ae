"""The site on a phone, 390 px wide, and the page frame every chapter sits in.

- The table of contents opens from the sidebar toggle, by mouse and by keyboard, and the
  theme logs no "invalid theme mode" (sphinx-book-theme 1.3 on pydata-sphinx-theme 0.17.1:
  see ``pe_course/sphinx/a11y.py``).
- The sidebar toggle, the sidebar's links and the download menu show the site's 3 px
  focus ring.
- A chapter with scenarios offers "Skip to the scenarios" among its first Tab stops, and
  following it moves the focus to the first scenario.
- No page, and neither team tool (static or live), is wider than the phone's screen.
"""

from __future__ import annotations

import pytest

from pe_course.statements import get_statement

from ..built_site import book_pages
from .axe import format_violations, run_axe

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHAPTER_1 = get_statement("check_mark").chapter + ".html"
TOOLS_PAGE = "book/tools.html"
SIDEBAR = "#pst-primary-sidebar-modal"  # where the theme shows the sidebar on a phone
TOGGLE = ".bd-header-article .primary-toggle"
SKIP_TEXT = "Skip to the scenarios"
MAX_TABS = 40
BOOT_TIMEOUT_MS = 180_000
STEP_TIMEOUT_MS = 30_000

_ACTIVE_MATCHES = "sel => !!document.activeElement && document.activeElement.matches(sel)"
_OUTLINE = """() => {
    const e = document.activeElement, c = getComputedStyle(e);
    return {tag: e.tagName.toLowerCase(), text: (e.innerText || e.getAttribute('aria-label')
            || e.title || '').trim(), style: c.outlineStyle, width: c.outlineWidth,
            color: c.outlineColor, focusVisible: e.matches(':focus-visible')};
}"""
# Elements that stick out of the page's right edge (at most ``limit`` of them).
_STICKING_OUT = """([selector, limit]) => {
    const width = document.documentElement.clientWidth, out = [];
    for (const e of document.querySelectorAll(selector)) {
        const r = e.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 1) {
            out.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')} `
                     + `"${(e.innerText || e.value || '').trim().slice(0, 40)}" ends at `
                     + `${Math.round(r.right)} px`);
        }
        if (out.length >= limit) break;
    }
    return out;
}"""
# Boxes whose content is wider than they are (so it is cut off, or scrolls sideways).
_SCROLLING = """([selector, limit]) => {
    const out = [];
    for (const e of document.querySelectorAll(selector)) {
        if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
            out.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')}: `
                     + `${e.scrollWidth} px of content in ${e.clientWidth} px`);
        }
        if (out.length >= limit) break;
    }
    return out;
}"""


@pytest.fixture
def phone(site_url, page):
    page.set_viewport_size(PHONE)
    page.pe_site_url = site_url
    return page


def _open(page, rel: str) -> None:
    response = page.goto(page.pe_site_url + rel, wait_until="load")
    assert response is not None and response.ok, f"{rel} answered {response and response.status}"
    page.wait_for_load_state("networkidle")


def _tab_to(page, selector: str, limit: int = MAX_TABS) -> int:
    """Press Tab until the focus is on ``selector``; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(_ACTIVE_MATCHES, selector):
            return presses
    pytest.fail(f"{limit} Tab presses never reached {selector}", pytrace=False)


def _tab_to_text(page, text: str, limit: int) -> int:
    """Press Tab until the focus is on an element showing ``text``; return the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.textContent || '').trim()") == text:
            return presses
    pytest.fail(f"{text!r} is not among the first {limit} Tab stops", pytrace=False)


def _theme_mode_errors(page) -> list[str]:
    return [e for e in page.pe_console_errors if "invalid theme mode" in e.lower()]


def _chapter_link(page):
    """A link to another chapter in the phone's table of contents."""
    return page.locator(f'{SIDEBAR} a.reference.internal[href$="tools.html"]').first


# Navigation ----------------------------------------------------------------------------

def test_the_table_of_contents_opens_by_mouse_on_a_phone(phone):
    _open(phone, CHAPTER_1)
    toggle = phone.locator(TOGGLE)
    assert toggle.count() == 1 and toggle.is_visible()
    # The sidebar is hidden on a phone until the toggle opens it.
    assert not phone.locator(".bd-sidebar-primary a.reference.internal").first.is_visible()
    toggle.click()
    link = _chapter_link(phone)
    link.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    assert phone.evaluate(f"document.querySelector('{SIDEBAR}').open")
    link.click()
    phone.wait_for_url("**/" + TOOLS_PAGE)
    assert not _theme_mode_errors(phone), phone.pe_console_errors


def test_the_table_of_contents_opens_by_keyboard_on_a_phone(phone):
    _open(phone, CHAPTER_1)
    _tab_to(phone, TOGGLE)
    phone.keyboard.press("Enter")
    link = _chapter_link(phone)
    link.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    # The focus is inside the open table of contents, and Tab reaches the chapter link.
    assert phone.evaluate(f"document.querySelector('{SIDEBAR}').contains(document.activeElement)")
    _tab_to(phone, f'{SIDEBAR} a.reference.internal[href$="tools.html"]')
    # Escape closes it and gives the focus back to the toggle.
    phone.keyboard.press("Escape")
    link.wait_for(state="hidden", timeout=STEP_TIMEOUT_MS)
    assert phone.evaluate(_ACTIVE_MATCHES, TOGGLE)
    assert not _theme_mode_errors(phone), phone.pe_console_errors


# Focus ---------------------------------------------------------------------------------

def _assert_ring(page, where: str) -> None:
    ring = page.evaluate(_OUTLINE)
    assert ring["focusVisible"], f"{where}: {ring}"
    assert ring["style"] == "solid" and ring["width"] == "3px", (
        f"{where}: no 3 px focus ring on {ring['tag']} {ring['text']!r}: {ring}")
    assert ring["color"] not in ("transparent", "rgba(0, 0, 0, 0)"), f"{where}: {ring}"


def test_focus_shows_on_the_sidebar_toggle_links_and_download_menu(phone):
    _open(phone, CHAPTER_1)
    _tab_to(phone, TOGGLE)
    _assert_ring(phone, "sidebar toggle")
    phone.keyboard.press("Enter")
    _chapter_link(phone).wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    _tab_to(phone, f"{SIDEBAR} a.reference.internal")
    _assert_ring(phone, "a link in the phone's table of contents")
    phone.keyboard.press("Escape")

    download = ".bd-header-article .dropdown-download-buttons > button"
    _tab_to(phone, download)
    _assert_ring(phone, "download menu button")
    phone.keyboard.press("Enter")
    phone.locator(".dropdown-download-buttons .dropdown-item").first.wait_for(
        state="visible", timeout=STEP_TIMEOUT_MS)
    _tab_to(phone, ".dropdown-download-buttons .dropdown-item", limit=5)
    _assert_ring(phone, "an item of the download menu")

    # On a wide screen the sidebar is part of the page.
    phone.set_viewport_size(DESKTOP)
    _open(phone, CHAPTER_1)
    _tab_to(phone, ".bd-sidebar-primary .bd-links a.reference.internal")
    _assert_ring(phone, "a link in the sidebar")


# Skip link -----------------------------------------------------------------------------

_FIRST_SCENARIO = """() => {
    const first = document.querySelector('.pe-live[data-pe-scenario], .pe-scenario');
    const e = document.activeElement;
    return {isFirst: first === e, id: first && first.id,
            inside: !!(first && first.contains(e)), tag: e.tagName.toLowerCase(),
            cls: e.className || ''};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_skip_to_the_scenarios_is_an_early_tab_stop_and_moves_focus(phone, viewport):
    phone.set_viewport_size(viewport)
    _open(phone, CHAPTER_1)
    _tab_to_text(phone, SKIP_TEXT, limit=3)
    skip = phone.get_by_role("link", name=SKIP_TEXT)
    assert skip.is_visible(), "the skip link must show while it has the focus"
    phone.keyboard.press("Enter")
    focus = phone.evaluate(_FIRST_SCENARIO)
    assert focus["isFirst"], f"focus went to {focus}, not the first scenario"
    # The next Tab goes on from there (to its "Try it live" button), not from the top.
    phone.keyboard.press("Tab")
    assert phone.evaluate(_FIRST_SCENARIO)["inside"] or phone.evaluate(
        """() => {
            const first = document.querySelector('.pe-live[data-pe-scenario], .pe-scenario');
            return !!(first.compareDocumentPosition(document.activeElement)
                      & Node.DOCUMENT_POSITION_FOLLOWING);
        }""")


def test_pages_without_scenarios_have_no_skip_link_to_them(phone):
    _open(phone, TOOLS_PAGE)
    assert phone.locator(".pe-scenario").count() == 0
    assert phone.get_by_role("link", name=SKIP_TEXT).count() == 0


# Nothing wider than the phone ----------------------------------------------------------

def test_no_page_is_wider_than_a_phone(site_dir, phone):
    pages = book_pages(site_dir)
    assert pages, f"no book pages found in {site_dir}"
    problems = []
    for rel in pages:
        _open(phone, rel)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            sticking = phone.evaluate(_STICKING_OUT, ["body *", 5])
            problems.append(f"{rel}: {width} px wide; {sticking}")
        # What a notebook cell shows (a scenario, a tool) reflows: no box in it is wider
        # than the screen and scrolls sideways.
        scrolling = phone.evaluate(_SCROLLING, [".cell_output .text_html, "
                                                ".cell_output .text_html *", 5])
        if scrolling:
            problems.append(f"{rel}: {scrolling}")
    assert not problems, "\n".join(problems)


def test_the_static_plan_checkup_fits_a_phone(phone):
    _open(phone, TOOLS_PAGE)
    report = phone.locator(".pe-tool-static.pe-plan-checkup .pe-audit-report")
    assert report.count() == 1
    assert not phone.evaluate(_SCROLLING, [".pe-tool-static, .pe-tool-static *", 5])
    assert not phone.evaluate(_STICKING_OUT, [".pe-tool-static, .pe-tool-static *", 5])
    # every part of a finding keeps its column heading, in front of it
    headings = report.locator("[data-rule] td").evaluate_all(
        "cells => cells.slice(1, 4).map(c => getComputedStyle(c, '::before').content)")
    assert headings == ['"What we found: "', '"What to do: "', '"Learn more: "']


_OVERLAPS = """() => {
    const rows = [...document.querySelectorAll('.pe-tool .widget-checkbox')]
        .filter(e => e.getBoundingClientRect().height > 0);
    const out = [];
    for (let i = 0; i + 1 < rows.length; i++) {
        const text = rows[i].querySelector('.widget-label-basic span') || rows[i];
        if (text.getBoundingClientRect().bottom > rows[i + 1].getBoundingClientRect().top + 1) {
            out.push(text.innerText.slice(0, 40));
        }
    }
    return out;
}"""


def _boot_tool(page, tool: str):
    box = page.locator(f'.pe-live[data-pe-tool="{tool}"]')
    button = box.locator("button.pe-live-button")
    button.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    button.click()
    iframe = box.locator("iframe.pe-live-frame")
    iframe.wait_for(state="attached", timeout=STEP_TIMEOUT_MS)
    frame = iframe.element_handle().content_frame()
    frame.wait_for_selector(".pe-tool button", timeout=BOOT_TIMEOUT_MS)
    return iframe, frame


@pytest.mark.parametrize("tool", ["plan-checkup", "self-assessment"])
def test_the_live_tools_fit_a_phone(phone, artifacts_dir, tool):
    _open(phone, TOOLS_PAGE)
    iframe, frame = _boot_tool(phone, tool)
    frame.wait_for_timeout(500)  # let the widgets lay out
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    controls = ".pe-tool, .pe-tool label, .pe-tool input, .pe-tool select, .pe-tool button"
    assert not frame.evaluate(_STICKING_OUT, [controls, 8]), "cut off at the right edge"
    assert not frame.evaluate(_SCROLLING, [".pe-tool, .pe-tool .widget-box, "
                                           ".pe-tool .widget-inline-hbox", 8])
    assert not frame.evaluate(_OVERLAPS), "checkbox labels run into the next question"
    tall = frame.locator(".pe-tool input, .pe-tool select").evaluate_all(
        "controls => controls.map(c => c.getBoundingClientRect().height)"
        ".filter(h => h > 64)")
    assert not tall, f"text boxes or drop-downs stretched to {tall} px high"
    if tool == "plan-checkup":  # the form starts with the example plan: check it
        frame.get_by_role("button", name="Check my plan").click()
        report = ".pe-tool .pe-audit-report"
        frame.locator(report).first.wait_for(timeout=STEP_TIMEOUT_MS)
        frame.wait_for_timeout(300)
        assert not frame.evaluate(_STICKING_OUT, [f"{report}, {report} *", 8])
        assert not frame.evaluate(_SCROLLING, [f"{report}, {report} *, "
                                               ".pe-tool .widget-html-content", 8])
    iframe.screenshot(path=str(artifacts_dir / f"phone-live-{tool}.png"))


def test_the_live_scenario_player_fits_a_phone(phone, artifacts_dir):
    """The in-page player, played to its ending (the path chart and table included)."""
    _open(phone, CHAPTER_1)
    box = phone.locator(".pe-live[data-pe-scenario]").first
    box.locator("button.pe-live-button").click()
    player = box.locator(".pe-player")
    player.locator("input[type=radio]").first.wait_for(timeout=STEP_TIMEOUT_MS)
    for _ in range(30):
        if player.locator(".pe-summary").count():
            break
        player.locator("input[type=radio]").last.check()
        player.locator(".pe-player-confirm").click()
    player.locator(".pe-summary").wait_for(timeout=STEP_TIMEOUT_MS)
    phone.wait_for_timeout(200)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    # everything fits but the wide path table, which scrolls in its own box (by keyboard too)
    parts = ".pe-player, .pe-player *:not(.pe-table-scroll *):not(svg *)"
    assert not phone.evaluate(_STICKING_OUT, [parts, 8]), "cut off at the right edge"
    scroller = player.locator(".pe-table-scroll")
    assert scroller.get_attribute("tabindex") == "0" and scroller.get_attribute("aria-label")
    violations = run_axe(phone, ".pe-live")
    assert not violations, format_violations(violations, "the live player on a phone")
    player.screenshot(path=str(artifacts_dir / "phone-live-scenario.png"))
