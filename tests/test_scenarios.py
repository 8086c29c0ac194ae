"""Loading and validating scenario files: one broken file per kind of problem."""

from __future__ import annotations

import copy

import pytest

from pe_course.errors import ScenarioError, UnknownScenarioError
from pe_course.scenarios import list_scenarios, load_scenario, parse_scenario
from pe_course.scoring import all_paths, score_path
from pe_course.statements import STATEMENT_IDS, example_ids

from .conftest import DATA


def problems_of(path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(path) in str(info.value), "the message must name the file"
    return [str(p) for p in info.value.problems]


def test_good_file_loads(good_raw):
    s = load_scenario(DATA / "good.yaml")
    assert (s.id, s.version, s.title) == ("test-meeting", 2, "A test meeting")
    assert [st.id for st in s.steps] == ["first", "credit-step", "after-dismiss"]
    assert s.first_step.choice("dismiss").risks == ("check_mark", "unconscious_bias")
    assert s.endings[-1].when == {}


def mutate(raw, fn):
    raw = copy.deepcopy(raw)
    fn(raw)
    return raw


CASES = {
    "unknown next step": (
        lambda r: r["steps"][0]["choices"][0].update(next="nowhere"),
        ["step 'first' > choice 'listen'.next", "unknown next step 'nowhere'"]),
    "unreachable step": (
        lambda r: r["steps"].append({"id": "island", "prompt": "p", "choices": [
            {"id": "x", "label": "x", "feedback": "f", "next": "end"},
            {"id": "y", "label": "y", "feedback": "f", "next": "end"}]}),
        ["step 'island'", "unreachable"]),
    "path with no ending (loop)": (
        lambda r: r["steps"][2]["choices"][1].update(next="first"),
        ["step 'after-dismiss' > choice 'apologise'.next", "a path with no ending",
         "first -> after-dismiss -> first"]),
    "path with no ending (no fallback ending)": (
        lambda r: r["endings"][-1].update(when={"trust_at_least": 1}),
        ["ending 'leaves'.when", "every path has an ending"]),
    "effect out of range": (
        lambda r: r["steps"][0]["choices"][1]["effects"].update(trust=-80),
        ["step 'first' > choice 'dismiss'.effects.trust", "-80 is out of range", "-50 to 50"]),
    "start out of range": (
        lambda r: r["start"].update(energy=101),
        ["start.energy", "101 is out of range"]),
    "unknown statement id (scenario)": (
        lambda r: r.update(statements=["check_mark", "tokenism"]),
        ["statements[1]", "unknown statement id 'tokenism'"]),
    "unknown statement id (choice risks)": (
        lambda r: r["steps"][1]["choices"][1].update(risks=["bias"]),
        ["step 'credit-step' > choice 'no-credit'.risks[0]", "unknown statement id 'bias'"]),
    "unknown reflection question": (
        lambda r: r["steps"][1]["choices"][1].update(reflect=["listening"]),
        ["choice 'no-credit'.reflect[0]", "unknown reflection question id 'listening'"]),
    "unknown source example": (
        lambda r: r["steps"][1]["choices"][1].update(examples=["late_grant"]),
        ["choice 'no-credit'.examples[0]", "unknown source example id 'late_grant'"]),
    "duplicate step ids": (
        lambda r: r["steps"][2].update(id="credit-step"),
        ["step 'credit-step'.id", "duplicate step id"]),
    "duplicate choice ids": (
        lambda r: r["steps"][0]["choices"][1].update(id="listen"),
        ["step 'first' > choice 'listen'.id", "duplicate choice id"]),
    "duplicate ending ids": (
        lambda r: r["endings"][1].update(id="stays"),
        ["ending 'stays'.id", "duplicate ending id"]),
    "missing feedback": (
        lambda r: r["steps"][0]["choices"][0].pop("feedback"),
        ["step 'first' > choice 'listen'.feedback", "missing"]),
    "empty feedback": (
        lambda r: r["steps"][0]["choices"][0].update(feedback="  "),
        ["choice 'listen'.feedback", "is empty"]),
    "wrong type: version": (
        lambda r: r.update(version="two"),
        ["version", "expected a whole number", "got text 'two'"]),
    "wrong type: bool is not a number": (
        lambda r: r["steps"][0]["choices"][0]["effects"].update(energy=True),
        ["choice 'listen'.effects.energy", "expected a whole number"]),
    "wrong type: choices not a list": (
        lambda r: r["steps"][1].update(choices="credit"),
        ["step 'credit-step'.choices", "expected a list of 2 to 4 choices"]),
    "too few choices": (
        lambda r: r["steps"][1]["choices"].pop(),
        ["step 'credit-step'.choices", "has 1 choices; expected 2 to 4"]),
    "unknown field (typo)": (
        lambda r: r["steps"][0]["choices"][0].update(feedbak="typo"),
        ["choice 'listen'.feedbak", "unknown field"]),
    "missing required top-level field": (
        lambda r: r.pop("title"),
        ["title", "missing required field"]),
    "bad id": (
        lambda r: r.update(id="Test Meeting"),
        ["id", "'Test Meeting' is not a valid id"]),
    "risk without reflection question": (
        lambda r: r["steps"][1]["choices"][1].pop("reflect"),
        ["choice 'no-credit'.reflect", "must name the reflection question"]),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_each_kind_of_problem_names_file_step_and_field(kind, good_raw, write_yaml):
    fn, expected = CASES[kind]
    path = write_yaml(mutate(good_raw, fn), name=f"{kind.split()[0]}.yaml")
    text = "\n".join(problems_of(path))
    for fragment in expected:
        assert fragment in text, f"{fragment!r} not in:\n{text}"


def test_every_problem_is_reported_at_once():
    problems = problems_of(DATA / "bad" / "many_problems.yaml")
    text = "\n".join(problems)
    for fragment in ["id: 'Broken Scenario' is not a valid id", "version: expected a whole number",
                     "statements[1]: unknown statement id 'tokenism'", "start.trust: 150",
                     "choice 'a'.feedback: missing", "effects.trust: -80 is out of range",
                     "unknown next step 'nowhere'", "duplicate choice id 'a'",
                     "step 'island': unreachable", "a path with no ending"]:
        assert fragment in text, f"{fragment!r} not in:\n{text}"
    assert len(problems) >= 10


def test_yaml_syntax_error_names_line():
    problems = problems_of(DATA / "bad" / "syntax.yaml")
    assert any("not valid YAML" in p and "line" in p for p in problems)


def test_missing_file_and_wrong_top_level(tmp_path):
    assert problems_of(tmp_path / "nope.yaml") == ["file not found"]
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n")
    assert "expected a mapping of scenario fields" in problems_of(path)[0]


def test_json_scenarios_load_too(good_raw, tmp_path):
    import json

    path = tmp_path / "s.json"
    path.write_text(json.dumps(good_raw))
    assert load_scenario(path).id == "test-meeting"
    path.write_text("{not json")
    assert "not valid JSON" in problems_of(path)[0]


def test_unknown_id_lists_known_scenarios():
    with pytest.raises(UnknownScenarioError, match="no scenario with id 'nope'; known scenarios"):
        load_scenario("nope")


def test_parse_scenario_accepts_dicts(good_raw):
    assert parse_scenario(good_raw).title == "A test meeting"


# -- the scenarios shipped with the course ------------------------------------------------

SHIPPED = list_scenarios()


def test_shipped_scenarios_exist():
    assert SHIPPED, "the course ships scenarios"
    assert len({s.id for s in SHIPPED}) == len(SHIPPED)


@pytest.mark.parametrize("scenario", SHIPPED, ids=lambda s: s.id)
def test_shipped_scenario_is_valid_and_fully_playable(scenario):
    assert scenario.source.endswith(f"{scenario.id}.yaml"), "file stem equals the id"
    paths = all_paths(scenario)
    reached_steps = set()
    endings = set()
    for path in paths:
        card = score_path(scenario, path)
        reached_steps.update(t.step_id for t in card.turns)
        endings.add(card.ending.id)
    assert reached_steps == {s.id for s in scenario.steps}, "every step is reachable by play"
    assert len(endings) >= 2, "the ending depends on the path"
    for step in scenario.steps:
        for choice in step.choices:
            # A team member's choice teaches an example or risks or repairs a statement; a
            # partner's choice is never ranked (no risks or repairs: see test_perspective).
            assert choice.feedback and (choice.examples or choice.repairs or choice.risks
                                        or scenario.as_partner)


def test_chapter_one_scenarios_cover_every_check_mark_example():
    chapter_one = [s for s in SHIPPED if "check_mark" in s.statements]
    assert len(chapter_one) >= 2
    touched = set().union(*(s.examples_touched() for s in chapter_one))
    missing = set(example_ids("check_mark")) - touched
    assert not missing, f"check_mark examples no scenario touches: {sorted(missing)}"


def test_statement_ids_are_the_four_of_the_source():
    assert STATEMENT_IDS == ("check_mark", "unconscious_bias", "lack_of_support",
                             "vulnerability")


# -- duplicate keys and line numbers (the one data reader) ----------------------------------

def test_a_key_given_twice_is_rejected_with_file_line_and_key(tmp_path):
    text = (DATA / "good.yaml").read_text()
    # the second 'id:' at the top would silently win in plain PyYAML
    path = tmp_path / "twice.yaml"
    path.write_text(text.replace("version: 2\n", "version: 2\nid: another-id\n", 1))
    problems = problems_of(path)
    assert len(problems) == 1
    line = text.splitlines().index("version: 2") + 2  # the line of the second 'id:'
    assert problems[0].startswith(f"line {line}, ")
    assert "'id' is given twice (first on line 6)" in problems[0]


def test_a_feedback_given_twice_in_a_choice_is_rejected(tmp_path):
    text = (DATA / "good.yaml").read_text()
    doubled = text.replace("        feedback: Partners want their contributions acted on.\n",
                           "        feedback: Partners want their contributions acted on.\n"
                           "        feedback: Second thoughts.\n", 1)
    assert doubled != text
    path = tmp_path / "feedback.yaml"
    path.write_text(doubled)
    [problem] = problems_of(path)
    assert "'feedback' is given twice" in problem and problem.startswith("line ")


def test_a_key_given_twice_in_json_is_rejected_with_its_line(tmp_path):
    path = tmp_path / "twice.json"
    path.write_text('{\n  "id": "a",\n  "version": 1,\n  "id": "b"\n}\n')
    [problem] = problems_of(path)
    assert problem.startswith("line 4, key 'id'") and "given twice" in problem


def test_problems_name_the_line_of_the_field(tmp_path, good_raw):
    text = (DATA / "good.yaml").read_text()
    path = tmp_path / "empty-feedback.yaml"
    path.write_text(text.replace("        feedback: Dismissing contributions is tokenism.\n",
                                 "        feedback: ''\n", 1))
    [problem] = problems_of(path)
    line = text.splitlines().index("        feedback: Dismissing contributions is tokenism.") + 1
    assert problem == (f"line {line}, step 'first' > choice 'dismiss'.feedback: "
                       "is empty; expected some text")


def test_problems_from_plain_dicts_have_no_line(good_raw):
    good_raw["version"] = "two"
    with pytest.raises(ScenarioError) as info:
        parse_scenario(good_raw)
    assert [str(p) for p in info.value.problems] == [
        "version: expected a whole number from 1 to 10000, got text 'two'"]


def test_an_empty_file_and_a_folder_are_named(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    assert problems_of(empty) == ["line 1: the file is empty"]
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert problems_of(folder) == ["is a folder; expected a file"]
