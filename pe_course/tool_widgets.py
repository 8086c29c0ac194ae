"""Where the team tools' widgets used to live; kept so that older notebooks still run.

The forms are now ``pe_course.widgets.plan_form`` and
``pe_course.widgets.assessment_form`` (on a shared base, ``pe_course.widgets.forms``),
and what they show is ``pe_course.render``. New code imports from ``pe_course.widgets``.
"""

from pe_course.render.profile import profile_table_html, svg_chart_html
from pe_course.widgets.assessment_form import (
    DEFAULT_ANSWERS_NAME,
    NOT_ANSWERED,
    SelfAssessment,
    self_assessment,
    self_assessment_static_html,
)
from pe_course.widgets.forms import download_link_html, in_browser, write_text_atomic
from pe_course.widgets.plan_form import (
    DEFAULT_REPORT_NAME,
    PlanCheckup,
    plan_checkup,
    plan_checkup_static_html,
)

__all__ = ["DEFAULT_ANSWERS_NAME", "DEFAULT_REPORT_NAME", "NOT_ANSWERED", "PlanCheckup",
           "SelfAssessment", "download_link_html", "in_browser", "plan_checkup",
           "plan_checkup_static_html", "profile_table_html", "self_assessment",
           "self_assessment_static_html", "svg_chart_html", "write_text_atomic"]
