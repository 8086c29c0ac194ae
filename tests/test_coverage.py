"""The coverage map: every source example and PxP theme taught once, in a place that exists,
or planned for a named chapter; ``pe-course coverage`` prints it."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from pe_course.cli import main
from pe_course.coverage import DATA_FILE, coverage_rows, load_coverage, parse_coverage
from pe_course.errors import DataError
from pe_course.reader import read_builtin
from pe_course.scenarios import list_scenarios
from pe_course.statements import STATEMENTS, get_statement

ROOT = Path(__file__).resolve().parents[1]
RAW = read_builtin(DATA_FILE)[1]


def problems(raw, scenarios=None) -> list[str]:
    with pytest.raises(DataError) as info:
        parse_coverage(raw, "coverage.yaml", scenarios)
    return [str(p) for p in info.value.problems]


def test_every_example_and_theme_has_one_row():
    coverage = load_coverage()
    assert len(coverage.examples) == 34 == sum(len(s.examples) for s in STATEMENTS)
    assert [len([e for e in coverage.examples if e.group == s.id]) for s in STATEMENTS] == \
        [10, 7, 10, 7]
    assert len(coverage.themes) == 15


@pytest.mark.parametrize(("statement", "count"), [("check_mark", 10), ("unconscious_bias", 7),
                                                 ("lack_of_support", 10), ("vulnerability", 7)])
def test_every_example_of_a_written_chapter_is_taught_in_one_scenario_choice(statement,
                                                                              count):
    coverage = load_coverage()
    examples = [e for e in coverage.examples if e.group == statement]
    assert all(e.taught and e.taught.startswith("scenario:") for e in examples), \
        [e.id for e in examples if not e.taught]
    assert len({e.taught for e in examples}) == count


@pytest.mark.parametrize("statement", ["check_mark", "unconscious_bias", "lack_of_support",
                                       "vulnerability"])
def test_the_chapter_names_where_each_example_is_practised(statement):
    """Each example's section says "Practise it in: the scenario <title>, step <n>", and
    that step's choice is the one the scenario file tags with the example."""
    from pe_course.scenarios import load_scenario
    from pe_course.statements import get_statement

    page = (ROOT / f"{get_statement(statement).chapter}.md").read_text(encoding="utf-8")
    named = re.findall(r"\*Practise it in:\* the scenario \*\*(.+?)\*\*, step (\d+)", page)
    expected = []
    for example in [e for e in load_coverage().examples if e.group == statement]:
        sid, step_id, _choice = example.taught.removeprefix("scenario:").split("/")
        scenario = load_scenario(sid)
        expected.append((scenario.title, str([s.id for s in scenario.steps].index(step_id) + 1)))
    assert sorted(named) == sorted(expected)


def test_places_in_the_book_exist_and_planned_chapters_are_statement_chapters():
    chapters = {s.chapter for s in STATEMENTS} | {"book/reflection"}
    for entry in load_coverage().entries():
        if entry.planned:
            assert entry.planned in chapters, entry
        kind, _, target = (entry.taught or "").partition(":")
        if kind == "exercise":
            assert (ROOT / target).is_file(), entry
        if kind == "chapter":
            page, _, anchor = target.partition("#")
            assert (ROOT / f"{page}.md").is_file(), entry
            assert anchor, f"{entry.id}: a chapter place names its section"


def test_an_example_taught_twice_is_named():
    raw = copy.deepcopy(RAW)
    raw["examples"]["ghosted"] = {"planned": "book/check_mark"}
    assert any("examples.ghosted: listed here but already taught by scenario:" in p
               for p in problems(raw))


def test_an_example_tagged_on_two_choices_is_named():
    scenarios = list_scenarios()
    first = scenarios[0]
    step = first.steps[0]
    doubled = replace(step, choices=tuple(replace(c, examples=("ghosted",))
                                          for c in step.choices))
    changed = [replace(first, steps=(doubled, *first.steps[1:])), *scenarios[1:]]
    found = problems(RAW, changed)
    assert any(p.startswith("examples.ghosted: taught in ") for p in found), found


def test_an_example_taught_nowhere_an_unknown_id_and_a_bad_entry_are_named():
    # untag the choices that teach called_biased (then taught nowhere) and single_partner
    untagged = [replace(s, steps=tuple(replace(step, choices=tuple(
        replace(c, examples=tuple(e for e in c.examples
                                  if e not in ("called_biased", "single_partner")))
        for c in step.choices)) for step in s.steps)) for s in list_scenarios()]
    raw = copy.deepcopy(RAW)
    raw["examples"]["tokenism"] = {"planned": "book/check_mark"}
    raw["examples"]["single_partner"] = {"planned": "book/vulnerability",
                                         "taught": "chapter:book/check_mark#x"}
    found = problems(raw, untagged)
    assert any("examples.called_biased: taught nowhere" in p for p in found), found
    assert any("examples.tokenism: unknown example id" in p for p in found)
    assert any("examples.single_partner: expected exactly one of taught" in p for p in found)


def test_a_place_that_does_not_exist_is_named():
    raw = copy.deepcopy(RAW)
    raw["themes"][0]["taught"] = "scenario:grant-deadline/invitation/no-such-choice"
    raw["themes"][1] = {"id": "power", "text": "Again.", "planned": "book/check_mark"}
    raw["themes"][2]["taught"] = "somewhere"
    found = problems(raw)
    assert any("themes[0].taught: 'scenario:grant-deadline/invitation/no-such-choice': step "
               "'invitation' has no choice 'no-such-choice'" in p for p in found), found
    assert any("themes[1].id: duplicate theme id 'power'" in p for p in found)
    assert any("themes[2].taught: 'somewhere' is not a place" in p for p in found)


def test_cli_prints_the_map(capsys):
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert get_statement("check_mark").title in out and "PxP themes" in out
    assert "49 of 49 taught, 0 planned" in out
    assert main(["coverage", "--format", "json", "--planned"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # every example and theme is taught
    assert main(["coverage", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 49 and all(r["status"] == "taught" for r in rows)
    assert len(coverage_rows(load_coverage())) == 49
