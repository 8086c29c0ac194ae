"""``pe-course scenarios lint``: every shipped scenario passes, and each authoring check
catches a scenario broken in its way, naming the place."""

from __future__ import annotations

import copy
import json

import pytest

from pe_course.cli import main
from pe_course.lint import lint_file, lint_scenario
from pe_course.reader import read_data
from pe_course.scenarios import SCENARIO_DIR, list_scenarios, parse_scenario

from .conftest import DATA

TEACHING = read_data(DATA / "teaching.yaml")


def findings(raw) -> list[str]:
    return [str(f) for f in lint_scenario(parse_scenario(raw, "t.yaml"))]


def broken(change) -> dict:
    raw = copy.deepcopy(TEACHING)
    change(raw)
    return raw


def test_the_test_scenario_is_clean():
    assert findings(TEACHING) == []


@pytest.mark.parametrize("scenario", list_scenarios(), ids=lambda s: s.id)
def test_every_shipped_scenario_is_clean(scenario):
    assert [str(f) for f in lint_scenario(scenario)] == []


def _choice(raw, step: int, choice: int) -> dict:
    return raw["steps"][step]["choices"][choice]


def _no_energy(raw: dict) -> None:
    del raw["endings"][0]["when"]["energy_at_least"]
    del raw["endings"][1]["when"]["energy_below"]
    raw["endings"][1]["when"]["trust_below"] = 75


def _no_branching(raw: dict) -> None:
    first = _choice(raw, 0, 0)
    first["next"] = "question"
    del first["sets"], raw["flags"], raw["steps"][3]["variants"]
    del _choice(raw, 3, 2)["unless"], raw["endings"][2], raw["steps"][1]


def _two_harmful(raw: dict) -> None:
    del _choice(raw, 2, 0)["serious_harm"]
    _choice(raw, 2, 0)["effects"] = {"trust": 20, "energy": 0}
    _choice(raw, 0, 2)["kind"] = "harmful"


def _strongest_first(raw: dict) -> None:
    for i, j in ((0, 1), (2, 1), (3, 0)):
        choices = raw["steps"][i]["choices"]
        choices.insert(0, choices.pop(j))


def _strongest_longest(raw: dict) -> None:
    for i, j in ((0, 1), (1, 0), (2, 1), (3, 0)):
        _choice(raw, i, j)["label"] += " now."


CASES = {
    # check: (how to break the scenario, what the finding must say)
    "pressure": (lambda r: r["steps"][1].pop("pressure"),
                 "[pressure] step 'after-no': no 'pressure'"),
    "kind missing": (lambda r: _choice(r, 0, 2).pop("kind"),
                     "[kind] step 'invite' > choice 'later': no 'kind'"),
    "two strongest": (lambda r: _choice(r, 0, 2).update(kind="strongest"),
                      "[kind] step 'invite': has 2 choices of kind 'strongest'"),
    "quiz": (lambda r: _choice(r, 1, 1).update(kind="caricature"),
             "[dilemma] step 'after-no': has fewer than two choices a reasonable person"),
    "two caricatures": (lambda r: _choice(r, 2, 2).update(kind="caricature"),
                        "[dilemma] scenario: has 2 caricatures (question > note, credit > "
                        "thank)"),
    "long label": (lambda r: _choice(r, 2, 1).update(
        label="Stop the meeting and work through the question together, whatever it takes"),
        "[give-away] step 'question': its longest label is"),
    "same position": (_strongest_first,
                      "[give-away] scenario: the strongest choice is choice A in 4 of 4 steps"),
    "longest label": (_strongest_longest,
                      "[give-away] scenario: the strongest choice has the longest label in 4 "
                      "of 4 steps"),
    "unreached ending": (lambda r: r["endings"][1]["when"].update(trust_at_least=99),
                         "[reach] ending 'tired': no path reaches this ending"),
    "two harmful reach best": (_two_harmful,
                               "[best-ending] ending 'stays': the path later > ghost > "
                               "credit-sam reaches the best ending despite later, ghost"),
    "no energy ending": (_no_energy,
                         "[energy] endings: no ending that some path reaches depends on the "
                         "partner's energy"),
    "no branching": (_no_branching,
                     "[branching] steps: every choice of every step leads to the same next"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_check_catches_its_kind_of_broken_scenario(case):
    change, expected = CASES[case]
    found = findings(broken(change))
    assert any(f.startswith(expected) for f in found), "\n".join(found)


def test_serious_harm_never_reaches_the_best_ending_on_any_path():
    """Scoring itself blocks it; lint plays every path to make sure."""
    from pe_course.scoring import all_scorecards

    raw = broken(lambda r: r["endings"][0].update(when={"trust_at_least": 0}))
    cards = all_scorecards(parse_scenario(raw, "t.yaml"))
    harmed = [c for c in cards if c.blocked_by]
    assert harmed and not [c for c in harmed if c.ending.id == "stays"]
    assert not [f for f in findings(raw) if f.startswith("[best-ending]")]


def test_lint_file_reports_format_problems_as_findings(tmp_path):
    raw = broken(lambda r: _choice(r, 0, 1).update(next="nowhere"))
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(raw))
    scenario, found = lint_file(path)
    assert scenario is None
    assert [f.check for f in found] == ["format"]
    assert "unknown next step 'nowhere'" in str(found[0])


def test_cli_lint_exit_codes(tmp_path, capsys):
    assert main(["scenarios", "lint"]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok (") == len(list(SCENARIO_DIR.glob("*.yaml")))
    path = tmp_path / "quiz.json"
    path.write_text(json.dumps(broken(CASES["pressure"][0])))
    assert main(["scenarios", "lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: 1 problem" in out and "[pressure] step 'after-no'" in out
    assert main(["scenarios", "lint", str(tmp_path / "missing.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err
