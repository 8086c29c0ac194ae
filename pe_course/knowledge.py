"""Knowledge checks: a chapter's short questions of judgement, as data.

Each chapter's checks are one file, ``pe_course/data/checks/<name>.yaml`` (``name`` is
usually the chapter's page name, e.g. ``check_mark``), read by ``pe_course.reader`` and
checked here: every problem at once, each with the file, its line and the field. The
format::

    intro: The people in these questions are made up.   # optional
    questions:                           # 3 to 6
      - id: tokenism-or-consultation
        kind: single                     # single: exactly one correct option
        prompt: A situation that asks for judgement ...
        statement: check_mark            # optional, a statement id (statements.yaml)
        examples: [an_example_id]        # optional, source example ids
        source: pegw2024                 # a citation key of references.bib (or a list)
        options:                         # 2 to 5
          - id: a
            text: What the learner might choose.
            correct: false
            explanation: Why it is right or not, true to the source.

``kind: multiple`` means choose every option that applies (at least one is correct).
The site renders a file at build time with ``{knowledge-check} <name>``
(``pe_course.sphinx.knowledge``, through ``pe_course.render.knowledge``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pe_course.errors import DataError, Problem, UnknownCheckError
from pe_course.reader import Checker, builtin_files, describe, read_builtin, read_data
from pe_course.statements import EXAMPLE_IDS, STATEMENT_IDS

CHECKS_FOLDER = "checks"
KINDS = ("single", "multiple")
MIN_QUESTIONS, MAX_QUESTIONS = 3, 6
MIN_OPTIONS, MAX_OPTIONS = 2, 5
# BibTeX keys as references.bib writes them (the package does not read the book's files;
# tests/test_knowledge.py checks every key against references.bib).
CITATION_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_:-]*$")

_TOP_KEYS = ("intro", "questions")
_QUESTION_KEYS = ("id", "kind", "prompt", "options", "statement", "examples", "source")
_OPTION_KEYS = ("id", "text", "correct", "explanation")


@dataclass(frozen=True)
class CheckOption:
    """One answer a learner can pick, whether it is right, and why."""

    id: str
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class CheckQuestion:
    """One question: a situation, its options, and what it is based on."""

    id: str
    kind: str  # "single" or "multiple"
    prompt: str
    options: tuple[CheckOption, ...]
    sources: tuple[str, ...]
    statement: str | None = None
    examples: tuple[str, ...] = ()

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)


@dataclass(frozen=True)
class CheckSet:
    """A chapter's knowledge checks (one file); iterating gives its questions."""

    name: str
    questions: tuple[CheckQuestion, ...]
    intro: str = ""  # shown before the questions
    source: str = ""  # the file it came from

    def __iter__(self) -> Iterator[CheckQuestion]:
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def question(self, question_id: str) -> CheckQuestion:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"{self.name}: no question {question_id!r}; questions: "
                       f"{', '.join(q.id for q in self.questions)}")


# ---------------------------------------------------------------------------------------
# Parsing


def _sources(ck: Checker, raw: Mapping, where: str) -> tuple[str, ...]:
    value = raw.get("source")
    keys = [value] if isinstance(value, str) else value
    if value is None:
        ck.add(where, "missing; expected the citation key of the source (references.bib), "
                      "e.g. pegw2024", raw)
        return ()
    if not isinstance(keys, list) or not keys:
        ck.add(where, f"expected a citation key or a list of them, got {describe(value)}",
               raw, "source")
        return ()
    good = []
    for key in keys:
        if isinstance(key, str) and CITATION_KEY.match(key):
            good.append(key)
        else:
            ck.add(where, f"{describe(key)} is not a citation key; expected a key of "
                          "references.bib such as pegw2024", raw, "source")
    return tuple(good)


def _options(ck: Checker, q: Mapping, where: str) -> list[CheckOption]:
    options: list[CheckOption] = []
    seen: set[str] = set()
    for j, o in ck.mapping_list(q, "options", f"{where}.options", "options"):
        owhere = f"{where}.options[{j}]"
        ck.unknown_keys(o, _OPTION_KEYS, f"{owhere}.")
        oid = ck.ident(o, "id", f"{owhere}.id")
        if oid in seen:
            ck.add(f"{owhere}.id", f"duplicate option id {oid!r} in this question", o, "id")
            oid = None
        seen.add(oid)
        text = ck.text(o, "text", f"{owhere}.text")
        if "correct" in o:
            correct = ck.boolean(o, "correct", f"{owhere}.correct")
        else:
            ck.add(f"{owhere}.correct", "missing; expected true or false", o)
            correct = None
        if "explanation" in o:
            explanation = ck.text(o, "explanation", f"{owhere}.explanation")
        else:
            ck.add(f"{owhere}.explanation", "missing; every option needs an explanation of "
                                            "why it is right or not", o)
            explanation = None
        if None not in (oid, text, correct, explanation):
            options.append(CheckOption(oid, text, correct, explanation))
    return options


def _question(ck: Checker, q: Mapping, where: str) -> CheckQuestion | None:
    before = len(ck.problems)
    ck.unknown_keys(q, _QUESTION_KEYS, f"{where}.")
    qid = ck.ident(q, "id", f"{where}.id")
    kind = q.get("kind")
    if kind not in KINDS:
        what = "missing" if kind is None else f"{describe(kind)} is not a kind of question"
        ck.add(f"{where}.kind", f"{what}; expected single (one correct option) or multiple "
                                "(choose all that apply)", q, "kind")
    prompt = ck.text(q, "prompt", f"{where}.prompt")
    statement = q.get("statement")
    if statement is not None and statement not in STATEMENT_IDS:
        ck.add(f"{where}.statement", f"unknown statement id: {describe(statement)}; expected "
                                     f"one of: {', '.join(STATEMENT_IDS)}", q, "statement")
    examples = ck.id_list(q, "examples", f"{where}.examples", sorted(EXAMPLE_IDS), "example")
    sources = _sources(ck, q, f"{where}.source")
    options = _options(ck, q, where)
    raw_options = q.get("options")
    count = len(raw_options) if isinstance(raw_options, list) else 0
    if raw_options and isinstance(raw_options, list) \
            and not MIN_OPTIONS <= count <= MAX_OPTIONS:
        ck.add(f"{where}.options", f"has {count} options; expected {MIN_OPTIONS} to "
                                   f"{MAX_OPTIONS}", q, "options")
    if kind in KINDS and len(options) == count and count:
        right = sum(o.correct for o in options)
        if kind == "single" and right != 1:
            ck.add(f"{where}.options", f"a single-choice question needs exactly one correct "
                                       f"option; this one has {right}", q, "options")
        if kind == "multiple" and right == 0:
            ck.add(f"{where}.options", "a multiple-choice question needs at least one "
                                       "correct option; this one has none", q, "options")
    if len(ck.problems) > before:
        return None
    return CheckQuestion(qid, kind, prompt, tuple(options), sources, statement,
                         tuple(examples))


def parse_checks(raw: Any, source: str = "checks", name: str | None = None) -> CheckSet:
    """Validate a knowledge-check file's data; ``DataError`` lists every problem, with its
    line and field. ``name`` defaults to the file's stem."""
    name = name or Path(source).stem
    if not isinstance(raw, Mapping):
        raise DataError(source, [Problem("", f"expected a mapping with 'questions' at the top "
                                             f"of the file, got {describe(raw)}", 1)])
    ck = Checker()
    ck.unknown_keys(raw, _TOP_KEYS)
    intro = ck.text(raw, "intro", "intro", required=False) or ""
    questions: list[CheckQuestion] = []
    seen: dict[str, int] = {}
    for i, q in ck.mapping_list(raw, "questions", "questions", "questions"):
        where = f"questions[{i}]"
        qid = q.get("id")
        if isinstance(qid, str) and qid in seen:
            ck.add(f"{where}.id", f"duplicate question id {qid!r} (also questions[{seen[qid]}])",
                   q, "id")
        elif isinstance(qid, str):
            seen[qid] = i
        question = _question(ck, q, where)
        if question is not None:
            questions.append(question)
    raw_questions = raw.get("questions")
    if isinstance(raw_questions, list) and raw_questions \
            and not MIN_QUESTIONS <= len(raw_questions) <= MAX_QUESTIONS:
        ck.add("questions", f"has {len(raw_questions)} questions; expected {MIN_QUESTIONS} "
                            f"to {MAX_QUESTIONS}", raw, "questions")
    ck.raise_if_any(source, DataError)
    return CheckSet(name, tuple(questions), intro, source)


# ---------------------------------------------------------------------------------------
# Loading


def list_check_files() -> list[str]:
    """The names of the shipped knowledge-check files (``check_mark``, …), sorted."""
    return sorted(Path(name).stem for name in builtin_files(CHECKS_FOLDER))


_CACHE: dict[str, CheckSet] = {}


def load_checks(name_or_path: str | Path) -> CheckSet:
    """A shipped file by name (``check_mark``), or any file by path, validated.

    ``UnknownCheckError`` for a name no shipped file has (it lists the names);
    ``DataError`` for a file with problems (all of them, with lines and fields).
    """
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith((".yaml", ".yml", ".json")) \
            or "/" in text or "\\" in text:
        path = Path(name_or_path)
        return parse_checks(read_data(path, DataError), str(path))
    if text in _CACHE:
        return _CACHE[text]
    known = list_check_files()
    if text not in known:
        raise UnknownCheckError(f"no knowledge-check file named {text!r}; known: "
                                f"{', '.join(known) or '(none)'}")
    source, raw = read_builtin(f"{CHECKS_FOLDER}/{text}.yaml", DataError)
    _CACHE[text] = parse_checks(raw, source, text)
    return _CACHE[text]
