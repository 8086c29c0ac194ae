"""The engagement plan check-up: hold a team's plan up against what the course teaches.

A team describes its engagement plan (YAML file, a widget form, or a Python dict). The
plan is validated against ``SCHEMA`` as a whole — every bad field is reported at once,
each with its path (``meetings.length_minutes``) and what was expected — and only a fully
valid plan becomes a ``Plan``. ``audit(plan)`` then applies the table of ``RULES`` (pure,
no I/O) and returns a ``Report``: findings ordered by severity, then problem statement,
and one score per problem statement::

    score = max(0, 100 - 30 * high - 15 * medium - 5 * low)

over that statement's findings. Every rule names the source example it comes from
(``pe_course.statements``), so a finding can always be traced back to the evidence.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import numbers
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from html import escape
from pathlib import Path
from typing import Any

from pe_course.errors import Problem, ValidationError
from pe_course.statements import STATEMENT_IDS, STATEMENTS, get_statement

DATA_DIR = Path(__file__).parent / "data"
EXAMPLE_PLAN_FILE = DATA_DIR / "example_plan.yaml"
BUNDLE_EXAMPLE_PLAN = DATA_DIR / "_bundle" / "example_plan.json"

SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
PENALTIES: Mapping[str, int] = {"high": 30, "medium": 15, "low": 5}

DECISION_ROLES = ("informed", "consulted", "involved", "shared")
STAGES = ("idea", "design", "funding_application", "conduct", "analysis", "dissemination")
LOCATIONS = ("hospital", "university", "community", "online", "hybrid")
TITLES = ("first_names", "formal")


class PlanError(ValidationError):
    """An engagement plan is not valid; every bad field is listed with its path."""


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

_SECTION_CLASSES: Mapping[str, type] = {
    "compensation": Compensation, "meetings": Meetings, "supports": Supports,
    "feedback": Feedback, "credit": Credit, "safety": Safety,
}


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


# ---------------------------------------------------------------------------------------
# Validation: collect every problem, build the Plan only when there are none.


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, Mapping):
        return "a section of fields"
    if isinstance(value, list | tuple):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _check_value(spec: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    """Return the clean value, or None after recording a problem."""
    expected = spec.expected()
    if spec.kind == "text":
        if not isinstance(value, str):
            problems.append(Problem(path, f"expected {expected}, got {_type_name(value)}"))
            return None
        if not value.strip():
            problems.append(Problem(path, f"is empty; expected {expected}"))
            return None
        return value.strip()
    if spec.kind == "bool":
        if not isinstance(value, bool):
            problems.append(Problem(path, f"expected {expected}, got {_type_name(value)}"))
            return None
        return value
    if spec.kind == "choice":
        allowed = [v for v, _ in spec.choices]
        if not isinstance(value, str) or value not in allowed:
            hint = ""
            if isinstance(value, str):
                close = difflib.get_close_matches(value, allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(path, f"expected {expected}; got {_type_name(value)}{hint}"))
            return None
        return value
    # int and number; bool is a subclass of int in Python but never a count here.
    is_int = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    is_number = is_int or (isinstance(value, numbers.Real) and not isinstance(value, bool))
    if spec.kind == "int" and not is_int:
        problems.append(Problem(path, f"expected {expected}, got {_type_name(value)}"))
        return None
    if spec.kind == "number" and (not is_number or not math.isfinite(float(value))):
        problems.append(Problem(path, f"expected {expected}, got {_type_name(value)}"))
        return None
    clean = int(value) if spec.kind == "int" else float(value)
    if spec.minimum is not None and clean < spec.minimum:
        problems.append(Problem(path, f"{clean} is out of range; expected {expected}"))
        return None
    return clean


def _check_mapping(raw: Mapping, specs: Sequence[Field | Section], prefix: str,
                   problems: list[Problem]) -> dict[str, Any]:
    known = [s.name for s in specs]
    for key in raw:
        if key not in known:
            path = f"{prefix}{key}"
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(Problem(path, f"unknown field; {hint}expected one of: "
                                          f"{', '.join(known)}"))
    clean: dict[str, Any] = {}
    for spec in specs:
        path = f"{prefix}{spec.name}"
        value = raw.get(spec.name)
        if isinstance(spec, Section):
            if spec.name not in raw or value is None:
                problems.append(Problem(path, "missing section; expected the fields "
                                              + ", ".join(f.name for f in spec.fields)))
            elif not isinstance(value, Mapping):
                problems.append(Problem(path, f"expected a section of fields "
                                              f"({', '.join(f.name for f in spec.fields)}), "
                                              f"got {_type_name(value)}"))
            else:
                clean[spec.name] = _check_mapping(value, spec.fields, f"{path}.", problems)
            continue
        if value is None:
            if not spec.optional:
                problems.append(Problem(path, f"missing; expected {spec.expected()}"))
            clean[spec.name] = None
            continue
        clean[spec.name] = _check_value(spec, value, path, problems)
    return clean


def parse_plan(raw: Any, source: str = "plan") -> Plan:
    """Validate plan data (a mapping, e.g. from YAML or a form) and build a ``Plan``.

    Raises ``PlanError`` listing every problem, each with its field path.
    """
    if isinstance(raw, Plan):
        return raw
    if not isinstance(raw, Mapping):
        raise PlanError(source, [Problem("", f"expected a plan (a mapping of fields such as "
                                             f"project, patient_partners, ...), got "
                                             f"{_type_name(raw)}")])
    problems: list[Problem] = []
    clean = _check_mapping(raw, SCHEMA, "", problems)
    if problems:
        raise PlanError(source, problems)
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
        elif value is not None:
            out[f.name] = value
    return out


@functools.lru_cache(maxsize=1)
def _yaml_loader():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built with it

    class _UniqueKeyLoader(base):
        """SafeLoader that refuses a key given twice (PyYAML silently keeps the last)."""

    def construct_mapping(loader, node, deep=False):
        seen: dict[Any, Any] = {}
        for key_node, _value_node in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the field {key!r} is given twice", key_node.start_mark)
            seen[key] = True
        return base.construct_mapping(loader, node, deep=deep)

    _UniqueKeyLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return _UniqueKeyLoader


def plan_from_yaml(text: str, source: str = "plan.yaml") -> Plan:
    """Parse and validate a plan written in YAML; syntax errors name the line and column."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - only in the browser
        raise PlanError(source, ["reading YAML needs PyYAML (pip install PyYAML)"]) from None
    try:
        raw = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlanError(source, [Problem(where, f"not valid YAML: {problem}")]) from None
    if raw is None:
        raise PlanError(source, [Problem("", "the file is empty; expected a plan "
                                             "(see pe-course audit --print-example)")])
    return parse_plan(raw, source)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file (YAML, or JSON, which is YAML too)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PlanError(str(path), ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(str(path), [f"cannot be read as UTF-8 text ({exc})"]) from None
    return plan_from_yaml(text, str(path))


def example_plan_text() -> str:
    """The documented example plan, comments included."""
    return EXAMPLE_PLAN_FILE.read_text(encoding="utf-8")


def example_plan() -> Plan:
    """The example plan shipped with the package (from JSON in the browser, no PyYAML)."""
    try:
        import yaml  # noqa: F401
    except ImportError:  # pragma: no cover - only in the browser
        raw = json.loads(BUNDLE_EXAMPLE_PLAN.read_text(encoding="utf-8"))
        return parse_plan(raw, f"{BUNDLE_EXAMPLE_PLAN.name} (bundled)")
    return load_plan(EXAMPLE_PLAN_FILE)


def bundle_example_plan(target: Path = BUNDLE_EXAMPLE_PLAN) -> Path:
    """Write the example plan, validated, as JSON the in-browser Python can read."""
    data = plan_to_dict(load_plan(EXAMPLE_PLAN_FILE))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------
# The rules


@dataclass(frozen=True)
class Rule:
    """One thing the check-up looks for; ``fires(plan)`` says whether the plan has it."""

    id: str
    statement: str
    severity: str
    message: str
    suggestion: str
    source: str  # id of the source example (pe_course.statements) the rule comes from
    fields: tuple[str, ...]  # the plan fields the rule reads
    fires: Callable[[Plan], bool]


@dataclass(frozen=True)
class Finding:
    """A rule that fired on a plan."""

    id: str
    statement: str
    severity: str
    message: str
    suggestion: str
    source: str

    def as_dict(self) -> dict[str, str]:
        """The finding as plain data (one entry of the JSON report)."""
        return {"id": self.id, "statement": self.statement, "severity": self.severity,
                "message": self.message, "suggestion": self.suggestion,
                "source": self.source}


CM, UB, LS, VU = "check_mark", "unconscious_bias", "lack_of_support", "vulnerability"

RULES: tuple[Rule, ...] = (
    Rule("no-partners", CM, "high",
         "The plan has no patient partners on the team.",
         "Recruit at least two patient partners before the project's questions are fixed, "
         "and budget for their time and support from the start.",
         "patients_included_in_name_only", ("patient_partners",),
         lambda p: p.patient_partners == 0),
    Rule("single-partner", VU, "high",
         "There is only one patient partner, who is left to speak for every patient, "
         "often alone in the room.",
         "Bring in at least two partners with different experiences, so no one carries the "
         "patient view alone.",
         "single_partner", ("patient_partners",),
         lambda p: p.patient_partners == 1),
    Rule("late-invitation", CM, "high",
         "Partners are invited to the funding application less than 30 days before the "
         "deadline: too late to shape it.",
         "Invite partners at least 30 days (better, months) before the deadline, give them a "
         "real part in shaping the application, and tell them whether it was funded.",
         "late_grant_invitation", ("invited_at_stage", "days_before_deadline"),
         lambda p: (p.invited_at_stage == "funding_application"
                    and p.days_before_deadline is not None and p.days_before_deadline < 30)),
    Rule("joined-late", CM, "medium",
         "Partners join once the project is under way (or later), after the main decisions "
         "have been made.",
         "Involve partners from the idea or design stage. If they must join later, show them "
         "which decisions are still open and what they can change.",
         "late_grant_invitation", ("invited_at_stage",),
         lambda p: p.invited_at_stage in ("conduct", "analysis", "dissemination")),
    Rule("informed-only", CM, "high",
         "Partners are only told about decisions; they have no part in making them.",
         "Give partners a real role in decisions (at least involvement, with a say over "
         "agendas and what changes), and aim for shared leadership where you can.",
         "silenced_and_sidelined", ("decision_role",),
         lambda p: p.decision_role == "informed"),
    Rule("consulted-only", CM, "medium",
         "Partners are asked for their views, but the team makes the decisions without them.",
         "Move towards deciding together, and report back what changed because of partners' "
         "input (or why nothing did).",
         "powerless_co_chair", ("decision_role",),
         lambda p: p.decision_role == "consulted"),
    Rule("no-compensation", LS, "high",
         "Partners are not offered payment for their time and expertise.",
         "Budget for compensation from the start and offer it to every partner (anyone may "
         "decline). Financial compensation is part of 'support' in the CIHR SPOR framework.",
         "no_compensation", ("compensation.offered",),
         lambda p: not p.compensation.offered),
    Rule("no-choice-of-payment", LS, "low",
         "Partners cannot choose how they are paid, or to decline payment.",
         "Ask each partner how they want to be paid (bank transfer, cheque, gift card, a "
         "donation, or not at all): some payments can affect income support or taxes.",
         "pay_not_matching_role", ("compensation.offered", "compensation.partner_chooses_form"),
         lambda p: p.compensation.offered and not p.compensation.partner_chooses_form),
    Rule("expenses-not-upfront", LS, "medium",
         "Partners pay expenses out of their own pocket and claim the money back later.",
         "Pay travel, parking, care and other costs up front (book and pay directly, or "
         "advance the money) so no partner is ever out of pocket.",
         "reimbursement_burden", ("compensation.expenses_paid_upfront",),
         lambda p: not p.compensation.expenses_paid_upfront),
    Rule("slow-reimbursement", LS, "medium",
         "Reimbursements usually take more than 30 days to reach partners.",
         "Agree a fast payment route with your finance office (within two weeks), and tell "
         "partners when to expect the money.",
         "reimbursement_burden", ("compensation.reimbursement_days",),
         lambda p: p.compensation.reimbursement_days > 30),
    Rule("claim-burden", LS, "medium",
         "Claiming one payment takes a partner more than 30 minutes.",
         "Do the paperwork for partners: one short form, filled in with them or for them, and "
         "one named person to ask.",
         "reimbursement_burden", ("compensation.claim_minutes",),
         lambda p: p.compensation.claim_minutes > 30),
    Rule("not-scheduled-with-partners", CM, "medium",
         "Meeting times are set without asking partners what works for them.",
         "Ask partners about days, times and formats before fixing the schedule, and check "
         "again as the project goes on.",
         "scheduled_around_partners", ("meetings.scheduled_with_partners",),
         lambda p: not p.meetings.scheduled_with_partners),
    Rule("hospital-venue", VU, "medium",
         "Meetings are held in a hospital with no way to join from elsewhere; a partner may "
         "have been harmed in that very place.",
         "Offer a community venue or an online option, and ask partners privately whether "
         "any place is hard for them.",
         "not_trauma_informed", ("meetings.location", "meetings.online_option"),
         lambda p: p.meetings.location == "hospital" and not p.meetings.online_option),
    Rule("no-online-option", LS, "medium",
         "Meetings are in person only, with no way to join online.",
         "Offer an online or hybrid option, with the tech support to use it: for many "
         "disabled partners it is what makes taking part possible.",
         "inflexible_meetings", ("meetings.online_option", "meetings.location"),
         lambda p: (not p.meetings.online_option
                    and p.meetings.location not in ("online", "hybrid"))),
    Rule("long-meetings-no-breaks", LS, "medium",
         "Meetings last more than 90 minutes without a break.",
         "Keep meetings to 90 minutes or less, or build in a break at least every hour, and "
         "keep agendas light.",
         "one_pace_for_all", ("meetings.length_minutes", "meetings.breaks"),
         lambda p: p.meetings.length_minutes > 90 and not p.meetings.breaks),
    Rule("late-papers", LS, "low",
         "Papers reach partners less than 3 days before a meeting.",
         "Send short, plain-language papers at least 3 days ahead (a week is better), with "
         "the questions the meeting will decide.",
         "one_pace_for_all", ("meetings.papers_sent_days_before",),
         lambda p: p.meetings.papers_sent_days_before < 3),
    Rule("one-way-to-contribute", LS, "low",
         "Partners can only contribute by speaking up in meetings.",
         "Offer other ways: written comments, a one-to-one call with a point person, or a "
         "short question after each meeting.",
         "inflexible_meetings", ("meetings.other_ways_to_contribute",),
         lambda p: not p.meetings.other_ways_to_contribute),
    Rule("accommodations-not-asked", LS, "high",
         "No one asks partners what accommodations they need to take part.",
         "Ask every partner, privately and early, what they need (access, formats, timing, "
         "pace, a support person), budget for it, and ask again as needs change.",
         "self_funded_attendance", ("supports.accommodations_asked",),
         lambda p: not p.supports.accommodations_asked),
    Rule("team-untrained", UB, "medium",
         "The research team has had no training in working with patient partners.",
         "Train the whole team, not only the partners, in patient engagement, unconscious "
         "bias and ableism, before partners join.",
         "not_understanding_perspectives", ("supports.training_for_team",),
         lambda p: not p.supports.training_for_team),
    Rule("no-tech-support", LS, "low",
         "Partners are expected to bring their own equipment, software and tech help.",
         "Provide what the work needs (device, data, software licences) and a person to call "
         "when it does not work.",
         "assumed_technology", ("supports.tech_provided",),
         lambda p: not p.supports.tech_provided),
    Rule("no-point-person", LS, "low",
         "There is no named point person partners can go to.",
         "Name one person (ideally paid to support engagement) whom partners can contact for "
         "questions, catch-ups and support.",
         "inflexible_meetings", ("supports.point_person",),
         lambda p: not p.supports.point_person),
    Rule("no-feedback-during", CM, "medium",
         "Partners have no way to give feedback on the engagement while the project runs.",
         "Check in regularly (for example one anonymous question after each meeting), hear "
         "it without getting defensive, and report back what you changed.",
         "no_feedback_loop", ("feedback.during_project",),
         lambda p: not p.feedback.during_project),
    Rule("no-exit-feedback", CM, "low",
         "Partners have no chance to give feedback when their part ends.",
         "Hold an exit conversation or survey, if possible with someone other than their "
         "usual contact, and share what the team learned.",
         "no_feedback_loop", ("feedback.at_end",),
         lambda p: not p.feedback.at_end),
    Rule("results-not-shared", CM, "medium",
         "Partners are not told the results (of the funding application or the project).",
         "Tell partners every outcome (funding decisions, findings, publications) and what "
         "their input changed.",
         "late_grant_invitation", ("feedback.results_shared",),
         lambda p: not p.feedback.results_shared),
    Rule("no-credit", CM, "medium",
         "Partners are offered neither co-authorship nor a chance to present the work.",
         "Offer co-authorship under the usual criteria and paid chances to present, and let "
         "partners choose what they take up.",
         "credit_without_opportunity",
         ("credit.coauthorship_offered", "credit.presenting_offered"),
         lambda p: not p.credit.coauthorship_offered and not p.credit.presenting_offered),
    Rule("no-ground-rules", VU, "medium",
         "The team has no agreed ground rules for its meetings.",
         "Agree ground rules together at the start (how to disagree, confidentiality, breaks, "
         "how decisions are made) and come back to them.",
         "not_trauma_informed", ("safety.ground_rules",),
         lambda p: not p.safety.ground_rules),
    Rule("not-trauma-informed", VU, "medium",
         "Meetings are not planned with a trauma-informed approach.",
         "Plan with trauma-informed principles (safety, trust, choice, collaboration, "
         "empowerment): warn about hard topics, let people step out, avoid places linked to "
         "harm.",
         "not_trauma_informed", ("safety.trauma_informed",),
         lambda p: not p.safety.trauma_informed),
    Rule("sharing-expected", VU, "high",
         "Partners are expected to share their personal stories.",
         "Make sharing optional and say so: ask partners what, and how much, they want to "
         "share, and never press for more in the moment.",
         "pressure_to_overshare", ("safety.sharing_is_optional",),
         lambda p: not p.safety.sharing_is_optional),
    Rule("no-debrief", VU, "low",
         "There is no debrief or check-in after difficult sessions.",
         "Offer a debrief after sessions that touch painful experiences, and point partners to "
         "peer support.",
         "investment_unrecognised", ("safety.debrief_offered",),
         lambda p: not p.safety.debrief_offered),
    Rule("one-way-vulnerability", VU, "low",
         "Only patient partners are expected to share anything personal.",
         "Let openness go both ways: team members share something of themselves too, such as "
         "why they do this work and what they find hard.",
         "professionalism_shield", ("safety.team_members_share_too",),
         lambda p: not p.safety.team_members_share_too),
    Rule("formal-titles", UB, "low",
         "Some team members go by formal titles (Dr, Professor) while partners go by first "
         "names.",
         "Agree that everyone uses first names (or everyone titles), and introduce everyone's "
         "expertise, lived experience included.",
         "formal_titles", ("titles",),
         lambda p: p.titles == "formal"),
)

_RULES_BY_ID = {r.id: r for r in RULES}
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_STATEMENT_RANK = {s: i for i, s in enumerate(STATEMENT_IDS)}
_RULE_RANK = {r.id: i for i, r in enumerate(RULES)}


def get_rule(rule_id: str) -> Rule:
    """The rule with this id; KeyError if there is none."""
    return _RULES_BY_ID[rule_id]


# ---------------------------------------------------------------------------------------
# Auditing


@dataclass(frozen=True)
class Report:
    """The check-up of one plan: findings (most severe first) and a score per statement."""

    project: str
    findings: tuple[Finding, ...]
    scores: Mapping[str, int]  # statement id -> 0..100, every statement present

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity == severity)


def statement_score(severities: Sequence[str]) -> int:
    """``max(0, 100 - 30*high - 15*medium - 5*low)`` for one statement's findings."""
    return max(0, 100 - sum(PENALTIES[s] for s in severities))


def audit(plan: Plan | Mapping[str, Any]) -> Report:
    """Check a plan against every rule. A mapping is validated first (``PlanError``)."""
    plan = parse_plan(plan)
    fired = [r for r in RULES if r.fires(plan)]
    fired.sort(key=lambda r: (_SEVERITY_RANK[r.severity], _STATEMENT_RANK[r.statement],
                              _RULE_RANK[r.id]))
    findings = tuple(Finding(r.id, r.statement, r.severity, r.message, r.suggestion, r.source)
                     for r in fired)
    scores = {sid: statement_score([f.severity for f in findings if f.statement == sid])
              for sid in STATEMENT_IDS}
    return Report(project=plan.project, findings=findings, scores=scores)


def fails(report: Report, level: str) -> bool:
    """True when the report has a finding at ``level`` or more severe."""
    limit = _SEVERITY_RANK[level]
    return any(_SEVERITY_RANK[f.severity] <= limit for f in report.findings)


# ---------------------------------------------------------------------------------------
# Reports: JSON, Markdown, plain text, HTML


def _example_text(example_id: str) -> str:
    for statement in STATEMENTS:
        for example in statement.examples:
            if example.id == example_id:
                return example.text
    return example_id


def report_dict(report: Report) -> dict[str, Any]:
    """``{"findings": [...], "scores": {statement_id: int}}``."""
    return {"findings": [f.as_dict() for f in report.findings],
            "scores": {sid: report.scores[sid] for sid in STATEMENT_IDS}}


def report_json(report: Report) -> str:
    """The report as JSON text (see ``report_dict``)."""
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False)


def _summary(report: Report) -> str:
    if not report.findings:
        return "No findings: the plan avoids every problem the check-up looks for."
    counts = ", ".join(f"{report.count(s)} {s}" for s in SEVERITIES if report.count(s))
    noun = "finding" if len(report.findings) == 1 else "findings"
    return f"{len(report.findings)} {noun} ({counts})."


def report_markdown(report: Report) -> str:
    """The report as Markdown, for saving or sharing with the team."""
    lines = [f"# Engagement plan check-up: {report.project}", "", _summary(report), "",
             "## Scores by problem statement", "",
             "Each score starts at 100; a high finding takes off 30, a medium 15, a low 5.", "",
             "| Problem statement | Score | Findings |", "|---|---:|---:|"]
    for s in STATEMENTS:
        n = sum(1 for f in report.findings if f.statement == s.id)
        lines.append(f"| {s.title} | {report.scores[s.id]} | {n} |")
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"## {severity.capitalize()} ({len(group)})"]
        for f in group:
            lines += ["", f"### {f.message}", "",
                      f"- **What to do:** {f.suggestion}",
                      f"- **Problem statement:** {get_statement(f.statement).title} "
                      f"(chapter `{get_statement(f.statement).chapter}`)",
                      f"- **From the source:** {_example_text(f.source)} (`{f.source}`)",
                      f"- **Rule:** `{f.id}`"]
    return "\n".join(lines) + "\n"


def report_text(report: Report) -> str:
    """The report as plain text for a terminal."""
    width = max(len(s.title) for s in STATEMENTS)
    lines = [f"Engagement plan check-up: {report.project}", "", _summary(report), "",
             "Scores (100 = nothing found):"]
    lines += [f"  {s.title:<{width}}  {report.scores[s.id]:>3}" for s in STATEMENTS]
    for f in report.findings:
        lines += ["", f"[{f.severity.upper()}] {f.message}",
                  f"  What to do: {f.suggestion}",
                  f"  Problem statement: {get_statement(f.statement).title}",
                  f"  From the source: {_example_text(f.source)}",
                  f"  Rule: {f.id}"]
    return "\n".join(lines) + "\n"


def chapter_href(statement_id: str, base: str = "../") -> str:
    """Link to the chapter that teaches a statement, relative to a book page."""
    return f"{base}{get_statement(statement_id).chapter}.html"


def chapter_link_html(statement_id: str, base: str = "../",
                      linked: Collection[str] | None = None) -> str:
    """A statement's title as HTML, linked to its chapter unless ``linked`` leaves it out."""
    title = escape(get_statement(statement_id).title)
    if linked is not None and statement_id not in linked:
        return title
    return f'<a href="{escape(chapter_href(statement_id, base))}">{title}</a>'


def report_html(report: Report, *, chapter_base: str = "../", heading_level: int = 4,
                linked: Collection[str] | None = None) -> str:
    """The report as accessible HTML: a score table and a findings table with chapter links.

    ``linked``: the statement ids whose chapter may be linked (default: all of them).
    """
    h = max(2, min(5, heading_level))
    e = escape

    def chapter_link(statement_id: str) -> str:
        return chapter_link_html(statement_id, chapter_base, linked)

    out = ['<div class="pe-audit-report">',
           f"<h{h}>Check-up: {e(report.project)}</h{h}>", f"<p>{e(_summary(report))}</p>",
           '<table class="table pe-audit-scores"><caption>Scores by problem statement (100 = '
           "nothing found; high −30, medium −15, low −5)</caption>"
           '<thead><tr><th scope="col">Problem statement</th><th scope="col">Score</th>'
           '<th scope="col">Findings</th></tr></thead><tbody>']
    for s in STATEMENTS:
        n = sum(1 for f in report.findings if f.statement == s.id)
        out.append(f'<tr><th scope="row">{chapter_link(s.id)}</th>'
                   f"<td>{report.scores[s.id]}</td><td>{n}</td></tr>")
    out.append("</tbody></table>")
    if report.findings:
        out.append('<table class="table pe-audit-findings"><caption>Findings, most severe first'
                   '</caption><thead><tr><th scope="col">Severity</th>'
                   '<th scope="col">What we found</th><th scope="col">What to do</th>'
                   '<th scope="col">Learn more</th></tr></thead><tbody>')
        for f in report.findings:
            out.append(
                f'<tr data-rule="{e(f.id)}"><td><strong>{e(f.severity)}</strong></td>'
                f"<td>{e(f.message)}</td><td>{e(f.suggestion)}</td>"
                f"<td>{chapter_link(f.statement)}</td></tr>")
        out.append("</tbody></table>")
    out.append("</div>")
    return "".join(out)


def schema_markdown() -> str:
    """The plan's fields as Markdown: one table per group (for the documentation)."""

    def table(title: str, specs: Sequence[Field]) -> list[str]:
        rows = [f"**{title}**", "", "| Field | What to write | Question it answers |",
                "|---|---|---|"]
        for spec in specs:
            optional = " (optional)" if spec.optional else ""
            rows.append(f"| `{spec.name}` | {spec.expected()}{optional} | {spec.question} |")
        return rows + [""]

    top = [e for e in SCHEMA if isinstance(e, Field)]
    lines = table("At the top of the file", top)
    for entry in SCHEMA:
        if isinstance(entry, Section):
            lines += table(f"Under `{entry.name}:` ({entry.title.lower()})", entry.fields)
    return "\n".join(lines)


def rules_markdown() -> str:
    """Every rule as Markdown: one table per problem statement (for the documentation)."""
    lines: list[str] = []
    for s in STATEMENTS:
        lines += [f"**{s.number}. {s.title}**", "",
                  "| Severity | What the check-up looks for | Rule |", "|---|---|---|"]
        for severity in SEVERITIES:
            lines += [f"| {severity} | {r.message} | `{r.id}` |" for r in RULES
                      if r.statement == s.id and r.severity == severity]
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Command line: ``pe-course audit PLAN.yaml``


def _cli_audit(args) -> int:
    import sys

    from pe_course.cli import EXIT_FINDINGS, EXIT_OK

    if args.print_example:
        print(example_plan_text(), end="")
        return EXIT_OK
    if args.plan is None:
        raise PlanError("pe-course audit", ["give a plan file (YAML), '-' for standard input, "
                                            "or --print-example for a documented example"])
    if args.plan == "-":
        plan = plan_from_yaml(sys.stdin.read(), "<stdin>")
    else:
        plan = load_plan(args.plan)
    report = audit(plan)
    render = {"json": report_json, "markdown": report_markdown, "text": report_text}
    text = render[args.format](report)
    print(text, end="" if text.endswith("\n") else "\n")
    if args.fail_on and fails(report, args.fail_on):
        return EXIT_FINDINGS
    return EXIT_OK


def add_cli(subparsers) -> None:
    """Register ``pe-course audit`` on the CLI's subparsers."""
    p = subparsers.add_parser(
        "audit", help="check an engagement plan (YAML) against the course's rules",
        description="Check an engagement plan against what the course teaches. Exit 0; 1 "
                    "when --fail-on is given and a finding at or above that level exists; "
                    "2 for an invalid plan.")
    p.add_argument("plan", nargs="?", metavar="PLAN.yaml",
                   help="the plan file ('-' reads standard input)")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--fail-on", choices=list(SEVERITIES), default=None,
                   help="exit 1 when a finding at this severity or above exists")
    p.add_argument("--print-example", action="store_true",
                   help="print the documented example plan, to start your own from")
    p.set_defaults(func=_cli_audit)


__all__ = [
    "RULES", "SCHEMA", "SEVERITIES", "PENALTIES", "Compensation", "Credit", "Feedback",
    "Field", "Finding", "Meetings", "Plan", "PlanError", "Report", "Rule", "Safety", "Section",
    "Supports", "add_cli", "audit", "bundle_example_plan", "chapter_href", "example_plan",
    "example_plan_text", "fails", "field_paths", "get_field", "get_rule", "load_plan",
    "parse_plan", "plan_from_yaml", "plan_to_dict", "report_dict", "report_html",
    "report_json", "report_markdown", "report_text", "rules_markdown", "schema_markdown",
    "statement_score",
]
