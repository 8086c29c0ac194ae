"""A set of short questions as a live widget: ``quiz("notice_the_bias")``.

The questions are a knowledge-check file (``pe_course.knowledge``: a situation, options,
and an explanation for every option). Each question gets its options (radio buttons for
``single``, checkboxes for ``multiple``), a "Check my answer" button and feedback that
is announced to screen readers. Nothing is saved or sent. Where widgets cannot run (the
static site, a notebook viewer) the readable version is the same HTML the chapters' knowledge
checks use, with the answers folded in ``<details>``.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from pe_course.knowledge import CheckQuestion, CheckSet, load_checks
from pe_course.render.knowledge import checks_html

LETTERS = "ABCDE"
_CSS = ("<style>.pe-quiz button:focus-visible, .pe-quiz input:focus-visible "
        "{outline: 3px solid #c2410c; outline-offset: 2px;}"
        ".pe-quiz .widget-radio-box label, .pe-quiz .widget-checkbox label "
        "{white-space: normal; height: auto;}</style>")


class CheckQuiz(w.VBox):
    """Every question of a check set: its prompt, lettered options, a button, feedback."""

    def __init__(self, checks: CheckSet) -> None:
        self.checks = checks
        self.answers: dict[str, w.RadioButtons | list[w.Checkbox]] = {}
        self.buttons: dict[str, w.Button] = {}
        self.feedback: dict[str, w.HTML] = {}
        parts: list[w.Widget] = [w.HTML(_CSS)]
        if checks.intro:
            parts.append(w.HTML(f"<p>{escape(checks.intro)}</p>"))
        total = len(checks)
        for number, question in enumerate(checks, 1):
            how = ("Choose one answer." if question.kind == "single"
                   else "Choose every answer that applies.")
            parts.append(w.HTML(f"<h4>Situation {number} of {total}</h4>"
                                f"<p>{escape(question.prompt)}</p><p><em>{how}</em></p>"))
            parts += self._options(question, number)
            button = w.Button(description="Check my answer", button_style="primary",
                              tooltip=f"Check your answer to situation {number}")
            button.on_click(lambda _b, qid=question.id: self.check(qid))
            self.buttons[question.id] = button
            self.feedback[question.id] = w.HTML()
            parts += [button, self.feedback[question.id]]
        super().__init__(parts, layout=w.Layout(max_width="52rem"))
        self.add_class("pe-quiz")

    def _options(self, question: CheckQuestion, number: int) -> list[w.Widget]:
        labels = [f"{LETTERS[i]}. {o.text}" for i, o in enumerate(question.options)]
        if question.kind == "single":
            radios = w.RadioButtons(options=list(zip(labels, (o.id for o in question.options),
                                                     strict=True)),
                                    value=None, description=f"Situation {number}:",
                                    style={"description_width": "initial"},
                                    layout=w.Layout(width="100%"))
            self.answers[question.id] = radios
            return [radios]
        boxes = [w.Checkbox(value=False, description=label, indent=False,
                            layout=w.Layout(width="100%")) for label in labels]
        self.answers[question.id] = boxes
        return boxes

    # -- what a learner does ------------------------------------------------------------

    def choose(self, question_id: str, *option_ids: str) -> None:
        """Pick one answer (single) or tick these answers (multiple), as a click does."""
        question = self.checks.question(question_id)
        known = [o.id for o in question.options]
        unknown = [o for o in option_ids if o not in known]
        if unknown:
            raise KeyError(f"{self.checks.name}, question {question_id!r}: no option "
                           f"{', '.join(map(repr, unknown))}; options: {', '.join(known)}")
        answer = self.answers[question_id]
        if isinstance(answer, w.RadioButtons):
            if len(option_ids) != 1:
                raise ValueError(f"question {question_id!r} takes one answer; got "
                                 f"{len(option_ids)}")
            answer.value = option_ids[0]
        else:
            for option, box in zip(question.options, answer, strict=True):
                box.value = option.id in option_ids

    def picked(self, question_id: str) -> tuple[str, ...]:
        answer = self.answers[question_id]
        if isinstance(answer, w.RadioButtons):
            return () if answer.value is None else (answer.value,)
        question = self.checks.question(question_id)
        return tuple(o.id for o, box in zip(question.options, answer, strict=True)
                     if box.value)

    def check(self, question_id: str) -> None:
        """Say whether the answer fits, and why, for each option picked."""
        question = self.checks.question(question_id)
        picked = self.picked(question_id)
        if not picked:
            self.feedback[question_id].value = (
                '<div role="status" aria-live="polite"><p>Pick an answer first, then check '
                "it.</p></div>")
            return
        right = set(picked) == set(question.correct_ids)
        verdict = ("Yes, this fits best." if right and question.kind == "single" else
                   "Yes, these are the ones." if right else
                   "Not quite. You can change your answer and check again.")
        items = []
        for index, option in enumerate(question.options):
            if option.id in picked:
                items.append(f"<li><strong>{LETTERS[index]}. {escape(option.text)}</strong> "
                             f"{escape(option.explanation)}</li>")
        self.feedback[question_id].value = (
            f'<div role="status" aria-live="polite"><p><strong>{verdict}</strong></p>'
            f"<ul>{''.join(items)}</ul></div>")

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = checks_html(self.checks, id_prefix=f"pe-quiz-{self.checks.name}")
        bundle["text/plain"] = (f"{len(self.checks)} questions ({self.checks.name}); run the "
                                "cell in Jupyter to answer them")
        return bundle


def quiz(name: str) -> CheckQuiz:
    """The questions of a shipped check file (or a file path) as a widget."""
    return CheckQuiz(load_checks(name))
