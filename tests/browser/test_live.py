"""The live scenario player and exercise notebooks, in the browser, with no network.

"Try it live" on a scenario plays it in the page itself, from ``play/<id>.js`` (every point
of every path rendered and scored at build time by ``pe_course``): the scenario is played
to an ending with the keyboard only, the way a keyboard or screen-reader user would, and
what the page shows is checked against ``pe_course.scoring``. Exercise notebooks open from
their chapter in the in-browser Notebook (JupyterLite, Pyodide) and run: booting Python
in the browser takes seconds (more under load), so those timeouts are generous.
See lite/README.md for how the in-browser site is assembled.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pe_course.scenarios import list_scenarios, load_scenario
from pe_course.scoring import choose, score, start
from pe_course.statements import get_statement

from ..built_site import REPO_ROOT
from .axe import format_violations, run_axe
from .keyboard import STEP_TIMEOUT_MS, play_to_ending

pytestmark = pytest.mark.browser

# Every shipped scenario, on the chapter of its (first) problem statement.
LIVE = [(get_statement(s.statements[0]).chapter + ".html", s.id) for s in list_scenarios()]
BOOT_TIMEOUT_MS = 180_000  # JupyterLite: click to a usable notebook; seconds when idle


def _expected(scenario_id: str, pick: str = "first"):
    """What playing the first (or last) offered choice at every step gives, by scoring."""
    scenario = load_scenario(scenario_id)
    progress = start(scenario)
    labels = []
    while not progress.finished:
        offered = scenario.step(progress.step_id).offered(progress.flags)
        choice = offered[0] if pick == "first" else offered[-1]
        labels.append(choice.label)
        progress = choose(scenario, progress, choice.id)
    return score(scenario, progress), labels, progress


def _open_player(page, scenario_id: str):
    block = page.locator(f'.pe-live[data-pe-scenario="{scenario_id}"]')
    assert block.count() == 1, f"{block.count()} live blocks for {scenario_id}"
    button = block.get_by_role("button", name=re.compile(r"^Try it live"))
    button.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    assert button.evaluate("b => b.tagName") == "BUTTON"  # a real button, by keyboard
    button.focus()
    page.keyboard.press("Enter")
    block.locator(".pe-player input[type=radio]").first.wait_for(timeout=STEP_TIMEOUT_MS)
    return block


@pytest.mark.parametrize(("chapter", "scenario_id"), LIVE, ids=[sid for _, sid in LIVE])
def test_try_it_live_plays_a_scenario_by_keyboard(chapter, scenario_id, site_url, page,
                                                  artifacts_dir):
    from playwright.sync_api import expect  # here: without playwright the fixtures skip

    page.goto(site_url + chapter, wait_until="load")
    block = _open_player(page, scenario_id)
    player = block.locator(".pe-player")
    assert player.get_attribute("role") == "region"
    assert (player.get_attribute("aria-label") or "").startswith("Live scenario player: ")
    # the page's status line tells screen-reader users when the player is ready
    expect(block.locator(".pe-live-status")).to_contain_text("ready")
    # the focus is on the first choice, not lost with the button
    assert page.evaluate("() => document.activeElement.type") == "radio"
    scenario = load_scenario(scenario_id)
    assert scenario.title in player.locator(".pe-player-title").inner_text()

    # The first choice at every step; after each confirm the focus stays in the player.
    played = play_to_ending(page.keyboard, page, label=scenario_id, pick="first",
                            arrows=True, focus_kept=True)

    # What the page showed is what pe_course.scoring gives for that path.
    card, labels, progress = _expected(scenario_id)
    assert len(played.feedbacks) == len(labels)
    for feedback, label in zip(played.feedbacks, labels, strict=True):
        assert f". {label}" in feedback, (label, feedback)
    assert f"Ending: {card.ending.title}" in played.summary
    assert (f"Trust: {progress.state.trust} of 100" in played.meter_texts[-1]
            and f"Energy: {progress.state.energy} of 100" in played.meter_texts[-1])

    player.screenshot(path=str(artifacts_dir / f"live-player-{scenario_id}-ending.png"))
    violations = run_axe(page, f'.pe-live[data-pe-scenario="{scenario_id}"]')
    report = format_violations(violations, f"{chapter} (live player of {scenario_id})")
    (artifacts_dir / f"axe-live-player-{scenario_id}.txt").write_text(report + "\n",
                                                                       encoding="utf-8")
    assert not violations, report

    # Play again: back to the first step, the focus on its first choice.
    page.keyboard.press("Enter")  # the focus is on "Play again"
    expect(player.locator(".pe-step-heading")).to_contain_text("Step 1 of")
    assert page.evaluate("() => document.activeElement.type") == "radio"
    assert not player.locator(".pe-summary").count()

    # Nothing but the page's own files: no Python was started for this.
    assert not [u for u in page.pe_requests if "/lite/" in u], \
        "the scenario player started the in-browser Python"


def test_two_players_on_one_page_and_a_confirm_with_no_choice(site_url, page):
    """A second scenario on the page starts at once, and each keeps its own place."""
    from playwright.sync_api import expect

    chapter, first = LIVE[0]
    others = [sid for c, sid in LIVE if c == chapter and sid != first]
    assert others, f"{chapter} has only one scenario"
    page.goto(site_url + chapter, wait_until="load")
    one = _open_player(page, first)
    one.locator(".pe-player-confirm").click()  # nothing picked: said, and nothing lost
    expect(one.locator(".pe-player-message")).to_have_text(
        "Pick one of the choices first, then confirm.")
    expect(one.locator(".pe-step-heading")).to_contain_text("Step 1 of")
    one.locator("input[type=radio]").first.check()
    expect(one.locator(".pe-player-message")).to_have_text("")
    one.locator(".pe-player-confirm").click()
    expect(one.locator(".pe-step-heading")).to_contain_text("Step 2 of")

    began = page.evaluate("performance.now()")
    two = _open_player(page, others[0])
    took = page.evaluate("performance.now()") - began
    assert took < 10_000, f"the second player took {took:.0f} ms"
    # the first is where it was; ids stay unique across both (axe checks duplicate ids)
    expect(one.locator(".pe-step-heading")).to_contain_text("Step 2 of")
    expect(two.locator(".pe-step-heading")).to_contain_text("Step 1 of")
    violations = run_axe(page, ".pe-live")
    assert not violations, format_violations(violations, f"{chapter}, two players")


def test_the_player_works_from_a_site_opened_from_disk(site_dir, file_page):
    """From a USB stick (file://), where the in-browser Python cannot run, it still plays."""
    chapter, scenario_id = LIVE[0]
    file_page.goto((site_dir / chapter).as_uri(), wait_until="load")
    block = _open_player(file_page, scenario_id)
    card, labels, _ = _expected(scenario_id, pick="last")
    for _label in labels:
        block.locator("input[type=radio]").last.check()
        block.locator(".pe-player-confirm").click()
    block.locator(".pe-summary").wait_for(timeout=STEP_TIMEOUT_MS)
    assert f"Ending: {card.ending.title}" in block.locator(".pe-summary").inner_text()


def test_a_missing_scenario_file_is_said_and_the_text_stays(site_dir, site_url, page):
    """play/<id>.js not there: the status says so, the readable scenario is still below."""
    from playwright.sync_api import expect

    chapter, scenario_id = LIVE[0]
    page.route(f"**/play/{scenario_id}.js*", lambda route: route.fulfill(status=404))
    page.goto(site_url + chapter, wait_until="load")
    block = page.locator(f'.pe-live[data-pe-scenario="{scenario_id}"]')
    button = block.locator("button.pe-live-button")
    button.click()
    expect(block.locator(".pe-live-status")).to_contain_text(
        "could not start", timeout=STEP_TIMEOUT_MS)
    expect(block.locator(".pe-live-status")).to_contain_text("complete scenario")
    assert button.is_visible(), "the button is gone: no way to try again"
    assert not block.locator(".pe-player").count()
    page.unroute(f"**/play/{scenario_id}.js*")
    button.click()  # and a second press, once the file is there, plays
    block.locator(".pe-player input[type=radio]").first.wait_for(timeout=STEP_TIMEOUT_MS)


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
