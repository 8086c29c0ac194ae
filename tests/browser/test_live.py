"""The live scenario player and exercise notebooks, in the browser, with no network.

"Try it live" boots the book's JupyterLite site (Pyodide) in place; the scenario is then
played to an ending with the keyboard only, the way a keyboard or screen-reader user
would. Exercise notebooks open from their chapter in the in-browser Notebook and run.
Booting Python in the browser takes seconds (more under load): timeouts are generous.
See lite/README.md for how the in-browser site is assembled.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pe_course.scenarios import list_scenarios
from pe_course.statements import get_statement

from ..built_site import REPO_ROOT
from .axe import format_violations, run_axe
from .keyboard import STEP_TIMEOUT_MS, play_to_ending

pytestmark = pytest.mark.browser

# Every shipped scenario, on the chapter of its (first) problem statement.
LIVE = [(get_statement(s.statements[0]).chapter + ".html", s.id) for s in list_scenarios()]
BOOT_TIMEOUT_MS = 180_000  # click to a usable player; ~6-8 s on an idle machine


def _player_frame(page):
    handle = page.locator("iframe.pe-live-frame").first.element_handle(timeout=STEP_TIMEOUT_MS)
    frame = handle.content_frame()
    assert frame is not None, "the live player's iframe has no document"
    return frame


@pytest.mark.parametrize(("chapter", "scenario_id"), LIVE, ids=[sid for _, sid in LIVE])
def test_try_it_live_plays_a_scenario_by_keyboard(chapter, scenario_id, site_url, page,
                                                  artifacts_dir):
    from playwright.sync_api import expect  # here: without playwright the fixtures skip

    page.goto(site_url + chapter, wait_until="load")
    block = page.locator(f'.pe-live[data-pe-scenario="{scenario_id}"]')
    assert block.count() == 1, f"{chapter} has {block.count()} live blocks for {scenario_id}"
    button = block.get_by_role("button", name=re.compile(r"^Try it live"))
    button.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)

    # A real button, reached and pressed with the keyboard.
    assert button.evaluate("b => b.tagName") == "BUTTON"
    button.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('pe-live-button')")
    page.keyboard.press("Enter")

    iframe = block.locator("iframe.pe-live-frame")
    iframe.wait_for(state="attached", timeout=STEP_TIMEOUT_MS)
    title = iframe.get_attribute("title") or ""
    assert title.startswith("Live scenario player"), f"iframe title is {title!r}"
    frame = _player_frame(block)
    frame.wait_for_selector(".pe-player input[type=radio]", timeout=BOOT_TIMEOUT_MS)
    # the page's status line tells screen-reader users when the player is ready
    expect(block.locator(".pe-live-status")).to_contain_text("ready",
                                                                  timeout=STEP_TIMEOUT_MS)

    # The first choice at every step; after each confirm the focus stays in the player.
    play_to_ending(page.keyboard, frame, label=scenario_id, pick="first", arrows=True,
                   focus_kept=True)

    iframe.scroll_into_view_if_needed()
    iframe.screenshot(path=str(artifacts_dir / f"live-player-{scenario_id}-ending.png"))
    page.screenshot(path=str(artifacts_dir / f"live-player-page-{scenario_id}.png"),
                    full_page=False)

    violations = run_axe(frame)
    report = format_violations(violations, f"{frame.url} (live player of {scenario_id})")
    (artifacts_dir / f"axe-live-player-{scenario_id}.txt").write_text(report + "\n",
                                                                       encoding="utf-8")
    assert not violations, report

    # Everything was preloaded: piplite never looked anything up.
    assert not [u for u in page.pe_requests if u.split("?")[0].endswith("/pypi/all.json")], \
        "the kernel queried the piplite index: something was installed at run time"


def _exercise_notebooks() -> list[str]:
    return sorted(p.relative_to(REPO_ROOT).as_posix()
                  for p in (REPO_ROOT / "exercises").glob("*.ipynb"))


def _pages_linking(site_dir: Path) -> dict[str, str]:
    """{exercise notebook path: the built page that offers to open it}."""
    found: dict[str, str] = {}
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        if rel.startswith(("lite/", "_")):
            continue
        text = html.read_text(encoding="utf-8", errors="replace")
        for notebook in re.findall(r'data-pe-notebook="([^"]+)"', text):
            found.setdefault(notebook, rel)
    return found


def test_every_exercise_notebook_has_an_open_link(site_dir):
    notebooks = _exercise_notebooks()
    if not notebooks:
        pytest.skip("no exercise notebooks in exercises/")
    linked = _pages_linking(site_dir)
    missing = [nb for nb in notebooks if nb not in linked]
    assert not missing, (f"no page offers to open {', '.join(missing)}: add "
                         "```{exercise-notebook} ../exercises/NAME.ipynb``` to its chapter")


@pytest.mark.parametrize("notebook", _exercise_notebooks() or ["(none)"])
def test_exercise_notebook_opens_and_runs_in_browser(notebook, site_dir, site_url, page,
                                                      artifacts_dir):
    if notebook == "(none)":
        pytest.skip("no exercise notebooks in exercises/")
    source = _pages_linking(site_dir).get(notebook)
    if source is None:
        pytest.fail(f"no page links {notebook} (see the test above)", pytrace=False)
    page.goto(site_url + source, wait_until="load")
    block = page.locator(f'.pe-notebook-links[data-pe-notebook="{notebook}"]')
    download = block.locator("a.pe-download-notebook")
    assert download.get_attribute("download"), "the download link is not a download"
    link = block.locator("a.pe-open-lite")
    link.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/lite/notebooks/**", timeout=STEP_TIMEOUT_MS)

    cell = page.locator(".jp-Notebook .jp-CodeCell").first
    cell.wait_for(timeout=BOOT_TIMEOUT_MS)
    page.get_by_text("Python (Pyodide)").first.wait_for(timeout=BOOT_TIMEOUT_MS)
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    output = cell.locator(".jp-OutputArea-output").first
    output.wait_for(timeout=BOOT_TIMEOUT_MS)
    errors = cell.locator(".jp-OutputArea-output[data-mime-type*='error'], "
                          ".jp-OutputArea-output[data-mime-type*='stderr']")
    assert errors.count() == 0, errors.first.inner_text()
    assert output.inner_text().strip(), "the first code cell ran but showed nothing"
    # A form or a set of situations in the output: every control labelled, axe-clean.
    tool = cell.locator(".pe-tool, .pe-quiz, .pe-player")
    if tool.count():
        tool.first.locator("button").first.wait_for(timeout=STEP_TIMEOUT_MS)
        violations = run_axe(page, ".jp-OutputArea-output")
        report = format_violations(violations, f"{notebook} (first cell's output)")
        assert not violations, report
    name = Path(notebook).stem
    page.screenshot(path=str(artifacts_dir / f"lite-notebook-{name}.png"))
