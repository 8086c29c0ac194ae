"""The team self-assessment: items, the scoring formula, CSV answers, the profile and its
renderings. (The questionnaire form is tested in test_tool_widgets.py.)"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pe_course import assessment
from pe_course.assessment import (
    AssessmentError,
    Item,
    item_score,
    parse_answers,
    parse_items,
    respondent_scores,
    team_profile,
)
from pe_course.render import profile as render
from pe_course.statements import STATEMENT_IDS, STATEMENTS

ITEMS = assessment.load_items()
ITEM_IDS = [i.id for i in ITEMS]


def answer_for(item: Item, score: float) -> int:
    """The answer that gives ``score`` (0, 25, 50, 75 or 100) on this item."""
    steps = int(score // 25)
    return 5 - steps if item.reverse else 1 + steps


def csv_for(people: dict[str, dict[str, int]]) -> str:
    lines = ["respondent,item,answer"]
    for person, answers in people.items():
        lines += [f"{person},{item_id},{value}" for item_id, value in answers.items()]
    return "\n".join(lines) + "\n"


def person_at(levels: dict[str, float]) -> dict[str, int]:
    """Answers giving each statement the item score in ``levels`` on every item."""
    return {i.id: answer_for(i, levels.get(i.statement, 50)) for i in ITEMS}


# ---------------------------------------------------------------------------------------
# Items


def test_items_are_our_own_four_or_more_per_statement():
    assert len({i.id for i in ITEMS}) == len(ITEMS)
    for sid in STATEMENT_IDS:
        mine = [i for i in ITEMS if i.statement == sid]
        assert len(mine) >= 4, sid
        assert any(i.reverse for i in mine), f"{sid} has a reversed item"
        assert any(not i.reverse for i in mine), f"{sid} has a straight item"
    for item in ITEMS:
        assert item.text.startswith(("We ", "When ", "Decisions ", "Some ", "In ", "Our ",
                                     "Partners ", "Meeting ")), item.text
        assert "\n" not in item.text and "  " not in item.text


BAD_ITEM_FILES = [
    ({"items": "cm1"}, "items", "list of items"),
    ({"items": [{"id": "a1", "statement": "nope", "text": "T", "reverse": False}]},
     "items[0].statement", "expected one of"),
    ({"items": [{"id": "A 1", "statement": "check_mark", "text": "T", "reverse": False}]},
     "items[0].id", "not a valid id"),
    ({"items": [{"id": "a1", "statement": "check_mark", "text": "", "reverse": False}]},
     "items[0].text", "expected some text"),
    ({"items": [{"id": "a1", "statement": "check_mark", "text": "T", "reverse": "no"}]},
     "items[0].reverse", "true or false"),
    ({"items": [{"id": "a1", "statement": "check_mark", "text": "T", "reverse": False,
                 "weight": 2}]}, "items[0].weight", "unknown field"),
    ({"items": [{"id": "a1", "statement": "check_mark", "text": "T", "reverse": False},
                {"id": "a1", "statement": "check_mark", "text": "U", "reverse": False}]},
     "items[1].id", "duplicate id"),
    ({"items": [{"id": "a1", "statement": "check_mark", "text": "T", "reverse": False}]},
     "items", "at least 4"),
]


@pytest.mark.parametrize("raw,where,words", BAD_ITEM_FILES, ids=[w for _r, _p, w in BAD_ITEM_FILES])
def test_bad_item_files_are_named(raw, where, words):
    with pytest.raises(AssessmentError) as info:
        parse_items(raw, "items.yaml")
    assert any(p.where == where and words in p.message for p in info.value.problems), \
        info.value.problems


ITEMS_YAML = """\
items:
  - id: a1
    statement: check_mark
    text: We do a thing.
    reverse: false
  - id: a2
    statement: check_mark
    text: We do another thing.
    reverse: false
    reverse: true
"""


def test_items_file_with_a_key_given_twice_names_file_line_and_key(tmp_path):
    path = tmp_path / "my-items.yaml"
    path.write_text(ITEMS_YAML)
    with pytest.raises(AssessmentError) as info:
        assessment.load_items(path)
    (problem,) = info.value.problems
    assert problem.line == 10
    assert "the key 'reverse' is given twice (first on line 9)" in problem.message
    assert str(info.value).startswith(f"{path}: 1 problem\n  - line 10, column 5: ")


def test_item_problems_from_a_file_carry_their_line(tmp_path):
    path = tmp_path / "my-items.yaml"
    path.write_text(ITEMS_YAML.replace("    reverse: true\n", "")
                    .replace("statement: check_mark\n    text: We do another",
                             "statement: checkmark\n    text: We do another")
                    .replace("    text: We do a thing.\n", "    text: We do a thing.\n"
                                                          "    weight: 2\n"))
    with pytest.raises(AssessmentError) as info:
        assessment.load_items(path)
    assert [(p.line, p.where) for p in info.value.problems] == [
        (5, "items[0].weight"), (8, "items[1].statement")]
    assert "line 8, items[1].statement: expected one of: check_mark" in str(info.value)


def test_items_file_round_trips_through_the_browser_bundle(tmp_path):
    target = assessment.bundle_items(tmp_path / "items.json")
    assert assessment.load_items(target) == ITEMS
    assert assessment.items_as_dicts(ITEMS)[0] == {
        "id": ITEMS[0].id, "statement": ITEMS[0].statement, "text": ITEMS[0].text,
        "reverse": ITEMS[0].reverse}


# ---------------------------------------------------------------------------------------
# The formula, by hand


@pytest.mark.parametrize("answer,straight,reversed_", [
    (1, 0.0, 100.0),    # (1-1)/4*100 = 0;   (5-1)/4*100 = 100
    (2, 25.0, 75.0),    # (2-1)/4*100 = 25;  (5-2)/4*100 = 75
    (3, 50.0, 50.0),    # (3-1)/4*100 = 50;  (5-3)/4*100 = 50
    (4, 75.0, 25.0),    # (4-1)/4*100 = 75;  (5-4)/4*100 = 25
    (5, 100.0, 0.0),    # (5-1)/4*100 = 100; (5-5)/4*100 = 0
])
def test_item_score(answer, straight, reversed_):
    assert item_score(Item("a", "check_mark", "T", False), answer) == straight
    assert item_score(Item("b", "check_mark", "T", True), answer) == reversed_


@pytest.mark.parametrize("bad", [0, 6, True, 2.5, "3"])
def test_item_score_rejects_bad_answers(bad):
    with pytest.raises(AssessmentError):
        item_score(Item("a", "check_mark", "T", False), bad)


def test_respondent_score_hand_worked():
    by_id = {i.id: i for i in ITEMS}
    # check_mark items: cm1 (straight), cm2 (reversed), cm3, cm4 (straight), cm5 (reversed).
    assert [by_id[f"cm{n}"].reverse for n in range(1, 6)] == [False, True, False, False, True]
    answers = {i.id: 3 for i in ITEMS}
    answers.update({"cm1": 5, "cm2": 1, "cm3": 4, "cm4": 2, "cm5": 4})
    scores = respondent_scores(answers)
    # cm1 5 -> 100; cm2 1 reversed -> (5-1)/4*100 = 100; cm3 4 -> 75; cm4 2 -> 25;
    # cm5 4 reversed -> (5-4)/4*100 = 25. Mean = (100+100+75+25+25)/5 = 325/5 = 65.
    assert scores["check_mark"] == 65.0
    # Every other item answered 3 -> 50, straight or reversed, so the mean is 50.
    assert scores["unconscious_bias"] == scores["lack_of_support"] == 50.0
    assert scores["vulnerability"] == 50.0


def test_respondent_scores_need_every_item():
    answers = {i.id: 3 for i in ITEMS}
    del answers["ls3"]
    answers["zz9"] = 2
    answers["vu1"] = 7
    with pytest.raises(AssessmentError) as info:
        respondent_scores(answers)
    problems = {p.where: p.message for p in info.value.problems}
    assert problems == {"ls3": "not answered", "zz9": "unknown item",
                        "vu1": "answer must be a whole number from 1 to 5, got 7"}


def test_team_median_min_max_hand_worked_odd():
    # check_mark: A 100, B 50, C 25 -> sorted 25, 50, 100: median 50, min 25, max 100.
    people = {"A": person_at({"check_mark": 100}), "B": person_at({"check_mark": 50}),
              "C": person_at({"check_mark": 25})}
    profile = team_profile(parse_answers(csv_for(people)))
    cm = profile.statements[0]
    assert (cm.statement, cm.median, cm.min, cm.max, cm.respondents) == (
        "check_mark", 50.0, 25.0, 100.0, 3)
    assert profile.respondents == 3


def test_team_median_hand_worked_even_and_mixed_items():
    # vulnerability for four people: 0, 25, 75, 100 -> median (25+75)/2 = 50.
    people = {name: person_at({"vulnerability": level})
              for name, level in zip("ABCD", [0, 25, 75, 100], strict=True)}
    # Person E's lack_of_support items: ls1 5 (100), ls2 1 reversed (100), ls3 3 (50),
    # ls4 1 (0), ls5 5 reversed (0) -> mean (100+100+50+0+0)/5 = 50.
    # With A-D at 50 everywhere outside vulnerability, median over A..E of lack_of_support
    # is 50 too, min 50, max 50.
    e = person_at({"vulnerability": 0})
    e.update({"ls1": 5, "ls2": 1, "ls3": 3, "ls4": 1, "ls5": 5})
    people["E"] = e
    profile = team_profile(parse_answers(csv_for(people)))
    summary = {s.statement: s for s in profile.statements}
    # vulnerability for A..E: 0, 25, 75, 100, 0 -> sorted 0, 0, 25, 75, 100: median 25.
    assert summary["vulnerability"].median == 25.0
    assert (summary["vulnerability"].min, summary["vulnerability"].max) == (0.0, 100.0)
    assert summary["lack_of_support"].median == 50.0
    four = team_profile(parse_answers(csv_for({k: people[k] for k in "ABCD"})))
    assert {s.statement: s.median for s in four.statements}["vulnerability"] == 50.0


def test_json_rounds_to_one_decimal():
    # A made-up item set with six check_mark items: one answer of 2 and five of 1 gives
    # (25 + 0*5)/6 = 4.1666... -> 4.2 in the output.
    raw = {"items": [{"id": f"c{n}", "statement": "check_mark", "text": "T", "reverse": False}
                     for n in range(6)]
           + [{"id": f"{s[:2]}{n}", "statement": s, "text": "T", "reverse": False}
              for s in STATEMENT_IDS[1:] for n in range(4)]}
    items = parse_items(raw)
    answers = {i.id: 1 for i in items}
    answers["c0"] = 2
    team = {who: answers for who in "pqr"}  # three people: the fewest a profile shows
    profile = team_profile(parse_answers(csv_for(team), items=items), items)
    data = render.profile_dict(profile)
    assert data["statements"]["check_mark"] == {"median": 4.2, "min": 4.2, "max": 4.2,
                                                "respondents": 3}
    assert list(data) == ["statements"]


@pytest.mark.parametrize("names", ["a", "ab"])
def test_a_team_profile_of_fewer_than_three_people_is_refused(names):
    # one or two people's "team" medians would be their own answers, shown to the group
    people = {n: person_at({"check_mark": 100}) for n in names}
    with pytest.raises(AssessmentError) as info:
        team_profile(parse_answers(csv_for(people)))
    message = str(info.value)
    assert message.startswith("answers.csv: 1 problem")
    assert f"{len(names)} {'person' if len(names) == 1 else 'people'} answered" in message
    assert "at least 3 people" in message


def test_team_profile_needs_no_pandas(monkeypatch):
    # One formula (item_score, through respondent_scores), aggregated with the standard
    # library: the team profile runs where pandas is missing, as in the browser.
    monkeypatch.setitem(sys.modules, "pandas", None)
    people = {"A": person_at({"check_mark": 100}), "B": person_at({"check_mark": 25}),
              "C": person_at({"check_mark": 50})}
    profile = team_profile(parse_answers(csv_for(people)))
    assert (profile.statements[0].median, profile.statements[0].min) == (50.0, 25.0)


def test_lowest_statement_breaks_ties_in_course_order():
    assert assessment.lowest_statement({"check_mark": 40, "vulnerability": 10,
                                        "lack_of_support": 10, "unconscious_bias": 90}) \
        == "lack_of_support"


# ---------------------------------------------------------------------------------------
# Properties

TEAMS = st.dictionaries(st.text("abcdefghij", min_size=1, max_size=4),
                        st.lists(st.integers(1, 5), min_size=len(ITEMS), max_size=len(ITEMS)),
                        min_size=3, max_size=8)


def _reference(team: dict[str, list[int]]) -> dict[str, tuple[float, float, float]]:
    """The formula again, with the standard library only."""
    per_person = {p: respondent_scores(dict(zip(ITEM_IDS, a, strict=True)))
                  for p, a in team.items()}
    return {sid: (statistics.median(s[sid] for s in per_person.values()),
                  min(s[sid] for s in per_person.values()),
                  max(s[sid] for s in per_person.values())) for sid in STATEMENT_IDS}


@settings(max_examples=60, deadline=None)
@given(TEAMS)
def test_team_profile_matches_the_formula_and_stays_in_range(team):
    text = csv_for({p: dict(zip(ITEM_IDS, a, strict=True)) for p, a in team.items()})
    profile = team_profile(parse_answers(text))
    expected = _reference(team)
    assert [s.statement for s in profile.statements] == list(STATEMENT_IDS)
    for s in profile.statements:
        assert 0 <= s.min <= s.median <= s.max <= 100
        assert s.respondents == len(team)
        assert (s.median, s.min, s.max) == pytest.approx(expected[s.statement])


@settings(max_examples=60, deadline=None)
@given(TEAMS, st.data())
def test_a_healthier_answer_never_lowers_a_score(team, data):
    person = data.draw(st.sampled_from(sorted(team)))
    index = data.draw(st.integers(0, len(ITEMS) - 1))
    item = ITEMS[index]
    better = list(team[person])
    # Healthier: higher for a straight item, lower for a reversed one.
    better[index] = data.draw(st.integers(1, better[index]) if item.reverse
                              else st.integers(better[index], 5))
    before = _reference(team)
    after = _reference({**team, person: better})
    old_person = respondent_scores(dict(zip(ITEM_IDS, team[person], strict=True)))
    new_person = respondent_scores(dict(zip(ITEM_IDS, better, strict=True)))
    for sid in STATEMENT_IDS:
        assert new_person[sid] >= old_person[sid]
        assert after[sid][0] >= before[sid][0], "the team median never drops"


# ---------------------------------------------------------------------------------------
# CSV input: every bad kind named with its line


def _good_rows(person: str = "r1", value: int = 3) -> list[str]:
    return [f"{person},{item_id},{value}" for item_id in ITEM_IDS]


def _csv(rows: list[str], header: str = "respondent,item,answer") -> str:
    return "\n".join([header, *rows]) + "\n"


def test_good_csv_with_words_spaces_blank_lines_and_bom():
    rows = _good_rows()
    rows[0] = " r1 , cm1 , Often "     # words are fine, and spaces around values
    rows[1] = "r1,cm2,4.0"              # a spreadsheet's 4.0 is the whole number 4
    text = "\ufeff" + _csv(rows[:5] + ["", ",,"] + rows[5:])  # BOM and blank lines
    answers = parse_answers(text)
    assert answers.respondents == ("r1",)
    assert {a.item: a.answer for a in answers.answers}["cm1"] == 4
    assert {a.item: a.answer for a in answers.answers}["cm2"] == 4
    reordered = parse_answers(_csv([f"{i},3,r1" for i in ITEM_IDS], "item,answer,respondent"))
    assert len(reordered.answers) == len(ITEMS)


BAD_ROWS = [
    # (row 2 replaced by, words expected in the problem on line 2)
    ("r1,zz1,3", "unknown item 'zz1'"),
    ("r1,cm11,3", "did you mean 'cm1'"),
    ("r1,cm1,0", "answer 0 is outside 1-5"),
    ("r1,cm1,6", "answer 6 is outside 1-5"),
    ("r1,cm1,2.5", "not a whole number"),
    ("r1,cm1,lots", "not a number"),
    ("r1,cm1,", "not a number"),
    (",cm1,3", "respondent is empty"),
    ("r1,cm1", "expected 3 values"),
    ("r1,cm1,3,extra", "expected 3 values"),
]


@pytest.mark.parametrize("row,words", BAD_ROWS, ids=[w for _r, w in BAD_ROWS])
def test_bad_row_is_named_by_line(row, words):
    rows = _good_rows()
    rows[0] = row  # file line 2 (line 1 is the header)
    with pytest.raises(AssessmentError) as info:
        parse_answers(_csv(rows), "team.csv")
    line2 = [p.message for p in info.value.problems if p.where == "line 2"]
    assert line2 and words in line2[0], info.value.problems
    assert "team.csv" in str(info.value) and "line 2: " in str(info.value)


def test_duplicate_row_names_both_lines():
    rows = _good_rows() + ["r1,cm3,5"]
    with pytest.raises(AssessmentError) as info:
        parse_answers(_csv(rows))
    cm3_line = 2 + ITEM_IDS.index("cm3")
    last_line = len(rows) + 1
    assert [str(p) for p in info.value.problems] == [
        f"line {last_line}: duplicate row: respondent 'r1' already answered item 'cm3' on "
        f"line {cm3_line}"]


def test_respondent_missing_items_is_named_with_first_line():
    rows = _good_rows("r1") + [r for r in _good_rows("r2") if ",ub4," not in r
                               and ",vu5," not in r]
    with pytest.raises(AssessmentError) as info:
        parse_answers(_csv(rows))
    (problem,) = info.value.problems
    assert problem.where == f"respondent 'r2' (first on line {len(ITEMS) + 2})"
    assert problem.message == f"missing 2 of {len(ITEMS)} items: ub4, vu5"


@pytest.mark.parametrize("header,words", [
    ("respondent,item", "missing column(s) answer"),
    ("person,item,answer", "missing column(s) respondent; unknown column(s) 'person'"),
    ("respondent,item,answer,comment", "unknown column(s) 'comment'"),
    ("respondent,item,answer,answer", "given twice: answer"),
])
def test_bad_header_is_named(header, words):
    with pytest.raises(AssessmentError) as info:
        parse_answers(_csv(_good_rows(), header))
    assert str(info.value.problems[0]).startswith("line 1: ")
    assert words in info.value.problems[0].message


def test_empty_file_and_header_only():
    with pytest.raises(AssessmentError, match="line 1: the file is empty"):
        parse_answers("")
    with pytest.raises(AssessmentError, match="line 1: no answers after the header"):
        parse_answers("respondent,item,answer\n\n")


def test_every_problem_listed_in_line_order():
    rows = _good_rows()
    rows[3] = "r1,cm4,9"     # line 5
    rows[1] = "r1,cm2,x"     # line 3
    rows.append("r1,bogus,2")  # last line
    with pytest.raises(AssessmentError) as info:
        parse_answers(_csv(rows))
    assert [p.where for p in info.value.problems] == ["line 3", "line 5",
                                                      f"line {len(rows) + 1}"]


def test_a_huge_broken_file_lists_the_first_hundred():
    rows = [f"r{n},cm1,9" for n in range(300)]
    with pytest.raises(AssessmentError) as info:
        parse_answers(_csv(rows))
    assert len(info.value.problems) == 600  # each row's answer, and each person's gaps
    message = str(info.value)
    assert "600 problems (the first 100 are shown)" in message
    assert message.endswith("... and 500 more")
    assert message.count("\n  - ") == 100


def test_missing_file(tmp_path):
    with pytest.raises(AssessmentError, match="file not found"):
        assessment.read_answers(tmp_path / "nope.csv")


# ---------------------------------------------------------------------------------------
# Outputs


def test_example_csv_has_five_people_and_a_believable_profile():
    answers = assessment.read_answers(assessment.EXAMPLE_ANSWERS_FILE)
    assert len(answers.respondents) == 5
    profile = team_profile(answers)
    assert profile.lowest() == "lack_of_support"
    text = render.profile_text(profile)
    assert "Read first: Lack of support to fully include patient partners" in text


def test_outputs_never_show_people_or_their_answers():
    people = {"alice-secret": person_at({"check_mark": 100}),
              "bob-secret": person_at({"check_mark": 0}),
              "carol-secret": person_at({"check_mark": 50})}
    profile = team_profile(parse_answers(csv_for(people)))
    for out in (render.profile_text(profile), render.profile_json(profile),
                render.profile_markdown(profile)):
        assert "secret" not in out
        assert "cm1" not in out


def test_markdown_profile_table():
    people = {"a": person_at({"unconscious_bias": 25}), "b": person_at({"unconscious_bias": 75}),
              "c": person_at({"unconscious_bias": 50})}
    md = render.profile_markdown(team_profile(parse_answers(csv_for(people))))
    # unconscious_bias: 25, 50 and 75 -> median 50, min 25, max 75.
    assert "| Unconscious bias towards patient partners | 50.0 | 25.0 | 75.0 |" in md


def test_profile_chart_has_a_bar_per_statement():
    fig = render.profile_chart({s.id: 10.0 * s.number for s in STATEMENTS},
                                   spread={s.id: (0.0, 90.0) for s in STATEMENTS})
    ax = fig.axes[0]
    assert len(ax.patches) == len(STATEMENTS)
    assert sorted(round(p.get_width()) for p in ax.patches) == [10, 20, 30, 40]
    assert ax.get_xlim() == (0.0, 100.0)


def test_answers_csv_for_one_person_is_valid_team_input():
    answers = person_at({})
    text = assessment.answers_csv("me", answers)
    assert text.splitlines()[0] == "respondent,item,answer"
    assert len(parse_answers(text).answers) == len(ITEMS)


def test_import_stays_light():
    code = ("import sys, pe_course, pe_course.audit, pe_course.assessment; "
            "bad = [m for m in ('pandas', 'matplotlib') if m in sys.modules]; "
            "assert not bad, bad")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_svg_chart_when_matplotlib_is_missing():
    scores = {"check_mark": 75.0, "unconscious_bias": 100.0, "lack_of_support": 0.0,
              "vulnerability": 37.5}
    svg = render.svg_chart_html(scores)
    assert svg.startswith('<svg class="pe-profile-chart" role="img" aria-label="Bar chart of '
                          'your scores out of 100: Patient partners as a check mark 75;')
    # one outline and one bar per statement, the bar as long as the score (300 = 100)
    bars = re.findall(r'<rect x="330" y="\d+" width="([\d.]+)" height="20" fill="#', svg)
    assert [float(b) for b in bars] == [225.0, 300.0, 0.0, 112.5]
    for statement in STATEMENTS:  # each value written as text, beside its label
        assert f">{escape(statement.title)}</text>" in svg
    assert ">75</text>" in svg and ">38</text>" in svg and ">0</text>" in svg
    assert "width=\"300.0\"" in render.svg_chart_html({"check_mark": 250})  # clamped to 100


def test_example_assessment_file_exists():
    assert Path(assessment.EXAMPLE_ANSWERS_FILE).is_file()
    assert json.loads(json.dumps(assessment.items_as_dicts(ITEMS)))



OLD_ASSESSMENT_NAMES = [
    "COLUMNS", "SCALE", "Answer", "AssessmentError", "Item", "StatementSummary", "TeamAnswers",
    "TeamProfile", "answers_csv", "bundle_items", "item_score", "items_as_dicts",
    "items_text", "load_items", "lowest_statement", "parse_answers", "parse_items",
    "profile_chart", "profile_dict", "profile_json", "profile_markdown", "profile_text",
    "read_answers", "respondent_scores", "team_profile", "EXAMPLE_ANSWERS_FILE", "ITEMS_FILE",
]


def test_old_assessment_names_are_still_importable():
    for name in OLD_ASSESSMENT_NAMES:
        assert getattr(assessment, name) is not None, name
    assert assessment.profile_text is render.profile_text
    namespace: dict = {}
    exec("from pe_course.assessment import *", namespace)
    assert {"profile_chart", "team_profile", "AssessmentError"} <= set(namespace)
    with pytest.raises(AttributeError):
        assessment.no_such_name  # noqa: B018
