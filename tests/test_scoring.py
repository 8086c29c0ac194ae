"""Scoring: known paths give known endings; invariants hold for any path."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pe_course.errors import ChoiceError
from pe_course.scenarios import END, list_scenarios, load_scenario, parse_scenario
from pe_course.scoring import State, all_paths, choose, score_path, start

from .conftest import DATA

SCENARIO = load_scenario(DATA / "good.yaml")


@pytest.mark.parametrize("path, ending, final", [
    (["listen", "credit"], "stays", State(80, 60)),
    (["listen", "no-credit"], "quiet", State(50, 45)),
    (["dismiss", "ghost"], "leaves", State(0, 0)),
    (["dismiss", "apologise"], "quiet", State(40, 30)),
])
def test_known_paths_give_known_endings(path, ending, final):
    card = score_path(SCENARIO, path)
    assert card.ending.id == ending
    assert card.final_state == final
    assert card.path == tuple(path)
    assert len(card.states) == len(path)


def test_state_after_every_step_is_recorded_and_clamped():
    card = score_path(SCENARIO, ["dismiss", "ghost"])
    assert card.states == (State(30, 30), State(0, 0))
    assert card.turns[1].before == State(30, 30)


def test_per_statement_results_and_reflection_focus():
    bad = score_path(SCENARIO, ["dismiss", "ghost"])
    assert bad.statement("check_mark").verdict == "risked"
    assert (bad.statement("check_mark").risked, bad.statement("check_mark").repaired) == (2, 0)
    assert bad.statement("unconscious_bias").verdict == "risked"
    # feedback, safer_spaces from 'dismiss'; sharing_power from 'ghost': one each, so the
    # tie keeps the questions' own order (1 feedback, 3 safer spaces, 4 sharing power)
    assert bad.reflection_focus == ("feedback", "safer_spaces", "sharing_power")
    good = score_path(SCENARIO, ["listen", "credit"])
    assert good.statement("check_mark").verdict == "repaired"
    assert good.reflection_focus == ()
    assert good.strengths == ("feedback", "sharing_power")
    mixed = score_path(SCENARIO, ["dismiss", "apologise"])
    assert mixed.statement("check_mark").verdict == "mixed"


def test_ending_depends_on_state_not_last_choice():
    # 'credit' and 'no-credit' share no ending, but 'apologise' and 'no-credit' both reach quiet
    assert score_path(SCENARIO, ["dismiss", "apologise"]).ending.id == \
        score_path(SCENARIO, ["listen", "no-credit"]).ending.id == "quiet"


@pytest.mark.parametrize("path, message", [
    (["shout"], "step 'first': no choice 'shout'; expected one of: listen, dismiss"),
    (["listen", "ghost"], "step 'credit-step': no choice 'ghost'"),
    (["listen"], "the path stops at step 'credit-step' before an ending"),
    (["listen", "credit", "listen"], "has already ended (ending 'stays')"),
    ([], "the path stops at step 'first'"),
])
def test_invalid_paths_raise_clear_errors(path, message):
    with pytest.raises(ChoiceError) as info:
        score_path(SCENARIO, path)
    assert message in str(info.value)


def test_a_single_string_is_not_a_path():
    with pytest.raises(ChoiceError, match="not one string"):
        score_path(SCENARIO, "listen")


def test_all_paths_enumerates_every_route():
    assert sorted(all_paths(SCENARIO)) == sorted([("listen", "credit"), ("listen", "no-credit"),
                                                  ("dismiss", "ghost"), ("dismiss", "apologise")])


def test_choose_is_pure():
    p0 = start(SCENARIO)
    p1 = choose(SCENARIO, p0, "listen")
    assert p0.state == State(60, 50) and p0.turns == ()
    assert p1.state == State(70, 55) and p1.step_id == "credit-step"


# -- property tests over generated scenarios ---------------------------------------------

@st.composite
def scenarios(draw):
    """Random valid acyclic scenarios: each step may only lead to later steps or end."""
    n = draw(st.integers(1, 6))
    steps = []
    for i in range(n):
        k = draw(st.integers(2, 4))
        choices = []
        for j in range(k):
            later = [f"s{x}" for x in range(i + 1, n)]
            nxt = draw(st.sampled_from(later + [END])) if later else END
            choices.append({
                "id": f"c{j}", "label": "l", "feedback": "f", "next": nxt,
                "effects": {"trust": draw(st.integers(-50, 50)),
                            "energy": draw(st.integers(-50, 50))},
            })
        steps.append({"id": f"s{i}", "prompt": "p", "choices": choices})
    # make every step reachable: chain step i's first choice to step i+1
    for i in range(n - 1):
        steps[i]["choices"][0]["next"] = f"s{i + 1}"
    raw = {"id": "gen", "version": 1, "title": "t", "statements": ["check_mark"],
           "start": {"trust": draw(st.integers(0, 100)), "energy": draw(st.integers(0, 100))},
           "steps": steps,
           "endings": [{"id": "good", "title": "g", "text": "g",
                        "when": {"trust_at_least": draw(st.integers(0, 100))}},
                       {"id": "other", "title": "o", "text": "o"}]}
    return parse_scenario(raw)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_random_walk_ends_and_stays_in_range(data):
    scenario = data.draw(scenarios())
    progress = start(scenario)
    for _ in range(len(scenario.steps) + 1):
        if progress.finished:
            break
        step = scenario.step(progress.step_id)
        progress = choose(scenario, progress, data.draw(st.sampled_from(
            [c.id for c in step.offered(progress.flags)])))
        assert 0 <= progress.state.trust <= 100 and 0 <= progress.state.energy <= 100
    assert progress.finished, "every path ends within as many choices as there are steps"


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_shipped_scenarios_any_path_keeps_meters_in_range(data):
    scenario = data.draw(st.sampled_from(list_scenarios()))
    progress = start(scenario)
    while not progress.finished:
        step = scenario.step(progress.step_id)
        progress = choose(scenario, progress, data.draw(st.sampled_from(
            [c.id for c in step.offered(progress.flags)])))
        assert 0 <= progress.state.trust <= 100 and 0 <= progress.state.energy <= 100
    assert progress.ending is not None
