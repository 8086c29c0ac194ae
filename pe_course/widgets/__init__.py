"""The widgets: thin ipywidgets views over the package's pure functions.

- ``play(scenario_id)``: the scenario player (``player``);
- ``plan_checkup()``: the engagement plan check-up form (``plan_checkup``);
- ``self_assessment()``: the self-assessment questionnaire (``self_assessment``).

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
    "PlanCheckup": "plan_checkup", "plan_checkup": "plan_checkup",
    "plan_checkup_static_html": "plan_checkup",
    "SelfAssessment": "self_assessment", "self_assessment": "self_assessment",
    "self_assessment_static_html": "self_assessment",
}

__all__ = ["ScenarioPlayer", "play", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    # The tool forms load their data on first use, not when a chapter imports ``play``.
    if name in _LAZY:
        return getattr(import_module(f"pe_course.widgets.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'pe_course.widgets' has no attribute {name!r}")
