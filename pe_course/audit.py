"""The engagement plan check-up: hold a team's plan up against what the course teaches.

The plan itself (model, schema, reading, validation) is ``pe_course.plan``. The rules'
text (what each looks for, what to do instead, the source example it relates to) is data,
``pe_course/data/audit_rules.yaml``, read and checked on first use; whether a rule fires
on a plan is a one-line function in ``PREDICATES`` below, under the rule's id, given the
plan and the rule's number in force: its ``RuleOfThumb`` (days or minutes: the course's,
written once in the rules file), the plan's own (``rules_of_thumb:``), else ``None``.

``audit(plan)`` applies every rule (pure, no I/O) and returns a ``Report``: findings
ordered by severity, then problem statement, then file order, and one score per problem
statement::

    score = max(0, 100 - 30 * high - 15 * medium - 5 * low)

over that statement's findings. The report's text, Markdown, JSON and HTML versions are
``pe_course.render.plan_report`` (also importable from here, as before).
"""

from __future__ import annotations

import difflib
import functools
import math
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pe_course.errors import DataError
from pe_course.plan import *  # noqa: F403 - the plan's names, importable from here as before
from pe_course.plan import Plan, field_paths, parse_plan
from pe_course.plan import __all__ as _PLAN_NAMES
from pe_course.reader import Checker, describe, read_builtin, read_data
from pe_course.render.links import chapter_href, chapter_link_html  # noqa: F401
from pe_course.statements import EXAMPLE_IDS, STATEMENT_IDS, get_statement

RULES_FILE = "audit_rules.yaml"
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
PENALTIES: Mapping[str, int] = {"high": 30, "medium": 15, "low": 5}

UNITS: tuple[str, ...] = ("days", "minutes")  # of a rule of thumb
LATE_STAGES: tuple[str, ...] = ("conduct", "analysis", "dissemination")  # decisions made

Predicate = Callable[[Plan, Any], bool]  # (plan, n: the rule of thumb in force, or None)

# Whether each rule fires on a plan, by rule id. The rule's words (and n) are in RULES_FILE.
PREDICATES: Mapping[str, Predicate] = {
    "no-partners": lambda p, _: p.patient_partners == 0,
    "single-partner": lambda p, _: p.patient_partners == 1,
    "late-invitation": lambda p, n: (p.invited_at_stage == "funding_application"
                                     and p.days_before_deadline is not None
                                     and p.days_before_deadline < n),
    "joined-late": lambda p, _: p.invited_at_stage in LATE_STAGES,
    "informed-only": lambda p, _: p.decision_role == "informed",
    "consulted-only": lambda p, _: (p.decision_role == "consulted"
                                    and p.invited_at_stage in LATE_STAGES),
    "no-compensation": lambda p, _: not p.compensation.offered,
    "no-choice-of-payment": lambda p, _: (p.compensation.offered
                                          and not p.compensation.partner_chooses_form),
    "expenses-not-upfront": lambda p, _: not p.compensation.expenses_paid_upfront,
    "slow-reimbursement": lambda p, n: p.compensation.reimbursement_days > n,
    "claim-burden": lambda p, n: p.compensation.claim_minutes > n,
    "not-scheduled-with-partners": lambda p, _: not p.meetings.scheduled_with_partners,
    "hospital-venue": lambda p, _: (p.meetings.location == "hospital"
                                    and not p.meetings.online_option),
    "no-online-option": lambda p, _: (not p.meetings.online_option
                                      and p.meetings.location not in ("online", "hybrid")),
    "long-meetings-no-breaks": lambda p, n: p.meetings.length_minutes > n and not p.meetings.breaks,
    "late-papers": lambda p, n: p.meetings.papers_sent_days_before < n,
    "one-way-to-contribute": lambda p, _: not p.meetings.other_ways_to_contribute,
    "accommodations-not-asked": lambda p, _: not p.supports.accommodations_asked,
    "team-untrained": lambda p, _: not p.supports.training_for_team,
    "no-tech-support": lambda p, _: not p.supports.tech_provided,
    "no-point-person": lambda p, _: not p.supports.point_person,
    "no-feedback-during": lambda p, _: not p.feedback.during_project,
    "no-exit-feedback": lambda p, _: not p.feedback.at_end,
    "results-not-shared": lambda p, _: not p.feedback.results_shared,
    "no-credit": lambda p, _: not p.credit.coauthorship_offered and not p.credit.presenting_offered,
    "no-ground-rules": lambda p, _: not p.safety.ground_rules,
    "not-trauma-informed": lambda p, _: not p.safety.trauma_informed,
    "sharing-expected": lambda p, _: not p.safety.sharing_is_optional,
    "no-debrief": lambda p, _: not p.safety.debrief_offered,
    "one-way-vulnerability": lambda p, _: not p.safety.team_members_share_too,
    "formal-titles": lambda p, _: p.titles == "formal",
}


# ---------------------------------------------------------------------------------------
# The rules


@dataclass(frozen=True)
class RuleOfThumb:
    """The course's own number for a rule (no source gives it); a team may set its own."""

    value: float
    unit: str  # one of UNITS

    def amount(self, value: float | None = None) -> str:
        """``30 days``: the course's number, or ``value``, with the unit."""
        value = self.value if value is None else value
        shown = str(int(value)) if float(value).is_integer() else f"{value:g}"
        return f"{shown} {self.unit[:-1] if value == 1 else self.unit}"

    def label(self, own: float | None = None) -> str:
        """What the report says about the number: whose it is, and that it can change."""
        if own is None:
            return f"(the course's rule of thumb: {self.amount()}; your team can change it)"
        return f"(your team's rule of thumb: {self.amount(own)}; the course's is {self.amount()})"

    def fill(self, texts: tuple[str, str], own: float | None = None) -> tuple[str, str]:
        """A rule's message and suggestion with {limit} and {rule_of_thumb} filled in."""
        values = {"{limit}": self.amount(own), "{rule_of_thumb}": self.label(own)}
        message, suggestion = (re.sub(r"\{\w+\}", lambda m: values[m.group(0)], t) for t in texts)
        return message, suggestion


@dataclass(frozen=True)
class Rule:
    """One thing the check-up looks for; ``fires(plan, n)`` says whether the plan has it,
    where ``n`` is the rule of thumb in force (``limit``)."""

    id: str
    statement: str
    severity: str
    message: str  # with the course's rule of thumb filled in
    suggestion: str
    source: str  # id of the source example (pe_course.statements) the rule relates to
    fields: tuple[str, ...]  # the plan fields the rule reads
    fires: Predicate
    rule_of_thumb: RuleOfThumb | None = None
    templates: tuple[str, str] = ("", "")  # message and suggestion, before filling in

    def limit(self, own: Mapping[str, float]) -> float | None:
        """The number the rule compares with: the plan's own (``own``), else the course's."""
        return own.get(self.id, self.rule_of_thumb.value) if self.rule_of_thumb else None

    def worded(self, own: float | None = None) -> tuple[str, str]:
        """(message, suggestion) for a plan; ``own`` is the team's rule of thumb, if set."""
        thumb = self.rule_of_thumb
        return thumb.fill(self.templates, own) if thumb else (self.message, self.suggestion)


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


_RULE_KEYS = ("id", "statement", "severity", "rule_of_thumb", "message", "suggestion",
              "source", "fields")
_PLACEHOLDERS = ("{limit}", "{rule_of_thumb}")


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def _rule_of_thumb(ck: Checker, raw: Mapping, where: str) -> RuleOfThumb | None:
    """A rule's ``rule_of_thumb: {value: 30, unit: days}``, if it has one."""
    value = raw.get("rule_of_thumb")
    if value is None:
        return None
    if isinstance(value, Mapping):
        ck.unknown_keys(value, ("value", "unit"), f"{where}.")
        number, unit = value.get("value"), value.get("unit")
        if _is_number(number) and number >= 0 and unit in UNITS:
            return RuleOfThumb(number, unit)
    got = (f"value {describe(value.get('value'))}, unit {describe(value.get('unit'))}"
           if isinstance(value, Mapping) else describe(value))
    ck.add(where, f"expected {{value: a number, 0 or more, unit: {' or '.join(UNITS)}}}, "
                  f"such as {{value: 30, unit: days}}; got {got}", raw, "rule_of_thumb")
    return None


def _placeholders(ck: Checker, raw: Mapping, where: str, texts: tuple[str, str]) -> None:
    """{limit} and {rule_of_thumb} only in a rule with a rule of thumb, {rule_of_thumb} once."""
    thumb = raw.get("rule_of_thumb") is not None  # (a bad one is reported on its own)
    for key, text in zip(("message", "suggestion"), texts, strict=True):
        for name in re.findall(r"\{[^{}]*\}", text):
            if name not in _PLACEHOLDERS or not thumb:
                ck.add(f"{where}.{key}", f"{name} is not a placeholder here; only a rule with "
                       "a rule_of_thumb may say {limit} or {rule_of_thumb}", raw, key)
    if thumb and texts[0].count("{rule_of_thumb}") != 1:
        ck.add(f"{where}.message", "expected {rule_of_thumb} once, where the report says "
               "that the number is the course's rule of thumb", raw, "message")


def _one_of(ck: Checker, raw: Mapping, key: str, where: str, allowed: Sequence[str],
            kind: str) -> str | None:
    """``raw[key]`` if it is one of ``allowed``; otherwise a problem, with a close match."""
    value = raw.get(key)
    if isinstance(value, str) and value in allowed:
        return value
    expected = f"one of: {', '.join(allowed)}" if len(allowed) <= 8 \
        else f"a {kind} id from pe_course/data/statements.yaml"
    if not isinstance(value, str):
        ck.add(where, f"expected {expected}; got {describe(value)}", raw, key)
        return None
    close = difflib.get_close_matches(value, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    ck.add(where, f"unknown {kind} {value!r}{hint}; expected {expected}", raw, key)
    return None


def _fields(ck: Checker, raw: Mapping, where: str) -> tuple[str, ...]:
    """The plan fields a rule reads: a non-empty list of paths in the plan's schema
    (``()`` after a problem)."""
    value, known = raw.get("fields"), field_paths()
    if not isinstance(value, list) or not value:
        ck.add(where, "expected a list of the plan fields the rule reads, such as "
                      f"[meetings.length_minutes], got {describe(value)}", raw, "fields")
        return ()
    bad = [(i, path) for i, path in enumerate(value) if path not in known]
    for i, path in bad:
        close = difflib.get_close_matches(str(path), known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        ck.add(f"{where}[{i}]", f"{describe(path)} is not a field of the plan; {hint}"
                                "see the plan fields in pe_course/plan.py", value, i)
    return () if bad else tuple(value)


def _rule(ck: Checker, raw: Mapping, where: str,
          predicates: Mapping[str, Predicate]) -> Rule | None:
    ck.unknown_keys(raw, _RULE_KEYS, f"{where}.")
    rule_id = ck.ident(raw, "id", f"{where}.id")
    statement = _one_of(ck, raw, "statement", f"{where}.statement", STATEMENT_IDS,
                        "statement")
    severity = _one_of(ck, raw, "severity", f"{where}.severity", SEVERITIES, "severity")
    problems = len(ck.problems)
    thumb = _rule_of_thumb(ck, raw, f"{where}.rule_of_thumb")
    message = ck.text(raw, "message", f"{where}.message")
    suggestion = ck.text(raw, "suggestion", f"{where}.suggestion")
    texts = (" ".join((message or "").split()), " ".join((suggestion or "").split()))
    _placeholders(ck, raw, where, texts)
    source = _one_of(ck, raw, "source", f"{where}.source", sorted(EXAMPLE_IDS), "example")
    if source and statement and source not in {e.id for e in get_statement(statement).examples}:
        ck.add(f"{where}.source", f"{source!r} is an example of another problem statement; "
                                  f"expected one of {statement!r}", raw, "source")
        source = None
    paths = _fields(ck, raw, f"{where}.fields")
    if rule_id and rule_id not in predicates:
        ck.add(f"{where}.id", f"no predicate for the rule {rule_id!r} in PREDICATES "
                              "(pe_course/audit.py); expected one function per rule", raw, "id")
        return None
    if None in (rule_id, statement, severity, message, suggestion, source) or not paths \
            or len(ck.problems) > problems:
        return None
    return Rule(rule_id, statement, severity, *(thumb.fill(texts) if thumb else texts),
                source, paths, predicates[rule_id], thumb, texts)


def parse_rules(raw: Any, source: str = RULES_FILE,
                predicates: Mapping[str, Predicate] = PREDICATES) -> tuple[Rule, ...]:
    """Validate the rules file's data against the statements, the plan schema and
    ``predicates``; ``DataError`` lists every problem with its line and field."""
    if not isinstance(raw, Mapping):
        raise DataError(source, [f"expected a mapping with a list of 'rules', got "
                                 f"{describe(raw)}"])
    ck = Checker()
    ck.unknown_keys(raw, ("rules",))
    rules: list[Rule] = []
    first: dict[str, str] = {}
    for i, entry in ck.mapping_list(raw, "rules", "rules", "rules"):
        rule = _rule(ck, entry, f"rules[{i}]", predicates)
        rule_id = entry.get("id")
        if isinstance(rule_id, str) and rule_id in first:
            ck.add(f"rules[{i}].id", f"the id {rule_id!r} is used twice (first by "
                                     f"{first[rule_id]})", entry, "id")
        elif rule is not None:
            rules.append(rule)
        if isinstance(rule_id, str):
            first.setdefault(rule_id, f"rules[{i}]")
    for orphan in (p for p in predicates if p not in first):
        ck.add("rules", f"PREDICATES (pe_course/audit.py) has a function for {orphan!r} but "
                        "no rule in this file has that id", raw, "rules")
    ck.raise_if_any(source, DataError)
    return tuple(rules)


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """The rules: the shipped file by default (its JSON copy in the browser), or ``path``."""
    if path is None:
        return _shipped_rules()
    return parse_rules(read_data(path, DataError), str(path))


@functools.cache
def _shipped_rules() -> tuple[Rule, ...]:
    source, raw = read_builtin(RULES_FILE, DataError)
    return parse_rules(raw, source)


@functools.cache
def _ranks() -> tuple[dict[str, int], dict[str, Rule]]:
    rules = _shipped_rules()
    return {r.id: i for i, r in enumerate(rules)}, {r.id: r for r in rules}


_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_STATEMENT_RANK = {s: i for i, s in enumerate(STATEMENT_IDS)}


def get_rule(rule_id: str) -> Rule:
    """The rule with this id; KeyError if there is none."""
    return _ranks()[1][rule_id]


def check_rules_of_thumb(ck: Checker, raw: Mapping, key: str) -> dict[str, float]:
    """A plan's own rules of thumb, ``raw[key]`` (rule id -> number), checked against the
    rules; each problem goes to ``ck`` with its field and line (``pe_course.plan``)."""
    value, rules = raw.get(key), _ranks()[1]
    have = ", ".join(r.id for r in rules.values() if r.rule_of_thumb)
    if not isinstance(value, Mapping):
        ck.add(key, f"expected rule ids, each with a number, such as 'late-invitation: 60' "
                    f"(the rules with a rule of thumb: {have}); got {describe(value)}", raw, key)
        return {}
    own: dict[str, float] = {}
    for rule_id, number in value.items():
        where, rule = f"{key}.{rule_id}", rules.get(rule_id)
        if rule is None or rule.rule_of_thumb is None:
            close = difflib.get_close_matches(str(rule_id), list(rules), n=1)
            problem = (f"the rule {rule_id!r} has no rule of thumb to change" if rule else
                       f"unknown rule {rule_id!r}" + (f" (did you mean {close[0]!r}?)"
                                                       if close else ""))
            ck.add(where, f"{problem}; expected one of the rules with a rule of thumb: {have}",
                   value, rule_id)
        elif not _is_number(number) or number < 0:
            expected = (f"expected a number of {rule.rule_of_thumb.unit}, 0 or more (the "
                        f"course's rule of thumb is {rule.rule_of_thumb.amount()})")
            ck.add(where, f"{number} is out of range; {expected}" if _is_number(number)
                   else f"{expected}; got {describe(number)}", value, rule_id)
        else:
            own[rule_id] = number
    return own


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
    own, rule_rank = plan.rules_of_thumb, _ranks()[0]
    fired = [r for r in _shipped_rules() if r.fires(plan, r.limit(own))]
    fired.sort(key=lambda r: (_SEVERITY_RANK[r.severity], _STATEMENT_RANK[r.statement],
                              rule_rank[r.id]))
    findings = tuple(Finding(r.id, r.statement, r.severity, *r.worded(own.get(r.id)), r.source)
                     for r in fired)
    scores = {sid: statement_score([f.severity for f in findings if f.statement == sid])
              for sid in STATEMENT_IDS}
    return Report(project=plan.project, findings=findings, scores=scores)


def fails(report: Report, level: str) -> bool:
    """True when the report has a finding at ``level`` or more severe."""
    limit = _SEVERITY_RANK[level]
    return any(_SEVERITY_RANK[f.severity] <= limit for f in report.findings)


# ---------------------------------------------------------------------------------------
# Loaded on first use: the rules (a data file) and the report renderers (which import
# this module, so they cannot be imported at its top).

_RENDERERS = ("report_dict", "report_html", "report_json", "report_markdown", "report_page",
              "report_text", "rules_markdown", "schema_markdown")
_ON_FIRST_USE = ("RULES", *_RENDERERS)


def __getattr__(name: str) -> Any:
    if name == "RULES":
        return _shipped_rules()
    if name in _RENDERERS:
        from pe_course.render import plan_report

        return getattr(plan_report, name)
    raise AttributeError(f"module 'pe_course.audit' has no attribute {name!r}")


__all__ = [
    "SEVERITIES", "PENALTIES", "UNITS", "Finding", "Report", "Rule", "RuleOfThumb", "audit",
    "chapter_href", "check_rules_of_thumb", "fails", "get_rule", "load_rules", "parse_rules",
    "statement_score", *_PLAN_NAMES, *_ON_FIRST_USE,
]
