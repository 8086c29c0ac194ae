"""``quiz(name)``: a knowledge-check file as a live widget (exercise 2's task 1)."""

from __future__ import annotations

import ipywidgets as w
import pytest

from pe_course.errors import UnknownCheckError
from pe_course.knowledge import load_checks
from pe_course.widgets import CheckQuiz, quiz


def _first(checks, kind):
    return next(q for q in checks if q.kind == kind)


def test_a_single_choice_situation_is_answered_and_explained():
    widget = quiz("notice_the_bias")
    question = _first(widget.checks, "single")
    wrong = next(o for o in question.options if not o.correct)
    right = next(o for o in question.options if o.correct)
    widget.buttons[question.id].click()
    assert "Pick an answer first" in widget.feedback[question.id].value
    widget.choose(question.id, wrong.id)
    widget.buttons[question.id].click()
    shown = widget.feedback[question.id].value
    assert "Not quite" in shown and wrong.explanation[:40] in shown
    assert 'role="status"' in shown and 'aria-live="polite"' in shown
    widget.choose(question.id, right.id)
    widget.buttons[question.id].click()
    assert "Yes, this fits best." in widget.feedback[question.id].value


def test_a_multiple_choice_question_needs_every_right_answer():
    checks = load_checks("check_mark")
    question = _first(checks, "multiple")
    widget = CheckQuiz(checks)
    right = question.correct_ids
    assert len(right) >= 1
    boxes = widget.answers[question.id]
    assert all(isinstance(b, w.Checkbox) and b.description for b in boxes)
    widget.choose(question.id, right[0])
    widget.check(question.id)
    expected = "Yes, these are the ones." if len(right) == 1 else "Not quite"
    assert expected in widget.feedback[question.id].value
    widget.choose(question.id, *right)
    widget.check(question.id)
    assert "Yes, these are the ones." in widget.feedback[question.id].value
    assert widget.picked(question.id) == tuple(right)


def test_bad_answers_are_named():
    widget = quiz("notice_the_bias")
    question = _first(widget.checks, "single")
    with pytest.raises(KeyError, match=r"notice_the_bias, question .*no option 'nope'"):
        widget.choose(question.id, "nope")
    with pytest.raises(ValueError, match="takes one answer; got 2"):
        widget.choose(question.id, *[o.id for o in question.options[:2]])
    with pytest.raises(UnknownCheckError, match="no knowledge-check file named 'nope'"):
        quiz("nope")


def test_every_control_is_labelled_and_the_static_version_folds_the_answers():
    widget = quiz("notice_the_bias")
    for question in widget.checks:
        radios = widget.answers[question.id]
        assert radios.description and len(radios.options) == len(question.options)
        assert widget.buttons[question.id].description == "Check my answer"
    html = widget._repr_mimebundle_()["text/html"]
    assert html.count("<fieldset") == len(widget.checks) and "<details" in html
    for question in widget.checks:
        assert question.options[0].explanation[:30] in html
