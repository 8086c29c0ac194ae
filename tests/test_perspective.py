"""Scenarios played as the patient partner (``perspective: partner``): the partner's
choices are never ranked, harm is never theirs, and every page speaks to "you"."""

from __future__ import annotations

import copy

import pytest

from pe_course.errors import ScenarioError
from pe_course.lint import lint_scenario
from pe_course.reader import read_data
from pe_course.render.scenario import scenario_html, scenario_text
from pe_course.render.scorecard import scorecard_html, scorecard_text
from pe_course.scenarios import list_scenarios, parse_scenario
from pe_course.scoring import all_scorecards

from .conftest import DATA

TEACHING = read_data(DATA / "teaching.yaml")


def as_partner(raw: dict) -> dict:
    """The test scenario turned round: the same story, played as the partner."""
    raw = copy.deepcopy(raw)
    raw["perspective"] = "partner"
    for step in raw["steps"]:
        for choice in step["choices"]:
            choice["kind"] = "option"
            for key in ("serious_harm", "risks", "repairs"):
                choice.pop(key, None)
    return raw


def problems(raw) -> str:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(raw, "partner.yaml")
    return str(info.value)


def test_a_partner_scenario_needs_no_strongest_choice_and_lints_clean():
    raw = as_partner(TEACHING)
    scenario = parse_scenario(raw, "partner.yaml")
    assert scenario.as_partner and scenario.whose == "you"
    assert [str(f) for f in lint_scenario(scenario)] == []
    # The same file as a team scenario with unranked choices is rejected when read.
    raw["perspective"] = "team"
    assert "kind: expected one of: strongest, defensible, harmful, caricature; got text 'option'" \
        in problems(raw)


def test_other_lint_checks_still_apply_to_a_partner_scenario():
    raw = as_partner(TEACHING)
    raw["steps"][0]["choices"][0]["label"] = "Go."
    found = [str(f) for f in lint_scenario(parse_scenario(raw, "partner.yaml"))]
    assert any(f.startswith("[give-away] step") for f in found), found
    raw = as_partner(TEACHING)
    del raw["steps"][0]["choices"][0]["kind"]
    found = [str(f) for f in lint_scenario(parse_scenario(raw, "partner.yaml"))]
    assert any("no 'kind': write 'option'" in f for f in found), found


@pytest.mark.parametrize(("change", "expected"), [
    (lambda c: c.update(kind="strongest"),
     "choice 'rush'.kind: expected 'option' in a scenario with perspective: partner"),
    (lambda c: c.update(serious_harm="It hurts."),
     "choice 'rush'.serious_harm: not allowed in a scenario with perspective: partner"),
    (lambda c: c.update(risks=["check_mark"], reflect=["feedback"]),
     "choice 'rush'.risks: not allowed in a scenario with perspective: partner"),
    (lambda c: c.update(repairs=["check_mark"]),
     "choice 'rush'.repairs: not allowed in a scenario with perspective: partner"),
])
def test_ranking_or_harm_on_a_partners_choice_is_an_error(change, expected):
    raw = as_partner(TEACHING)
    change(raw["steps"][0]["choices"][0])
    assert expected in problems(raw)


def test_an_unknown_perspective_is_named():
    raw = as_partner(TEACHING)
    raw["perspective"] = "observer"
    assert "perspective: expected one of: team, partner" in problems(raw)


def test_the_pages_speak_to_the_partner_and_rank_nothing():
    scenario = parse_scenario(as_partner(TEACHING), "partner.yaml")
    text = scenario_text(scenario)
    assert "You are the patient partner" in text and "none of them is wrong" in text
    assert "best first" not in text and "For you: trust" in text
    assert "How it stands: one of the partner's own ways to respond; none is ranked" in text
    html = scenario_html(scenario)
    assert "In this scenario you are the patient partner" in html
    assert "no ending is a judgement of how you responded" in html
    assert "best first" not in html and "serious harm" not in html.lower()
    for card in all_scorecards(scenario):
        assert not card.blocked_by
        card_text = scorecard_text(card, scenario)
        assert "You end with trust" in card_text and "The partner ends" not in card_text
        assert "of your choices made it worse" not in card_text
        card_html = scorecard_html(card, scenario)
        assert "your trust in the team and your energy" in card_html
        assert "best ending" not in card_html.lower()


def test_team_scenarios_read_as_before():
    scenario = parse_scenario(TEACHING, "t.yaml")
    assert not scenario.as_partner and scenario.perspective == "team"
    assert "The patient partner starts with trust" in scenario_text(scenario)
    card = all_scorecards(scenario)[0]
    assert "The partner ends with trust" in scorecard_text(card, scenario)


def test_shipped_partner_scenarios_never_rank_or_harm():
    partner = [s for s in list_scenarios() if s.as_partner]
    for scenario in partner:
        for step in scenario.steps:
            for choice in step.choices:
                assert choice.kind == "option" and not choice.serious_harm
                assert not choice.risks and not choice.repairs
