"""``pe-course audit`` and ``pe-course assess``: output formats and exit codes."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pe_course import assessment, audit
from pe_course.cli import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, main
from pe_course.plan import EXAMPLE_PLAN_FILE, example_plan, example_plan_text, plan_from_yaml
from pe_course.render.plan_report import report_dict
from pe_course.statements import STATEMENT_IDS

from .test_audit import CLEAN, with_changes

EXAMPLE_PLAN = str(EXAMPLE_PLAN_FILE)
EXAMPLE_ANSWERS = str(assessment.EXAMPLE_ANSWERS_FILE)


def write_plan(tmp_path: Path, data: dict, name: str = "plan.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


# ---------------------------------------------------------------------------------------
# audit


def test_audit_text(capsys):
    assert main(["audit", EXAMPLE_PLAN]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Engagement plan check-up: Living well with persistent pain")
    assert "[HIGH] " + audit.get_rule("late-invitation").message in out


def test_audit_json(capsys):
    assert main(["audit", EXAMPLE_PLAN, "--format", "json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"findings", "scores"}
    assert set(data["scores"]) == set(STATEMENT_IDS)
    assert data == report_dict(audit.audit(example_plan()))
    severities = [f["severity"] for f in data["findings"]]
    assert severities == sorted(severities, key=audit.SEVERITIES.index)


def test_audit_markdown(capsys):
    assert main(["audit", EXAMPLE_PLAN, "--format", "markdown"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("# Engagement plan check-up:")
    assert "## Scores by problem statement" in out


@pytest.mark.parametrize("changes,level,code", [
    ({}, "low", EXIT_OK),                                     # clean: nothing fails
    ({"titles": "formal"}, "low", EXIT_FINDINGS),             # one low finding
    ({"titles": "formal"}, "medium", EXIT_OK),
    ({"safety.ground_rules": False}, "medium", EXIT_FINDINGS),
    ({"safety.ground_rules": False}, "high", EXIT_OK),
    ({"patient_partners": 0}, "high", EXIT_FINDINGS),
])
def test_audit_fail_on(tmp_path, capsys, changes, level, code):
    plan = write_plan(tmp_path, with_changes(changes))
    assert main(["audit", plan, "--fail-on", level, "--format", "json"]) == code
    json.loads(capsys.readouterr().out)  # the report is printed either way


def test_audit_without_fail_on_exits_0_even_with_high_findings(capsys):
    assert main(["audit", EXAMPLE_PLAN]) == EXIT_OK


def test_audit_invalid_plan_names_every_field(tmp_path, capsys):
    plan = write_plan(tmp_path, with_changes({"meetings.length_minutes": 0,
                                              "supports.point_person": "yes",
                                              "decision_role": "boss"}))
    assert main(["audit", plan]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert captured.out == "", "nothing is audited from a half-valid plan"
    assert captured.err.startswith(f"error: {plan}: 3 problems")
    for path in ("meetings.length_minutes", "supports.point_person", "decision_role"):
        assert re.search(rf"\n  - line \d+, {re.escape(path)}: ", captured.err), path


def test_audit_yaml_syntax_error(tmp_path, capsys):
    path = tmp_path / "plan.yaml"
    path.write_text("project: [x\n")
    assert main(["audit", str(path)]) == EXIT_INVALID
    assert "line 2, column 1: not valid YAML" in capsys.readouterr().err


def test_audit_missing_file_and_missing_argument(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "nope.yaml")]) == EXIT_INVALID
    assert "file not found" in capsys.readouterr().err
    assert main(["audit"]) == EXIT_INVALID
    assert "give a plan file" in capsys.readouterr().err


def test_audit_print_example_is_a_valid_starting_point(tmp_path, capsys):
    assert main(["audit", "--print-example"]) == EXIT_OK
    text = capsys.readouterr().out
    assert text == example_plan_text()
    assert plan_from_yaml(text) == example_plan()


def test_audit_plan_with_a_key_given_twice(tmp_path, capsys):
    path = tmp_path / "plan.yaml"
    path.write_text("project: a\npatient_partners: 2\nproject: b\n")
    assert main(["audit", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: 1 problem\n  - line 3, column 1: ")
    assert "the key 'project' is given twice (first on line 1)" in err


def test_audit_with_the_teams_own_rules_of_thumb(tmp_path, capsys):
    # The course's rule of thumb lets 45 days pass; a team that agreed on 60 sees a finding
    # that names both numbers.
    plan = write_plan(tmp_path, {**with_changes({"invited_at_stage": "funding_application",
                                                 "days_before_deadline": 45}),
                                 "rules_of_thumb": {"late-invitation": 60}})
    assert main(["audit", plan, "--fail-on", "high"]) == EXIT_FINDINGS
    out = capsys.readouterr().out
    assert "[HIGH] Partners are invited to the funding application less than 60 days" in out
    assert "(your team's rule of thumb: 60 days; the course's is 30 days)" in out
    assert main(["audit", write_plan(tmp_path, with_changes(
        {"invited_at_stage": "funding_application", "days_before_deadline": 45}), "b.yaml"),
        "--fail-on", "low"]) == EXIT_OK


def test_audit_invalid_rules_of_thumb_name_field_and_line(tmp_path, capsys):
    path = tmp_path / "plan.yaml"
    text = yaml.safe_dump(CLEAN, sort_keys=False) + (
        "rules_of_thumb:\n  slow-reimbursment: 14\n  late-papers: -2\n")
    path.write_text(text)
    lines = text.splitlines()
    assert main(["audit", str(path)]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"error: {path}: 2 problems")
    assert (f"line {lines.index('  slow-reimbursment: 14') + 1}, "
            "rules_of_thumb.slow-reimbursment: unknown rule 'slow-reimbursment' (did you mean "
            "'slow-reimbursement'?)") in captured.err
    assert (f"line {lines.index('  late-papers: -2') + 1}, rules_of_thumb.late-papers: -2 is "
            "out of range; expected a number of days, 0 or more") in captured.err


def test_audit_reads_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(yaml.safe_dump(CLEAN)))
    assert main(["audit", "-", "--format", "json", "--fail-on", "low"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["findings"] == []


# ---------------------------------------------------------------------------------------
# assess


def test_assess_json(capsys):
    assert main(["assess", EXAMPLE_ANSWERS, "--format", "json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["statements"]
    assert list(data["statements"]) == list(STATEMENT_IDS)
    for summary in data["statements"].values():
        assert set(summary) == {"median", "min", "max", "respondents"}
        assert summary["respondents"] == 5
        assert summary["min"] <= summary["median"] <= summary["max"]
    # Worked by hand from the example file (ls2 and ls5 are reversed items):
    #   r1 answers 2,4,3,3,4 -> 25, 25, 50, 50, 25 -> mean 35
    #   r2 answers 2,5,2,2,4 -> 25,  0, 25, 25, 25 -> mean 20
    #   r3 answers 3,3,4,4,3 -> 50, 50, 75, 75, 50 -> mean 60
    #   r4 answers 1,5,2,3,5 ->  0,  0, 25, 50,  0 -> mean 15
    #   r5 answers 2,4,3,3,4 -> as r1             -> mean 35
    # sorted 15, 20, 35, 35, 60: median 35, min 15, max 60.
    assert data["statements"]["lack_of_support"] == {"median": 35.0, "min": 15.0,
                                                     "max": 60.0, "respondents": 5}


def test_assess_text_and_markdown(capsys):
    assert main(["assess", EXAMPLE_ANSWERS]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Team self-assessment: 5 people")
    assert "Read first: Lack of support to fully include patient partners" in out
    assert main(["assess", EXAMPLE_ANSWERS, "--format", "markdown"]) == EXIT_OK
    assert "| Problem statement | Median | Min | Max |" in capsys.readouterr().out


def test_assess_items_json(capsys):
    assert main(["assess", "--items", "--format", "json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data == assessment.items_as_dicts(assessment.load_items())
    assert all(set(d) == {"id", "statement", "text", "reverse"} for d in data)
    assert main(["assess", "--items"]) == EXIT_OK
    assert "(r) marks a reversed item" in capsys.readouterr().out


def test_assess_print_example(capsys):
    assert main(["assess", "--print-example"]) == EXIT_OK
    out = capsys.readouterr().out
    assert len(assessment.parse_answers(out).respondents) == 5


def test_assess_invalid_csv_lists_lines(tmp_path, capsys):
    path = tmp_path / "answers.csv"
    text = assessment.EXAMPLE_ANSWERS_FILE.read_text().splitlines()
    text[2] = "r1,cm2,9"    # line 3
    text[4] = "r1,nope,2"   # line 5
    path.write_text("\n".join(text) + "\n")
    assert main(["assess", str(path), "--format", "json"]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "line 3: answer 9 is outside 1-5" in captured.err
    assert "line 5: unknown item 'nope'" in captured.err
    assert "respondent 'r1' (first on line 2): missing 1 of 20 items: cm4" in captured.err


def test_assess_needs_a_file(capsys):
    assert main(["assess"]) == EXIT_INVALID
    assert "give an answers CSV file" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# The installed command, as a team would run it


def _pe_course() -> str:
    script = Path(sys.executable).parent / "pe-course"
    if not script.exists():
        pytest.skip(f"the pe-course script is not installed beside {sys.executable}")
    return str(script)


def test_installed_command_exit_codes(tmp_path):
    exe = _pe_course()
    ok = subprocess.run([exe, "audit", EXAMPLE_PLAN], capture_output=True, text=True)
    assert ok.returncode == 0 and "Engagement plan check-up" in ok.stdout
    found = subprocess.run([exe, "audit", EXAMPLE_PLAN, "--fail-on", "high"],
                           capture_output=True, text=True)
    assert found.returncode == 1
    bad = write_plan(tmp_path, with_changes({"meetings.length_minutes": -5}))
    invalid = subprocess.run([exe, "audit", bad], capture_output=True, text=True)
    assert invalid.returncode == 2
    assert "meetings.length_minutes" in invalid.stderr and "Traceback" not in invalid.stderr
    assess = subprocess.run([exe, "assess", EXAMPLE_ANSWERS, "--format", "json"],
                            capture_output=True, text=True)
    assert assess.returncode == 0 and json.loads(assess.stdout)["statements"]
    broken = tmp_path / "a.csv"
    broken.write_text("respondent,item,answer\nr1,cm1,7\n")
    failed = subprocess.run([exe, "assess", str(broken)], capture_output=True, text=True)
    assert failed.returncode == 2 and "line 2: answer 7" in failed.stderr
