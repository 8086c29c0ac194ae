"""The trauma-informed meeting plan as a form: the meeting's facts, a checklist by phase,
"Make my plan", what has nothing planned yet, and the plan kept as Markdown.

A thin view over ``pe_course.meeting_plan`` (the checklist, parsing, the gaps) and
``pe_course.render.meeting_plan``. Each practice is a labelled checkbox, with its
principle's name in the label, followed by a labelled "Who / how" box; they share a
number, so a screen reader user hears which box belongs to which practice. A problem
(a missing title, a note that is too long) is named in the message with the label the
learner sees, and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from pe_course.errors import MeetingPlanError, PECourseError
from pe_course.meeting_plan import (
    FIELDS,
    MAX_NOTE,
    PHASE_TITLES,
    PHASES,
    PRACTICES,
    MeetingPlan,
    load_checklist,
    parse_meeting_plan,
)
from pe_course.render.meeting_plan import (
    checklist_html,
    meeting_plan_html,
    meeting_plan_markdown,
)
from pe_course.widgets.forms import (
    STYLE,
    TYPED,
    WRAP_CSS,
    ToolForm,
    as_text,
    download_link_html,
    message_html,
    problems_html,
)

DEFAULT_NAME = "meeting-plan.md"
_WIDE = {"width": "auto", "max_width": "48rem"}


def _heading(text: str) -> w.HTML:
    return w.HTML(f'<h4 class="pe-group">{text}</h4>')


class MeetingPlanForm(ToolForm):
    """The meeting's facts, the checklist by phase, "Make my plan", and the plan as
    Markdown."""

    default_name = DEFAULT_NAME
    mime = "text/markdown"
    saved_action = "Saved the plan to"
    plain_title = "Trauma-informed meeting plan (interactive form)"
    made_noun = "plan"

    def __init__(self, data: Mapping[str, Any] | None = None):
        self.plan: MeetingPlan | None = None
        self.checklist = load_checklist()
        self.fields = {key: w.Text(value="", description=label, **TYPED, style=STYLE,
                                   layout=w.Layout(**_WIDE))
                       for key, label in FIELDS.items()}
        self.planned: dict[str, w.Checkbox] = {}
        self.notes: dict[str, w.Text] = {}
        intro = w.HTML(WRAP_CSS + (
            "<p>Pick one real meeting. Type what you know about it. Then tick what your "
            "team will do before, during and after it, and say who will do it and how. "
            "Press <strong>Make my plan</strong> to see what has nothing planned yet. "
            "Nothing is sent anywhere.</p>"))
        parts = [intro, _heading("About the meeting"), *self.fields.values()]
        number = 0
        for phase in PHASES:
            parts.append(_heading(PHASE_TITLES[phase]))
            for practice in self.checklist.in_phase(phase):
                number += 1
                principle = self.checklist.principle(practice.principle).name
                self.planned[practice.id] = w.Checkbox(
                    value=False, indent=False, style=STYLE, layout=w.Layout(**_WIDE),
                    description=f"{number}. {principle}: {practice.text}")
                self.notes[practice.id] = w.Text(
                    value="", description=f"Who / how ({number})", **TYPED, style=STYLE,
                    placeholder="Who will do it, and how?",
                    layout=w.Layout(width="auto", max_width="40rem",
                                    margin="0 0 0.8em 1.5em"))
                parts += [self.planned[practice.id], self.notes[practice.id]]
        self.make_button = w.Button(description="Make my plan", button_style="primary",
                                    tooltip="Make your meeting plan from your answers")
        self.make_button.on_click(lambda _b: self.make())
        super().__init__(parts, self.make_button, file_label="Save the plan as:",
                         save_label="Save plan", save_tooltip="Save the plan as a Markdown file",
                         css_class="pe-meeting-plan-form")
        if data is not None:
            self.set_data(data)

    def set_data(self, data: Mapping[str, Any]) -> None:
        """Fill the form from plan data (``FIELDS`` and ``practices``); what does not fit
        a box is left out."""
        for key, control in self.fields.items():
            control.value = as_text(data.get(key))
        chosen = data.get(PRACTICES)
        for practice_id, value in (chosen.items() if isinstance(chosen, Mapping) else ()):
            if practice_id not in self.planned:
                continue
            answer = value if isinstance(value, Mapping) else {"planned": value}
            self.planned[practice_id].value = answer.get("planned") is True
            self.notes[practice_id].value = as_text(answer.get("note"))

    def form_data(self) -> dict[str, Any]:
        """The form's answers as plan data (what a meeting plan file would hold)."""
        return {**{key: control.value for key, control in self.fields.items()},
                PRACTICES: {practice_id: {"planned": box.value,
                                          "note": self.notes[practice_id].value}
                            for practice_id, box in self.planned.items()}}

    def label_of(self, path: str) -> str:
        """The label the learner sees for a field path; KeyError for any other path."""
        if path in FIELDS:
            return FIELDS[path]
        head, _, rest = path.partition(".")
        practice_id, _, part = rest.partition(".")
        controls = {"note": self.notes, "planned": self.planned}.get(part)
        if head != PRACTICES or controls is None or practice_id not in controls:
            raise KeyError(path)
        return controls[practice_id].description

    def make(self) -> MeetingPlan | None:
        """Check the answers and show the plan and its gaps (or what to fix)."""
        self.message.value = self.save_status.value = self.results.value = ""
        self.plan = None
        try:
            self.plan = parse_meeting_plan(self.form_data(), "your meeting plan",
                                           self.checklist)
        except MeetingPlanError as exc:
            self.message.value = problems_html(exc.problems, self.label_of,
                                               "your plan can be made")
            return None
        except Exception as exc:  # noqa: BLE001 - a message, never a traceback
            self._show_error(str(exc) if isinstance(exc, PECourseError)
                             else f"Something went wrong ({type(exc).__name__}: {exc}).")
            return None
        link = download_link_html(DEFAULT_NAME, meeting_plan_markdown(self.plan),
                                  "text/markdown", "Download as Markdown")
        self.results.value = ('<div role="status" aria-live="polite">'
                              + meeting_plan_html(self.plan) + f"<p>{link}</p></div>")
        return self.plan

    def saved_text(self) -> str:
        return meeting_plan_markdown(self.made(self.make()))

    def static_html(self) -> str:
        return meeting_plan_static_html()


def meeting_plan_static_html() -> str:
    """Where the form cannot run: what it asks, and the whole checklist to read."""
    try:
        checklist = checklist_html(heading_level=4)
    except PECourseError as exc:
        checklist = message_html(str(exc), error=True)
    return ('<div class="pe-tool-static pe-meeting-plan-form"><p><strong>The meeting plan '
            "form runs in Jupyter or in your browser.</strong> It asks for the meeting's "
            "title, date and place, and who people can call if they need support. Then, "
            "for each practice below, you tick if your team will do it, and say who will "
            f"do it and how (up to {MAX_NOTE} characters). <em>Make my plan</em> shows "
            "what has nothing planned yet. <em>Save plan</em> keeps the plan as a "
            "Markdown file to share with your team and the partners. These are the "
            "practices, by principle:</p>" + checklist + "</div>")


def meeting_plan_form(data: Mapping[str, Any] | None = None) -> MeetingPlanForm:
    """The meeting plan form, blank (or filled in from ``data``)."""
    return MeetingPlanForm(data)


__all__ = ["DEFAULT_NAME", "MeetingPlanForm", "meeting_plan_form", "meeting_plan_static_html"]
