"""Playing a scenario player to its ending with the keyboard only, in any page or frame.

Shared by the live player on the site (``test_live.py``, in the chapter page itself) and
chapter 1 opened in JupyterLab (``test_jupyterlab.py``, the ipywidgets player). A keyboard
or screen-reader user moves with Tab and Shift+Tab, selects a choice with Space and
presses "Confirm choice" with Enter; that is all this does, and it checks after every step
that the feedback and the meters changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

STEP_TIMEOUT_MS = 30_000  # one kernel round trip (select, confirm)
MAX_STEPS = 30
MAX_TABS = 40

# What has the focus, and whether it is inside the ``index``-th player on the page.
_ACTIVE = """index => {
    const e = document.activeElement;
    if (!e) return null;
    const player = document.querySelectorAll('.pe-player')[index];
    return {tag: e.tagName.toLowerCase(), type: e.type || "", text: (e.innerText || "").trim(),
            value: e.value || "", disabled: !!e.disabled, checked: !!e.checked,
            inPlayer: !!(player && player.contains(e)),
            feedback: !!(e.classList && e.classList.contains('pe-feedback'))};
}"""


@dataclass
class Played:
    """What a keyboard play-through saw: feedback per step, meters before/after, ending."""

    feedbacks: list[str] = field(default_factory=list)
    meter_texts: list[str] = field(default_factory=list)
    summary: str = ""


def active(frame, index: int = 0) -> dict | None:
    return frame.evaluate(_ACTIVE, index)


def tab_until(keyboard, frame, wanted, what: str, *, index: int = 0,
              backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element is what we want."""
    seen = []
    for _ in range(MAX_TABS):
        now = active(frame, index)
        if now and wanted(now):
            return
        seen.append(now and f"{now['tag']}[{now['type']}] {now['text'][:40]!r}")
        keyboard.press("Shift+Tab" if backwards else "Tab")
    pytest.fail(f"{'Shift+' if backwards else ''}Tab never reached {what}; focus went to: "
                + "; ".join(map(str, seen[-10:])), pytrace=False)


def is_choice(now: dict) -> bool:
    return now["inPlayer"] and now["tag"] == "input" and now["type"] == "radio"


def is_confirm(now: dict) -> bool:
    return (now["inPlayer"] and now["tag"] == "button" and not now["disabled"]
            and now["text"] == "Confirm choice")


def play_to_ending(keyboard, frame, *, index: int = 0, label: str = "scenario",
                   pick: str = "first", arrows: bool = False,
                   focus_kept: bool = False) -> Played:
    """Play the ``index``-th ``.pe-player`` in ``frame`` to its ending, by keyboard only.

    ``pick``: which choice to take at every step, "first" or "last". Taking the same
    position step after step is what once lost the choice (the browser's copy of the
    radio buttons kept the last step's position). ``arrows``: move among the choices
    with the arrow keys (the live site makes them one radio group; in JupyterLab the
    arrow keys move between notebook cells instead). ``focus_kept``: check that after each
    confirm the focus is still in the player (at the ending: on "Play again"), not
    dropped to the page, as the live site arranges.
    """
    player = frame.locator(".pe-player").nth(index)
    meters = player.locator(".pe-meters")
    played = Played(meter_texts=[meters.inner_text()])
    assert re.search(r"Trust: \d+ of 100", played.meter_texts[0]), played.meter_texts[0]
    for step in range(MAX_STEPS):
        if player.locator(".pe-summary").count():
            break
        options = player.locator("input[type=radio]").count()
        wanted_value = "0" if pick == "first" else str(options - 1)

        def is_wanted(now: dict, wanted_value: str = wanted_value) -> bool:
            return is_choice(now) and now["value"] == wanted_value

        # Into the choices (after a confirm they are just before the button) and to the
        # wanted one: with the arrow keys, which select as they move, where the choices
        # form one radio group; else with (Shift+)Tab, each choice being a Tab stop.
        # Space selects a choice the arrows did not. Then on to "Confirm choice", Enter.
        now = active(frame, index)
        # After a confirm the live site puts the focus on what happened, which sits above
        # the next question: from there the choices are ahead (Tab), not behind.
        behind = not (now and now["feedback"])
        if arrows:
            if not (now and is_choice(now)):
                tab_until(keyboard, frame, is_choice, "a choice", index=index,
                          backwards=behind)
            for _ in range(options):
                now = active(frame, index)
                if is_wanted(now):
                    break
                keyboard.press("ArrowUp" if pick == "first" else "ArrowDown")
        elif not (now and is_wanted(now)):
            tab_until(keyboard, frame, is_wanted, f"the {pick} choice", index=index,
                      backwards=behind)
        now = active(frame, index)
        assert now and is_wanted(now), f"step {step + 1}: the arrow keys reached {now}"
        if not now["checked"]:
            keyboard.press("Space")
        assert active(frame, index)["checked"], f"step {step + 1}: the choice is not selected"
        tab_until(keyboard, frame, is_confirm, "the Confirm choice button", index=index)
        feedback = player.locator(".pe-feedback")
        before = feedback.inner_text() if feedback.count() else ""
        keyboard.press("Enter")
        try:
            frame.wait_for_function(
                """([index, before]) => {
                    const p = document.querySelectorAll('.pe-player')[index];
                    const f = p && p.querySelector('.pe-feedback');
                    return f && f.innerText.includes('Feedback:') && f.innerText !== before;
                }""", arg=[index, before], timeout=STEP_TIMEOUT_MS)
        except Exception:  # noqa: BLE001 - say what a learner would see
            shown = player.locator(".pe-error").all_inner_texts()
            pytest.fail(f"step {step + 1} of {label}: the {pick} choice is selected, but "
                        f"'Confirm choice' did not move on; the player says: {shown}",
                        pytrace=False)
        played.feedbacks.append(feedback.inner_text())
        played.meter_texts.append(meters.inner_text())
        if focus_kept:
            frame.wait_for_function(
                """index => {
                    const p = document.querySelectorAll('.pe-player')[index];
                    const e = document.activeElement;
                    return p && p.contains(e) && (!p.querySelector('.pe-summary') ||
                        e.innerText.trim() === 'Play again');
                }""", arg=index, timeout=STEP_TIMEOUT_MS)
    else:
        pytest.fail(f"no ending after {MAX_STEPS} steps of {label}", pytrace=False)

    played.summary = player.locator(".pe-summary").inner_text()
    assert "Ending:" in played.summary, played.summary
    assert played.feedbacks and all("You chose:" in f for f in played.feedbacks), \
        played.feedbacks
    assert len(set(played.meter_texts)) > 1, f"trust/energy never changed: {played.meter_texts}"
    assert any(re.search(r"\((up|down) \d+\)", t) for t in played.meter_texts[1:]), \
        played.meter_texts
    player.get_by_role("button", name="Play again").wait_for(timeout=STEP_TIMEOUT_MS)
    return played
