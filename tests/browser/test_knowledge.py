"""Each chapter's knowledge checks in headless Chromium: by keyboard only, announced, axe-clean,
readable on a phone, and answered in ``<details>`` without JavaScript.

The page is what the ``{knowledge-check}`` directive puts in a chapter
(``pe_course.render.knowledge.checks_html``) with the site's own ``pe_checks.js`` and
``pe_checks.css`` (copied from ``pe_course/sphinx/static``), served by ``pe_course.server``
on 127.0.0.1, the server ``pe-course serve`` runs. No built site is needed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from pe_course.knowledge import CheckSet, load_checks
from pe_course.render.knowledge import checks_html
from pe_course.sphinx import STATIC

from .axe import format_violations, run_axe
from .conftest import serving

PREFIX = "pe-check-chapter-0"
PHONE = {"width": 390, "height": 844}
MAX_TABS = 60
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Knowledge checks</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="_static/pe_checks.css">
<script defer src="_static/pe_checks.js"></script>
</head>
<body>
<main>
<h1>Check your understanding</h1>
{checks}
</main>
</body>
</html>
"""

# What has the focus: the element, and the question (form) it is in.
_FOCUS = """() => {
    const e = document.activeElement;
    const form = e && e.closest ? e.closest('form.pe-check') : null;
    return {tag: e.tagName.toLowerCase(), type: e.type || '', value: e.value || '',
            checked: !!e.checked, text: (e.innerText || '').trim(),
            question: form ? form.dataset.peCheck : null};
}"""


@pytest.fixture(scope="module", params=["check_mark", "unconscious_bias", "lack_of_support",
                                               "vulnerability"])
def checks(request) -> CheckSet:
    """Each written chapter's knowledge checks, in turn."""
    return load_checks(request.param)


@pytest.fixture(scope="module")
def checks_url(tmp_path_factory, checks) -> Iterator[str]:
    site = tmp_path_factory.mktemp("checks-site")
    (site / "_static").mkdir()
    for name in ("pe_checks.js", "pe_checks.css"):
        shutil.copyfile(STATIC / name, site / "_static" / name)
    html = PAGE.replace("{checks}", checks_html(checks, id_prefix=PREFIX))
    (site / "index.html").write_text(html, encoding="utf-8")
    with serving(site) as url:
        yield url + "index.html"


def focused(page) -> dict:
    return page.evaluate(_FOCUS)


def tab_to(page, wanted, what: str, *, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element is what we want; return it."""
    seen = []
    for _ in range(MAX_TABS):
        now = focused(page)
        if wanted(now):
            return now
        seen.append(f"{now['tag']}[{now['type']}] {now['value'] or now['text'][:30]!r}")
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    pytest.fail(f"Tab never reached {what}; focus went to: {'; '.join(seen[-8:])}",
                pytrace=False)


def option_of(question_id: str, kind: str, value: str | None = None):
    def wanted(now: dict) -> bool:
        return (now["question"] == question_id and now["tag"] == "input"
                and now["type"] == kind and (value is None or now["value"] == value))
    return wanted


def button_of(question_id: str):
    def wanted(now: dict) -> bool:
        return (now["question"] == question_id and now["tag"] == "button"
                and now["text"] == "Check my answer")
    return wanted


def feedback_after_enter(page, form) -> str:
    """Press Enter (on the focused button) and wait for the live region to speak."""
    region = form.locator(".pe-check-feedback")
    assert region.get_attribute("aria-live") == "polite"
    page.keyboard.press("Enter")
    page.wait_for_function("el => el.innerText.trim() !== ''", arg=region.element_handle(),
                           timeout=5000)
    return region.inner_text()


def mark_of(form, option_id: str) -> str:
    option = form.locator(f'.pe-check-option[data-pe-option="{option_id}"]')
    marks = option.locator(".pe-check-mark")
    if not marks.count():
        return ""
    described = option.locator("input").get_attribute("aria-describedby")
    assert described == marks.get_attribute("id"), "the mark is not read with the option"
    return marks.inner_text().strip()


def test_a_single_choice_question_by_keyboard_only(checks_url, page, checks):
    question = next(q for q in checks if q.kind == "single")
    right = question.correct_ids[0]
    order = [o.id for o in question.options]
    wrong = order[order.index(right) - 1]
    page.goto(checks_url)
    form = page.locator(f"#{PREFIX}-{question.id}")
    assert form.locator(".pe-check-button").is_visible()  # shown once the script runs

    # Tab to the options, Space to pick the first, the arrow keys to the right one.
    tab_to(page, option_of(question.id, "radio"), "the first question's options")
    page.keyboard.press("Space")
    for _ in range(len(order)):
        if focused(page)["value"] == right:
            break
        page.keyboard.press("ArrowDown")
    now = focused(page)
    assert now["value"] == right and now["checked"], now
    tab_to(page, button_of(question.id), "Check my answer")
    said = feedback_after_enter(page, form)
    assert said.startswith("Correct.") and question.options[order.index(right)] \
        .explanation[:40] in " ".join(said.split()), said
    assert mark_of(form, right) == "Correct"

    # Back to the options, another answer: the old verdict goes, the new one is announced.
    tab_to(page, option_of(question.id, "radio", right), "the chosen option", backwards=True)
    page.keyboard.press("ArrowUp")
    assert focused(page)["value"] == wrong and focused(page)["checked"]
    assert mark_of(form, right) == "" and form.locator(".pe-check-feedback").inner_text() == ""
    tab_to(page, button_of(question.id), "Check my answer")
    said = feedback_after_enter(page, form)
    assert said.startswith("Not quite.") and "Show the answer and why" in said, said
    assert mark_of(form, wrong) == "Not quite"

    # The answer under the question still opens, with Enter.
    tab_to(page, lambda now: now["question"] == question.id and now["tag"] == "summary",
           "Show the answer and why")
    page.keyboard.press("Enter")
    letter = "ABCDE"[order.index(right)]
    assert form.get_by_text(f"The answer is {letter}.").is_visible()
    assert not page.pe_console_errors, page.pe_console_errors


def test_a_multiple_choice_question_by_keyboard_only(checks_url, page, checks):
    question = next(q for q in checks if q.kind == "multiple")
    order = [o.id for o in question.options]
    right = set(question.correct_ids)
    assert len(right) >= 2
    leave_out = question.correct_ids[-1]
    page.goto(checks_url)
    form = page.locator(f"#{PREFIX}-{question.id}")

    # Tick every right answer but one, each by Tab and Space.
    for option_id in order:
        if option_id in right and option_id != leave_out:
            tab_to(page, option_of(question.id, "checkbox", option_id), option_id)
            page.keyboard.press("Space")
            assert focused(page)["checked"]
    tab_to(page, button_of(question.id), "Check my answer")
    said = feedback_after_enter(page, form)
    assert said.startswith("Not quite:") and "there is 1 more right answer to find" in said, said
    for option_id in right - {leave_out}:
        assert mark_of(form, option_id) == "Correct"

    # Back to the one left out (Shift+Tab), tick it, check again: all right.
    tab_to(page, option_of(question.id, "checkbox", leave_out), leave_out, backwards=True)
    page.keyboard.press("Space")
    tab_to(page, button_of(question.id), "Check my answer")
    said = feedback_after_enter(page, form)
    assert said.startswith("Correct.") and "You chose every right answer." in said, said
    assert {o: mark_of(form, o) for o in order} == \
        {o: ("Correct" if o in right else "") for o in order}
    assert not page.pe_console_errors, page.pe_console_errors


def test_nothing_chosen_says_so(checks_url, page, checks):
    question = next(q for q in checks if q.kind == "single")
    page.goto(checks_url)
    form = page.locator(f"#{PREFIX}-{question.id}")
    tab_to(page, button_of(question.id), "Check my answer")
    assert feedback_after_enter(page, form) == "Choose an answer first."


def test_axe_finds_nothing_on_desktop_or_phone_and_nothing_overflows(checks_url, page, checks,
                                                                     artifacts_dir):
    page.goto(checks_url)
    # an answered question too: right and wrong marks, feedback shown
    question = next(q for q in checks if q.kind == "single")
    form = page.locator(f"#{PREFIX}-{question.id}")
    wrong = next(o.id for o in question.options if not o.correct)
    form.locator(f'input[value="{wrong}"]').check()
    form.locator(".pe-check-button").click()
    form.locator(".pe-check-mark").wait_for()
    multiple = next(q for q in checks if q.kind == "multiple")
    other = page.locator(f"#{PREFIX}-{multiple.id}")
    for option in multiple.options[:3]:
        other.locator(f'input[value="{option.id}"]').check()
    other.locator(".pe-check-button").click()
    other.locator(".pe-check-mark").first.wait_for()
    page.locator("details").first.evaluate("d => d.open = true")
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        violations = run_axe(page)
        assert not violations, format_violations(violations, f"knowledge checks ({name})")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name}: the page is {width}px wide"
    page.screenshot(path=artifacts_dir / "knowledge-checks-phone.png", full_page=True)


def test_without_javascript_the_answer_is_in_details(checks_url, js_disabled_page, checks):
    page = js_disabled_page
    page.goto(checks_url)
    question = next(q for q in checks if q.kind == "single")
    form = page.locator(f"#{PREFIX}-{question.id}")
    assert not form.locator(".pe-check-button").is_visible()
    right = question.options[[o.correct for o in question.options].index(True)]
    answer = form.locator(".pe-check-answer")
    assert not answer.get_by_text(right.explanation[:40]).is_visible()  # closed at first
    answer.locator("summary").click()
    letter = "ABCDE"[question.options.index(right)]
    assert answer.get_by_text(f"The answer is {letter}.").is_visible()
    for option in question.options:
        assert answer.get_by_text(option.explanation[:40]).is_visible(), option.id
