"""The participants' evaluation form (the facilitator kit): questions from
``data/evaluation_form.yaml``, printed and filled in on paper. Nothing is collected or sent
anywhere: the course only prints the form.

A question is ``scale`` or ``choice`` (2 to 6 options to tick) or ``text`` (``lines`` of
writing space, 1 to 10). A ``DataError`` names the file, line and field of every problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pe_course.errors import DataError
from pe_course.reader import Checker, describe, read_builtin, read_data

DATA_FILE = "evaluation_form.yaml"
KINDS = ("scale", "choice", "text")
MIN_OPTIONS, MAX_OPTIONS = 2, 6
MIN_LINES, MAX_LINES = 1, 10


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str
    options: tuple[str, ...] = ()
    lines: int = 0


@dataclass(frozen=True)
class EvaluationForm:
    title: str
    intro: str
    questions: tuple[Question, ...]
    source: str = ""


def parse_form(raw: Any, source: str) -> EvaluationForm:
    """Raw data (``title``, ``intro``, ``questions``) as an ``EvaluationForm``."""
    ck = Checker()
    if not isinstance(raw, dict):
        ck.add("", f"expected a mapping with title, intro and questions, got {describe(raw)}")
        ck.raise_if_any(source, DataError)
    ck.unknown_keys(raw, ("title", "intro", "questions"))
    title = ck.text(raw, "title", "title")
    intro = ck.text(raw, "intro", "intro")
    questions: list[Question] = []
    seen: set[str] = set()
    for i, item in ck.mapping_list(raw, "questions", "questions", "questions"):
        where = f"questions[{i}]"
        ck.unknown_keys(item, ("id", "text", "kind", "options", "lines"), f"{where}.")
        qid = ck.ident(item, "id", f"{where}.id")
        text = ck.text(item, "text", f"{where}.text")
        kind = item.get("kind")
        if kind not in KINDS:
            ck.add(f"{where}.kind", f"expected one of {', '.join(KINDS)}, got {describe(kind)}",
                   item, "kind")
            continue
        if qid in seen:
            ck.add(f"{where}.id", f"{qid!r} is used twice; each question needs its own id",
                   item, "id")
        seen.add(qid or "")
        options: tuple[str, ...] = ()
        lines = 0
        if kind == "text":
            if "options" in item:
                ck.add(f"{where}.options", "a text question has no options", item, "options")
            lines = ck.integer(item, "lines", f"{where}.lines", MIN_LINES, MAX_LINES) or 0
        else:
            if "lines" in item:
                ck.add(f"{where}.lines", f"a {kind} question has options, not lines", item,
                       "lines")
            value = item.get("options")
            if (not isinstance(value, list) or not MIN_OPTIONS <= len(value) <= MAX_OPTIONS
                    or not all(isinstance(o, str) and o.strip() for o in value)):
                ck.add(f"{where}.options", f"expected a list of {MIN_OPTIONS} to {MAX_OPTIONS} "
                                           f"texts, got {describe(value)}", item, "options")
            else:
                options = tuple(o.strip() for o in value)
        if qid and text:
            questions.append(Question(qid, text, kind, options, lines))
    ck.raise_if_any(source, DataError)
    return EvaluationForm(title or "", intro or "", tuple(questions), source)


@cache
def _builtin() -> EvaluationForm:
    source, raw = read_builtin(DATA_FILE, DataError)
    return parse_form(raw, source)


def load_form(path: str | Path | None = None) -> EvaluationForm:
    """The shipped evaluation form, or the one in the file at ``path``."""
    if path is None:
        return _builtin()
    return parse_form(read_data(path, DataError), str(path))


__all__ = ["DATA_FILE", "KINDS", "EvaluationForm", "Question", "load_form", "parse_form"]
