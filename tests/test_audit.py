"""The engagement plan check-up: the plan's schema and validation, the rules file, every
rule, scores and reports. (The form is tested in test_tool_widgets.py.)"""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pe_course import audit
from pe_course.errors import DataError
from pe_course.plan import (
    DECISION_ROLES,
    EXAMPLE_PLAN_FILE,
    LOCATIONS,
    STAGES,
    TITLES,
    PlanError,
    bundle_example_plan,
    example_plan,
    example_plan_text,
    field_paths,
    get_field,
    load_plan,
    parse_plan,
    plan_from_yaml,
    plan_to_dict,
)
from pe_course.render import plan_report
from pe_course.render.links import chapter_href
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
    # Consultation is a level of engagement in its own right (Carman et al.); the rule is
    # about consultation once the main decisions are made, which is also joining late.
    "consulted-only": ({"decision_role": "consulted", "invited_at_stage": "conduct"},
                       {"joined-late"}),
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
    "consulted-only": [{"decision_role": "consulted"},
                       {"decision_role": "consulted", "invited_at_stage": "design"},
                       {"decision_role": "involved", "invited_at_stage": "analysis"},
                       {"decision_role": "informed", "invited_at_stage": "dissemination"}],
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
        get_field(path)  # KeyError if the rule names a field the schema lacks
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
        "decision_role": st.sampled_from(DECISION_ROLES),
        "invited_at_stage": st.sampled_from(STAGES),
        "compensation": st.fixed_dictionaries(
            {"offered": _bools, "partner_chooses_form": _bools,
             "expenses_paid_upfront": _bools, "reimbursement_days": st.integers(0, 180),
             "claim_minutes": st.integers(0, 180)},
            optional={"hourly_rate": st.floats(0, 500, allow_nan=False)}),
        "meetings": st.fixed_dictionaries(
            {"scheduled_with_partners": _bools, "location": st.sampled_from(LOCATIONS),
             "online_option": _bools, "length_minutes": st.integers(1, 480), "breaks": _bools,
             "papers_sent_days_before": st.integers(0, 30),
             "other_ways_to_contribute": _bools}),
        "supports": _section(list(CLEAN["supports"])),
        "feedback": _section(list(CLEAN["feedback"])),
        "credit": _section(list(CLEAN["credit"])),
        "safety": _section(list(CLEAN["safety"])),
        "titles": st.sampled_from(TITLES),
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
    new = max(new, get_field(path).minimum or 0)
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
    assert parse_plan(plan_to_dict(parsed)) == parsed


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
        load_plan(path)
    message = str(info.value)
    assert str(path) in message and "not valid YAML" in message
    assert str(info.value.problems[0]).startswith("line 3, column")


def test_yaml_duplicate_key_is_an_error():
    with pytest.raises(PlanError, match=r"line 2, column 1: .*'project' is given twice"):
        plan_from_yaml("project: a\nproject: b\n")


def test_plan_file_with_a_key_given_twice_names_file_line_and_key(tmp_path):
    text = yaml.safe_dump(CLEAN, sort_keys=False)
    text = text.replace("  breaks: true\n", "  breaks: true\n  online_option: false\n")
    path = tmp_path / "team-plan.yaml"
    path.write_text(text)
    twice = text.splitlines().index("  online_option: false") + 1
    first = text.splitlines().index("  online_option: true") + 1
    with pytest.raises(PlanError) as info:
        load_plan(path)
    (problem,) = info.value.problems
    assert problem.line == twice
    assert f"the key 'online_option' is given twice (first on line {first})" in problem.message
    assert str(info.value).startswith(f"{path}: 1 problem\n  - line {twice}, column 3: ")


def test_plan_problems_from_yaml_carry_their_line(tmp_path):
    plan = with_changes({"meetings.length_minutes": 0, "colour": "red",
                         "compensation.claim_minutes": None, "titles": "Dr"})
    text = yaml.safe_dump(plan, sort_keys=False)
    lines = text.splitlines()
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    with pytest.raises(PlanError) as info:
        load_plan(path)
    where_line = {p.where: p.line for p in info.value.problems}
    assert where_line == {
        "meetings.length_minutes": lines.index("  length_minutes: 0") + 1,
        "colour": lines.index("colour: red") + 1,
        "titles": lines.index("titles: Dr") + 1,
        # a missing field: the line where its section's fields start
        "compensation.claim_minutes": lines.index("compensation:") + 2,
    }
    assert f"  - line {where_line['colour']}, colour: unknown field" in str(info.value)
    # From a dict there is no line to name, only the field.
    with pytest.raises(PlanError) as info:
        parse_plan(plan)
    assert {p.line for p in info.value.problems} == {None}


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(PlanError, match="file not found"):
        load_plan(tmp_path / "nope.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    with pytest.raises(PlanError, match="the file is empty"):
        load_plan(empty)


def test_yaml_and_json_files_load(tmp_path):
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(CLEAN))
    (tmp_path / "plan.json").write_text(json.dumps(CLEAN))
    assert load_plan(tmp_path / "plan.yaml") == load_plan(tmp_path / "plan.json")
    assert load_plan(tmp_path / "plan.yaml") == parse_plan(CLEAN)


# ---------------------------------------------------------------------------------------
# The example plan and the reports


def test_example_plan_is_valid_and_has_findings_of_every_severity():
    report = audit.audit(example_plan())
    assert {f.severity for f in report.findings} == set(audit.SEVERITIES)
    # Every field in the schema is shown in the documented example.
    text = example_plan_text()
    for path in field_paths():
        assert f"{path.rsplit('.', 1)[-1]}:" in text, path


def test_report_json_shape():
    data = json.loads(plan_report.report_json(audit.audit(example_plan())))
    assert set(data) == {"findings", "scores"}
    assert list(data["scores"]) == list(STATEMENT_IDS)
    for finding in data["findings"]:
        assert set(finding) == {"id", "statement", "severity", "message", "suggestion",
                                "source"}
    assert data["findings"][0]["id"] == "late-invitation"


def test_markdown_and_text_reports():
    report = audit.audit(with_changes({"titles": "formal", "safety.ground_rules": False}))
    md = plan_report.report_markdown(report)
    assert md.startswith("# Engagement plan check-up: Clean plan")
    assert "## Medium (1)" in md and "## Low (1)" in md and "## High" not in md
    assert "| Not recognising the vulnerability of patient partners | 85 | 1 |" in md
    text = plan_report.report_text(report)
    assert "2 findings (1 medium, 1 low)." in text
    assert "[LOW] " + audit.get_rule("formal-titles").message in text
    clean = plan_report.report_text(audit.audit(CLEAN))
    assert "No findings" in clean


def test_html_report_escapes_and_links_chapters():
    report = audit.audit(with_changes({"project": "<script>alert(1)</script>",
                                       "titles": "formal"}))
    html = plan_report.report_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f'href="../{get_statement("unconscious_bias").chapter}.html"' in html
    assert 'data-rule="formal-titles"' in html


def test_schema_markdown_documents_every_field():
    table = plan_report.schema_markdown()
    for path in field_paths():
        section, _, name = path.rpartition(".")
        spec = get_field(path)
        assert f"| `{name}` | {spec.expected()}" in table, path
        if section:
            assert f"**Under `{section}:` (" in table


def test_rules_markdown_documents_every_rule():
    text = plan_report.rules_markdown()
    for rule in audit.RULES:
        assert f"| {rule.severity} | {rule.message} | `{rule.id}` |" in text
    for statement in STATEMENTS:
        assert f"**{statement.number}. {statement.title}**" in text


def test_html_report_links_only_the_chapters_asked_for():
    report = audit.audit(with_changes({"titles": "formal", "safety.ground_rules": False}))
    html = plan_report.report_html(report, linked={"vulnerability"})
    assert 'href="../book/vulnerability.html"' in html
    assert "unconscious_bias.html" not in html and "check_mark.html" not in html
    assert get_statement("unconscious_bias").title in html


def test_bundle_example_plan(tmp_path):
    target = bundle_example_plan(tmp_path / "example_plan.json")
    assert parse_plan(json.loads(target.read_text())) == example_plan()


def test_chapter_links_use_the_statement_chapters():
    for statement in STATEMENTS:
        assert chapter_href(statement.id) == f"../{statement.chapter}.html"
    assert chapter_href("vulnerability", base="") == "book/vulnerability.html"


def test_example_plan_file_exists():
    assert Path(EXAMPLE_PLAN_FILE).is_file()



# ---------------------------------------------------------------------------------------
# The rules file: the rules' text is data, checked on load against the statements, the
# plan's schema and the predicates


RULES_FILE = Path(audit.__file__).parent / "data" / audit.RULES_FILE


def test_rules_come_from_the_data_file_with_a_predicate_each():
    assert audit.load_rules(RULES_FILE) == audit.RULES
    assert [r.id for r in audit.RULES] == list(audit.PREDICATES)
    for rule in audit.RULES:
        assert rule.fires is audit.PREDICATES[rule.id]


def _broken_rules(tmp_path, *swaps: tuple[str, str]) -> tuple[Path, list[str]]:
    """A copy of the rules file with each ``old`` text (first time only) made ``new``."""
    text = RULES_FILE.read_text(encoding="utf-8")
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "audit_rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text.splitlines()


def test_rules_file_problems_are_all_named_with_line_and_field(tmp_path):
    path, lines = _broken_rules(
        tmp_path,
        ("    statement: unconscious_bias", "    statement: unconscious-bias"),
        ("    source: single_partner", "    source: single_partnr"),
        ("    severity: low", "    severity: minor"),
        ("meetings.breaks]", "meetings.break]"),
        ("  - id: joined-late", "  - id: no-partners"),
        ("  - id: formal-titles", "  - id: formal-title"),
        ("    source: patients_included_in_name_only", "    source: formal_titles"),
        ("    suggestion: >-\n      Agree ground rules",
         "    suggestions: >-\n      Agree ground rules"),
    )
    with pytest.raises(DataError) as info:
        audit.load_rules(path)

    def line(text: str, nth: int = 0) -> int:
        return [n for n, written in enumerate(lines, 1) if written == text][nth]

    ids = [r.id for r in audit.RULES]

    def at(rule_id: str) -> str:
        return f"rules[{ids.index(rule_id)}]"

    orphan = "PREDICATES (pe_course/audit.py) has a function for {!r} but no rule in this file"
    expected = [  # (field, line, words in the message)
        (f"{at('team-untrained')}.statement", line("    statement: unconscious-bias"),
         "unknown statement 'unconscious-bias' (did you mean 'unconscious_bias'?)"),
        (f"{at('single-partner')}.source", line("    source: single_partnr"),
         "unknown example 'single_partnr' (did you mean 'single_partner'?)"),
        (f"{at('no-partners')}.source", line("    source: formal_titles"),
         "'formal_titles' is an example of another problem statement; expected one of "
         "'check_mark'"),
        (f"{at('no-choice-of-payment')}.severity", line("    severity: minor"),
         "unknown severity 'minor'; expected one of: high, medium, low"),
        (f"{at('long-meetings-no-breaks')}.fields[1]",
         line("    fields: [meetings.length_minutes, meetings.break]"),
         "text 'meetings.break' is not a field of the plan; did you mean 'meetings.breaks'?"),
        (f"{at('joined-late')}.id", line("  - id: no-partners", 1),
         "the id 'no-partners' is used twice (first by rules[0])"),
        ("rules", line("rules:"), orphan.format("joined-late")),
        (f"{at('formal-titles')}.id", line("  - id: formal-title"),
         "no predicate for the rule 'formal-title'"),
        ("rules", line("rules:"), orphan.format("formal-titles")),
        (f"{at('no-ground-rules')}.suggestions", line("    suggestions: >-"),
         "unknown field; did you mean 'suggestion'?"),
        # a missing field: the line where its rule starts
        (f"{at('no-ground-rules')}.suggestion", line("  - id: no-ground-rules"),
         "missing; expected some text"),
    ]
    problems = info.value.problems
    assert len(problems) == len(expected), info.value
    for where, number, words in expected:
        assert any(p.where == where and p.line == number and words in p.message
                   for p in problems), (where, number, words, info.value)
    assert str(info.value).startswith(f"{path}: {len(expected)} problems")


def test_rules_and_predicates_must_match_one_to_one():
    raw = {"rules": [{"id": "no-partners", "statement": "check_mark", "severity": "high",
                      "message": "M", "suggestion": "S",
                      "source": "patients_included_in_name_only",
                      "fields": ["patient_partners"]}]}
    only = {"no-partners": audit.PREDICATES["no-partners"]}
    rules = audit.parse_rules(raw, "rules.yaml", only)
    assert [r.id for r in rules] == ["no-partners"]
    with pytest.raises(DataError) as info:
        audit.parse_rules(raw, "rules.yaml", {"no-partners": bool, "extra": bool})
    assert [str(p) for p in info.value.problems] == [
        "rules: PREDICATES (pe_course/audit.py) has a function for 'extra' but no rule in this "
        "file has that id"]
    with pytest.raises(DataError, match=r"rules\[0\]\.id: no predicate for the rule"):
        audit.parse_rules(raw, "rules.yaml", {})


@pytest.mark.parametrize("raw,words", [
    (["a list"], "expected a mapping with a list of 'rules', got a list"),
    ({"rules": []}, "rules: expected a non-empty list of rules"),
    ({"rules": ["no-partners"]}, "rules[0]: expected a mapping (rules)"),
    ({"rules": [{"id": "no-partners", "statement": "check_mark", "severity": "high",
                 "message": "M", "suggestion": "S",
                 "source": "patients_included_in_name_only", "fields": []}]},
     "rules[0].fields: expected a list of the plan fields"),
    ({"rules": [{"id": "no-partners", "statement": 3, "severity": "high", "message": "M",
                 "suggestion": "S", "source": "patients_included_in_name_only",
                 "fields": ["patient_partners"]}]},
     "rules[0].statement: expected one of: check_mark, unconscious_bias, lack_of_support, "
     "vulnerability; got the number 3"),
], ids=["not-a-mapping", "no-rules", "rule-not-a-mapping", "no-fields", "statement-number"])
def test_rules_file_shapes(raw, words):
    with pytest.raises(DataError) as info:
        audit.parse_rules(raw, "rules.yaml", {"no-partners": bool})
    assert words in str(info.value)


def test_rules_file_with_a_key_given_twice_names_file_line_and_key(tmp_path):
    path, lines = _broken_rules(tmp_path, ("    severity: high\n", "    severity: high\n"
                                                                  "    severity: low\n"))
    with pytest.raises(DataError) as info:
        audit.load_rules(path)
    (problem,) = info.value.problems
    assert problem.line == lines.index("    severity: low") + 1
    assert "the key 'severity' is given twice" in problem.message
    assert str(path) in str(info.value)


# ---------------------------------------------------------------------------------------
# Rules of thumb: no source gives the numbers the rules compare a plan with (30 days, 90
# minutes...). Each is the course's rule of thumb, written once in the rules file, labelled
# as such wherever the report shows it, and a plan may set its own.

THUMB_RULES = {"late-invitation", "slow-reimbursement", "claim-burden",
               "long-meetings-no-breaks", "late-papers"}
NUMBER_WORDS = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|a|an|every|each)\s+"
    r"(?:minutes?|hours?|days?|weeks?|months?|years?)\b|\bmonths\b|\bweeks\b", re.I)


def test_every_number_a_rule_uses_is_a_labelled_rule_of_thumb():
    assert {r.id for r in audit.RULES if r.rule_of_thumb} == THUMB_RULES
    for rule in audit.RULES:
        thumb = rule.rule_of_thumb
        if thumb:
            label = f"(the course's rule of thumb: {thumb.amount()}; your team can change it)"
            assert rule.message.count(label) == 1, rule.id
        else:
            assert "rule of thumb" not in rule.message + rule.suggestion, rule.id


def test_rule_texts_have_no_numbers_of_their_own():
    # A number is written once, in the rule's rule_of_thumb, never in its words.
    for raw in yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["rules"]:
        for key in ("message", "suggestion"):
            assert not NUMBER_WORDS.search(raw[key]), (raw["id"], key, raw[key])


# rule id: (a change to CLEAN that the course's rule of thumb lets pass, a stricter
# number of the team's own that catches it, the words the finding then says)
STRICTER = {
    "late-invitation": ({"invited_at_stage": "funding_application",
                         "days_before_deadline": 45}, 60, "less than 60 days before"),
    "slow-reimbursement": ({"compensation.reimbursement_days": 20}, 14, "more than 14 days"),
    "claim-burden": ({"compensation.claim_minutes": 20}, 15, "more than 15 minutes"),
    "long-meetings-no-breaks": ({"meetings.length_minutes": 75, "meetings.breaks": False}, 60,
                                "more than 60 minutes"),
    "late-papers": ({"meetings.papers_sent_days_before": 5}, 7, "less than 7 days before"),
}


@pytest.mark.parametrize("rule_id", sorted(THUMB_RULES))
def test_a_plan_can_set_its_own_rule_of_thumb(rule_id):
    rule = audit.get_rule(rule_id)
    changes, own, words = STRICTER[rule_id]
    assert rule_id not in fired(with_changes(changes))
    plan = {**with_changes(changes), "rules_of_thumb": {rule_id: own}}
    assert fired(plan) == {rule_id}
    (finding,) = audit.audit(plan).findings
    unit = rule.rule_of_thumb.unit
    assert words in finding.message
    assert (f"(your team's rule of thumb: {own} {unit}; the course's is "
            f"{rule.rule_of_thumb.amount()})") in finding.message
    assert "the course's rule of thumb" not in finding.message
    # ... and a looser one lets through what the course's would catch.
    fires, _also = FIRES[rule_id]
    looser = 0 if "less than" in words else 10_000
    assert rule_id not in fired({**with_changes(fires), "rules_of_thumb": {rule_id: looser}})


def test_own_rules_of_thumb_only_change_their_own_rule():
    plan = with_changes({"meetings.length_minutes": 120, "meetings.breaks": False,
                         "meetings.papers_sent_days_before": 2})
    own = {**plan, "rules_of_thumb": {"late-papers": 1.5}}
    assert fired(plan) == {"long-meetings-no-breaks", "late-papers"}
    assert fired(own) == {"long-meetings-no-breaks"}
    report = audit.audit(own)
    assert report.findings[0].message == audit.get_rule("long-meetings-no-breaks").message
    one = audit.audit({**plan, "rules_of_thumb": {"late-papers": 3.5}}).findings[1]
    assert "(your team's rule of thumb: 3.5 days; the course's is 3 days)" in one.message
    assert audit.RuleOfThumb(1, "days").amount() == "1 day"


def test_own_rules_of_thumb_round_trip_and_stay_out_of_plans_without_them(tmp_path):
    plan = {**CLEAN, "rules_of_thumb": {"late-invitation": 60, "claim-burden": 12.5}}
    parsed = parse_plan(plan)
    assert parsed.rules_of_thumb == {"late-invitation": 60, "claim-burden": 12.5}
    assert plan_to_dict(parsed)["rules_of_thumb"] == plan["rules_of_thumb"]
    assert parse_plan(plan_to_dict(parsed)) == parsed
    assert "rules_of_thumb" not in plan_to_dict(parse_plan(CLEAN))
    assert parse_plan({**CLEAN, "rules_of_thumb": None}) == parse_plan(CLEAN)
    assert parse_plan({**CLEAN, "rules_of_thumb": {}}) == parse_plan(CLEAN)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    assert load_plan(path) == parsed
    # The example plan shows the section, commented out, so it still uses the course's.
    assert "# rules_of_thumb:" in example_plan_text()
    assert example_plan().rules_of_thumb == {}


BAD_THUMBS = [
    # (the plan's rules_of_thumb, field named, words in the message)
    ({"late-invitaton": 60}, "rules_of_thumb.late-invitaton",
     "unknown rule 'late-invitaton' (did you mean 'late-invitation'?); expected one of the "
     "rules with a rule of thumb: late-invitation, slow-reimbursement, claim-burden, "
     "long-meetings-no-breaks, late-papers"),
    ({"no-partners": 2}, "rules_of_thumb.no-partners",
     "the rule 'no-partners' has no rule of thumb to change"),
    ({"late-papers": -1}, "rules_of_thumb.late-papers",
     "-1 is out of range; expected a number of days, 0 or more (the course's rule of thumb "
     "is 3 days)"),
    ({"claim-burden": "two weeks"}, "rules_of_thumb.claim-burden",
     "expected a number of minutes, 0 or more (the course's rule of thumb is 30 minutes); "
     "got text 'two weeks'"),
    ({"slow-reimbursement": True}, "rules_of_thumb.slow-reimbursement",
     "expected a number of days, 0 or more"),
    ({"slow-reimbursement": math.inf}, "rules_of_thumb.slow-reimbursement",
     "expected a number of days, 0 or more"),
    ({"late-papers": None}, "rules_of_thumb.late-papers", "got nothing"),
    (["late-invitation", 60], "rules_of_thumb",
     "expected rule ids, each with a number, such as 'late-invitation: 60'"),
    (45, "rules_of_thumb", "got the number 45"),
]


@pytest.mark.parametrize("own,path,words", BAD_THUMBS,
                         ids=[f"{p}:{w[:24]}" for _o, p, w in BAD_THUMBS])
def test_bad_rule_of_thumb_is_named_by_field(own, path, words):
    with pytest.raises(PlanError) as info:
        audit.audit({**CLEAN, "rules_of_thumb": own})
    problems = {p.where: p.message for p in info.value.problems}
    assert list(problems) == [path]
    assert words in problems[path]


def test_bad_rules_of_thumb_in_a_file_carry_their_lines_with_other_problems(tmp_path):
    text = yaml.safe_dump(with_changes({"titles": "Dr"}), sort_keys=False) + (
        "rules_of_thumb:\n  late-paper: 5\n  no-credit: 1\n  claim-burden: -10\n"
        "  long-meetings-no-breaks: an hour\n  late-invitation: 45\n")
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    lines = text.splitlines()
    with pytest.raises(PlanError) as info:
        load_plan(path)
    where_line = {p.where: p.line for p in info.value.problems}
    assert where_line == {
        "titles": lines.index("titles: Dr") + 1,
        "rules_of_thumb.late-paper": lines.index("  late-paper: 5") + 1,
        "rules_of_thumb.no-credit": lines.index("  no-credit: 1") + 1,
        "rules_of_thumb.claim-burden": lines.index("  claim-burden: -10") + 1,
        "rules_of_thumb.long-meetings-no-breaks":
            lines.index("  long-meetings-no-breaks: an hour") + 1,
    }
    assert "(did you mean 'late-papers'?)" in str(info.value)
    assert str(info.value).startswith(f"{path}: 5 problems")


def test_rules_file_rule_of_thumb_problems(tmp_path):
    path, lines = _broken_rules(
        tmp_path,
        ("    rule_of_thumb: {value: 30, unit: minutes}",
         "    rule_of_thumb: {value: 30, unit: hours}"),
        ("    rule_of_thumb: {value: 90, unit: minutes}",
         "    rule_of_thumb: {value: -90, unit: minutes, per: meeting}"),
        ("deadline {rule_of_thumb}. That", "deadline. That"),
        ("reach partners {rule_of_thumb}.", "reach partners {rule_of_thumb} {days}."),
        ("      The plan has no patient partners on the team.",
         "      The plan has no patient partners on the team {limit}."),
    )
    with pytest.raises(DataError) as info:
        audit.load_rules(path)
    ids = [r.id for r in audit.RULES]

    def at(rule_id: str) -> str:
        return f"rules[{ids.index(rule_id)}]"

    def line(start: str) -> int:
        return next(n for n, written in enumerate(lines, 1) if written.startswith(start))

    # (a problem with a text names the line of its key: the one above the text)
    expected = [
        (f"{at('claim-burden')}.rule_of_thumb", line("    rule_of_thumb: {value: 30, unit: h"),
         "expected {value: a number, 0 or more, unit: days or minutes}, such as {value: 30, "
         "unit: days}; got value the number 30, unit text 'hours'"),
        (f"{at('long-meetings-no-breaks')}.rule_of_thumb.per",
         line("    rule_of_thumb: {value: -90"), "unknown field"),
        (f"{at('long-meetings-no-breaks')}.rule_of_thumb", line("    rule_of_thumb: {value: -90"),
         "got value the number -90"),
        (f"{at('late-invitation')}.message",
         line("      Partners are invited to the funding") - 1, "expected {rule_of_thumb} once"),
        (f"{at('slow-reimbursement')}.message", line("      Reimbursements usually take") - 1,
         "{days} is not a placeholder here"),
        (f"{at('no-partners')}.message", line("      The plan has no patient partners") - 1,
         "{limit} is not a placeholder here; only a rule with a rule_of_thumb may say"),
    ]
    problems = info.value.problems
    assert len(problems) == len(expected), info.value
    for where, number, words in expected:
        assert any(p.where == where and p.line == number and words in p.message
                   for p in problems), (where, number, words, info.value)


# ---------------------------------------------------------------------------------------
# The old names stay where people's notebooks import them from

OLD_AUDIT_NAMES = [
    "RULES", "SCHEMA", "SEVERITIES", "PENALTIES", "Compensation", "Credit", "Feedback",
    "Field", "Finding", "Meetings", "Plan", "PlanError", "Report", "Rule", "Safety", "Section",
    "Supports", "audit", "bundle_example_plan", "chapter_href", "example_plan",
    "example_plan_text", "fails", "field_paths", "get_field", "get_rule", "load_plan",
    "parse_plan", "plan_from_yaml", "plan_to_dict", "report_dict", "report_html",
    "report_json", "report_markdown", "report_text", "rules_markdown", "schema_markdown",
    "statement_score", "DECISION_ROLES", "STAGES", "LOCATIONS", "TITLES", "EXAMPLE_PLAN_FILE",
    "chapter_link_html",
]


def test_old_audit_names_are_still_importable():
    import pe_course.plan

    for name in OLD_AUDIT_NAMES:
        assert getattr(audit, name) is not None, name
    assert audit.report_markdown is plan_report.report_markdown
    assert audit.parse_plan is pe_course.plan.parse_plan
    assert set(audit.__all__) <= set(dir(audit)) | {"RULES", *audit._RENDERERS}
    namespace: dict = {}
    exec("from pe_course.audit import *", namespace)
    assert {"RULES", "report_html", "PlanError", "audit"} <= set(namespace)
    with pytest.raises(AttributeError):
        audit.no_such_name  # noqa: B018


def test_the_reports_a_team_downloads_use_plain_words_not_rule_or_source_ids():
    report = audit.audit(audit.example_plan())
    assert report.findings
    page = re.sub(r"<[^>]+>", " ", plan_report.report_page(report))  # the words shown
    for text in (plan_report.report_markdown(report), page):
        for f in report.findings:
            assert f.id not in text and f"`{f.source}`" not in text
            assert f.message in text or f.message.replace("'", "&#x27;") in text
        assert "book/" not in text  # no page paths: chapters by number and title
    markdown = plan_report.report_markdown(report)
    first = report.findings[0]
    number = get_statement(first.statement).number
    assert f"(chapter {number} of the course)" in markdown
