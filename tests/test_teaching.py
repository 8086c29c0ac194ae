"""Scoring that tells the truth about harm: serious harm and repeated harm block the best
ending, flags change what a step says and offers, the team's costs add up, and the score
card explains its ending. All through the one implementation, ``pe_course.scoring``."""

from __future__ import annotations

import pytest

from pe_course.errors import ChoiceError, ScenarioError
from pe_course.render.journey import journey_svg, journey_table_html
from pe_course.render.scorecard import scorecard_html, scorecard_text, why_text
from pe_course.scenarios import load_scenario, parse_scenario
from pe_course.scoring import all_paths, all_scorecards, choose, score_path, start, steps_left

from .conftest import DATA

TEACHING = load_scenario(DATA / "teaching.yaml")


def test_serious_harm_blocks_the_best_ending_whatever_the_meters_say():
    card = score_path(TEACHING, ["ask", "ghost", "credit-sam"])
    assert (card.final_state.trust, card.final_state.energy) == (85, 60)
    assert TEACHING.best_ending.matches(85, 60), "the meters alone would give the best ending"
    assert card.ending.id == "leaves"
    assert [t.choice.id for t in card.blocked_by] == ["ghost"]
    why = why_text(card, TEACHING)
    assert "Sam stays and shapes the work" in why and "at step 2" in why
    assert "Ghosting a partner after a hard question" in why


def test_the_same_path_without_harm_gets_the_best_ending():
    card = score_path(TEACHING, ["ask", "listen", "credit-sam"])
    assert card.ending.id == "stays" and not card.blocked_by


def test_energy_decides_an_ending():
    card = score_path(TEACHING, ["ask", "listen", "ask-sam"])
    assert card.final_state.trust >= 75 and card.final_state.energy < 45
    assert card.ending.id == "tired"


def test_flags_branch_the_story_change_the_prompt_and_hide_a_choice():
    progress = choose(TEACHING, start(TEACHING), "rush")
    assert progress.step_id == "after-no" and progress.flags == {"declined"}
    progress = choose(TEACHING, progress, "call")
    step = TEACHING.step(progress.step_id)
    assert step.prompt_for(progress.flags).endswith("not coming back to the meetings.")
    assert [c.id for c in step.offered(progress.flags)] == ["credit-sam", "thank"]
    with pytest.raises(ChoiceError, match="'ask-sam' \\(not offered on this path\\)"):
        choose(TEACHING, progress, "ask-sam")
    card = score_path(TEACHING, ["rush", "call", "credit-sam"])
    assert card.ending.id == "declined" and card.flags == {"declined"}
    assert card.turns[-1].prompt.endswith("not coming back to the meetings.")


def test_team_costs_add_up_along_the_path():
    card = score_path(TEACHING, ["rush", "call", "credit-sam"])
    assert (card.costs.time, card.costs.money, card.costs.effort) == (3, 0, 2)
    assert [t.costs.total for t in card.turns] == [0, 4, 5]
    assert "Your team spent: time 3, money 0, effort 2" in scorecard_text(card, TEACHING)


def test_every_path_is_enumerated_following_flags():
    paths = all_paths(TEACHING)
    assert len(paths) == 22  # 'ask-sam' is not offered after 'rush'
    assert ("rush", "call", "ask-sam") not in paths
    assert [c.path for c in all_scorecards(TEACHING)] == paths


def test_steps_left_counts_the_longest_way_to_an_ending():
    assert steps_left(TEACHING, "invite") == (3, True)
    assert steps_left(TEACHING, "credit") == (1, True)


def test_score_card_recaps_the_path_and_explains_without_jargon():
    card = score_path(TEACHING, ["later", "listen", "ask-sam"])
    text = scorecard_text(card, TEACHING)
    assert "What you did:\n  1. Offer to add it to next month's list." in text
    assert "This ending needs trust at least 60 and energy below 45" in text
    assert "risked" not in text and "repaired" not in text
    assert "Patient partners as a check mark: 1 of your choices made it worse and 2 helped." \
        in text
    html = scorecard_html(card, TEACHING)
    assert "<svg" in html and 'class="table pe-journey-table"' in html


def test_a_question_in_both_lists_is_explained_once():
    card = score_path(TEACHING, ["later", "listen", "ask-sam"])
    assert "sharing_power" in card.reflection_focus and "sharing_power" in card.strengths
    text = scorecard_text(card, TEACHING)
    assert "it would have helped here too" in text
    practised = text.split("What you put into practice:")[-1] if "What you put into " \
        "practice:" in text else ""
    assert "Sharing power" not in practised


def test_journey_chart_and_table_carry_the_same_figures_and_the_turning_point():
    card = score_path(TEACHING, ["rush", "call", "credit-sam"])
    assert card.turning_point == 0  # rush: trust -20, energy -10
    svg = journey_svg(card)
    assert "turning point" in svg and 'role="img"' in svg
    assert "trust went from 60 to 60" in svg and "costs added up to 5" in svg
    table = journey_table_html(card)
    assert "1 <strong>(turning point)</strong>" in table
    for t in card.turns:
        assert f"<td>{t.after.trust}</td><td>{t.after.energy}</td>" in table


# -- the format's new checks ---------------------------------------------------------------

def load_raw():
    from pe_course.reader import read_data

    return read_data(DATA / "teaching.yaml")


def problems(raw) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(raw, "t.yaml")
    return [str(p) for p in info.value.problems]


def test_an_undeclared_flag_is_named():
    raw = load_raw()
    raw["steps"][0]["choices"][0]["sets"] = ["said-no"]
    assert any("sets[0]: unknown flag id 'said-no'" in p for p in problems(raw))


def test_a_flag_read_but_never_set_is_named():
    raw = load_raw()
    del raw["steps"][0]["choices"][0]["sets"]
    found = problems(raw)
    assert any("flags.declined: is read but no choice sets it" in p for p in found), found


def test_flags_that_leave_a_step_one_choice_are_named():
    raw = load_raw()
    raw["steps"][3]["choices"][1]["unless"] = ["declined"]
    found = problems(raw)
    assert any("step 'credit': offers fewer than 2 choices on a path with the flags set: "
               "declined" in p for p in found), found


def test_bad_costs_kind_and_empty_serious_harm_are_named():
    raw = load_raw()
    choice = raw["steps"][0]["choices"][1]
    choice["costs"] = {"time": 4, "hours": 1}
    choice["kind"] = "best"
    choice["serious_harm"] = " "
    found = "\n".join(problems(raw))
    assert "costs.time: 4 is out of range; expected 0 to 3" in found
    assert "costs.hours: unknown field" in found
    assert "kind: expected one of: strongest, defensible, harmful, caricature" in found
    assert "serious_harm: is empty" in found


def test_the_last_ending_must_have_no_flag_condition():
    raw = load_raw()
    raw["endings"][-1]["only_if"] = ["declined"]
    assert any("the last ending must have no 'when', 'only_if' or 'unless'" in p
               for p in problems(raw))
