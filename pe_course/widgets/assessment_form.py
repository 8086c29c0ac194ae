"""The team self-assessment as a form, for one person at a time: every item as a drop-down
list, then their profile (a chart, a table and the chapter to read first), and their
answers saved as CSV rows for the team file.

A thin view over ``pe_course.assessment``; what it shows comes from
``pe_course.render.profile``. The static site shows the items as a table, in an element
carrying ``data-pe-live="self-assessment"`` (the site build adds "Try it live" after it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from html import escape
from pathlib import Path

import ipywidgets as w

from pe_course.assessment import (
    ROLES,
    SCALE,
    Item,
    answers_csv,
    load_items,
    lowest_statement,
    respondent_scores,
)
from pe_course.errors import PECourseError
from pe_course.render.links import chapter_link_html
from pe_course.render.profile import chart_html, profile_table_html
from pe_course.statements import STATEMENTS, get_statement
from pe_course.widgets.forms import STYLE, TYPED, WRAP_CSS, ToolForm, message_html, safely

DEFAULT_ANSWERS_NAME = "my-self-assessment.csv"
NOT_ANSWERED = "(not answered yet)"


class SelfAssessment(ToolForm):
    """The questionnaire for one person, then their profile and the chapter to read first."""

    default_name = DEFAULT_ANSWERS_NAME
    mime = "text/csv"
    saved_action = "Saved your answers to"
    plain_title = "Team self-assessment questionnaire (interactive)"

    def __init__(self, items: tuple[Item, ...] | None = None, *,
                 chapter_base: str = "../", linked: Collection[str] | None = None):
        self.items = load_items() if items is None else items
        self.scores: dict[str, float] | None = None
        # A drop-down list per item, not radio buttons: ipywidgets' radio buttons carry no
        # group name, so each option is its own Tab stop and the arrow keys walk on into
        # the next item, changing its answer unseen. A <select> is one Tab stop, named by
        # its label (the item), and the arrow keys change only its own answer.
        self.controls: dict[str, w.Dropdown] = {}
        # "Not answered yet" is a real first option: a list showing "1 never" for an item
        # nobody has answered would look answered, and choosing it would change nothing.
        options = [(NOT_ANSWERED, None)] + [(f"{n} {word}", n)
                                            for n, word in enumerate(SCALE, 1)]
        parts: list[w.Widget] = [w.HTML(WRAP_CSS + (
            "<p>How often does each of these happen in your team? There are no right "
            "answers to hide behind: answer for what happens, not what should. Your answers "
            "stay on this device.</p>"))]
        number = 0
        for statement in STATEMENTS:
            parts.append(w.HTML(f'<h4 class="pe-group">{statement.number}. '
                                f"{escape(statement.title)}</h4>"))
            for item in (i for i in self.items if i.statement == statement.id):
                number += 1
                control = w.Dropdown(
                    options=options, value=None, description=f"{number}. {item.text}",
                    style=STYLE,
                    layout=w.Layout(width="auto", max_width="48rem", display="flex",
                                    flex_flow="column", align_items="flex-start"))
                control.add_class("pe-item")
                self.controls[item.id] = control
                parts.append(control)
        self.show_button = w.Button(description="Show my profile", button_style="primary",
                                    tooltip="Show your profile by problem statement")
        self.show_button.on_click(lambda _b: self.show_profile())
        self.respondent = w.Text(value="", **TYPED, description="Your code for the team file "
                                 "(e.g. r1):", style=STYLE,
                                 layout=w.Layout(width="auto", max_width="32rem"))
        # Optional: the team profile then shows the partners' view beside everyone else's.
        self.role = w.Dropdown(options=[("prefer not to say", None)]
                               + [(role, role) for role in ROLES], value=None,
                               description="Your role in the team (optional):", style=STYLE,
                               layout=w.Layout(width="auto", max_width="32rem"))
        how_to_join = w.HTML("<p>To build a team profile, each person saves their answers and "
                             "one person joins the files (one header line) for "
                             "<code>pe-course assess</code>. Saying your role lets the team "
                             "profile show the patient partners' answers beside everyone "
                             "else's; no group of fewer than 3 people is shown.</p>")
        super().__init__(parts, self.show_button, file_label="Save my answers as:",
                         save_label="Save my answers",
                         save_tooltip="Save your answers as CSV rows for the team file",
                         css_class="pe-self-assessment",
                         before_saving=[how_to_join, self.respondent, self.role],
                         chapter_base=chapter_base, linked=linked)

    def answers(self) -> dict[str, int | None]:
        """Item id -> the answer chosen (None when not answered yet)."""
        return {item_id: control.value for item_id, control in self.controls.items()}

    def set_answers(self, answers: Mapping[str, int]) -> None:
        """Choose answers by item id (what choosing in the drop-down lists does)."""
        for item_id, value in answers.items():
            self.controls[item_id].value = value

    def _complete_answers(self) -> dict[str, int]:
        answers = self.answers()
        missing = [n for n, (_id, value) in enumerate(answers.items(), 1) if value is None]
        if missing:
            raise PECourseError(
                f"Please answer every item first; not answered yet: item"
                f"{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))}.")
        return {k: v for k, v in answers.items() if v is not None}

    def show_profile(self) -> dict[str, float] | None:
        """Score the answers and show the chart, the table and the chapter to read first."""
        self.message.value = ""

        def run() -> None:
            self.scores = None
            self.results.value = ""
            scores = respondent_scores(self._complete_answers(), self.items)
            first = get_statement(lowest_statement(scores))
            self.scores = scores
            self.results.value = (
                '<div role="status" aria-live="polite"><h4>Your profile</h4>'
                + chart_html(scores)
                + profile_table_html(scores, self.chapter_base, self.linked)
                + self._read_first_html(first.id, scores[first.id]) + "</div>")

        safely(self._show_error, run)
        return self.scores

    def _read_first_html(self, statement_id: str, score: float) -> str:
        """Where to start: the chapter on the lowest score, if the course has it yet."""
        if self.linked is None or statement_id in self.linked:
            return (f'<p class="pe-read-first"><strong>Read this chapter first:</strong> '
                    f"{chapter_link_html(statement_id, self.chapter_base, self.linked)} "
                    f"(your lowest score, {score:.0f} of 100).</p>")
        # Never recommend a chapter that is not written yet.
        return (f'<p class="pe-read-first"><strong>Your lowest score:</strong> '
                f"{escape(get_statement(statement_id).title)} ({score:.0f} of 100). The "
                "chapter on it is still being written; meanwhile, its questions in the table "
                "above are a place to start with your team.</p>")

    def saved_text(self) -> str:
        """This person's answers as CSV rows (respondent,item,answer)."""
        answers = self._complete_answers()
        code = self.respondent.value.strip()
        if not code:
            raise PECourseError("Type a code for yourself first (for example r1); it "
                                "keeps your rows together in the team file.")
        return answers_csv(code, answers, self.role.value)

    def save_answers(self) -> Path | None:
        """Save this person's answers as CSV to the typed name (a download in the browser)."""
        return self.save()

    def static_html(self) -> str:
        return self_assessment_static_html(self.items)


def self_assessment_static_html(items: tuple[Item, ...] | None = None) -> str:
    """What the static site shows: the items as a table, and how to answer them."""
    items = load_items() if items is None else items
    scale = ", ".join(f"{n} {word}" for n, word in enumerate(SCALE, 1))
    rows, number = [], 0
    for statement in STATEMENTS:
        for item in (i for i in items if i.statement == statement.id):
            number += 1
            rows.append(f"<tr><td>{number}</td><td>{escape(statement.title)}</td>"
                        f"<td>{escape(item.text)}</td><td><code>{escape(item.id)}</code></td>"
                        "</tr>")
    return ('<div class="pe-tool-static pe-self-assessment" data-pe-live="self-assessment">'
            "<p><strong>The interactive questionnaire runs in Jupyter, or in your browser "
            "with <em>Try it live</em> below</strong>: you answer each item, then see your "
            "profile as a chart "
            f"and a table, and the chapter to read first. The answer scale is: "
            f"{escape(scale)}. You can also answer on paper and use the item ids below in a "
            "CSV file for <code>pe-course assess</code>.</p>"
            '<table class="table pe-assessment-items"><caption>The self-assessment items: how '
            'often does this happen in your team?</caption><thead><tr><th scope="col">#'
            '</th><th scope="col">Problem statement</th><th scope="col">Item</th>'
            '<th scope="col">Id</th></tr></thead><tbody>' + "".join(rows)
            + "</tbody></table></div>")


def self_assessment(*, chapter_base: str = "../",
                    linked: Collection[str] | None = None) -> SelfAssessment | w.HTML:
    """The self-assessment questionnaire for one person (arguments as for plan_checkup)."""
    try:
        return SelfAssessment(chapter_base=chapter_base, linked=linked)
    except PECourseError as exc:
        return w.HTML(message_html(str(exc), error=True))


__all__ = ["DEFAULT_ANSWERS_NAME", "SelfAssessment", "self_assessment",
           "self_assessment_static_html"]
