"""A chapter's knowledge checks as plain HTML that works with or without JavaScript.

Each question is a native ``<form>``: a ``<fieldset>`` whose ``<legend>`` is the
situation, radio buttons (one answer) or checkboxes (all that apply), each with its
``<label>``, a "Check my answer" button and an ``aria-live`` region for the feedback. The
button is hidden (and disabled, so Enter in the form submits nothing) until
``pe_checks.js`` runs: the script reads which options are right, and why, from the
``data-pe-*`` attributes of the answer below, and never sends anything anywhere.

The answer is always on the page, for readers without JavaScript too: a ``<details>``
("Show the answer and why") that says which options are right and explains every one.
Choosing first, then opening it, is the point; nothing reveals it before the learner asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from pe_course.knowledge import CheckQuestion

ID_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
LETTERS = "ABCDE"
HINTS = {"single": "Choose one answer.", "multiple": "Choose every answer that applies."}
VERDICT = {True: "Correct", False: "Not quite"}


def _option_html(question: CheckQuestion, qid: str, index: int) -> str:
    option = question.options[index]
    input_type = "radio" if question.kind == "single" else "checkbox"
    oid = escape(f"{qid}-{option.id}")
    return (f'<div class="pe-check-option" data-pe-option="{escape(option.id)}">'
            f'<input type="{input_type}" name="{escape(qid)}" id="{oid}" '
            f'value="{escape(option.id)}"><label for="{oid}">'
            f'<span class="pe-check-letter">{LETTERS[index]}.</span> '
            f"{escape(option.text)}</label></div>")


def _answer_text(question: CheckQuestion) -> str:
    right = [LETTERS[i] for i, o in enumerate(question.options) if o.correct]
    if question.kind == "single":
        return f"The answer is {right[0]}."
    if len(right) == 1:
        return f"Only {right[0]} is right."
    return f"The right answers are {', '.join(right[:-1])} and {right[-1]}."


def _answer_html(question: CheckQuestion) -> str:
    items = []
    for i, option in enumerate(question.options):
        correct = "true" if option.correct else "false"
        items.append(
            f'<li data-pe-option="{escape(option.id)}" data-pe-correct="{correct}">'
            f'<span class="pe-check-answer-option"><strong>{LETTERS[i]}. '
            f"{VERDICT[option.correct]}.</strong> {escape(option.text)}</span> "
            f'<span class="pe-check-explanation">{escape(option.explanation)}</span></li>')
    return (f'<details class="pe-check-answer"><summary>Show the answer and why</summary>\n'
            f'<p class="pe-check-answer-summary">{_answer_text(question)}</p>\n'
            f'<ul class="pe-check-answer-list">\n' + "\n".join(items) + "\n</ul>\n</details>")


def question_html(question: CheckQuestion, number: int, total: int, *, id_prefix: str) -> str:
    """One question as a ``<form>`` (see the module's docstring)."""
    qid = f"{id_prefix}-{question.id}"
    e = escape
    options = "\n".join(_option_html(question, qid, i) for i in range(len(question.options)))
    return (
        f'<form class="pe-check" id="{e(qid)}" data-pe-check="{e(question.id)}" '
        f'data-pe-kind="{e(question.kind)}" novalidate>\n'
        f"<fieldset>\n"
        f'<legend><span class="pe-check-number">Question {number} of {total}.</span> '
        f'{escape(question.prompt)} <span class="pe-check-hint">{HINTS[question.kind]}'
        f"</span></legend>\n"
        f'<div class="pe-check-options">\n{options}\n</div>\n'
        f"</fieldset>\n"
        f'<button type="submit" class="pe-check-button" hidden disabled>Check my answer'
        f"</button>\n"
        f'<div class="pe-check-feedback" id="{e(qid)}-feedback" aria-live="polite"></div>\n'
        f"{_answer_html(question)}\n"
        f"</form>")


def checks_html(checks: Iterable[CheckQuestion], *, id_prefix: str) -> str:
    """A chapter's questions (a ``CheckSet`` or any questions) as one ``<section>``.

    ``id_prefix`` starts every ``id`` and radio-group ``name`` in it, so that two sets
    on one page never share one; it must start with a letter (letters, digits, ``-``,
    ``_``).
    """
    if not ID_PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} must start with a letter and hold only "
                         "letters, digits, '-' and '_'")
    questions = list(checks)
    name = getattr(checks, "name", "")
    intro = getattr(checks, "intro", "")
    intro_html = f'<p class="pe-checks-intro">{escape(intro)}</p>\n' if intro else ""
    forms = "\n".join(question_html(q, n, len(questions), id_prefix=id_prefix)
                      for n, q in enumerate(questions, 1))
    return (f'<section class="pe-checks" id="{id_prefix}" data-pe-checks="{escape(name)}">\n'
            f"{intro_html}"
            f'<p class="pe-checks-intro">Choose your answer first. Under each question, '
            f"&ldquo;Show the answer and why&rdquo; explains every option. Nothing you "
            f"choose is sent anywhere.</p>\n"
            f"{forms}\n</section>\n")
