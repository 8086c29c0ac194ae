"""The engagement plan check-up: schema validation, every rule, scores, reports, widget."""

from __future__ import annotations

import copy
import json
import math
import os
import re
from html import escape
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pe_course import audit
from pe_course.audit import PlanError, parse_plan
from pe_course.statements import STATEMENT_IDS, STATEMENTS, get_statement

# A plan that fires no rule at all. Every rule test starts here and changes one thing.
CLEAN: dict = {
    "project": "Clean plan",
    "patient_partners": 3,
    "decision_role": "shared",
    "invited_at_stage": "idea",
    "compensation": {"offered": True, "partner_chooses_form": True, "hourly_rate": 40,
                     "expenses_paid_upfront": True, "reimbursement_days": 14,
                     "claim_minutes": 5},
    "meetings": {"scheduled_with_partners": True, "location": "hybrid", "online_option": True,
                 "length_minutes": 60, "breaks": True, "papers_sent_days_before": 7,
                 "other_ways_to_contribute": True},
    "supports": {"accommodations_asked": True, "training_for_team": True,
                 "training_for_partners": True, "tech_provided": True, "point_person": True},
    "feedback": {"during_project": True, "at_end": True, "results_shared": True},
    "credit": {"coauthorship_offered": True, "presenting_offered": True},
    "safety": {"ground_rules": True, "trauma_informed": True, "sharing_is_optional": True,
               "debrief_offered": True, "team_members_share_too": True},
    "titles": "first_names",
}

# The rule table of issue 4, exactly: (id, statement, severity).
SPEC_TABLE = [
    ("no-partners", "check_mark", "high"),
    ("single-partner", "vulnerability", "high"),
    ("late-invitation", "check_mark", "high"),
    ("joined-late", "check_mark", "medium"),
    ("informed-only", "check_mark", "high"),
    ("consulted-only", "check_mark", "medium"),
    ("no-compensation", "lack_of_support", "high"),
    ("no-choice-of-payment", "lack_of_support", "low"),
    ("expenses-not-upfront", "lack_of_support", "medium"),
    ("slow-reimbursement", "lack_of_support", "medium"),
    ("claim-burden", "lack_of_support", "medium"),
    ("not-scheduled-with-partners", "check_mark", "medium"),
    ("hospital-venue", "vulnerability", "medium"),
    ("no-online-option", "lack_of_support", "medium"),
    ("long-meetings-no-breaks", "lack_of_support", "medium"),
    ("late-papers", "lack_of_support", "low"),
    ("one-way-to-contribute", "lack_of_support", "low"),
    ("accommodations-not-asked", "lack_of_support", "high"),
    ("team-untrained", "unconscious_bias", "medium"),
    ("no-tech-support", "lack_of_support", "low"),
    ("no-point-person", "lack_of_support", "low"),
    ("no-feedback-during", "check_mark", "medium"),
    ("no-exit-feedback", "check_mark", "low"),
    ("results-not-shared", "check_mark", "medium"),
    ("no-credit", "check_mark", "medium"),
    ("no-ground-rules", "vulnerability", "medium"),
    ("not-trauma-informed", "vulnerability", "medium"),
    ("sharing-expected", "vulnerability", "high"),
    ("no-debrief", "vulnerability", "low"),
    ("one-way-vulnerability", "vulnerability", "low"),
    ("formal-titles", "unconscious_bias", "low"),
]

# For every rule: the smallest change to CLEAN that makes it fire, and any other rule the
# same change fires by design.
FIRES: dict[str, tuple[dict, set[str]]] = {
    "no-partners": ({"patient_partners": 0}, set()),
    "single-partner": ({"patient_partners": 1}, set()),
    "late-invitation": ({"invited_at_stage": "funding_application",
                         "days_before_deadline": 29}, set()),
    "joined-late": ({"invited_at_stage": "conduct"}, set()),
    "informed-only": ({"decision_role": "informed"}, set()),
    "consulted-only": ({"decision_role": "consulted"}, set()),
    "no-compensation": ({"compensation.offered": False}, set()),
    "no-choice-of-payment": ({"compensation.partner_chooses_form": False}, set()),
    "expenses-not-upfront": ({"compensation.expenses_paid_upfront": False}, set()),
    "slow-reimbursement": ({"compensation.reimbursement_days": 31}, set()),
    "claim-burden": ({"compensation.claim_minutes": 31}, set()),
    "not-scheduled-with-partners": ({"meetings.scheduled_with_partners": False}, set()),
    "hospital-venue": ({"meetings.location": "hospital", "meetings.online_option": False},
                       {"no-online-option"}),
    "no-online-option": ({"meetings.location": "community", "meetings.online_option": False},
                         set()),
    "long-meetings-no-breaks": ({"meetings.length_minutes": 91, "meetings.breaks": False},
                                set()),
    "late-papers": ({"meetings.papers_sent_days_before": 2}, set()),
    "one-way-to-contribute": ({"meetings.other_ways_to_contribute": False}, set()),
    "accommodations-not-asked": ({"supports.accommodations_asked": False}, set()),
    "team-untrained": ({"supports.training_for_team": False}, set()),
    "no-tech-support": ({"supports.tech_provided": False}, set()),
    "no-point-person": ({"supports.point_person": False}, set()),
    "no-feedback-during": ({"feedback.during_project": False}, set()),
    "no-exit-feedback": ({"feedback.at_end": False}, set()),
    "results-not-shared": ({"feedback.results_shared": False}, set()),
    "no-credit": ({"credit.coauthorship_offered": False, "credit.presenting_offered": False},
                  set()),
    "no-ground-rules": ({"safety.ground_rules": False}, set()),
    "not-trauma-informed": ({"safety.trauma_informed": False}, set()),
    "sharing-expected": ({"safety.sharing_is_optional": False}, set()),
    "no-debrief": ({"safety.debrief_offered": False}, set()),
    "one-way-vulnerability": ({"safety.team_members_share_too": False}, set()),
    "formal-titles": ({"titles": "formal"}, set()),
}

# Changes that come as close as possible to a rule without firing it (thresholds and the
# other half of two-part conditions). The clean plan itself is always checked too.
NEAR_MISSES: dict[str, list[dict]] = {
    "no-partners": [{"patient_partners": 1}],
    "single-partner": [{"patient_partners": 0}, {"patient_partners": 2}],
    "late-invitation": [{"invited_at_stage": "funding_application", "days_before_deadline": 30},
                        {"invited_at_stage": "funding_application"},
                        {"invited_at_stage": "design", "days_before_deadline": 5}],
    "joined-late": [{"invited_at_stage": "design"},
                    {"invited_at_stage": "funding_application", "days_before_deadline": 90}],
    "informed-only": [{"decision_role": "consulted"}],
    "consulted-only": [{"decision_role": "involved"}, {"decision_role": "informed"}],
    "no-choice-of-payment": [{"compensation.offered": False,
                              "compensation.partner_chooses_form": False}],
    "slow-reimbursement": [{"compensation.reimbursement_days": 30}],
    "claim-burden": [{"compensation.claim_minutes": 30}],
    "hospital-venue": [{"meetings.location": "hospital"},
                       {"meetings.location": "university", "meetings.online_option": False}],
    "no-online-option": [{"meetings.location": "online", "meetings.online_option": False},
                         {"meetings.location": "hybrid", "meetings.online_option": False},
                         {"meetings.location": "hospital"}],
    "long-meetings-no-breaks": [{"meetings.length_minutes": 90, "meetings.breaks": False},
                                {"meetings.length_minutes": 240}],
    "late-papers": [{"meetings.papers_sent_days_before": 3}],
    "no-credit": [{"credit.coauthorship_offered": False},
                  {"credit.presenting_offered": False}],
    "formal-titles": [{"titles": "first_names"}],
}


def with_changes(changes: dict, base: dict = CLEAN) -> dict:
    """A deep copy of ``base`` with dotted paths set (None removes the field)."""
    plan = copy.deepcopy(base)
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = plan
        for key in parents:
            target = target[key]
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return plan


def fired(plan: dict) -> set[str]:
    return {f.id for f in audit.audit(plan).findings}


# ---------------------------------------------------------------------------------------
# The rule table


def test_clean_plan_fires_nothing_and_scores_100():
    report = audit.audit(CLEAN)
    assert report.findings == ()
    assert dict(report.scores) == {sid: 100 for sid in STATEMENT_IDS}


def test_rule_table_matches_the_issue_exactly():
    table = [(r.id, r.statement, r.severity) for r in audit.RULES]
    assert table[: len(SPEC_TABLE)] == SPEC_TABLE
    assert len({r.id for r in audit.RULES}) == len(audit.RULES), "rule ids are unique"


@pytest.mark.parametrize("rule", audit.RULES, ids=lambda r: r.id)
def test_rule_is_well_formed(rule):
    statement = get_statement(rule.statement)
    assert rule.severity in audit.SEVERITIES
    assert rule.source in {e.id for e in statement.examples}, "an example of its statement"
    assert rule.message.strip() and rule.suggestion.strip()
    assert rule.message != rule.suggestion
    for path in rule.fields:
        audit.get_field(path)  # KeyError if the rule names a field the schema lacks
    assert rule.id in FIRES, "every rule has a test where it fires"


@pytest.mark.parametrize("rule", audit.RULES, ids=lambda r: r.id)
def test_rule_fires(rule):
    changes, also = FIRES[rule.id]
    plan = with_changes(changes)
    assert fired(plan) == {rule.id} | also
    finding = next(f for f in audit.audit(plan).findings if f.id == rule.id)
    assert (finding.statement, finding.severity, finding.source) == (
        rule.statement, rule.severity, rule.source)
    assert finding.message == rule.message and finding.suggestion == rule.suggestion


@pytest.mark.parametrize("rule", audit.RULES, ids=lambda r: r.id)
def test_rule_does_not_fire(rule):
    assert rule.id not in fired(CLEAN)
    for changes in NEAR_MISSES.get(rule.id, []):
        assert rule.id not in fired(with_changes(changes)), changes


@pytest.mark.parametrize("stage", ["conduct", "analysis", "dissemination"])
def test_joined_late_covers_every_late_stage(stage):
    assert fired(with_changes({"invited_at_stage": stage})) == {"joined-late"}


def test_late_invitation_boundary():
    base = {"invited_at_stage": "funding_application"}
    assert "late-invitation" in fired(with_changes({**base, "days_before_deadline": 0}))
    assert "late-invitation" in fired(with_changes({**base, "days_before_deadline": 29}))
    assert "late-invitation" not in fired(with_changes({**base, "days_before_deadline": 30}))


# ---------------------------------------------------------------------------------------
# Scores and order


def test_score_formula_hand_worked():
    # check_mark: informed-only (high, 30) + joined-late (medium, 15) + no-exit-feedback
    # (low, 5) -> 100 - 30 - 15 - 5 = 50. Nothing else fires, so the rest stay at 100.
    plan = with_changes({"decision_role": "informed", "invited_at_stage": "analysis",
                         "feedback.at_end": False})
    report = audit.audit(plan)
    assert report.scores["check_mark"] == 50
    assert report.scores["lack_of_support"] == 100
    # vulnerability: sharing-expected (high 30) + no-ground-rules, not-trauma-informed
    # (medium 15 each) + no-debrief, one-way-vulnerability (low 5 each)
    # -> 100 - 30 - 2*15 - 2*5 = 30.
    plan = with_changes({f"safety.{k}": False for k in CLEAN["safety"]})
    assert audit.audit(plan).scores["vulnerability"] == 30


def test_score_never_goes_below_zero():
    # check_mark with no partners (30), informed (30), joined late (15), not scheduled (15),
    # no feedback during (15), none at end (5), results not shared (15), no credit (15):
    # 100 - 145 -> clamped to 0.
    plan = with_changes({"patient_partners": 0, "decision_role": "informed",
                         "invited_at_stage": "dissemination",
                         "meetings.scheduled_with_partners": False,
                         "feedback.during_project": False, "feedback.at_end": False,
                         "feedback.results_shared": False, "credit.coauthorship_offered": False,
                         "credit.presenting_offered": False})
    assert audit.audit(plan).scores["check_mark"] == 0
    assert audit.statement_score(["high"] * 4) == 0
    assert audit.statement_score(["high", "medium", "low"]) == 50
    assert audit.statement_score([]) == 100


def test_findings_ordered_by_severity_then_statement():
    plan = with_changes({"titles": "formal", "safety.debrief_offered": False,
                         "feedback.at_end": False, "patient_partners": 1,
                         "decision_role": "informed", "supports.training_for_team": False,
                         "compensation.claim_minutes": 45})
    ids = [f.id for f in audit.audit(plan).findings]
    assert ids == [
        "informed-only",      # high, check_mark
        "single-partner",     # high, vulnerability
        "team-untrained",     # medium, unconscious_bias
        "claim-burden",       # medium, lack_of_support
        "no-exit-feedback",   # low, check_mark
        "formal-titles",      # low, unconscious_bias
        "no-debrief",         # low, vulnerability
    ]


def test_fails_on_level():
    only_low = audit.audit(with_changes({"titles": "formal"}))
    assert audit.fails(only_low, "low")
    assert not audit.fails(only_low, "medium") and not audit.fails(only_low, "high")
    medium = audit.audit(with_changes({"meetings.scheduled_with_partners": False}))
    assert audit.fails(medium, "medium") and audit.fails(medium, "low")
    assert not audit.fails(medium, "high")
    assert not audit.fails(audit.audit(CLEAN), "low")


# ---------------------------------------------------------------------------------------
# Property tests

_bools = st.booleans()


def _section(names: list[str]):
    return st.fixed_dictionaries({n: _bools for n in names})


PLANS = st.fixed_dictionaries(
    {
        "project": st.text(min_size=1, max_size=20).filter(str.strip),
        "patient_partners": st.integers(0, 8),
        "decision_role": st.sampled_from(audit.DECISION_ROLES),
        "invited_at_stage": st.sampled_from(audit.STAGES),
        "compensation": st.fixed_dictionaries(
            {"offered": _bools, "partner_chooses_form": _bools,
             "expenses_paid_upfront": _bools, "reimbursement_days": st.integers(0, 180),
             "claim_minutes": st.integers(0, 180)},
            optional={"hourly_rate": st.floats(0, 500, allow_nan=False)}),
        "meetings": st.fixed_dictionaries(
            {"scheduled_with_partners": _bools, "location": st.sampled_from(audit.LOCATIONS),
             "online_option": _bools, "length_minutes": st.integers(1, 480), "breaks": _bools,
             "papers_sent_days_before": st.integers(0, 30),
             "other_ways_to_contribute": _bools}),
        "supports": _section(list(CLEAN["supports"])),
        "feedback": _section(list(CLEAN["feedback"])),
        "credit": _section(list(CLEAN["credit"])),
        "safety": _section(list(CLEAN["safety"])),
        "titles": st.sampled_from(audit.TITLES),
    },
    optional={"days_before_deadline": st.integers(0, 365)},
)

# Fields a rule reads. "Healthy" = the CLEAN plan's value (absent for days_before_deadline).
RULE_FIELDS = sorted({path for rule in audit.RULES for path in rule.fields})


def _get(plan: dict, path: str):
    head, _, tail = path.partition(".")
    return plan[head].get(tail) if tail else plan.get(head)


@settings(max_examples=300, deadline=None)
@given(PLANS)
def test_scores_stay_within_0_and_100(plan):
    report = audit.audit(plan)
    assert set(report.scores) == set(STATEMENT_IDS)
    for sid, score in report.scores.items():
        assert isinstance(score, int) and 0 <= score <= 100
        severities = [f.severity for f in report.findings if f.statement == sid]
        assert score == max(0, 100 - sum(audit.PENALTIES[s] for s in severities))


@settings(max_examples=300, deadline=None)
@given(PLANS, st.sampled_from(RULE_FIELDS))
def test_fixing_a_field_never_lowers_a_score(plan, path):
    before = audit.audit(plan).scores
    after = audit.audit(with_changes({path: _get(CLEAN, path)}, base=plan)).scores
    for sid in STATEMENT_IDS:
        assert after[sid] >= before[sid], (path, sid)


# Numbers the rules compare against a threshold: moving part of the way towards the healthy
# side never lowers a score either (direction +1: more is healthier).
_NUMERIC = {"days_before_deadline": +1, "compensation.reimbursement_days": -1,
            "compensation.claim_minutes": -1, "meetings.length_minutes": -1,
            "meetings.papers_sent_days_before": +1}


@settings(max_examples=300, deadline=None)
@given(PLANS, st.sampled_from(sorted(_NUMERIC)), st.integers(1, 200))
def test_moving_a_number_towards_healthy_never_lowers_a_score(plan, path, step):
    value = _get(plan, path)
    assume(value is not None)  # an absent deadline is already the healthiest case
    new = value + _NUMERIC[path] * step
    new = max(new, audit.get_field(path).minimum or 0)
    before = audit.audit(plan).scores
    after = audit.audit(with_changes({path: new}, base=plan)).scores
    assert all(after[sid] >= before[sid] for sid in STATEMENT_IDS)


@settings(max_examples=100, deadline=None)
@given(PLANS, st.integers(2, 50))
def test_two_or_more_partners_never_lowers_a_score(plan, partners):
    # Any count of two or more is healthy. (Going from 0 to 1 is not "fixed": it swaps
    # no-partners in check_mark for single-partner in vulnerability, both high.)
    more = with_changes({"patient_partners": partners}, base=plan)
    before, after = audit.audit(plan).scores, audit.audit(more).scores
    assert all(after[sid] >= before[sid] for sid in STATEMENT_IDS)


def test_one_partner_swaps_one_high_finding_for_another():
    assert fired(with_changes({"patient_partners": 0})) == {"no-partners"}
    assert fired(with_changes({"patient_partners": 1})) == {"single-partner"}


@settings(max_examples=100, deadline=None)
@given(PLANS)
def test_audit_is_pure_and_round_trips(plan):
    original = copy.deepcopy(plan)
    first, second = audit.audit(plan), audit.audit(plan)
    assert first == second
    assert plan == original, "audit does not change its input"
    parsed = parse_plan(plan)
    assert parse_plan(audit.plan_to_dict(parsed)) == parsed


# ---------------------------------------------------------------------------------------
# Invalid plans: every problem named by its field path, nothing audited


BAD_INPUTS = [
    # (changes, path named, words in the message)
    ({"colour": "blue"}, "colour", "unknown field"),
    ({"meetings.colour": "blue"}, "meetings.colour", "unknown field"),
    ({"meetings.other_way_to_contribute": True}, "meetings.other_way_to_contribute",
     "did you mean 'other_ways_to_contribute'"),
    ({"patient_partners": True}, "patient_partners", "whole number"),  # bool is not an int
    ({"patient_partners": "two"}, "patient_partners", "whole number"),
    ({"patient_partners": 2.0}, "patient_partners", "whole number"),
    ({"compensation.offered": "yes"}, "compensation.offered", "true or false"),
    ({"compensation.offered": 1}, "compensation.offered", "true or false"),
    ({"compensation.claim_minutes": 10.5}, "compensation.claim_minutes", "whole number"),
    ({"compensation.hourly_rate": True}, "compensation.hourly_rate", "a number"),
    ({"compensation.hourly_rate": math.nan}, "compensation.hourly_rate", "a number"),
    ({"compensation.hourly_rate": -1}, "compensation.hourly_rate", "out of range"),
    ({"meetings.length_minutes": 0}, "meetings.length_minutes", "greater than 0"),
    ({"meetings.length_minutes": -30}, "meetings.length_minutes", "out of range"),
    ({"compensation.reimbursement_days": -1}, "compensation.reimbursement_days",
     "out of range"),
    ({"days_before_deadline": -5}, "days_before_deadline", "out of range"),
    ({"patient_partners": -1}, "patient_partners", "out of range"),
    ({"decision_role": "boss"}, "decision_role", "one of: informed, consulted"),
    ({"meetings.location": "hospitl"}, "meetings.location", "did you mean 'hospital'"),
    ({"titles": "Dr"}, "titles", "first_names, formal"),
    ({"invited_at_stage": 3}, "invited_at_stage", "one of: idea"),
    ({"project": None}, "project", "missing"),
    ({"project": "   "}, "project", "empty"),
    ({"compensation.claim_minutes": None}, "compensation.claim_minutes", "missing"),
    ({"safety": None}, "safety", "missing section"),
    ({"supports": ["point_person"]}, "supports", "section of fields"),
    ({"supports": True}, "supports", "section of fields"),
]


@pytest.mark.parametrize("changes,path,words", BAD_INPUTS,
                         ids=[f"{p}:{w}" for _c, p, w in BAD_INPUTS])
def test_bad_field_is_named_by_path(changes, path, words):
    with pytest.raises(PlanError) as info:
        audit.audit(with_changes(changes))
    problems = {p.where: p.message for p in info.value.problems}
    assert path in problems, problems
    assert words in problems[path]
    assert f"{path}: " in str(info.value)


def test_every_problem_listed_at_once():
    plan = with_changes({"colour": "red", "patient_partners": True,
                         "meetings.length_minutes": 0, "meetings.location": "moon",
                         "compensation.claim_minutes": None, "feedback": None})
    with pytest.raises(PlanError) as info:
        parse_plan(plan, "team.yaml")
    wheres = [p.where for p in info.value.problems]
    assert sorted(wheres) == sorted(["colour", "patient_partners", "meetings.length_minutes",
                                     "meetings.location", "compensation.claim_minutes",
                                     "feedback"])
    assert str(info.value).startswith("team.yaml: 6 problems")


def test_plan_must_be_a_mapping():
    with pytest.raises(PlanError, match="expected a plan"):
        parse_plan(["project", "x"])


def test_optional_fields_may_be_left_out_or_null():
    plan = with_changes({"compensation.hourly_rate": None})
    assert parse_plan(plan).compensation.hourly_rate is None
    plan["days_before_deadline"] = None
    assert parse_plan(plan).days_before_deadline is None
    assert audit.audit(plan).findings == ()


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("project: x\npatient_partners: 2\n  decision_role: [shared\n")
    with pytest.raises(PlanError) as info:
        audit.load_plan(path)
    message = str(info.value)
    assert str(path) in message and "not valid YAML" in message
    assert info.value.problems[0].where.startswith("line 3, column")


def test_yaml_duplicate_key_is_an_error():
    with pytest.raises(PlanError, match=r"line 2, column 1: .*'project' is given twice"):
        audit.plan_from_yaml("project: a\nproject: b\n")


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(PlanError, match="file not found"):
        audit.load_plan(tmp_path / "nope.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    with pytest.raises(PlanError, match="the file is empty"):
        audit.load_plan(empty)


def test_yaml_and_json_files_load(tmp_path):
    import yaml

    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(CLEAN))
    (tmp_path / "plan.json").write_text(json.dumps(CLEAN))
    assert audit.load_plan(tmp_path / "plan.yaml") == audit.load_plan(tmp_path / "plan.json")
    assert audit.load_plan(tmp_path / "plan.yaml") == parse_plan(CLEAN)


# ---------------------------------------------------------------------------------------
# The example plan and the reports


def test_example_plan_is_valid_and_has_findings_of_every_severity():
    report = audit.audit(audit.example_plan())
    assert {f.severity for f in report.findings} == set(audit.SEVERITIES)
    # Every field in the schema is shown in the documented example.
    text = audit.example_plan_text()
    for path in audit.field_paths():
        assert f"{path.rsplit('.', 1)[-1]}:" in text, path


def test_report_json_shape():
    data = json.loads(audit.report_json(audit.audit(audit.example_plan())))
    assert set(data) == {"findings", "scores"}
    assert list(data["scores"]) == list(STATEMENT_IDS)
    for finding in data["findings"]:
        assert set(finding) == {"id", "statement", "severity", "message", "suggestion",
                                "source"}
    assert data["findings"][0]["id"] == "late-invitation"


def test_markdown_and_text_reports():
    report = audit.audit(with_changes({"titles": "formal", "safety.ground_rules": False}))
    md = audit.report_markdown(report)
    assert md.startswith("# Engagement plan check-up: Clean plan")
    assert "## Medium (1)" in md and "## Low (1)" in md and "## High" not in md
    assert "| Not recognising the vulnerability of patient partners | 85 | 1 |" in md
    text = audit.report_text(report)
    assert "2 findings (1 medium, 1 low)." in text
    assert "[LOW] " + audit.get_rule("formal-titles").message in text
    clean = audit.report_text(audit.audit(CLEAN))
    assert "No findings" in clean


def test_html_report_escapes_and_links_chapters():
    report = audit.audit(with_changes({"project": "<script>alert(1)</script>",
                                       "titles": "formal"}))
    html = audit.report_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f'href="../{get_statement("unconscious_bias").chapter}.html"' in html
    assert 'data-rule="formal-titles"' in html


def test_schema_markdown_documents_every_field():
    table = audit.schema_markdown()
    for path in audit.field_paths():
        section, _, name = path.rpartition(".")
        spec = audit.get_field(path)
        assert f"| `{name}` | {spec.expected()}" in table, path
        if section:
            assert f"**Under `{section}:` (" in table


def test_rules_markdown_documents_every_rule():
    text = audit.rules_markdown()
    for rule in audit.RULES:
        assert f"| {rule.severity} | {rule.message} | `{rule.id}` |" in text
    for statement in STATEMENTS:
        assert f"**{statement.number}. {statement.title}**" in text


def test_html_report_links_only_the_chapters_asked_for():
    report = audit.audit(with_changes({"titles": "formal", "safety.ground_rules": False}))
    html = audit.report_html(report, linked={"vulnerability"})
    assert 'href="../book/vulnerability.html"' in html
    assert "unconscious_bias.html" not in html and "check_mark.html" not in html
    assert get_statement("unconscious_bias").title in html


def test_bundle_example_plan(tmp_path):
    target = audit.bundle_example_plan(tmp_path / "example_plan.json")
    assert parse_plan(json.loads(target.read_text())) == audit.example_plan()


# ---------------------------------------------------------------------------------------
# The widget (no browser needed)


def test_plan_checkup_form_holds_the_example_and_checks_it():
    from pe_course.tool_widgets import PlanCheckup, plan_checkup

    form = plan_checkup()
    assert isinstance(form, PlanCheckup)
    assert parse_plan(form.form_data()) == audit.example_plan()
    for path, control in form.controls.items():
        assert control.description, f"{path} has a visible label"
        assert control.style.description_width == "initial"
    assert set(form.controls) == set(audit.field_paths())

    form.check_button.click()
    html = form.results.value
    assert form.report == audit.audit(audit.example_plan())
    for finding in form.report.findings:
        assert f'data-rule="{finding.id}"' in html
    # Only chapters this checkout's book has are linked (the others are named, unlinked).
    from pe_course.tool_widgets import _chapters_in_book

    in_book = _chapters_in_book()
    assert in_book and "check_mark" in in_book
    for statement in STATEMENTS:
        link = f'href="../{statement.chapter}.html"'
        assert (link in html) == (statement.id in in_book), statement.id
        assert escape(statement.title) in html
    assert form.message.value == ""

    # Told which chapters exist (as the live site does), it links exactly those.
    form = plan_checkup(chapter_base="../../", linked=["check_mark", "vulnerability"])
    form.check_button.click()
    hrefs = set(re.findall(r'href="([^"]+)"', form.results.value))
    assert hrefs == {"../../book/check_mark.html", "../../book/vulnerability.html"}
    with pytest.raises(KeyError):
        plan_checkup(linked=["no_such_statement"])


def test_plan_checkup_reacts_to_changes_and_escapes_text():
    from pe_course.tool_widgets import PlanCheckup

    form = PlanCheckup(CLEAN)
    form.controls["project"].value = "<b>Our</b> study"
    form.controls["titles"].value = "formal"
    form.check_button.click()
    assert [f.id for f in form.report.findings] == ["formal-titles"]
    assert "&lt;b&gt;Our&lt;/b&gt; study" in form.results.value
    assert "<b>Our</b>" not in form.results.value


def test_plan_checkup_shows_problems_not_tracebacks():
    from pe_course.tool_widgets import PlanCheckup

    form = PlanCheckup(CLEAN)
    form.controls["days_before_deadline"].value = "soon"
    form.controls["project"].value = ""
    form.check_button.click()
    assert form.report is None and form.results.value == ""
    message = form.message.value
    assert "<code>days_before_deadline</code>" in message and "whole number" in message
    assert "<code>project</code>" in message and "What is the project called?" in message
    assert "Traceback" not in message
    form.controls["days_before_deadline"].value = " 45 "
    form.controls["project"].value = "Fixed"
    form.check_button.click()
    assert form.message.value == "" and form.report.findings == ()


def test_plan_checkup_saves_the_markdown_report_atomically(tmp_path, monkeypatch):
    from pe_course.tool_widgets import DEFAULT_REPORT_NAME, PlanCheckup

    monkeypatch.chdir(tmp_path)
    form = PlanCheckup(CLEAN)
    assert form.filename.value == DEFAULT_REPORT_NAME
    form.save_button.click()
    saved = tmp_path / DEFAULT_REPORT_NAME
    assert saved.read_text() == audit.report_markdown(audit.audit(CLEAN))
    assert "Saved the report to" in form.save_status.value
    assert sorted(p.name for p in tmp_path.iterdir()) == [DEFAULT_REPORT_NAME], "no temp files"

    # A failure while replacing leaves the old file whole and removes the temporary one.
    form.controls["titles"].value = "formal"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    form.save_button.click()
    assert "No space left on device" in form.save_status.value
    assert saved.read_text() == audit.report_markdown(audit.audit(CLEAN))
    assert sorted(p.name for p in tmp_path.iterdir()) == [DEFAULT_REPORT_NAME]


def test_plan_checkup_save_problems_become_messages(tmp_path):
    from pe_course.tool_widgets import PlanCheckup

    form = PlanCheckup(CLEAN)
    form.filename.value = "   "
    form.save_button.click()
    assert "Type a file name" in form.save_status.value
    form.filename.value = str(tmp_path)
    form.save_button.click()
    assert "is a folder" in form.save_status.value
    form.filename.value = str(tmp_path / "missing" / "r.md")
    form.save_button.click()
    assert "does not exist" in form.save_status.value
    form.controls["project"].value = ""
    form.filename.value = str(tmp_path / "r.md")
    form.save_button.click()
    assert "not saved" in form.save_status.value and not (tmp_path / "r.md").exists()


def test_plan_checkup_bad_file_opens_with_a_message(tmp_path):
    from pe_course.tool_widgets import plan_checkup

    form = plan_checkup(tmp_path / "missing.yaml")
    assert "file not found" in form.message.value


def test_plan_checkup_static_html_for_the_site():
    from pe_course.tool_widgets import PlanCheckup

    bundle = PlanCheckup(CLEAN)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    html = bundle["text/html"]
    assert "Try it live" in html and "<table" in html
    example = audit.audit(audit.example_plan())
    for finding in example.findings:
        assert f'data-rule="{finding.id}"' in html


def test_chapter_links_use_the_statement_chapters():
    for statement in STATEMENTS:
        assert audit.chapter_href(statement.id) == f"../{statement.chapter}.html"
    assert audit.chapter_href("vulnerability", base="") == "book/vulnerability.html"


def test_widget_form_round_trips_optional_numbers():
    from pe_course.tool_widgets import PlanCheckup

    plan = with_changes({"invited_at_stage": "funding_application", "days_before_deadline": 12,
                         "compensation.hourly_rate": 27.5})
    form = PlanCheckup(plan)
    assert form.controls["days_before_deadline"].value == "12"
    assert form.controls["compensation.hourly_rate"].value == "27.5"
    assert parse_plan(form.form_data()) == parse_plan(plan)
    form.check_button.click()
    assert [f.id for f in form.report.findings] == ["late-invitation"]


def test_example_plan_file_exists():
    assert Path(audit.EXAMPLE_PLAN_FILE).is_file()
