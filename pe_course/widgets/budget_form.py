"""The support budget as a form: the team's numbers in, each line explained out, and the
budget kept as CSV and Markdown.

A thin view over ``pe_course.budget`` (the same inputs and sums as ``pe-course budget``)
and ``pe_course.render.budget``. The questions are the plan's own (``PLAN_FIELDS``) and
its ``budget:`` section's. Numbers are typed into labelled text boxes; anything that is
not a number is named in the message, with its question, and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from pe_course.budget import (
    BUDGET_SECTION,
    PLAN_FIELDS,
    SupportBudget,
    field_of,
    parse_budget_inputs,
    question_of,
    support_budget,
)
from pe_course.errors import PECourseError, PlanError
from pe_course.plan import BUDGET, Field, example_plan, plan_to_dict
from pe_course.render.budget import budget_csv, budget_html, budget_markdown
from pe_course.widgets.forms import (
    STYLE,
    TYPED,
    WRAP_CSS,
    ToolForm,
    as_text,
    collect,
    download_link_html,
    message_html,
    problems_html,
    value_at,
)

DEFAULT_NAME = "support-budget.md"


def _control(spec: Field, question: str) -> w.Widget:
    common = {"description": question, "style": STYLE,
              "layout": w.Layout(width="auto", max_width="48rem")}
    if spec.kind == "bool":
        return w.Checkbox(value=False, indent=False, **common)
    return w.Text(value="", **TYPED, **common)


def _value(spec: Field, control: w.Widget) -> Any:
    """What the learner typed, as the core expects it: numbers as numbers, blank as not
    given, anything else as the text itself (the core then says what was expected)."""
    value = control.value
    if spec.kind not in ("int", "number"):
        return value.strip() if isinstance(value, str) else value
    text = str(value).strip().replace(",", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return str(value).strip()
    if spec.kind == "int":
        return int(number) if number.is_integer() else number
    return number


class SupportBudgetForm(ToolForm):
    """The budget's questions, "Make the budget", each line explained, CSV and Markdown."""

    default_name = DEFAULT_NAME
    mime = "text/markdown"
    saved_action = "Saved the budget to"
    plain_title = "Support budget (interactive form)"
    made_noun = "budget"

    def __init__(self, data: Mapping[str, Any] | None = None):
        self.budget: SupportBudget | None = None
        self.controls: dict[str, w.Widget] = {}
        paths = [*PLAN_FIELDS, *(f"{BUDGET}.{f.name}" for f in BUDGET_SECTION.fields)]
        for path in paths:
            self.controls[path] = _control(field_of(path), question_of(path))
        intro = w.HTML(WRAP_CSS + (
            "<p>Type your project's numbers: how many partners, how often you meet, and the "
            "rates and amounts <strong>your team</strong> uses (the course gives none). "
            "Then press <strong>Make the budget</strong>. Nothing is sent anywhere.</p>"))
        self.make_button = w.Button(description="Make the budget", button_style="primary",
                                    tooltip="Work out the support budget from your numbers")
        self.make_button.on_click(lambda _b: self.make())
        groups = [w.HTML('<h4 class="pe-group">Your project</h4>'),
                  *(self.controls[p] for p in PLAN_FIELDS),
                  w.HTML('<h4 class="pe-group">Meetings, time and costs</h4>'),
                  *(self.controls[p] for p in paths[len(PLAN_FIELDS):])]
        super().__init__([intro, *groups], self.make_button,
                         file_label="Save the budget as:", save_label="Save budget",
                         save_tooltip="Save the budget as a Markdown file",
                         css_class="pe-support-budget")
        if data is not None:
            self.set_data(data)

    def set_data(self, data: Mapping[str, Any]) -> None:
        """Fill the form from data in the plan's layout (a plan, or a budget file)."""
        for path, control in self.controls.items():
            value = value_at(data, path)
            control.value = bool(value) if isinstance(control, w.Checkbox) else as_text(value)

    def form_data(self) -> dict[str, Any]:
        """The form's answers in the plan's layout (what a budget file would hold)."""
        return collect({path: _value(field_of(path), control)
                        for path, control in self.controls.items()})

    def make(self) -> SupportBudget | None:
        """Check the answers and show the budget (or, for each bad answer, what to fix)."""
        self.message.value = self.save_status.value = self.results.value = ""
        self.budget = None
        try:
            self.budget = support_budget(parse_budget_inputs(self.form_data()))
        except PlanError as exc:
            self.message.value = _problems_html(exc)
            return None
        except Exception as exc:  # noqa: BLE001 - a message, never a traceback
            self._show_error(str(exc) if isinstance(exc, PECourseError)
                             else f"Something went wrong ({type(exc).__name__}: {exc}).")
            return None
        csv_link = download_link_html("support-budget.csv", budget_csv(self.budget),
                                      "text/csv", "Download as CSV (for a spreadsheet)")
        md_link = download_link_html("support-budget.md", budget_markdown(self.budget),
                                     "text/markdown", "Download as Markdown")
        self.results.value = ('<div role="status" aria-live="polite">'
                              + budget_html(self.budget)
                              + f"<p>{csv_link} · {md_link}</p></div>")
        return self.budget

    def saved_text(self) -> str:
        return budget_markdown(self.made(self.make()))

    def static_html(self) -> str:
        return support_budget_static_html()


def _problems_html(exc: PlanError) -> str:
    return problems_html(exc.problems, question_of, "the budget can be made")


def support_budget_static_html() -> str:
    """Where the form cannot run: what it asks, and the example plan's budget."""
    try:
        example = budget_html(support_budget(example_plan()))
    except PECourseError as exc:
        example = message_html(str(exc), error=True)
    return ('<div class="pe-tool-static pe-support-budget"><p><strong>The support budget '
            "form runs in Jupyter or in your browser</strong>; the <code>pe-course "
            "budget</code> command gives the same results. It asks for your project's "
            "numbers and rates and explains each line. This is the budget of the example "
            "plan, whose numbers are only an example:</p>" + example + "</div>")


def support_budget_form(data: Mapping[str, Any] | None = None) -> SupportBudgetForm:
    """The budget form, filled in with the example plan's numbers (or ``data``)."""
    return SupportBudgetForm(plan_to_dict(example_plan()) if data is None else data)


__all__ = ["DEFAULT_NAME", "SupportBudgetForm", "support_budget_form",
           "support_budget_static_html"]
