"""The engagement plan check-up as a form: the plan's questions, "Check my plan", the
findings with links to the chapters, and the report saved as Markdown.

A thin view over ``pe_course.plan`` and ``pe_course.audit``: the form's questions come
from the plan's schema, and the results from ``pe_course.render.plan_report``. On the
static site the form cannot run; its ``_repr_mimebundle_`` adds a readable ``text/html``
version whose root carries ``data-pe-live="plan-checkup"``, after which the site build
puts a "Try it live" button.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from pe_course.audit import Report, audit
from pe_course.errors import PECourseError, PlanError
from pe_course.plan import (
    BUDGET,
    SCHEMA,
    Field,
    Plan,
    Section,
    example_plan,
    get_field,
    load_plan,
    parse_plan,
    plan_to_dict,
)
from pe_course.render.plan_report import report_html, report_markdown, report_page
from pe_course.widgets.forms import (
    STYLE,
    TYPED,
    WRAP_CSS,
    ToolForm,
    as_text,
    collect,
    message_html,
    problems_html,
    report_downloads_html,
    value_at,
)

DEFAULT_REPORT_NAME = "engagement-plan-report.md"


def _control_for(spec: Field) -> w.Widget:
    common = {"description": spec.question, "style": STYLE,
              "layout": w.Layout(width="auto", max_width="48rem")}
    if spec.kind == "bool":
        return w.Checkbox(value=False, indent=False, **common)
    if spec.kind == "choice":
        return w.Dropdown(options=[(label, value) for value, label in spec.choices], **common)
    if spec.optional:  # blank means "not given"; anything else is validated by the core
        return w.Text(value="", placeholder="leave blank if it does not apply", **TYPED,
                      **common)
    if spec.kind == "int":
        return w.BoundedIntText(value=max(spec.minimum or 0, 0), min=spec.minimum or 0,
                                max=100_000, **common)
    return w.Text(value="", **TYPED, **common)


def _form_value(spec: Field, control: w.Widget) -> Any:
    value = control.value
    if not (spec.optional and spec.kind in ("int", "number")):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text  # the core names the field and says what was expected
    if spec.kind == "int" and number.is_integer():
        return int(number)
    return number if spec.kind == "number" else text


def _heading(text: str) -> w.HTML:
    return w.HTML(f'<h4 class="pe-group">{escape(text)}</h4>')


class PlanCheckup(ToolForm):
    """A form for an engagement plan, a "Check my plan" button, findings and a saved report."""

    default_name = DEFAULT_REPORT_NAME
    mime = "text/markdown"
    saved_action = "Saved the report to"
    plain_title = "Engagement plan check-up (interactive form)"

    def __init__(self, plan: Plan | Mapping[str, Any] | None = None, *,
                 chapter_base: str = "../", linked: Collection[str] | None = None):
        self.controls: dict[str, w.Widget] = {}
        self.report: Report | None = None
        about: list[w.Widget] = [_heading("About the project")]
        groups: list[w.Widget] = []
        for entry in SCHEMA:
            if isinstance(entry, Section):
                box = [_heading(entry.title)]
                for spec in entry.fields:
                    box.append(self._add_control(f"{entry.name}.{spec.name}", spec))
                groups.append(w.VBox(box))
            elif entry.name == "titles":  # a question about how people address each other
                groups.append(w.VBox([_heading("Titles"), self._add_control("titles", entry)]))
            else:
                about.append(self._add_control(entry.name, entry))
        intro = w.HTML(WRAP_CSS + (
            "<p>Answer for your project as it is planned today. The questions relate to "
            "problems that patient partners describe; the numbers in the findings are the "
            "course's rules of thumb. Then press <strong>Check my plan</strong>.</p>"))
        self.check_button = w.Button(description="Check my plan", button_style="primary",
                                     tooltip="Check the plan above against the course's rules")
        self.check_button.on_click(lambda _b: self.check())
        super().__init__([intro, w.VBox(about), *groups], self.check_button,
                         file_label="Save the report as:", save_label="Save report",
                         save_tooltip="Save the report as a Markdown file",
                         css_class="pe-plan-checkup", chapter_base=chapter_base, linked=linked)
        if plan is not None:
            self.set_plan(plan)

    def _add_control(self, path: str, spec: Field) -> w.Widget:
        self.controls[path] = _control_for(spec)
        return self.controls[path]

    # -- data in and out --------------------------------------------------------------

    def set_plan(self, plan: Plan | Mapping[str, Any]) -> None:
        """Fill the form from a plan (validated first)."""
        data = plan_to_dict(parse_plan(plan))
        self._kept = {k: data[k] for k in (BUDGET,) if k in data}  # not asked here; kept
        for path, control in self.controls.items():
            value = value_at(data, path)
            control.value = as_text(value) if get_field(path).optional else value

    def form_data(self) -> dict[str, Any]:
        """The form's answers in the plan's layout (what a YAML plan would hold), with the
        sections the form does not ask about (``budget:``) as they were loaded."""
        return collect({path: _form_value(get_field(path), control)
                        for path, control in self.controls.items()},
                       getattr(self, "_kept", {}))

    # -- actions ----------------------------------------------------------------------

    def check(self) -> Report | None:
        """Validate the form, audit it and show the findings (or what to fix)."""
        self.message.value = ""
        self.save_status.value = ""
        self.report = None
        self.results.value = ""
        try:
            self.report = audit(parse_plan(self.form_data(), "your plan"))
            self.results.value = (
                '<div role="status" aria-live="polite">'
                + report_html(self.report, chapter_base=self.chapter_base, linked=self.linked)
                + report_downloads_html("engagement-plan-report", {
                    "md": report_markdown(self.report), "html": report_page(self.report)})
                + "</div>")
        except PlanError as exc:
            self.message.value = _plan_error_html(exc)
        except Exception as exc:  # noqa: BLE001 - a message, never a traceback
            self._show_error(str(exc) if isinstance(exc, PECourseError)
                             else f"Something went wrong ({type(exc).__name__}: {exc}).")
        return self.report

    def saved_text(self) -> str:
        """The Markdown report of the plan in the form, checked again first."""
        report = self.check()
        if report is None:  # check() has already said what to fix, above the results
            raise PECourseError("The report was not saved: fix the plan first (see the "
                                "message above).")
        return report_markdown(report)

    # -- static site ------------------------------------------------------------------

    def static_html(self) -> str:
        return plan_checkup_static_html(self.chapter_base)


def _plan_error_html(exc: PlanError) -> str:
    """Each problem with the form's own question, so no one needs the YAML names."""
    return problems_html(exc.problems, lambda path: get_field(path).question,
                         "the plan can be checked")


def plan_checkup_static_html(chapter_base: str = "../") -> str:
    """What the static site shows: how the form works, and the example plan's findings."""
    try:
        example = report_html(audit(example_plan()), chapter_base=chapter_base)
    except PECourseError as exc:
        example = message_html(str(exc), error=True)
    groups = ", ".join(["About the project"] + [e.title for e in SCHEMA
                                                if isinstance(e, Section)] + ["Titles"])
    return ('<div class="pe-tool-static pe-plan-checkup" data-pe-live="plan-checkup">'
            "<p><strong>The interactive form runs in Jupyter, or in your browser with "
            "<em>Try it live</em> below</strong>; the <code>pe-course audit</code> command "
            "gives the same results. "
            "The form asks the questions in the table of plan fields on this page, in "
            f"groups: {escape(groups)}. <em>Check my plan</em> lists the findings with a "
            "link to the chapter that teaches each, and <em>Save report</em> keeps them "
            "as a Markdown file. This is what it shows for the example plan:</p>"
            + example + "</div>")


def plan_checkup(plan: Plan | Mapping[str, Any] | str | Path | None = None, *,
                 chapter_base: str = "../",
                 linked: Collection[str] | None = None) -> PlanCheckup:
    """The plan check-up form, filled in with the example plan (or ``plan``: data or a path).

    ``chapter_base`` is the relative URL from where the form is shown to the book's root;
    ``linked``, the statement ids whose chapter may be linked (default: all; the site
    build turns links to chapters the book does not have into plain text).
    Never raises for a bad plan: the form then opens empty with the message shown.
    """
    try:
        if isinstance(plan, str | Path):
            plan = load_plan(plan)
        return PlanCheckup(example_plan() if plan is None else plan,
                           chapter_base=chapter_base, linked=linked)
    except PECourseError as exc:
        widget = PlanCheckup(chapter_base=chapter_base, linked=linked)
        widget._show_error(str(exc))
        return widget


__all__ = ["DEFAULT_REPORT_NAME", "PlanCheckup", "plan_checkup", "plan_checkup_static_html"]
