"""Every page of the built book in headless Chromium: accessibility, offline, keyboard, no JS.

Run against a built site (see tests/browser/README.md). The ``page`` fixtures fail a test
if anything was requested from a host other than 127.0.0.1.
"""

from __future__ import annotations

import re

import pytest

from pe_course.scenarios import Scenario, list_scenarios
from pe_course.statements import get_statement

from ..built_site import book_pages
from .axe import format_violations, run_axe

pytestmark = pytest.mark.browser

# The chapters written so far, each with its scenarios (one test per chapter below).
CHAPTERS = ["check_mark", "unconscious_bias", "lack_of_support", "vulnerability"]
PHONE_VIEWPORT = {"width": 390, "height": 844}
# Each page is checked as a learner may see it: light and dark theme, desktop and phone.
VIEWS = [
    ("desktop, light", None, "light"),
    ("desktop, dark", None, "dark"),
    ("phone, light", PHONE_VIEWPORT, "light"),
]


def _scenarios_of(statement: str) -> list[Scenario]:
    scenarios = [s for s in list_scenarios() if statement in s.statements]
    assert len(scenarios) >= 3, f"fewer than three scenarios teach {statement}"
    return scenarios


def _chapter_page(statement: str) -> str:
    return get_statement(statement).chapter + ".html"


def _open(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    # Let the theme's scripts settle (dark mode, sidebars, toggle buttons).
    page.wait_for_load_state("networkidle")


def test_every_page_passes_axe(site_dir, site_url, page, artifacts_dir):
    pages = book_pages(site_dir)
    assert pages, f"no book pages found in {site_dir}"
    reports: list[str] = []
    checked = 0
    for name, viewport, scheme in VIEWS:
        page.set_viewport_size(viewport or {"width": 1280, "height": 900})
        page.emulate_media(color_scheme=scheme)
        for rel in pages:
            _open(page, site_url + rel)
            theme = page.evaluate("() => document.documentElement.dataset.theme")
            assert theme == scheme, f"{rel} ({name}): the theme shows {theme!r} mode"
            violations = run_axe(page)
            checked += 1
            if violations:
                reports.append(format_violations(violations, f"{rel} ({name})"))
    summary = (f"axe-core, WCAG 2.0/2.1/2.2 A+AA: {len(pages)} page(s) x {len(VIEWS)} view(s), "
               f"{len(reports)} with violations")
    report = "\n\n".join([summary, *reports]) + "\n"
    (artifacts_dir / "axe-report.txt").write_text(report, encoding="utf-8")
    assert checked == len(pages) * len(VIEWS)
    assert not reports, report


def _visible(locator) -> bool:
    return any(locator.nth(i).is_visible() for i in range(locator.count()))


def _reveal(page, text: str):
    """The element showing ``text``, opening its collapsed <details> (which needs no JS)."""
    matches = page.get_by_text(text, exact=False)
    assert matches.count(), f"{text!r} is not on the page"
    if not _visible(matches):
        details = page.locator("details", has=page.get_by_text(text, exact=False)).last
        details.locator(":scope > summary").click()
    return matches


@pytest.mark.parametrize("statement", CHAPTERS)
def test_chapter_is_readable_without_javascript(statement, site_url, js_disabled_page,
                                                artifacts_dir):
    page = js_disabled_page
    _open(page, site_url + _chapter_page(statement))
    for scenario in _scenarios_of(statement):
        assert _visible(page.get_by_text(scenario.title, exact=False)), (
            f"scenario {scenario.id!r}: title {scenario.title!r} is not visible without JS")
        for step in scenario.steps:
            texts = [step.prompt, *(c.label for c in step.choices), step.choices[0].feedback]
            for text in texts:
                assert _visible(_reveal(page, _shown(text))), (
                    f"scenario {scenario.id!r}, step {step.id!r}: {text!r} is not visible "
                    "without JavaScript")
    page.screenshot(path=artifacts_dir / f"{statement}-no-js.png")


def _shown(text: str) -> str:
    """Text as a browser shows it: runs of whitespace collapsed."""
    return " ".join(text.split())


def _focused(page) -> dict:
    return page.evaluate(r"""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim(),
                href: el.getAttribute('href'),
                open: el.parentElement ? el.parentElement.hasAttribute('open') : null,
                details: el.tagName === 'SUMMARY' && el.parentElement.tagName === 'DETAILS'
                    ? el.parentElement.textContent.replace(/\s+/g, ' ') : ''};
    }""")


@pytest.mark.parametrize("statement", CHAPTERS)
def test_chapter_keyboard(statement, site_url, page, artifacts_dir):
    _open(page, site_url + _chapter_page(statement))

    # The first Tab stop skips the navigation and lands on the main content.
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["tag"] == "a" and re.search(r"skip", first["text"], re.I), (
        f"first Tab stop should be a 'skip to content' link, got {first}")
    target = first["href"]
    assert target and target.startswith("#"), f"skip link has no in-page target: {target!r}"
    page.keyboard.press("Enter")
    assert page.evaluate("(id) => !!document.getElementById(id)", target[1:]), (
        f"skip link target {target} does not exist")
    assert page.url.endswith(target)
    page.keyboard.press("Tab")
    assert page.evaluate("(id) => document.getElementById(id).contains(document.activeElement)",
                         target[1:]), (
        f"after the skip link, Tab went to {_focused(page)} outside {target}")

    # Tab on to a choice's collapsed consequence in a readable scenario, then open it with
    # Enter: the learner chooses first, then sees what happens.
    feedbacks = [_shown(c.feedback) for s in _scenarios_of(statement) for step in s.steps
                 for c in step.choices]
    focused = _focused(page)
    for _ in range(400):
        if (focused["tag"] == "summary" and focused["open"] is False
                and focused["text"].startswith("What happens if you choose")
                and any(feedback in focused["details"] for feedback in feedbacks)):
            break
        page.keyboard.press("Tab")
        focused = _focused(page)
    else:
        pytest.fail(f"Tab never reached a choice's collapsed consequence on {statement}")
    page.keyboard.press("Enter")
    assert _focused(page)["open"] is True, f"Enter did not open {focused['text']!r}"
    page.keyboard.press("Enter")
    assert _focused(page)["open"] is False, f"Enter did not close {focused['text']!r} again"

    page.screenshot(path=artifacts_dir / f"{statement}.png", full_page=True)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_a_link_under_the_mouse_keeps_its_contrast(mode, site_url, page):
    """The theme's hover colour was orange at 2.45:1 on white (axe found it on a link
    the mouse happened to rest on)."""
    page.goto(site_url + "book/" + CHAPTERS[0] + ".html", wait_until="load")
    page.evaluate("mode => document.documentElement.dataset.theme = mode", mode)
    links = page.locator(".bd-article a.reference.internal, .bd-article .pe-present-link a")
    assert links.count() >= 2
    for index in (0, links.count() - 1):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        link.hover()
        page.wait_for_timeout(350)  # the theme's colour transition
        link.evaluate("a => a.setAttribute('data-pe-hovered', '')")
        violations = run_axe(page, "[data-pe-hovered]")
        link.evaluate("a => a.removeAttribute('data-pe-hovered')")
        assert not violations, format_violations(violations, f"a hovered link ({mode})")
