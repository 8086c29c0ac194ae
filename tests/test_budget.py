"""The support budget: one calculation for the function, ``pe-course budget`` and the form;
every line explained; the team's own numbers only; bad input named by field (and line)."""

from __future__ import annotations

import copy
import csv
import io
import re

import pytest
import yaml

from pe_course.budget import BUDGET_SECTION, parse_budget_inputs, support_budget
from pe_course.cli import main
from pe_course.errors import PlanError
from pe_course.plan import example_plan, parse_plan, plan_to_dict
from pe_course.reader import read_builtin
from pe_course.render.budget import budget_html, budget_markdown, budget_text
from pe_course.widgets import support_budget_form

from .test_knowledge import BIB_KEYS

EXAMPLE = plan_to_dict(example_plan())


def test_the_example_budget_line_by_line():
    # 2 partners, 24 months, 10 meetings a year of 120 minutes, 1 hour preparing each,
    # 2 other hours a month: 24 x (10/12 x (2 + 1) + 2) = 108 hours each.
    budget = support_budget(example_plan())
    assert budget.hours_per_partner == pytest.approx(108)
    assert budget.hours_per_partner_per_month == pytest.approx(4.5)
    amounts = {line.id: line.amount for line in budget.lines}
    assert amounts == {"compensation": 2 * 108 * 25, "expenses": 2 * 8 * 40,
                       "accessibility": 20 * 50, "technology": 2 * 150, "training": 600,
                       "coordinator": 24 * 6 * 35}
    assert budget.total == pytest.approx(sum(amounts.values())) == 12980
    assert budget.line("compensation").how == "2 partners x 108 hours each x 25.00 an hour"


def test_every_line_says_why_with_its_sources():
    _source, raw = read_builtin("budget_lines.yaml")
    for entry in raw["lines"]:
        assert set(entry["sources"]) <= BIB_KEYS, entry["id"]
        assert entry["why"].strip() and entry["cite"].strip()
    budget = support_budget(example_plan())
    assert [line.id for line in budget.lines] == [e["id"] for e in raw["lines"]]
    assert any("Ask each partner what they want" in r for r in budget.reminders)
    assert any("not a standard" in r for r in budget.reminders)


def test_function_cli_and_form_give_the_same_totals(tmp_path, capsys):
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(EXAMPLE, sort_keys=False))
    expected = support_budget(example_plan())
    assert main(["budget", str(path), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["line", "amount", "how it was worked out", "why", "sources"]
    assert [float(r[1]) for r in rows[1:-1]] == [line.amount for line in expected.lines]
    assert rows[-1][:2] == ["Total", f"{expected.total:.2f}"]
    assert main(["budget", str(path)]) == 0
    assert f"Total: {expected.total:,.2f}" in capsys.readouterr().out
    form = support_budget_form()
    made = form.make()
    assert made is not None and made.total == expected.total
    assert [line.amount for line in made.lines] == [line.amount for line in expected.lines]
    assert "support-budget.csv" in form.results.value and "support-budget.md" in form.results.value


def test_a_file_with_only_the_budgets_fields_is_enough(tmp_path, capsys):
    only = {"project": "Small study", "patient_partners": 1,
            "compensation": {"offered": False, "expenses_paid_upfront": True},
            "meetings": {"length_minutes": 60}, "budget": dict(EXAMPLE["budget"])}
    path = tmp_path / "budget.yaml"
    path.write_text(yaml.safe_dump(only, sort_keys=False))
    assert main(["budget", str(path), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Support budget: Small study")
    assert "| Payment for partners' time | 0.00 | Your plan does not offer payment" in out
    assert "does not pay expenses up front" not in out  # it does, here


def test_formats_carry_the_same_facts():
    budget = support_budget(example_plan())
    for text in (budget_text(budget), budget_markdown(budget), budget_html(budget)):
        for line in budget.lines:
            assert line.title.replace("'", "&#x27;") in text or line.title in text
        assert "12,980.00" in text
    html = budget_html(budget)
    assert "<caption>" in html and html.count('scope="row"') == len(budget.lines) + 1


def _broken(change):
    raw = copy.deepcopy(EXAMPLE)
    change(raw)
    return raw


@pytest.mark.parametrize(("change", "expected"), [
    (lambda r: r.pop("budget"), "budget: missing section; the budget needs the fields months"),
    (lambda r: r["budget"].update(months=0),
     "budget.months: 0 is out of range; expected a whole number greater than 0"),
    (lambda r: r["budget"].update(in_person_meetings_per_year=11),
     "budget.in_person_meetings_per_year: 11 is more than meetings_per_year (10)"),
    (lambda r: r["budget"].update(training="lots"),
     "budget.training: expected a number, 0 or more, got text 'lots'"),
    (lambda r: r["budget"].update(extra=1), "budget.extra: unknown field"),
    (lambda r: r["compensation"].pop("hourly_rate"),
     "compensation.hourly_rate: missing; the plan offers payment"),
    (lambda r: r.update(patient_partners=0), "patient_partners: 0; the budget is for a team"),
    (lambda r: r.update(budget=[1, 2]), "budget: expected a section of fields (months"),
])
def test_bad_input_is_named_by_field(change, expected):
    raw = _broken(change)
    with pytest.raises(PlanError) as info:
        support_budget(parse_budget_inputs(raw, "plan.yaml"))
    assert expected in str(info.value)
    if "hourly_rate" not in expected and "patient_partners" not in expected:
        with pytest.raises(PlanError, match=re.escape(expected)):
            support_budget(parse_plan(raw, "plan.yaml"))


def test_the_cli_names_the_file_line_and_field_and_exits_2(tmp_path, capsys):
    path = tmp_path / "plan.yaml"
    text = yaml.safe_dump(EXAMPLE, sort_keys=False).replace("months: 24", "months: two years")
    path.write_text(text)
    assert main(["budget", str(path)]) == 2
    err = capsys.readouterr().err
    line = text.splitlines().index("  months: two years") + 1
    assert f"line {line}, budget.months: expected a whole number greater than 0" in err
    assert str(path) in err
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert main(["budget", str(empty)]) == 2
    assert "the file is empty" in capsys.readouterr().err
    assert main(["budget"]) == 2


def test_the_form_shows_every_problem_with_its_question_and_keeps_the_answers():
    form = support_budget_form()
    form.controls["budget.months"].value = "two years"
    form.controls["compensation.hourly_rate"].value = ""
    assert form.make() is None
    message = form.message.value
    assert 'role="alert"' in message and "2 answers need fixing" in message
    assert "For how many months will partners take part?" in message
    assert "Hourly rate" in message and form.results.value == ""
    assert form.controls["budget.months"].value == "two years"  # nothing lost
    form.controls["budget.months"].value = "12"
    form.controls["compensation.hourly_rate"].value = "30"
    assert form.make().months == 12


def test_every_form_control_is_labelled():
    form = support_budget_form()
    expected = 6 + len(BUDGET_SECTION.fields)
    assert len(form.controls) == expected
    assert all(c.description for c in form.controls.values())
    assert "pe-course budget" in form._repr_mimebundle_()["text/html"]


def test_the_plan_keeps_its_budget_and_the_check_up_ignores_it():
    from pe_course.audit import audit

    plan = example_plan()
    assert plan.budget is not None and plan_to_dict(plan)["budget"]["months"] == 24
    without = _broken(lambda r: r.pop("budget"))
    assert audit(parse_plan(without)).findings == audit(plan).findings
