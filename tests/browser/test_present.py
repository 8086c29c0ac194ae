"""The present view in a real Chromium: opened from ``file://`` with every network request
blocked, played by keys only (a room's vote included), its ending checked against
``pe_course.scoring`` for the path played; large type, every key's button, axe-clean.

The pages are the built site's (``_build/html/present/``), as a facilitator would copy
them to a USB stick.
"""

from __future__ import annotations

import re

import pytest

from pe_course.render.scenario import LETTERS
from pe_course.scenarios import list_scenarios, load_scenario
from pe_course.scoring import choose, score, start

from .axe import format_violations, run_axe

pytestmark = pytest.mark.browser

MIN_TEXT_PX = 28


@pytest.fixture
def offline(file_page):
    return file_page


def _open(page, site_dir, scenario_id: str) -> None:
    path = site_dir / "present" / f"{scenario_id}.html"
    assert path.is_file(), f"no present page {path}: build the site (make site)"
    page.goto(path.as_uri())
    page.wait_for_selector("#pe-screen-h")


def _status(page) -> str:
    return page.get_attribute("#pe-status", "data-text") or ""


def _norm(text: str) -> str:
    return " ".join(text.split())


def _axe_clean(page, where: str) -> None:
    violations = run_axe(page)
    assert not violations, format_violations(violations, where)


def _play_by_keys(page, scenario, picks) -> object:
    """Play ``scenario`` by keys: at decision n, ``picks(n, offered)`` gives the choice's
    index, or a list of vote counts per offered choice (then the room votes). Checks every
    screen against pe_course.scoring and returns the path's ScoreCard."""
    page.keyboard.press("ArrowRight")  # the start screen -> decision 1
    progress = start(scenario)
    n = 0
    while not progress.finished:
        n += 1
        step = scenario.step(progress.step_id)
        offered = step.offered(progress.flags)
        assert page.inner_text("#pe-screen-h") == f"Decision {n}"
        number = [s.id for s in scenario.steps].index(step.id) + 1
        assert page.inner_text("#pe-where").startswith(
            f"Decision {n} (step {number} of {len(scenario.steps)} on the scenario cards)")
        assert _norm(page.inner_text(".pe-prompt")) == _norm(step.prompt_for(progress.flags))
        labels = [_norm(t) for t in page.locator(".pe-choice .pe-choice-text").all_inner_texts()]
        assert labels == [_norm(c.label) for c in offered], f"decision {n}"
        pick = picks(n, offered)
        if isinstance(pick, list):
            page.keyboard.press("v")
            page.wait_for_selector(".pe-vote-panel")
            for i, count in enumerate(pick):
                for _ in range(count):
                    page.keyboard.press(LETTERS[i].lower() if i % 2 else str(i + 1))
            page.keyboard.press("Enter")
            top = max(pick)
            index = pick.index(top)
            assert pick.count(top) == 1, "the test's votes must have one winner"
        else:
            index = pick
            page.keyboard.press(LETTERS[index])
        chosen = page.locator('.pe-choice[aria-pressed="true"]')
        assert chosen.count() == 1
        assert chosen.get_attribute("data-pick") == str(index)
        page.keyboard.press("r")
        reveal = page.locator(".pe-reveal")
        reveal.wait_for()
        choice = offered[index]
        assert _norm(choice.feedback) in _norm(reveal.inner_text())
        after = choose(scenario, progress, choice.id)
        assert (f"trust {progress.state.trust} → {after.state.trust}"
                in reveal.inner_text()), f"decision {n}: the meters shown"
        progress = after
        page.keyboard.press("ArrowRight" if n % 2 else "PageDown")
    return score(scenario, progress)


def _check_ending(page, card) -> None:
    heading = page.locator("#pe-screen-h")
    assert heading.get_attribute("data-ending") == card.ending.id
    assert heading.inner_text() == f"The ending: {card.ending.title}"
    meters = page.locator("[data-meters]")
    assert meters.get_attribute("data-meters") == \
        f"{card.final_state.trust},{card.final_state.energy}"
    assert page.locator("[data-costs]").get_attribute("data-costs") == \
        f"{card.costs.time},{card.costs.money},{card.costs.effort}"
    items = page.locator(".pe-path li[data-choice]").all()
    path = [item.get_attribute("data-choice") for item in items]
    assert tuple(path) == card.path


@pytest.mark.parametrize("scenario_id", ["grant-deadline", "telling-your-story"])
def test_present_plays_to_the_end_by_keys_with_a_vote(scenario_id, site_dir, offline):
    scenario = load_scenario(scenario_id)

    def picks(n, offered):
        if n == 1:  # the room votes: the second choice wins 3 to 1 (and 0)
            return [1, 3] + [0] * (len(offered) - 2)
        if n == 2 and len(offered) >= 2:  # a close vote: split
            return [2, 3] + [0] * (len(offered) - 2)
        return (n * 3) % len(offered)

    page = offline
    _open(page, site_dir, scenario_id)
    card = _play_by_keys(page, scenario, picks)
    _check_ending(page, card)
    text = page.inner_text("#pe-screen")
    assert "the room's vote: A 1, B 3" in text
    assert "the room's vote: A 2, B 3" in text
    # 3 of 5 votes is less than two thirds: decision 2 was split; 3 of 4 is not.
    assert page.get_attribute("[data-split]", "data-split") == "2"
    assert "The room was split at decision 2 (" in text
    assert f"What the path cost the team: time {card.costs.time}" in text
    if card.blocked_by:
        assert "Serious harm put the best ending out of reach" in text
    _axe_clean(page, f"present/{scenario_id}.html, the ending")


def test_a_path_with_serious_harm_says_so(site_dir, offline):
    """Too close to it, step 1: prove-it is serious harm; the page shows what blocked the
    best ending, from the tree pe_course scored."""
    scenario = load_scenario("too-close-to-it")
    step = scenario.first_step
    harm = next(i for i, c in enumerate(step.offered()) if c.serious_harm)

    page = offline
    _open(page, site_dir, scenario.id)
    card = _play_by_keys(page, scenario, lambda n, offered: harm if n == 1 else 0)
    _check_ending(page, card)
    assert card.blocked_by and card.ending.id != scenario.best_ending.id
    assert _norm(step.offered()[harm].serious_harm) in _norm(page.inner_text("#pe-screen"))


def test_large_type_and_every_key_has_a_button(site_dir, offline):
    page = offline
    _open(page, site_dir, "grant-deadline")
    page.keyboard.press("ArrowRight")
    sizes = page.eval_on_selector_all(
        ".pe-prompt, .pe-choice-text",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= MIN_TEXT_PX, sizes
    buttons = {b.get_attribute("data-key"): b.inner_text()
               for b in page.locator(".pe-controls button").all()}
    assert set(buttons) == {"back", "next", "vote", "reveal", "pressure", "blank", "full",
                            "help"}
    assert all(buttons.values())
    _axe_clean(page, "present view, decision 1")


def test_the_modes_pressure_blank_help_and_a_tie(site_dir, offline):
    scenario = load_scenario("grant-deadline")
    step = scenario.first_step
    page = offline
    _open(page, site_dir, scenario.id)
    page.keyboard.press("PageDown")
    # P: the pressure, for the facilitator only (not on the screen before)
    assert step.pressure not in page.inner_text("#pe-screen")
    page.keyboard.press("p")
    dialog = page.locator('[role="dialog"]')
    assert _norm(step.pressure) in _norm(dialog.inner_text())
    _axe_clean(page, "present view, the pressure")
    page.keyboard.press("Escape")
    assert page.locator("#pe-overlay").is_hidden()
    # ?: the keys; Esc leaves
    page.keyboard.press("?")
    assert "Count the room's vote" in page.locator('[role="dialog"]').inner_text()
    _axe_clean(page, "present view, the keys")
    page.keyboard.press("Tab")  # focus stays in the dialog, on Close; Enter closes it
    assert page.evaluate("document.activeElement.dataset.key") == "close"
    page.keyboard.press("Enter")
    assert page.locator("#pe-overlay").is_hidden()
    page.keyboard.press("?")
    page.keyboard.press("Escape")
    # .: blank, like presentation software; a key shows the screen again
    page.keyboard.press(".")
    assert page.locator("#pe-blank").is_visible()
    page.keyboard.press(".")
    assert page.locator("#pe-blank").is_hidden()
    # a tie: A 2, B 2 goes to the facilitator, who may pick only A or B
    page.keyboard.press("v")
    for key in "aabb":
        page.keyboard.press(key)
    page.keyboard.press("Backspace")  # takes the last vote back: A 2, B 1
    page.keyboard.press("b")
    _axe_clean(page, "present view, a vote")
    page.keyboard.press("Enter")
    assert "A tie between A and B" in page.inner_text("#pe-screen")
    if len(step.offered()) > 2:
        page.keyboard.press("c")
        assert page.locator('.pe-choice[aria-pressed="true"]').count() == 0
        assert "tied choices" in _status(page) or "tied" in page.inner_text("#pe-status")
    page.keyboard.press("b")
    assert page.locator('.pe-choice[aria-pressed="true"]').get_attribute("data-pick") == "1"
    # PageUp goes back: the choice is cleared, then the start
    page.keyboard.press("PageUp")
    assert page.locator('.pe-choice[aria-pressed="true"]').count() == 0
    page.keyboard.press("PageUp")
    assert page.inner_text("#pe-screen-h") == scenario.title


def test_on_screen_buttons_alone_play_a_decision(site_dir, offline):
    scenario = load_scenario("research-day")
    first = scenario.first_step.offered()[0]
    page = offline
    _open(page, site_dir, scenario.id)
    page.click('.pe-controls [data-key="next"]')
    page.click('.pe-controls [data-key="vote"]')
    page.click('[data-vote-more="0"]')
    page.click('[data-vote-more="0"]')
    page.fill("#pe-vote-1", "1")
    page.locator("#pe-vote-1").dispatch_event("change")
    page.click('[data-key="count"]')
    assert page.locator('.pe-choice[aria-pressed="true"]').get_attribute("data-pick") == "0"
    page.click('.pe-controls [data-key="reveal"]')
    assert _norm(first.feedback) in _norm(page.inner_text(".pe-reveal"))
    page.click('.pe-controls [data-key="next"]')
    assert page.inner_text("#pe-screen-h") == "Decision 2"
    page.click('.pe-controls [data-key="back"]')
    assert page.locator(".pe-reveal").count() == 1  # back to decision 1, revealed


def test_a_bad_vote_count_is_refused_and_nothing_is_lost(site_dir, offline):
    page = offline
    _open(page, site_dir, "grant-deadline")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("v")
    page.keyboard.press("a")
    page.fill("#pe-vote-0", "-3")
    page.locator("#pe-vote-0").dispatch_event("change")
    assert "must be a whole number" in _status(page)
    assert page.input_value("#pe-vote-0") == "1"


def test_every_scenario_has_a_present_page_linked_from_its_chapter(site_dir):
    for scenario in list_scenarios():
        page = site_dir / "present" / f"{scenario.id}.html"
        assert page.is_file(), page
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'\b(?:src|href)="(?:https?:)?//', html), page
    linked = set()
    for chapter in (site_dir / "book").glob("*.html"):
        linked |= set(re.findall(r'href="\.\./present/([a-z0-9-]+)\.html"',
                                 chapter.read_text(encoding="utf-8")))
    assert linked == {s.id for s in list_scenarios()}


@pytest.mark.parametrize("width", [1280, 375])
def test_every_kit_page_passes_axe_and_fits_the_screen(site_dir, browser, width):
    """The present pages and the handouts' printable pages: axe-clean, and no wider than
    the screen, on a laptop and on a phone."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = []
    try:
        pages = sorted((site_dir / "present").glob("*.html"))[:3] + \
            sorted((site_dir / "handouts").glob("*.html"))
        assert len(pages) > 3
        for path in pages:
            page.goto(path.as_uri())
            rel = path.relative_to(site_dir).as_posix()
            violations = run_axe(page)
            if violations:
                problems.append(format_violations(violations, rel))

            def check_width(where: str, rel: str = rel) -> None:
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > width + 1:
                    problems.append(f"{rel} ({where}): {wide} px wide on a {width} px screen")

            check_width("as opened")
            if rel.startswith("present/"):  # a decision with the vote open, too
                for key in ("ArrowRight", "v", "a"):
                    page.keyboard.press(key)
                check_width("a vote")
                violations = run_axe(page)
                if violations:
                    problems.append(format_violations(violations, f"{rel}, a vote"))
    finally:
        context.close()
    assert not problems, "\n".join(problems)
