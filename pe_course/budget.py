"""A support budget for a project's patient partners: pure, from the team's own numbers.

The inputs are the engagement plan's (``pe_course.plan``): how many partners, whether
payment is offered and the team's hourly rate, how long meetings are, and an optional
``budget:`` section with the rest (months, meetings a year, preparation hours, expenses,
accessibility, technology, training, a coordinator's hours and rate). The same fields
serve ``pe-course budget PLAN.yaml``, the exercise's form and this module's functions,
so all three give the same totals. What each line is for, and its sources, are in
``data/budget_lines.yaml``. No rate is ever assumed: every amount is the team's input.

    hours per partner = months x (meetings a year / 12 x (meeting hours + preparation)
                                  + other hours a month)
    payment      = partners x hours per partner x hourly rate     (0 if not offered)
    expenses     = partners x in-person meetings x expenses per in-person meeting
    accessibility= all meetings x accessibility per meeting
    technology   = partners x technology per partner (once)
    training     = the team's amount
    coordinator  = months x coordinator hours a month x coordinator's hourly rate

(meetings over the whole project = meetings a year x months / 12).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from pe_course.errors import PlanError
from pe_course.plan import BUDGET, Field, Plan, Section, _check_mapping, get_field
from pe_course.reader import Checker, LineDict, line_of, read_builtin

LINES_FILE = "budget_lines.yaml"
_NEED_RATE = ("missing; the plan offers payment (compensation.offered: true), so the budget "
              "needs your team's hourly rate (or say payment is not offered)")
_NEED_PARTNER = "0; the budget is for a team with at least one patient partner"

BUDGET_SECTION = Section(BUDGET, "Support budget", (
    Field("months", "int", "For how many months will partners take part?", minimum=1),
    Field("meetings_per_year", "int", "How many meetings a year?", minimum=0),
    Field("in_person_meetings_per_year", "int",
          "How many of those are in person (with travel costs)?", minimum=0),
    Field("prep_hours_per_meeting", "number",
          "Hours each partner spends preparing for one meeting", minimum=0),
    Field("other_hours_per_month", "number",
          "Other hours each partner works a month (reviews, emails, calls)", minimum=0),
    Field("expenses_per_in_person_meeting", "number",
          "Expenses for one partner at one in-person meeting (travel, parking, meals, care)",
          minimum=0),
    Field("accessibility_per_meeting", "number",
          "Accessibility costs per meeting (captions, interpreters, easy read, ...)",
          minimum=0),
    Field("technology_per_partner", "number",
          "Technology for each partner, once (a device, software, a data plan)", minimum=0),
    Field("training", "number", "Training for partners and the team (the total)", minimum=0),
    Field("coordinator_hours_per_month", "number",
          "Hours a month someone is paid to support engagement", minimum=0),
    Field("coordinator_hourly_rate", "number", "That person's hourly rate", minimum=0),
))
# The plan's own fields the budget reads (the check-up asks them too).
PLAN_FIELDS = ("project", "patient_partners", "compensation.offered",
               "compensation.hourly_rate", "compensation.expenses_paid_upfront",
               "meetings.length_minutes")


@dataclass(frozen=True, kw_only=True)
class BudgetSection:
    """A plan's ``budget:`` section, validated."""

    months: int
    meetings_per_year: int
    in_person_meetings_per_year: int
    prep_hours_per_meeting: float
    other_hours_per_month: float
    expenses_per_in_person_meeting: float
    accessibility_per_meeting: float
    technology_per_partner: float
    training: float
    coordinator_hours_per_month: float
    coordinator_hourly_rate: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BudgetLine:
    id: str
    title: str
    amount: float
    how: str  # the sum, with the team's numbers
    why: str  # what the line is for, from the sources
    cite: str  # the sources, as the line names them (author, year)


@dataclass(frozen=True)
class SupportBudget:
    project: str
    partners: int
    months: int
    hours_per_partner: float
    lines: tuple[BudgetLine, ...]
    reminders: tuple[str, ...]

    @property
    def total(self) -> float:
        return round(sum(line.amount for line in self.lines), 2)

    @property
    def hours_per_partner_per_month(self) -> float:
        return self.hours_per_partner / self.months

    def line(self, line_id: str) -> BudgetLine:
        return next(line for line in self.lines if line.id == line_id)


def check_budget_section(ck: Checker, raw: Mapping, key: str = BUDGET) -> BudgetSection | None:
    """A plan's ``budget:`` section checked; each problem goes to ``ck`` with its field and
    line (``pe_course.plan.parse_plan`` calls this)."""
    value = raw.get(key)
    names = ", ".join(f.name for f in BUDGET_SECTION.fields)
    if not isinstance(value, Mapping):
        from pe_course.reader import describe

        ck.add(key, f"expected a section of fields ({names}), got {describe(value)}", raw, key)
        return None
    before = len(ck.problems)
    clean = _check_mapping(ck, value, BUDGET_SECTION.fields, f"{key}.")
    in_person, per_year = clean.get("in_person_meetings_per_year"), clean.get("meetings_per_year")
    if in_person is not None and per_year is not None and in_person > per_year:
        ck.add(f"{key}.in_person_meetings_per_year",
               f"{in_person} is more than meetings_per_year ({per_year}); expected at most "
               f"{per_year}", value, "in_person_meetings_per_year")
    return None if len(ck.problems) > before else BudgetSection(**clean)


def _load_lines() -> tuple[dict[str, dict[str, Any]], tuple[str, ...]]:
    _source, raw = read_builtin(LINES_FILE, PlanError)
    lines = {entry["id"]: entry for entry in raw["lines"]}
    return lines, tuple(" ".join(r.split()) for r in raw["reminders"])


def _money(amount: float) -> str:
    return f"{amount:,.2f}"


def _num(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class BudgetInputs:
    """Everything the budget reads: the plan's fields in ``PLAN_FIELDS`` and its section."""

    project: str
    partners: int
    paid: bool
    hourly_rate: float | None
    expenses_paid_upfront: bool
    meeting_minutes: int
    section: BudgetSection


def _input_specs() -> list[Field | Section]:
    def part(name: str) -> Section:
        wanted = [p.partition(".")[2] for p in PLAN_FIELDS if p.startswith(f"{name}.")]
        return Section(name, name, tuple(get_field(f"{name}.{w}") for w in wanted))

    return [get_field("project"), get_field("patient_partners"), part("compensation"),
            part("meetings")]


def parse_budget_inputs(raw: Any, source: str = "your budget") -> BudgetInputs:
    """The budget's inputs from data in the plan's layout (a form's answers, or a plan
    file): only ``PLAN_FIELDS`` and ``budget:`` are read, with the plan's own checks.
    Raises ``PlanError`` naming every bad field."""
    if isinstance(raw, Plan):
        return inputs_from_plan(raw)
    if not isinstance(raw, Mapping):
        raise PlanError(source, ["expected the budget's answers (project, patient_partners, "
                                 f"compensation, meetings, {BUDGET}), got {type(raw).__name__}"])
    ck = Checker()
    specs = _input_specs()
    # Only the fields the budget reads: a whole plan's other answers are not its business.
    # (The copies keep the file's lines, so problems still name them.)
    picked = _only(raw, [s.name for s in specs])
    for spec in specs:
        if isinstance(spec, Section) and isinstance(picked.get(spec.name), Mapping):
            picked[spec.name] = _only(picked[spec.name], [f.name for f in spec.fields])
    clean = _check_mapping(ck, picked, specs, "")
    comp = clean.get("compensation") or {}
    if comp.get("offered") is True and comp.get("hourly_rate") is None \
            and not any(p.where == "compensation.hourly_rate" for p in ck.problems):
        ck.add("compensation.hourly_rate", _NEED_RATE, picked.get("compensation"))
    if clean.get("patient_partners") == 0:
        ck.add("patient_partners", _NEED_PARTNER, picked, "patient_partners")
    section = None
    if raw.get(BUDGET) is None:
        ck.add(BUDGET, _missing_section().partition(": ")[2], raw)
    else:
        section = check_budget_section(ck, raw, BUDGET)
    ck.raise_if_any(source, PlanError)
    assert section is not None
    comp, meetings = clean["compensation"], clean["meetings"]
    return BudgetInputs(clean["project"], clean["patient_partners"], comp["offered"],
                        comp["hourly_rate"], comp["expenses_paid_upfront"],
                        meetings["length_minutes"], section)


def _only(raw: Mapping, keys: list[str]) -> LineDict:
    """The entries of ``raw`` under ``keys``, keeping where each was in the file."""
    out = LineDict({k: raw[k] for k in keys if raw.get(k) is not None})
    out.line = line_of(raw)
    out.key_lines = {k: line for k in out if (line := line_of(raw, k)) is not None}
    return out


def _missing_section() -> str:
    return (f"{BUDGET}: missing section; the budget needs the fields "
            + ", ".join(f.name for f in BUDGET_SECTION.fields)
            + " (see pe-course budget --print-example)")


def inputs_from_plan(plan: Plan) -> BudgetInputs:
    """The budget's inputs from a validated plan (which must have a ``budget:`` section)."""
    if plan.budget is None:
        raise PlanError(f"plan {plan.project!r}", [_missing_section()])
    comp = plan.compensation
    return BudgetInputs(plan.project, plan.patient_partners, comp.offered, comp.hourly_rate,
                        comp.expenses_paid_upfront, plan.meetings.length_minutes, plan.budget)


def support_budget(plan: Plan | BudgetInputs) -> SupportBudget:
    """The support budget of a plan with a ``budget:`` section (or of its inputs)."""
    x = inputs_from_plan(plan) if isinstance(plan, Plan) else plan
    problems = []
    if x.paid and x.hourly_rate is None:
        problems.append(f"compensation.hourly_rate: {_NEED_RATE}")
    if x.partners < 1:
        problems.append(f"patient_partners: {_NEED_PARTNER}")
    if problems:
        raise PlanError(f"support budget for {x.project!r}", problems)
    b, n, months = x.section, x.partners, x.section.months
    meetings = b.meetings_per_year * months / 12
    in_person = b.in_person_meetings_per_year * months / 12
    hours = months * (b.meetings_per_year / 12 * (x.meeting_minutes / 60
                                                  + b.prep_hours_per_meeting)
                      + b.other_hours_per_month)
    rate = x.hourly_rate if x.paid and x.hourly_rate is not None else 0.0
    texts, reminders = _load_lines()
    how = {
        "compensation": (n * hours * rate,
                         f"{n} partners x {_num(round(hours, 1))} hours each x "
                         f"{_money(rate)} an hour" if x.paid else
                         "Your plan does not offer payment (compensation.offered: false)"),
        "expenses": (n * in_person * b.expenses_per_in_person_meeting,
                     f"{n} partners x {_num(round(in_person, 1))} in-person meetings x "
                     f"{_money(b.expenses_per_in_person_meeting)}"),
        "accessibility": (meetings * b.accessibility_per_meeting,
                          f"{_num(round(meetings, 1))} meetings x "
                          f"{_money(b.accessibility_per_meeting)}"),
        "technology": (n * b.technology_per_partner,
                       f"{n} partners x {_money(b.technology_per_partner)}, once"),
        "training": (b.training, "your team's amount"),
        "coordinator": (months * b.coordinator_hours_per_month * b.coordinator_hourly_rate,
                        f"{months} months x {_num(b.coordinator_hours_per_month)} hours x "
                        f"{_money(b.coordinator_hourly_rate)} an hour"),
    }
    lines = tuple(BudgetLine(line_id, texts[line_id]["title"], round(amount, 2), text,
                             " ".join(texts[line_id]["why"].split()), texts[line_id]["cite"])
                  for line_id, (amount, text) in how.items())
    if not x.expenses_paid_upfront:
        reminders = ("Your plan does not pay expenses up front "
                     "(compensation.expenses_paid_upfront: false): partners would pay first "
                     "and wait for the money.", *reminders)
    return SupportBudget(x.project, n, months, hours, lines, reminders)


def field_of(path: str) -> Field:
    """The field at a path the budget reads (``budget.months``, ``patient_partners``);
    KeyError for any other path."""
    head, _, tail = path.partition(".")
    if head == BUDGET:
        for f in BUDGET_SECTION.fields:
            if f.name == tail:
                return f
        raise KeyError(path)
    return get_field(path)


def question_of(path: str) -> str:
    """The form's question for a field path (``budget.months``, ``patient_partners``)."""
    return field_of(path).question


__all__ = ["BUDGET_SECTION", "PLAN_FIELDS", "BudgetInputs", "BudgetLine", "BudgetSection",
           "SupportBudget", "check_budget_section", "field_of", "inputs_from_plan",
           "parse_budget_inputs", "question_of", "support_budget"]
