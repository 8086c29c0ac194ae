"""The team self-assessment: how often does our team do what the course teaches?

Each person on a team answers every item in ``data/assessment_items.yaml`` on a
five-point frequency scale (1 never, 2 rarely, 3 sometimes, 4 often, 5 always). The
arithmetic, pure and documented here once:

- item score = (answer - 1) / 4 * 100, or (5 - answer) / 4 * 100 for a reversed item,
  so 100 is always the healthy end (``item_score``, the only place it is computed);
- a person's statement score = mean of their item scores for that statement
  (``respondent_scores``);
- the team's statement score = median over people, with the minimum and maximum to
  show the spread (``team_profile``).

Output never shows anyone's own answers. The profile's text, tables and charts are
``pe_course.render.profile`` (also importable from here, as before); matplotlib is
imported only to draw a chart, so the questionnaire runs on the standard library (and in
the browser).
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pe_course.errors import AssessmentError, Problem
from pe_course.reader import DATA_DIR, Checker, read_builtin, read_data, read_text
from pe_course.statements import STATEMENT_IDS

ITEMS_NAME = "assessment_items.yaml"
ITEMS_FILE = DATA_DIR / ITEMS_NAME
EXAMPLE_ANSWERS_FILE = DATA_DIR / "example_assessment.csv"

SCALE: tuple[str, ...] = ("never", "rarely", "sometimes", "often", "always")  # 1..5
MIN_ANSWER, MAX_ANSWER = 1, len(SCALE)
MIN_ITEMS_PER_STATEMENT = 4
COLUMNS: tuple[str, ...] = ("respondent", "item", "answer")
ROLE = "role"  # an optional fourth column: older files without it still load
ROLES: tuple[str, ...] = ("patient partner", "researcher", "clinician", "staff", "other")
PARTNER = ROLES[0]

_ITEM_KEYS = ("id", "statement", "text", "reverse")


# ---------------------------------------------------------------------------------------
# Items


@dataclass(frozen=True)
class Item:
    """One statement about team practice that a person rates from never to always."""

    id: str
    statement: str
    text: str
    reverse: bool = False


def parse_items(raw: Any, source: str = "items") -> tuple[Item, ...]:
    """Validate item data (``{"items": [...]}``) and build the items, in file order.

    ``AssessmentError`` lists every problem with its field and, from a file, its line.
    """
    if not isinstance(raw, Mapping):
        raise AssessmentError(source, [Problem("items", "expected a list of items, each with "
                                                        "id, statement, text and reverse")])
    ck = Checker()
    ck.unknown_keys(raw, ("items",))
    items: list[Item] = []
    seen: dict[str, int] = {}
    for i, entry in ck.mapping_list(raw, "items", "items", "items"):
        where = f"items[{i}]"
        before = len(ck.problems)
        ck.unknown_keys(entry, _ITEM_KEYS, f"{where}.")
        item_id = ck.ident(entry, "id", f"{where}.id")
        if item_id in seen:
            ck.add(f"{where}.id", f"duplicate id {item_id!r}, also used by "
                                  f"items[{seen[item_id]}]", entry, "id")
        elif item_id:
            seen[item_id] = i
        statement = entry.get("statement")
        if statement not in STATEMENT_IDS:
            ck.add(f"{where}.statement", f"expected one of: {', '.join(STATEMENT_IDS)}; got "
                                         f"{statement!r}", entry, "statement")
        text = ck.text(entry, "text", f"{where}.text")
        reverse = ck.boolean(entry, "reverse", f"{where}.reverse")
        if len(ck.problems) == before:
            items.append(Item(item_id, statement, " ".join(text.split()), reverse))
    if not ck.problems:
        for sid in STATEMENT_IDS:
            n = sum(1 for item in items if item.statement == sid)
            if n < MIN_ITEMS_PER_STATEMENT:
                ck.add("items", f"statement {sid!r} has {n} items; at least "
                                f"{MIN_ITEMS_PER_STATEMENT} are needed", raw, "items")
    ck.raise_if_any(source, AssessmentError)
    return tuple(items)


@functools.cache
def _shipped_items() -> tuple[Item, ...]:
    source, raw = read_builtin(ITEMS_NAME, AssessmentError)
    return parse_items(raw, source)


def load_items(path: str | Path | None = None) -> tuple[Item, ...]:
    """The assessment items: the shipped file by default (its JSON copy in the browser),
    or an items file of your own (YAML, or JSON for a ``.json`` file)."""
    if path is None:
        return _shipped_items()
    return parse_items(read_data(path, AssessmentError), str(Path(path).expanduser()))


def items_as_dicts(items: Sequence[Item]) -> list[dict[str, Any]]:
    """Items as plain data: ``[{"id", "statement", "text", "reverse"}, ...]``."""
    return [{"id": i.id, "statement": i.statement, "text": i.text, "reverse": i.reverse}
            for i in items]


def bundle_items(target: str | Path) -> Path:
    """Write the shipped items, validated, as JSON (what the in-browser Python reads).

    The wheel's copies are made by ``pe_course.bundle``; this writes one file, anywhere.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"items": items_as_dicts(load_items())}, ensure_ascii=False,
                                 indent=1), encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------
# Scoring (pure)


def _answer_problem(answer: Any) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) \
            or not MIN_ANSWER <= answer <= MAX_ANSWER:
        return f"answer must be a whole number from {MIN_ANSWER} to {MAX_ANSWER}, got {answer!r}"
    return None


def item_score(item: Item, answer: int) -> float:
    """0..100 for one answer; 100 is the healthy end whether or not the item is reversed."""
    problem = _answer_problem(answer)
    if problem:
        raise AssessmentError(item.id, [Problem(item.id, problem)])
    steps = (MAX_ANSWER - answer) if item.reverse else (answer - MIN_ANSWER)
    return steps / (MAX_ANSWER - MIN_ANSWER) * 100


def respondent_scores(answers: Mapping[str, int],
                      items: Sequence[Item] | None = None) -> dict[str, float]:
    """One person's score per statement: the mean of their item scores (every item needed)."""
    items = load_items() if items is None else items
    problems: list[Problem] = []
    known = {i.id for i in items}
    problems += [Problem(str(item_id), "unknown item") for item_id in answers
                 if item_id not in known]
    for item in items:
        answer = answers.get(item.id)
        problem = "not answered" if answer is None else _answer_problem(answer)
        if problem:
            problems.append(Problem(item.id, problem))
    if problems:
        raise AssessmentError("answers", problems)
    scores: dict[str, float] = {}
    for sid in STATEMENT_IDS:
        values = [item_score(i, answers[i.id]) for i in items if i.statement == sid]
        if values:
            scores[sid] = sum(values) / len(values)
    return scores


def lowest_statement(scores: Mapping[str, float]) -> str:
    """The statement with the lowest score (ties: the earlier statement in the course)."""
    return min((sid for sid in STATEMENT_IDS if sid in scores), key=lambda s: scores[s])


# ---------------------------------------------------------------------------------------
# Team answers from CSV


@dataclass(frozen=True)
class Answer:
    """One row of the answers CSV, validated."""

    respondent: str
    item: str
    answer: int
    line: int  # line in the CSV file, for messages
    role: str | None = None  # one of ROLES, when the file says


@dataclass(frozen=True)
class TeamAnswers:
    """Every answer of one team, validated: each person answered each item exactly once."""

    source: str
    answers: tuple[Answer, ...]

    @property
    def respondents(self) -> tuple[str, ...]:
        """The respondents' codes, in the order they first appear."""
        return tuple(dict.fromkeys(a.respondent for a in self.answers))

    @property
    def roles(self) -> dict[str, str]:
        """Respondent -> role, for those whose role is given (empty for older files)."""
        return {a.respondent: a.role for a in self.answers if a.role}


def _parse_role(text: str) -> str | None:
    """A role from its name in any case (``Patient_Partner``), None for an empty cell;
    ``ValueError`` naming the valid roles for anything else."""
    word = " ".join(text.replace("_", " ").replace("-", " ").split()).lower()
    if not word or word in ROLES:
        return word or None
    raise ValueError(f"role: unknown role {text.strip()!r}; expected one of: "
                     f"{', '.join(ROLES)} (or leave it empty)")


def _parse_answer(text: str) -> int | str:
    """An answer as 1..5, or a message saying what is wrong with it."""
    word = text.strip().lower()
    if word in SCALE:
        return SCALE.index(word) + 1
    try:
        number = float(word)
    except ValueError:
        return (f"answer {text!r} is not a number; expected a whole number from 1 (never) "
                "to 5 (always)")
    if not number.is_integer():
        return f"answer {text!r} is not a whole number; expected 1, 2, 3, 4 or 5"
    if not MIN_ANSWER <= number <= MAX_ANSWER:
        return f"answer {text.strip()} is outside 1-5; expected 1 (never) to 5 (always)"
    return int(number)


def _header_problem(header: list[str]) -> str | None:
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in (*COLUMNS, ROLE)]
    doubled = sorted({c for c in header if header.count(c) > 1})
    parts = ([f"missing column(s) {', '.join(missing)}"] if missing else []) \
        + ([f"unknown column(s) {', '.join(repr(c) for c in extra)}"] if extra else []) \
        + ([f"column(s) given twice: {', '.join(doubled)}"] if doubled else [])
    return ("; ".join(parts) + "; expected the header " + ",".join(COLUMNS)
            + f" (and, if you like, {ROLE})") if parts else None


def parse_answers(text: str, source: str = "answers.csv",
                  items: Sequence[Item] | None = None) -> TeamAnswers:
    """Validate CSV text with columns ``respondent,item,answer`` and optionally ``role``
    (one of ``ROLES``, the same on each of a person's rows); problems name CSV lines."""
    items = load_items() if items is None else items
    item_ids = [i.id for i in items]
    known = set(item_ids)
    problems: list[tuple[tuple[int, int], Problem]] = []  # sorted: rows first, by line
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header: list[str] | None = None
    header_line = 0
    answers: list[Answer] = []
    first_seen: dict[tuple[str, str], int] = {}
    answered: dict[str, set[str]] = {}
    first_line: dict[str, int] = {}
    role_of: dict[str, tuple[str, int]] = {}  # respondent -> (role, the line that gave it)

    def row_problem(line: int, message: str) -> None:
        problems.append(((0, line), Problem(f"line {line}", message)))

    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header, header_line = [c.strip().lower() for c in row], line
            wrong = _header_problem(header)
            if wrong:
                raise AssessmentError(source, [Problem(f"line {line}", wrong)])
            continue
        if len(row) != len(header):
            row_problem(line, f"expected {len(header)} values ({','.join(header)}), got "
                              f"{len(row)}")
            continue
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        respondent, item_id = cells["respondent"], cells["item"]
        before = len(problems)
        if not respondent:
            row_problem(line, "respondent is empty; give each person a code such as r1")
        if item_id not in known:
            close = difflib.get_close_matches(item_id, item_ids, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            row_problem(line, f"unknown item {item_id!r}{hint}; see pe-course assess --items")
        answer = _parse_answer(cells["answer"])
        if isinstance(answer, str):
            row_problem(line, answer)
        try:
            role = _parse_role(cells.get(ROLE, ""))
        except ValueError as exc:
            row_problem(line, str(exc))
            role = None
        if role and respondent:
            given, given_on = role_of.setdefault(respondent, (role, line))
            if given != role:
                row_problem(line, f"role: {role!r} for respondent {respondent!r}, who is "
                                  f"{given!r} on line {given_on}; expected one role per person")
        if respondent and item_id in known:
            key = (respondent, item_id)
            if key in first_seen:
                row_problem(line, f"duplicate row: respondent {respondent!r} already "
                                  f"answered item {item_id!r} on line {first_seen[key]}")
            else:
                first_seen[key] = line
                answered.setdefault(respondent, set()).add(item_id)
        if respondent:
            first_line.setdefault(respondent, line)
        if len(problems) == before:
            answers.append(Answer(respondent, item_id, answer, line))
    answers = [Answer(a.respondent, a.item, a.answer, a.line,
                      role_of.get(a.respondent, (None, 0))[0]) for a in answers]
    if header is None:
        raise AssessmentError(source, [Problem("line 1", "the file is empty; expected the "
                                                         "header " + ",".join(COLUMNS))])
    if not first_line and not problems:
        raise AssessmentError(source, [Problem(f"line {header_line}", "no answers after the "
                                                                      "header")])
    for respondent, line in first_line.items():
        missing_items = [i for i in item_ids if i not in answered.get(respondent, set())]
        if missing_items:
            problems.append(((1, line), Problem(
                f"respondent {respondent!r} (first on line {line})",
                f"missing {len(missing_items)} of {len(item_ids)} items: "
                + ", ".join(missing_items))))
    if problems:
        problems.sort(key=lambda pair: pair[0])
        raise AssessmentError(source, [p for _, p in problems])
    return TeamAnswers(source, tuple(answers))


def read_answers(path: str | Path, items: Sequence[Item] | None = None) -> TeamAnswers:
    """Read and validate a team's answers CSV file."""
    path = Path(path).expanduser()
    return parse_answers(read_text(path, AssessmentError), str(path), items)


def answers_csv(respondent: str, answers: Mapping[str, int], role: str | None = None) -> str:
    """One person's answers as CSV rows (with header, and their role if given), ready to
    join a team file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*COLUMNS, ROLE) if role else COLUMNS)
    for item_id, answer in answers.items():
        writer.writerow((respondent, item_id, answer, role) if role else
                        (respondent, item_id, answer))
    return out.getvalue()


def example_answers_text() -> str:
    """The example answers file shipped with the package (five people)."""
    return read_text(EXAMPLE_ANSWERS_FILE, AssessmentError)


# ---------------------------------------------------------------------------------------
# The renderers, importable from here as before (loaded on first use: they import this)

_RENDERERS = ("items_text", "profile_chart", "profile_dict", "profile_json",
              "profile_markdown", "profile_text")
_PROFILE = ("GroupView", "StatementSummary", "TeamProfile", "team_profile")  # team_profile.py


def __getattr__(name: str) -> Any:
    if name in _RENDERERS:
        from pe_course.render import profile

        return getattr(profile, name)
    if name in _PROFILE:
        from pe_course import team_profile

        return getattr(team_profile, name)
    raise AttributeError(f"module 'pe_course.assessment' has no attribute {name!r}")


__all__ = [
    "COLUMNS", "PARTNER", "ROLES", "SCALE", "Answer", "AssessmentError", "Item", "TeamAnswers",
    "answers_csv", "bundle_items", "example_answers_text", "item_score", "items_as_dicts",
    "load_items", "lowest_statement", "parse_answers", "parse_items", "read_answers",
    "respondent_scores", *_PROFILE, *_RENDERERS,
]
