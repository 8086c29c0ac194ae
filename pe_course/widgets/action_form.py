"""The team action plan as a form: for each problem statement, what the team will start,
stop and keep doing, an owner, a date and how partners will be involved in checking it;
"Make the action plan"; and the plan kept as CSV, with downloads as Markdown, CSV and a
printable page.

A thin view over ``pe_course.action_plan`` (checking, reading files), ``action_draft``
(a first draft from the plan check-up and the self-assessment) and
``pe_course.render.action_plan``. Every box has a visible label carrying its problem
statement's number; a problem (a date that is not YYYY-MM-DD) is named in the form with
that label, and nothing typed is lost. A plan file (CSV or Markdown) can be loaded from
the learner's own device: nothing is sent anywhere.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from pe_course.action_plan import (
    FIELDS,
    LABELS,
    MAX_TEXT,
    ONE_LINE,
    ActionPlan,
    parse_action_plan,
    parse_csv,
    parse_markdown,
    read_action_plan,
)
from pe_course.errors import ActionPlanError, PECourseError
from pe_course.render.action_plan import (
    INTRO,
    action_plan_csv,
    action_plan_html,
    action_plan_markdown,
    action_plan_page,
)
from pe_course.statements import STATEMENTS
from pe_course.widgets.forms import (
    STYLE,
    TYPED,
    WRAP_CSS,
    ToolForm,
    message_html,
    problems_html,
    report_downloads_html,
    uploaded_files,
)

DEFAULT_NAME = "action-plan.csv"
_WIDE = {"width": "auto", "max_width": "48rem"}


class ActionPlanForm(ToolForm):
    """A group of boxes per problem statement, "Make the action plan", and the plan."""

    default_name = DEFAULT_NAME
    mime = "text/csv"
    saved_action = "Saved the action plan to"
    plain_title = "Team action plan (interactive form)"
    made_noun = "plan"

    def __init__(self, plan: ActionPlan | None = None):
        self.plan: ActionPlan | None = None
        self.controls: dict[str, dict[str, w.Widget]] = {}
        self.upload = w.FileUpload(accept=".csv,.md,.markdown", multiple=False,
                                   description="Load a plan (CSV or Markdown)")
        self.upload.observe(lambda _change: self.load_upload(), names="value")
        parts: list[w.Widget] = [w.HTML(WRAP_CSS + (
            f"<p>{escape(INTRO)} Write the date as YYYY-MM-DD. Press <strong>Make the "
            "action plan</strong> to see it whole and what is still to decide. Nothing is "
            "sent anywhere.</p>")), self.upload]
        for statement in STATEMENTS:
            parts.append(w.HTML(f'<h4 class="pe-group">{statement.number}. '
                                f"{escape(statement.title)}</h4>"))
            boxes = {}
            for field in FIELDS:
                label = f"{LABELS[field]} ({statement.number})"
                if field in ONE_LINE:
                    boxes[field] = w.Text(
                        value="", description=label, **TYPED, style=STYLE,
                        placeholder="YYYY-MM-DD" if field == "date" else "Who will see to it?",
                        layout=w.Layout(width="auto", max_width="32rem"))
                else:
                    boxes[field] = w.Textarea(value="", description=label, **TYPED,
                                              style=STYLE, rows=3, layout=w.Layout(**_WIDE))
            self.controls[statement.id] = boxes
            parts += list(boxes.values())
        self.make_button = w.Button(description="Make the action plan", button_style="primary",
                                    tooltip="Check the answers and show the action plan")
        self.make_button.on_click(lambda _b: self.make())
        super().__init__(parts, self.make_button, file_label="Save the plan as:",
                         save_label="Save plan", save_tooltip="Save the plan as a CSV file",
                         css_class="pe-action-plan-form")
        if plan is not None:
            self.set_plan(plan)

    def set_plan(self, plan: ActionPlan) -> None:
        """Fill the boxes from a plan."""
        for line in plan.lines:
            for field, value in line.values().items():
                self.controls[line.statement][field].value = value

    def form_data(self) -> dict[str, dict[str, str]]:
        """The boxes' text by statement id and field (what ``parse_action_plan`` reads)."""
        return {sid: {f: box.value for f, box in boxes.items()}
                for sid, boxes in self.controls.items()}

    def label_of(self, path: str) -> str:
        """The label the learner sees for ``check_mark.date``; KeyError for any other."""
        sid, _, field = path.partition(".")
        box = self.controls[sid][field]
        title = next(s.title for s in STATEMENTS if s.id == sid)
        return f"{title}: {box.description}"

    def load_upload(self) -> ActionPlan | None:
        """Fill the form from the uploaded file; a bad file is named, the form kept."""
        self.message.value = ""
        try:
            files = uploaded_files(self.upload.value)
            if not files:
                return None
            name, text = files[0]
            parse = parse_markdown if name.lower().endswith((".md", ".markdown")) else parse_csv
            plan = parse(text, name)
        except PECourseError as exc:
            self._show_error(f"{exc}\n\nThe form was not changed.")
            return None
        self.set_plan(plan)
        self.message.value = message_html(f"Loaded {name}.")
        return plan

    def make(self) -> ActionPlan | None:
        """Check the answers and show the plan, what is still to decide, and downloads."""
        self.message.value = self.save_status.value = self.results.value = ""
        self.plan = None
        try:
            self.plan = parse_action_plan(self.form_data(), "your action plan")
        except ActionPlanError as exc:
            self.message.value = problems_html(exc.problems, self.label_of,
                                               "the action plan can be made")
            return None
        self.results.value = ('<div role="status" aria-live="polite">'
                              + action_plan_html(self.plan)
                              + report_downloads_html("action-plan", {
                                  "md": action_plan_markdown(self.plan),
                                  "csv": action_plan_csv(self.plan),
                                  "html": action_plan_page(self.plan)}) + "</div>")
        return self.plan

    def saved_text(self) -> str:
        return action_plan_csv(self.made(self.make()))

    def static_html(self) -> str:
        return action_plan_static_html()


def action_plan_static_html() -> str:
    """Where the form cannot run: what it asks for each problem statement, and how to
    make the same plan with a spreadsheet and ``pe-course action-plan``."""
    asks = "".join(f"<li>{escape(LABELS[f])}</li>" for f in FIELDS)
    statements = "".join(f"<li>{escape(s.title)}</li>" for s in STATEMENTS)
    return ('<div class="pe-tool-static pe-action-plan-form" data-pe-live="action-plan">'
            "<p><strong>The action plan form runs in Jupyter or in your browser.</strong> "
            f"For each of the four problem statements it asks (up to {MAX_TEXT} characters "
            f"each):</p><ul>{asks}</ul>"
            f"<p>The four problem statements:</p><ol>{statements}</ol><p>The date is written "
            "as YYYY-MM-DD. <em>Make the action plan</em> shows the whole plan and what is "
            "still to decide (an owner, a date, how partners will check it); the plan "
            "downloads as Markdown, as CSV for a spreadsheet, or as a page to print. Without "
            "the form, write the same columns in a spreadsheet and check the file with "
            "<code>pe-course action-plan check</code>; <code>pe-course action-plan draft"
            "</code> starts one from your plan check-up and self-assessment.</p></div>")


def action_plan_form(plan: ActionPlan | str | Path | None = None, *,
                     engagement_plan: Any = None, answers: str | Path | None = None
                     ) -> ActionPlanForm:
    """The action plan form: blank, or filled in from ``plan`` (a plan or a CSV/Markdown
    file), or drafted from ``engagement_plan`` (a plan check-up's plan: data or a file)
    and ``answers`` (a team's self-assessment answers file). Never raises for bad input:
    the form then opens blank with the message shown."""
    try:
        if isinstance(plan, str | Path):
            plan = read_action_plan(plan)
        if plan is None and (engagement_plan is not None or answers is not None):
            plan = _draft(engagement_plan, answers)
        return ActionPlanForm(plan)
    except PECourseError as exc:
        form = ActionPlanForm()
        form._show_error(str(exc))
        return form


def _draft(engagement_plan: Any, answers: str | Path | None) -> ActionPlan:
    from pe_course.action_draft import draft_action_plan
    from pe_course.assessment import read_answers, team_profile
    from pe_course.audit import audit, load_plan

    report = profile = None
    if engagement_plan is not None:
        report = audit(load_plan(engagement_plan) if isinstance(engagement_plan, str | Path)
                       else engagement_plan)
    if answers is not None:
        profile = team_profile(read_answers(answers))
    return draft_action_plan(report, profile)


__all__ = ["DEFAULT_NAME", "ActionPlanForm", "action_plan_form", "action_plan_static_html"]
