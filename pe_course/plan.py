"""A team's engagement plan: the model, the schema, and reading and validating a plan.

A team describes its plan in a YAML file, a widget form or a Python dict. The plan is
validated against ``SCHEMA`` as a whole — every bad field is reported at once, with its
path (``meetings.length_minutes``), its line when the plan came from a file, and what was
expected — and only a fully valid plan becomes a ``Plan``. What the check-up then finds
in a plan is ``pe_course.audit``'s job; so is checking the plan's optional
``rules_of_thumb:`` (its own numbers for rules such as ``late-invitation: 60``).
"""

from __future__ import annotations

import difflib
import json
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pe_course.errors import PlanError, Problem
from pe_course.reader import (
    DATA_DIR,
    Checker,
    describe,
    parse_yaml,
    read_builtin,
    read_data,
    read_text,
)

EXAMPLE_PLAN_NAME = "example_plan.yaml"
EXAMPLE_PLAN_FILE = DATA_DIR / EXAMPLE_PLAN_NAME
RULES_OF_THUMB = "rules_of_thumb"  # optional: rule id -> the team's own number
BUDGET = "budget"  # optional: the support budget's inputs (pe_course.budget checks them)


# ---------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True, kw_only=True)
class Compensation:
    offered: bool
    partner_chooses_form: bool
    hourly_rate: float | None = None
    expenses_paid_upfront: bool
    reimbursement_days: int
    claim_minutes: int


@dataclass(frozen=True, kw_only=True)
class Meetings:
    scheduled_with_partners: bool
    location: str
    online_option: bool
    length_minutes: int
    breaks: bool
    papers_sent_days_before: int
    other_ways_to_contribute: bool


@dataclass(frozen=True, kw_only=True)
class Supports:
    accommodations_asked: bool
    training_for_team: bool
    training_for_partners: bool
    tech_provided: bool
    point_person: bool


@dataclass(frozen=True, kw_only=True)
class Feedback:
    during_project: bool
    at_end: bool
    results_shared: bool


@dataclass(frozen=True, kw_only=True)
class Credit:
    coauthorship_offered: bool
    presenting_offered: bool


@dataclass(frozen=True, kw_only=True)
class Safety:
    ground_rules: bool
    trauma_informed: bool
    sharing_is_optional: bool
    debrief_offered: bool
    team_members_share_too: bool


@dataclass(frozen=True, kw_only=True)
class Plan:
    """A validated engagement plan (build one with ``parse_plan`` or ``load_plan``)."""

    project: str
    patient_partners: int
    decision_role: str
    invited_at_stage: str
    days_before_deadline: int | None = None
    compensation: Compensation
    meetings: Meetings
    supports: Supports
    feedback: Feedback
    credit: Credit
    safety: Safety
    titles: str
    rules_of_thumb: Mapping[str, float] = field(default_factory=dict)
    budget: Any = None  # a pe_course.budget.BudgetSection when the plan has ``budget:``


_SECTION_CLASSES: Mapping[str, type] = {
    "compensation": Compensation, "meetings": Meetings, "supports": Supports,
    "feedback": Feedback, "credit": Credit, "safety": Safety,
}


# ---------------------------------------------------------------------------------------
# The schema, as data: validation, the widget form and the documentation all read it.


@dataclass(frozen=True)
class Field:
    """One field of the plan: its kind, its limits and the question it answers."""

    name: str
    kind: str  # "text" | "int" | "number" | "bool" | "choice"
    question: str
    minimum: int | None = None  # for int and number: the smallest allowed value
    choices: tuple[tuple[str, str], ...] = ()  # (value, plain-language label)
    optional: bool = False

    def expected(self) -> str:
        """What a valid value looks like, in words."""
        if self.kind == "text":
            return "some text"
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of: " + ", ".join(value for value, _ in self.choices)
        noun = "a whole number" if self.kind == "int" else "a number"
        if self.minimum == 1:
            return f"{noun} greater than 0"
        return f"{noun}, 0 or more"


@dataclass(frozen=True)
class Section:
    """A group of fields under one key (``compensation``, ``meetings``, ...)."""

    name: str
    title: str
    fields: tuple[Field, ...]


def _bool(name: str, question: str) -> Field:
    return Field(name, "bool", question)


SCHEMA: tuple[Field | Section, ...] = (
    Field("project", "text", "What is the project called?"),
    Field("patient_partners", "int", "How many patient partners are on the team?", minimum=0),
    Field("decision_role", "choice",
          "What is the highest level at which partners take part in decisions?",
          choices=(("informed", "informed: told about decisions"),
                   ("consulted", "consulted: asked for views, the team decides"),
                   ("involved", "involved: take part in making decisions"),
                   ("shared", "shared: share leadership and decisions"))),
    Field("invited_at_stage", "choice", "At which stage were partners first invited?",
          choices=(("idea", "idea"), ("design", "design"),
                   ("funding_application", "funding application"), ("conduct", "conduct"),
                   ("analysis", "analysis"), ("dissemination", "dissemination"))),
    Field("days_before_deadline", "int",
          "For a funding application: how many days before the deadline were partners "
          "invited?", minimum=0, optional=True),
    Section("compensation", "Compensation and expenses", (
        _bool("offered", "Is payment offered to partners for their time?"),
        _bool("partner_chooses_form", "Do partners choose how they are paid, or to decline?"),
        Field("hourly_rate", "number", "Hourly rate, if there is one", minimum=0,
              optional=True),
        _bool("expenses_paid_upfront", "Are expenses paid up front (no one out of pocket)?"),
        Field("reimbursement_days", "int", "Usual days from a claim to payment", minimum=0),
        Field("claim_minutes", "int", "Minutes a partner needs to claim one payment",
              minimum=0),
    )),
    Section("meetings", "Meetings", (
        _bool("scheduled_with_partners", "Are meeting times set together with partners?"),
        Field("location", "choice", "Where are meetings held?",
              choices=(("hospital", "hospital"), ("university", "university"),
                       ("community", "community venue"), ("online", "online"),
                       ("hybrid", "hybrid (in person and online)"))),
        _bool("online_option", "Can partners join online?"),
        Field("length_minutes", "int", "Usual meeting length in minutes", minimum=1),
        _bool("breaks", "Do meetings have breaks?"),
        Field("papers_sent_days_before", "int", "Days before a meeting the papers are sent",
              minimum=0),
        _bool("other_ways_to_contribute",
              "Can partners contribute in other ways (in writing, one-to-one catch-ups)?"),
    )),
    Section("supports", "Supports", (
        _bool("accommodations_asked", "Are partners asked what accommodations they need?"),
        _bool("training_for_team", "Is the research team trained in patient engagement?"),
        _bool("training_for_partners", "Is training offered to partners?"),
        _bool("tech_provided", "Are equipment, software and tech help provided?"),
        _bool("point_person", "Is there a named point person for partners?"),
    )),
    Section("feedback", "Feedback", (
        _bool("during_project", "Can partners give feedback on the engagement during it?"),
        _bool("at_end", "Can partners give feedback when their part ends?"),
        _bool("results_shared", "Are results (funding, findings) shared with partners?"),
    )),
    Section("credit", "Credit", (
        _bool("coauthorship_offered", "Is co-authorship offered to partners?"),
        _bool("presenting_offered", "Are partners offered chances to present the work?"),
    )),
    Section("safety", "Safety", (
        _bool("ground_rules", "Has the team agreed ground rules for meetings?"),
        _bool("trauma_informed", "Are meetings planned with a trauma-informed approach?"),
        _bool("sharing_is_optional", "Is sharing personal stories explicitly optional?"),
        _bool("debrief_offered", "Is a debrief offered after difficult sessions?"),
        _bool("team_members_share_too", "Do other team members share personal things too?"),
    )),
    Field("titles", "choice", "How do team members address each other?",
          choices=(("first_names", "first names for everyone"),
                   ("formal", "formal titles (Dr, Professor) for some"))),
)


def field_paths() -> tuple[str, ...]:
    """Every field's path, in schema order (``project`` ... ``meetings.length_minutes``)."""
    paths: list[str] = []
    for entry in SCHEMA:
        if isinstance(entry, Section):
            paths += [f"{entry.name}.{f.name}" for f in entry.fields]
        else:
            paths.append(entry.name)
    return tuple(paths)


def get_field(path: str) -> Field:
    """The schema field at a dotted path; KeyError if there is none."""
    head, _, tail = path.partition(".")
    for entry in SCHEMA:
        if entry.name != head:
            continue
        if isinstance(entry, Section):
            for f in entry.fields:
                if f.name == tail:
                    return f
        elif not tail:
            return entry
    raise KeyError(path)


DECISION_ROLES, STAGES, LOCATIONS, TITLES = (
    tuple(value for value, _label in get_field(path).choices)
    for path in ("decision_role", "invited_at_stage", "meetings.location", "titles"))


# ---------------------------------------------------------------------------------------
# Validation: collect every problem, build the Plan only when there are none.


def _check_value(spec: Field, value: Any) -> tuple[Any, str | None]:
    """``(clean value, None)``, or ``(None, what is wrong)``."""
    if spec.kind == "text":
        if isinstance(value, str) and value.strip():
            return value.strip(), None
        if isinstance(value, str):
            return None, f"is empty; expected {spec.expected()}"
    elif spec.kind == "bool":
        if isinstance(value, bool):
            return value, None
    elif spec.kind == "choice":
        allowed = [v for v, _ in spec.choices]
        if isinstance(value, str) and value in allowed:
            return value, None
        close = difflib.get_close_matches(value, allowed, n=1) if isinstance(value, str) \
            else []
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return None, f"expected {spec.expected()}; got {describe(value)}{hint}"
    # int and number; bool is a subclass of int in Python but never a count here.
    elif (isinstance(value, numbers.Integral) or (
            spec.kind == "number" and isinstance(value, numbers.Real)
            and math.isfinite(float(value)))) and not isinstance(value, bool):
        clean = int(value) if spec.kind == "int" else float(value)
        if spec.minimum is not None and clean < spec.minimum:
            return None, f"{clean} is out of range; expected {spec.expected()}"
        return clean, None
    return None, f"expected {spec.expected()}, got {describe(value)}"


def _check_mapping(ck: Checker, raw: Mapping, specs: Sequence[Field | Section],
                   prefix: str, extra: Sequence[str] = ()) -> dict[str, Any]:
    ck.unknown_keys(raw, [s.name for s in specs] + list(extra), prefix)
    clean: dict[str, Any] = {}
    for spec in specs:
        path = f"{prefix}{spec.name}"
        value = raw.get(spec.name)
        if isinstance(spec, Section):
            names = ", ".join(f.name for f in spec.fields)
            if value is None:
                ck.add(path, f"missing section; expected the fields {names}", raw, spec.name)
            elif not isinstance(value, Mapping):
                ck.add(path, f"expected a section of fields ({names}), got {describe(value)}",
                       raw, spec.name)
            else:
                clean[spec.name] = _check_mapping(ck, value, spec.fields, f"{path}.")
            continue
        if value is None:
            if not spec.optional:
                ck.add(path, f"missing; expected {spec.expected()}", raw, spec.name)
            clean[spec.name] = None
            continue
        clean[spec.name], problem = _check_value(spec, value)
        if problem:
            ck.add(path, problem, raw, spec.name)
    return clean


def parse_plan(raw: Any, source: str = "plan") -> Plan:
    """Validate plan data (a mapping, e.g. from YAML or a form) and build a ``Plan``.

    Raises ``PlanError`` listing every problem, each with its field path (and its line,
    when the data was read from a YAML file).
    """
    if isinstance(raw, Plan):
        return raw
    if not isinstance(raw, Mapping):
        raise PlanError(source, [Problem("", f"expected a plan (a mapping of fields such as "
                                             f"project, patient_partners, ...), got "
                                             f"{describe(raw)}")])
    ck = Checker()
    clean = _check_mapping(ck, raw, SCHEMA, "", extra=(RULES_OF_THUMB, BUDGET))
    if raw.get(BUDGET) is not None:
        from pe_course.budget import check_budget_section  # it builds on this module

        clean[BUDGET] = check_budget_section(ck, raw, BUDGET)
    if raw.get(RULES_OF_THUMB) is not None:
        from pe_course.audit import check_rules_of_thumb  # the rules; audit imports this module

        clean[RULES_OF_THUMB] = check_rules_of_thumb(ck, raw, RULES_OF_THUMB)
    ck.raise_if_any(source, PlanError)
    for name, cls in _SECTION_CLASSES.items():
        clean[name] = cls(**clean[name])
    return Plan(**clean)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain data (the YAML layout); optional fields left out when not given."""
    out: dict[str, Any] = {}
    for f in fields(plan):
        value = getattr(plan, f.name)
        if f.name in _SECTION_CLASSES:
            out[f.name] = {g.name: getattr(value, g.name) for g in fields(value)
                           if getattr(value, g.name) is not None}
        elif f.name == RULES_OF_THUMB:
            out.update({f.name: dict(value)} if value else {})
        elif f.name == BUDGET:
            out.update({f.name: value.as_dict()} if value is not None else {})
        elif value is not None:
            out[f.name] = value
    return out


# ---------------------------------------------------------------------------------------
# Reading plans


def _plan_from_data(raw: Any, source: str) -> Plan:
    if raw is None:
        raise PlanError(source, [Problem("", "the file is empty; expected a plan "
                                             "(see pe-course audit --print-example)", 1)])
    return parse_plan(raw, source)


def plan_from_yaml(text: str, source: str = "plan.yaml") -> Plan:
    """Parse and validate a plan written in YAML; problems name the line (and column)."""
    return _plan_from_data(parse_yaml(text, source, PlanError), source)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file (YAML, or JSON for a ``.json`` file)."""
    return _plan_from_data(read_data(path, PlanError, allow_empty=True),
                           str(Path(path).expanduser()))


def example_plan_text() -> str:
    """The documented example plan, comments included."""
    return read_text(EXAMPLE_PLAN_FILE, PlanError)


def example_plan() -> Plan:
    """The example plan shipped with the package (from its JSON copy in the browser)."""
    return parse_plan(*reversed(read_builtin(EXAMPLE_PLAN_NAME, PlanError)))


def bundle_example_plan(target: str | Path) -> Path:
    """Write the example plan, validated, as JSON (the wheel's copy is ``pe_course.bundle``'s)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(plan_to_dict(example_plan()), ensure_ascii=False, indent=1),
                      encoding="utf-8")
    return target


__all__ = [
    "BUDGET", "DECISION_ROLES", "EXAMPLE_PLAN_FILE", "LOCATIONS", "RULES_OF_THUMB", "SCHEMA",
    "STAGES", "TITLES",
    "Compensation", "Credit", "Feedback", "Field", "Meetings", "Plan", "PlanError", "Safety",
    "Section", "Supports", "bundle_example_plan", "example_plan", "example_plan_text",
    "field_paths", "get_field", "load_plan", "parse_plan", "plan_from_yaml", "plan_to_dict",
]
