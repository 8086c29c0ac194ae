"""The four problem statements and the four reflection questions, defined once.

They are data (``pe_course/data/statements.yaml``), read and checked when this module is
imported: everything else in the course (scenarios, the plan check-up's rules, the
self-assessment items, the chapters) refers to them by id. The wording is our own
paraphrase of Fig. 1 and the lists of examples in the patient partners' commentary on
"patient engagement gone wrong" (see ``references.bib``: ``pegw2024``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pe_course.errors import DataError
from pe_course.reader import Checker, read_builtin

DATA_FILE = "statements.yaml"


@dataclass(frozen=True)
class Example:
    """One real, anonymised situation the source gives for a problem statement."""

    id: str
    text: str


@dataclass(frozen=True)
class Statement:
    """A problem statement: one way patient engagement goes wrong."""

    id: str
    number: int
    title: str
    description: str
    chapter: str  # docname of the chapter that teaches it, relative to the book root
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Question:
    """A reflection question a team can ask itself."""

    id: str
    number: int
    title: str
    question: str
    description: str


def parse_statements(raw: Any, source: str = DATA_FILE
                     ) -> tuple[tuple[Statement, ...], tuple[Question, ...]]:
    """Validate the statements file's data; ``DataError`` lists every problem with its line."""
    ck = Checker()
    if not isinstance(raw, Mapping):
        raise DataError(source, ["expected a mapping with 'statements' and 'questions'"])
    ck.unknown_keys(raw, ("statements", "questions"))
    statements: list[Statement] = []
    example_ids: set[str] = set()
    for i, s in ck.mapping_list(raw, "statements", "statements", "problem statements"):
        where = f"statements[{i}]"
        ck.unknown_keys(s, ("id", "number", "title", "description", "chapter", "examples"),
                        f"{where}.")
        sid = ck.ident(s, "id", f"{where}.id")
        number = ck.integer(s, "number", f"{where}.number", 1, 99)
        title = ck.text(s, "title", f"{where}.title")
        description = ck.text(s, "description", f"{where}.description")
        chapter = ck.text(s, "chapter", f"{where}.chapter")
        examples = []
        for j, e in ck.mapping_list(s, "examples", f"{where}.examples", "examples"):
            ewhere = f"{where}.examples[{j}]"
            ck.unknown_keys(e, ("id", "text"), f"{ewhere}.")
            eid, text = ck.ident(e, "id", f"{ewhere}.id"), ck.text(e, "text", f"{ewhere}.text")
            if eid in example_ids:
                ck.add(f"{ewhere}.id", f"duplicate example id {eid!r}", e, "id")
            elif eid and text:
                example_ids.add(eid)
                examples.append(Example(eid, text))
        if None not in (sid, number, title, description, chapter):
            statements.append(Statement(sid, number, title, description, chapter,
                                        tuple(examples)))
    questions: list[Question] = []
    for i, q in ck.mapping_list(raw, "questions", "questions", "reflection questions"):
        where = f"questions[{i}]"
        ck.unknown_keys(q, ("id", "number", "title", "question", "description"), f"{where}.")
        values = (ck.ident(q, "id", f"{where}.id"),
                  ck.integer(q, "number", f"{where}.number", 1, 99),
                  ck.text(q, "title", f"{where}.title"),
                  ck.text(q, "question", f"{where}.question"),
                  ck.text(q, "description", f"{where}.description"))
        if None not in values:
            questions.append(Question(*values))
    for kind, items in (("statements", statements), ("questions", questions)):
        ids = [x.id for x in items]
        for dup in sorted({x for x in ids if ids.count(x) > 1}):
            ck.add(kind, f"the id {dup!r} is used twice", raw, kind)
        numbers = [x.number for x in items]
        complete = isinstance(raw.get(kind), list) and len(items) == len(raw[kind])
        if complete and numbers != list(range(1, len(numbers) + 1)):
            ck.add(kind, f"numbers are {numbers}; expected 1, 2, 3, ... in file order",
                   raw, kind)
    ck.raise_if_any(source, DataError)
    return tuple(statements), tuple(questions)


STATEMENTS, QUESTIONS = parse_statements(*reversed(read_builtin(DATA_FILE, DataError)))

_STATEMENTS_BY_ID = {s.id: s for s in STATEMENTS}
_QUESTIONS_BY_ID = {q.id: q for q in QUESTIONS}

STATEMENT_IDS: tuple[str, ...] = tuple(_STATEMENTS_BY_ID)
QUESTION_IDS: tuple[str, ...] = tuple(_QUESTIONS_BY_ID)
EXAMPLE_IDS: frozenset[str] = frozenset(e.id for s in STATEMENTS for e in s.examples)


def _lookup(table: dict, kind: str, key: str):
    try:
        return table[key]
    except KeyError:
        raise KeyError(f"unknown {kind} id {key!r}; expected one of {', '.join(table)}") \
            from None


def get_statement(statement_id: str) -> Statement:
    """Return the statement with this id, or raise KeyError naming the valid ids."""
    return _lookup(_STATEMENTS_BY_ID, "statement", statement_id)


def get_question(question_id: str) -> Question:
    """Return the reflection question with this id, or raise KeyError naming the valid ids."""
    return _lookup(_QUESTIONS_BY_ID, "question", question_id)


def get_example(example_id: str) -> Example:
    """The source example with this id (any statement), or KeyError."""
    for statement in STATEMENTS:
        for example in statement.examples:
            if example.id == example_id:
                return example
    raise KeyError(f"unknown example id {example_id!r}")


def example_ids(statement_id: str) -> tuple[str, ...]:
    """The ids of the source's examples for one statement, in source order."""
    return tuple(e.id for e in get_statement(statement_id).examples)
