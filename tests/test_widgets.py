"""The scenario player widget, driven the way a learner's clicks drive it."""

from __future__ import annotations

from html import unescape

import pytest

from pe_course.render.scorecard import meters_html
from pe_course.scenarios import list_scenarios
from pe_course.scoring import all_paths, score_path
from pe_course.widgets import ScenarioPlayer, play

from .conftest import DATA

GOOD = str(DATA / "good.yaml")


def test_player_plays_to_an_ending_and_again():
    player = play(GOOD)
    assert isinstance(player, ScenarioPlayer)
    assert "Trust: <strong>60</strong> of 100" in player.meters.value
    assert not player.confirm.disabled, "never disabled: it keeps the keyboard focus"
    assert [o[1] for o in player.choices.options] == ["listen", "dismiss"]
    assert [o[0][:3] for o in player.choices.options] == ["A. ", "B. "], "lettered as on the page"
    assert "Step 1 of 2" in player.prompt.value  # every path is two choices long
    assert player.choices.description, "the choice group has a label"

    player.select("dismiss")
    player.confirm.click()
    assert "Move on." in player.feedback.value
    assert "Dismissing contributions is tokenism." in player.feedback.value
    assert "Trust: <strong>30</strong> of 100 (down 30)" in player.meters.value
    assert "The partner goes quiet." in player.prompt.value

    player.select("ghost")
    player.confirm.click()
    assert "Ending: Leaves" in player.summary.value
    assert "The partner ends with trust 0 of 100 and energy 0 of 100" in player.summary.value
    assert "Your path" in player.summary.value and "<svg" in player.summary.value
    assert "How can we share our power and privilege" in player.summary.value
    assert player.again in player.children and player.confirm not in player.children

    player.again.click()
    assert player.progress.turns == ()
    assert player.summary.value == "" and player.feedback.value == ""
    assert "Trust: <strong>60</strong> of 100" in player.meters.value


def test_confirm_without_a_choice_shows_a_message_not_a_traceback():
    player = play(GOOD)
    player.confirm_choice()
    assert "Pick one of the choices first" in player.message.value
    assert 'role="status"' in player.message.value, "a gentle prompt, not an alert"
    assert "Something went wrong" not in player.message.value
    assert player.progress.turns == ()
    player.select(player.choices.options[0][1])
    assert player.message.value == "", "choosing answers the reminder"
    player.confirm_choice()
    assert len(player.progress.turns) == 1


def test_unknown_scenario_shows_message_in_widget_and_on_static_page():
    player = play("no-such-scenario")
    assert "no scenario with id 'no-such-scenario'" in unescape(player.message.value)
    bundle = player._repr_mimebundle_()
    assert "no scenario with id" in bundle["text/html"]


def test_broken_file_shows_every_problem_in_widget():
    player = play(str(DATA / "bad" / "many_problems.yaml"))
    assert "unknown next step" in player.message.value
    assert "unreachable" in player.message.value


def test_static_bundle_carries_the_readable_text():
    player = play(GOOD)
    bundle = player._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle, "still a live widget"
    html = bundle["text/html"]
    for text in ["A partner raises a hard question.", "Offer co-authorship.",
                 "Knowledge translation opportunities matter.",
                 "The partner stays and contributes."]:
        assert text in html


def test_text_typed_into_scenarios_is_escaped(good_raw, write_yaml):
    good_raw["title"] = "<script>alert(1)</script>"
    player = play(str(write_yaml(good_raw)))
    assert "<script>" not in player.title.value
    assert "<script>alert" not in player._repr_mimebundle_()["text/html"]


def test_meters_show_values_as_text():
    html = meters_html(42, 7, before=(50, 7))
    assert "Trust: <strong>42</strong> of 100 (down 8)" in html
    assert "Energy: <strong>7</strong> of 100</span>" in html


def _sample_paths(scenario, most: int = 30):
    """Up to `most` paths, spread evenly, that include every ending at least once."""
    paths = all_paths(scenario)
    chosen = {paths[i * len(paths) // most] for i in range(min(most, len(paths)))}
    by_ending = {}
    for path in paths:
        by_ending.setdefault(score_path(scenario, path).ending.id, path)
    return sorted(chosen | set(by_ending.values()))


@pytest.mark.parametrize("scenario", list_scenarios(), ids=lambda s: s.id)
def test_player_agrees_with_score_path(scenario):
    """Clicking through the widget reaches the same ending and meters as the core."""
    for path in _sample_paths(scenario):
        player = play(scenario.id)
        for choice_id in path:
            player.select(choice_id)
            player.confirm.click()
        card = score_path(scenario, path)
        summary = unescape(player.summary.value)
        assert f"Ending: {card.ending.title}" in summary
        who, team = ("You end", "The team") if scenario.as_partner else \
            ("The partner ends", "Your team")
        assert f"{who} with trust {card.final_state.trust} of 100" in summary
        assert f"{team} spent: time {card.costs.time}, money {card.costs.money}" in summary
        assert (card.ending.id == scenario.best_ending.id) == (
            f"Ending: {scenario.best_ending.title}" in summary)


def test_each_step_gets_fresh_radio_buttons():
    # Reusing one RadioButtons with new options left the browser's copy at the last
    # step's position: choosing the same position again sent nothing and "Confirm
    # choice" found nothing chosen (caught by the keyboard test in tests/browser).
    player = play("grant-deadline")
    first = player.choices
    first_id = first.model_id
    player.select(player.choices.options[0][1])
    player.confirm_choice()
    assert player.choices is not first and player.choices.model_id != first_id
    assert first.comm is None, "the old radio buttons were not closed"
    assert player.choice_box.children == (player.choices,)
    # The player's own parts stay the same objects, so the browser keeps their views.
    assert player.confirm in player.children and player.choice_box in player.children
    assert player.choices.value is None
    player.select(player.choices.options[0][1])  # the same position as before
    player.confirm_choice()
    assert len(player.progress.turns) == 2 and player.message.value == ""
