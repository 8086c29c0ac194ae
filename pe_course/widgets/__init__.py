"""The widgets: thin ipywidgets views over the package's pure functions.

- ``play(scenario_id)``: the scenario player (``player``);
- ``plan_checkup()``: the engagement plan check-up form (``plan_form``);
- ``self_assessment()``: the self-assessment questionnaire (``assessment_form``);
- ``quiz(name)``: a set of short situations to answer, from a knowledge-check file
  (``checks_quiz``), as an exercise uses it;
- ``support_budget_form()``: the support budget (``budget_form``);
- ``meeting_plan_form()``: the trauma-informed meeting plan (``meeting_form``);
- ``journal(question)``: the private reflection journal, saved to a file (``journal_form``);
- ``action_plan_form()``: the team action plan (``action_form``);
- ``team_profile_form()``: the team profile from several people's answer files
  (``team_form``).

(The modules are not named after the functions: importing a submodule sets its name on
the package, and ``from pe_course.widgets import plan_checkup`` would then give the
module instead of the function.)

They decide nothing themselves: they collect answers, call the core, and show what it
returns through ``pe_course.render``. In Jupyter (and in the in-browser JupyterLite) each
is a live widget; each one's ``_repr_mimebundle_`` also carries a readable ``text/html``
version, which is what the static site shows. The forms share their file saving and
error display (``forms``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from pe_course.widgets.player import ScenarioPlayer, play

_LAZY = {
    "PlanCheckup": "plan_form", "plan_checkup": "plan_form",
    "plan_checkup_static_html": "plan_form",
    "SelfAssessment": "assessment_form", "self_assessment": "assessment_form",
    "self_assessment_static_html": "assessment_form",
    "CheckQuiz": "checks_quiz", "quiz": "checks_quiz",
    "SupportBudgetForm": "budget_form", "support_budget_form": "budget_form",
    "MeetingPlanForm": "meeting_form", "meeting_plan_form": "meeting_form",
    "JournalForm": "journal_form", "journal": "journal_form",
    "ActionPlanForm": "action_form", "action_plan_form": "action_form",
    "action_plan_static_html": "action_form",
    "TeamProfileForm": "team_form", "team_profile_form": "team_form",
}

__all__ = ["ScenarioPlayer", "play", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    # The tool forms load their data on first use, not when a chapter imports ``play``.
    if name in _LAZY:
        return getattr(import_module(f"pe_course.widgets.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'pe_course.widgets' has no attribute {name!r}")
