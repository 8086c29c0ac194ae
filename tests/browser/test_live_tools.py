"""The team tools live on the site: the plan check-up and the self-assessment, by keyboard;
the team action plan and the reflection journal on the reflection chapter.

"Try it live" on the tools page boots each tool in the in-browser Python (JupyterLite +
Pyodide, no network). The check-up is run with the example plan and its report saved;
the questionnaire is answered with Tab and the arrow keys, the profile shown, and the
answers saved. In the browser "saving" hands the file to the browser as a download (a data: URL,
so nothing leaves the page): the tests take that download and check what is in it.
"""

from __future__ import annotations

import re

import pytest

from pe_course import assessment, audit
from pe_course.statements import get_statement

from .axe import format_violations, run_axe
from .keyboard import MAX_TABS, STEP_TIMEOUT_MS

pytestmark = pytest.mark.browser

TOOLS_PAGE = "book/tools.html"
BOOT_TIMEOUT_MS = 180_000

_FOCUS = """() => {
    const e = document.activeElement;
    if (!e) return null;
    return {tag: e.tagName.toLowerCase(), type: e.type || "", text: (e.innerText || "").trim(),
            value: e.value || "", checked: !!e.checked, disabled: !!e.disabled,
            inTool: !!(e.closest && e.closest('.pe-tool'))};
}"""


def _boot(page, tool: str, where: str = TOOLS_PAGE):
    """Press the tool's Try it live button with the keyboard; return the tool's frame."""
    page.goto(page.pe_site_url + where, wait_until="load")
    box = page.locator(f'.pe-live[data-pe-tool="{tool}"]')
    button = box.locator("button.pe-live-button")
    button.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    button.focus()
    page.keyboard.press("Enter")
    iframe = box.locator("iframe.pe-live-frame")
    iframe.wait_for(state="attached", timeout=STEP_TIMEOUT_MS)
    assert (iframe.get_attribute("title") or "").startswith("Live tool: ")
    frame = iframe.element_handle().content_frame()
    frame.wait_for_selector(".pe-tool button", timeout=BOOT_TIMEOUT_MS)
    from playwright.sync_api import expect

    expect(box.locator(".pe-live-status")).to_contain_text("live tool is ready",
                                                           timeout=STEP_TIMEOUT_MS)
    return iframe, frame


def _tab_to_button(page, frame, name: str) -> None:
    for _ in range(MAX_TABS * 3):
        now = frame.evaluate(_FOCUS)
        if now and now["inTool"] and now["tag"] == "button" and now["text"] == name:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached the {name!r} button", pytrace=False)


def _download(page, frame, link_text: str) -> tuple[str, str]:
    link = frame.get_by_role("link", name=re.compile(link_text))
    link.wait_for(timeout=STEP_TIMEOUT_MS)
    link.focus()
    with page.expect_download(timeout=STEP_TIMEOUT_MS) as info:
        page.keyboard.press("Enter")
    download = info.value
    return download.suggested_filename, open(download.path(), encoding="utf-8").read()


@pytest.fixture
def tool_page(site_url, page):
    page.pe_site_url = site_url
    return page


def test_plan_checkup_runs_live_and_saves_its_report_as_a_download(tool_page, site_dir,
                                                                   artifacts_dir):
    page = tool_page
    iframe, frame = _boot(page, "plan-checkup")
    tool = frame.locator(".pe-plan-checkup")
    # The form opens with the example plan; check it, by keyboard.
    _tab_to_button(page, frame, "Check my plan")
    page.keyboard.press("Enter")
    expected = audit.audit(audit.example_plan())
    tool.locator("[data-rule]").first.wait_for(timeout=STEP_TIMEOUT_MS)
    rules = tool.locator("[data-rule]").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-rule'))")
    assert rules == [f.id for f in expected.findings]
    # Chapter links point into the book, only to chapters it has.
    hrefs = set(tool.locator(".pe-audit-report a[href]").evaluate_all(
        "links => links.map(a => a.href)"))
    written = {f"/book/{built.stem}.html" for built in (site_dir / "book").glob("*.html")}
    assert hrefs and all(any(h.endswith(w) for w in written) for h in hrefs), hrefs
    statements = {get_statement(s).chapter.split("/")[-1] for s in
                  {f.statement for f in expected.findings}}
    linked = {h.rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs}
    assert linked == {s for s in statements if f"/book/{s}.html" in written}, linked

    _tab_to_button(page, frame, "Save report")
    page.keyboard.press("Enter")
    name, text = _download(page, frame, r"^download engagement-plan-report\.md$")
    assert name == "engagement-plan-report.md"
    assert text == audit.report_markdown(expected)

    iframe.screenshot(path=str(artifacts_dir / "live-plan-checkup.png"))
    violations = run_axe(frame, ".pe-tool")
    assert not violations, format_violations(violations, f"{frame.url} (live plan check-up)")


def test_self_assessment_runs_live_by_keyboard_and_saves_answers(tool_page, artifacts_dir):
    page = tool_page
    iframe, frame = _boot(page, "self-assessment")
    tool = frame.locator(".pe-self-assessment")
    items = assessment.load_items()
    assert tool.locator(".pe-item select").count() == len(items)

    # Each item is a drop-down list that starts at "(not answered yet)": Tab to it, then
    # ArrowDown four times to "4 often". The keys must change that item and no other.
    for number in range(1, len(items) + 1):
        for _ in range(MAX_TABS):
            now = frame.evaluate(_FOCUS)
            if now and now["inTool"] and now["tag"] == "select":
                break
            page.keyboard.press("Tab")
        else:
            pytest.fail(f"Tab never reached item {number}", pytrace=False)
        assert frame.evaluate("() => document.activeElement.selectedIndex") == 0
        for _step in range(4):
            page.keyboard.press("ArrowDown")
        chosen = frame.evaluate("() => document.activeElement.selectedOptions[0].text")
        chosen = chosen.replace("\xa0", " ")  # ipywidgets writes option spaces as nbsp
        assert chosen == "4 often", f"item {number}: {chosen!r}"
        answered = frame.evaluate(
            """() => [...document.querySelectorAll('.pe-self-assessment .pe-item select')]
                     .map(s => s.selectedIndex)""")
        assert answered == [4] * number + [0] * (len(items) - number), answered
        page.keyboard.press("Tab")

    _tab_to_button(page, frame, "Show my profile")
    page.keyboard.press("Enter")
    results = tool.locator(".pe-profile")
    results.wait_for(timeout=STEP_TIMEOUT_MS)
    # Everyone answered "often" (4): 75 for a healthy practice, 25 for a reversed item.
    answers = {item.id: 4 for item in items}
    scores = assessment.respondent_scores(answers, items)
    table = results.inner_text()
    for statement_id, score in scores.items():
        assert f"{score:.1f}" in table, (statement_id, score, table)
    chart = tool.locator("svg.pe-profile-chart[role=img]")
    assert "Bar chart of your scores" in (chart.get_attribute("aria-label") or "")
    # The lowest score's chapter is named as a place to start only if the site has it.
    assert re.search(r"Read this chapter first|Your lowest score:", tool.inner_text())

    code = tool.get_by_label(re.compile("Your code for the team file"))
    code.focus()
    page.keyboard.type("r1")
    _tab_to_button(page, frame, "Save my answers")
    page.keyboard.press("Enter")
    name, text = _download(page, frame, r"^download my-self-assessment\.csv$")
    assert name == "my-self-assessment.csv"
    parsed = assessment.parse_answers(text)
    assert parsed.respondents == ("r1",)
    assert {a.item: a.answer for a in parsed.answers} == answers

    iframe.screenshot(path=str(artifacts_dir / "live-self-assessment.png"))
    violations = run_axe(frame, ".pe-tool")
    assert not violations, format_violations(violations, f"{frame.url} (live self-assessment)")


REFLECTION_PAGE = "book/reflection.html"


def test_action_plan_runs_live_and_downloads_markdown_csv_and_a_printable_page(
        tool_page, artifacts_dir):
    from pe_course.action_plan import parse_csv

    page = tool_page
    iframe, frame = _boot(page, "action-plan", REFLECTION_PAGE)
    tool = frame.locator(".pe-action-plan-form")
    boxes = tool.locator("textarea")
    boxes.first.wait_for(timeout=STEP_TIMEOUT_MS)
    # the first statement's "Start doing": learner text, markup included, kept as text
    boxes.first.fill('Invite partners before the question is set <b>"now"</b>')
    boxes.first.press("Tab")
    lines = tool.locator("input[type=text]")
    lines.nth(0).fill("The principal investigator")
    lines.nth(1).fill("2030-02-31")  # no such day: the form names it and keeps the text
    lines.nth(1).press("Tab")
    _tab_to_button(page, frame, "Make the action plan")
    page.keyboard.press("Enter")
    from playwright.sync_api import expect

    expect(tool).to_contain_text("By when", timeout=STEP_TIMEOUT_MS)
    expect(tool.locator(".pe-downloads")).to_have_count(0)
    assert lines.nth(1).input_value() == "2030-02-31"
    lines.nth(1).fill("2030-02-28")
    lines.nth(1).press("Tab")
    _tab_to_button(page, frame, "Make the action plan")
    page.keyboard.press("Enter")
    expect(tool.locator(".pe-downloads")).to_have_count(1, timeout=STEP_TIMEOUT_MS)
    assert tool.locator(".pe-action-plan-form b").count() == 0  # shown as text, never HTML

    name, markdown = _download(page, frame, r"^Download as Markdown")
    assert name == "action-plan.md" and "2030-02-28" in markdown
    name, csv_text = _download(page, frame, r"^Download as CSV")
    plan = parse_csv(csv_text, name)
    first = plan.lines[0]
    assert first.start == 'Invite partners before the question is set <b>"now"</b>'
    assert (first.owner, first.date) == ("The principal investigator", "2030-02-28")
    name, printable = _download(page, frame, r"^Download a printable page")
    assert name == "action-plan.html" and "&lt;b&gt;" in printable and "<b>" not in printable

    iframe.screenshot(path=str(artifacts_dir / "live-action-plan.png"))
    violations = run_axe(frame, ".pe-tool")
    assert not violations, format_violations(violations, f"{frame.url} (live action plan)")


def test_journal_runs_live_and_says_it_is_kept_in_this_browser(tool_page):
    page = tool_page
    iframe, frame = _boot(page, "journal", REFLECTION_PAGE)
    tool = frame.locator(".pe-journal-form")
    from playwright.sync_api import expect

    expect(tool).to_contain_text("kept in this browser only", timeout=STEP_TIMEOUT_MS)
    entry = tool.locator("textarea")
    entry.fill("<script>alert(1)</script> We ask before we book a room.")
    entry.press("Tab")
    _tab_to_button(page, frame, "Save entry")
    page.keyboard.press("Enter")
    expect(tool).to_contain_text("Saved in", timeout=STEP_TIMEOUT_MS)
    expect(tool).to_contain_text("1 entry so far")
    expect(tool.locator(".pe-journal-entries")).to_contain_text(
        "<script>alert(1)</script> We ask before we book a room.")
    assert entry.input_value() == ""  # saved: the box is ready for the next entry
    violations = run_axe(frame, ".pe-tool")
    assert not violations, format_violations(violations, f"{frame.url} (live journal)")


def test_team_profile_is_made_live_from_several_answer_files(tool_page, tmp_path):
    from playwright.sync_api import expect

    from pe_course.render.profile import profile_markdown

    page = tool_page
    rows = assessment.EXAMPLE_ANSWERS_FILE.read_text(encoding="utf-8").splitlines()
    header, body = rows[0], rows[1:]
    people = sorted({row.split(",")[0] for row in body})[:3]
    files = []
    for who in people:  # one file per person, as each saves it from the self-assessment
        path = tmp_path / f"{who}.csv"
        path.write_text("\n".join([header, *(r for r in body if r.startswith(who + ","))])
                        + "\n", encoding="utf-8")
        files.append(path)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{header}\nzz,cm1,7\n", encoding="utf-8")

    iframe, frame = _boot(page, "team-profile")
    tool = frame.locator(".pe-team-profile-form")

    def add(paths) -> None:  # the upload button opens the browser's file chooser
        with page.expect_file_chooser(timeout=STEP_TIMEOUT_MS) as chooser:
            tool.get_by_role("button", name=re.compile("Add answer files")).click()
        chooser.value.set_files([str(p) for p in paths])

    add([bad])
    expect(tool).to_contain_text("bad.csv", timeout=STEP_TIMEOUT_MS)  # named, not added
    expect(tool).to_contain_text("Files loaded: 0")
    add(files[:2])
    expect(tool).to_contain_text("Files loaded: 2", timeout=STEP_TIMEOUT_MS)
    _tab_to_button(page, frame, "Make the team profile")
    page.keyboard.press("Enter")
    expect(tool).to_contain_text("at least 3 people", timeout=STEP_TIMEOUT_MS)  # too few
    add(files[2:])
    expect(tool).to_contain_text("Files loaded: 3", timeout=STEP_TIMEOUT_MS)
    _tab_to_button(page, frame, "Make the team profile")
    page.keyboard.press("Enter")
    name, text = _download(page, frame, r"^Download as Markdown")
    combined = assessment.parse_answers(
        "\n".join([header, *(r for r in body if r.split(",")[0] in people)]) + "\n")
    assert name == "team-profile.md"
    assert text == profile_markdown(assessment.team_profile(combined))
    assert not any(who in text for who in people)  # anonymous: no one's code
    violations = run_axe(frame, ".pe-tool")
    assert not violations, format_violations(violations, f"{frame.url} (live team profile)")
