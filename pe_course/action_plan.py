"""The team action plan: for each problem statement, what the team will start, stop and
keep doing, who owns it, by when, and how the patient partners will be involved in
checking it.

A plan has one line per problem statement, in course order (a statement the team has
not planned for is a blank line). It is read from the form's answers (``parse_action_plan``),
from CSV (``parse_csv``: one row per statement) or from the Markdown the course writes
(``parse_markdown``): every problem names the file, the row or line, and the field, and
says what was expected. Writing it out is ``pe_course.render.action_plan``; the CSV and
the Markdown read back to the same plan. A first draft, from the plan check-up's findings
and the self-assessment's weakest areas, is ``pe_course.action_draft``.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pe_course.errors import ActionPlanError, Problem
from pe_course.reader import describe, read_text
from pe_course.statements import STATEMENT_IDS, STATEMENTS, get_statement

FIELDS: tuple[str, ...] = ("start", "stop", "keep", "owner", "date", "partners_check",
                           "drafted_from")
# What a learner sees for each field: the form's labels and the Markdown's headings.
LABELS: Mapping[str, str] = {
    "start": "Start doing", "stop": "Stop doing", "keep": "Keep doing", "owner": "Owner",
    "date": "By when", "partners_check": "How partners will be involved in checking it",
    "drafted_from": "Where this came from"}
ACTIONS = ("start", "stop", "keep")
ONE_LINE = ("owner", "date")  # written on one line (the Markdown's "- **Owner:** ..." lines)
COLUMNS: tuple[str, ...] = ("statement", *FIELDS)
MAX_TEXT, MAX_ONE_LINE = 2000, 200
DATE_EXAMPLE = "2025-06-30"

# The Markdown layout (render.action_plan writes it, parse_markdown reads it back).
MD_TITLE = "# Team action plan"
NOT_SET = "*(not set yet)*"
_ESCAPED = re.compile(r"^(\\*)(#|\*\(not set yet\)\*$)")  # what learner text must not start
_UNESCAPE = re.compile(r"^\\(\\*(?:#|\*\(not set yet\)\*$))")
_FACT = re.compile(r"^- \*\*(?P<label>[^*]+):\*\* ?(?P<value>.*)$")


@dataclass(frozen=True)
class ActionLine:
    """What the team will do about one problem statement (every text may be blank)."""

    statement: str
    start: str = ""
    stop: str = ""
    keep: str = ""
    owner: str = ""
    date: str = ""  # YYYY-MM-DD, or blank
    partners_check: str = ""
    drafted_from: str = ""  # where a drafted line came from, in plain words

    def values(self) -> dict[str, str]:
        """The line's texts by field (``FIELDS``)."""
        return {k: v for k, v in asdict(self).items() if k != "statement"}

    def is_blank(self) -> bool:
        return not any(self.values().values())


@dataclass(frozen=True)
class ActionPlan:
    """One line per problem statement, in course order."""

    lines: tuple[ActionLine, ...]

    def line(self, statement_id: str) -> ActionLine:
        return next(line for line in self.lines if line.statement == statement_id)

    def with_line(self, line: ActionLine) -> ActionPlan:
        return ActionPlan(tuple(line if old.statement == line.statement else old
                                for old in self.lines))


def blank_plan() -> ActionPlan:
    return ActionPlan(tuple(ActionLine(sid) for sid in STATEMENT_IDS))


def check_value(field: str, value: Any) -> tuple[str, str | None]:
    """``(clean text, None)`` or ``("", what is wrong)`` for one field's value.

    Text is trimmed and its line ends made ``\\n``; a date must be a real YYYY-MM-DD date.
    """
    if value is None:
        return "", None
    if not isinstance(value, str):
        return "", f"expected text, got {describe(value)}"
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    limit = MAX_ONE_LINE if field in ONE_LINE else MAX_TEXT
    if field in ONE_LINE and "\n" in text:
        return "", "expected one line, got several"
    if len(text) > limit:
        return "", f"is {len(text)} characters long; keep it to {limit} or fewer"
    if field == "date" and text:
        expected = f"expected a date as YYYY-MM-DD, such as {DATE_EXAMPLE}"
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return "", f"{expected}; got {text!r}"
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return "", f"{text!r} is not a real date; {expected}"
    return text, None


def statement_id(text: str) -> str | None:
    """A statement's id from its id or its title (any case); None if neither."""
    word = " ".join(text.split()).lower()
    for statement in STATEMENTS:
        if word in (statement.id, statement.title.lower()):
            return statement.id
    return None


def _unknown_statement(text: str, *, by_title: bool = False) -> str:
    names = [s.title if by_title else s.id for s in STATEMENTS]
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    expected = ("a problem statement's title: " + "; ".join(names) if by_title else
                "one of: " + ", ".join(names) + " (or its title)")
    return f"unknown problem statement {text!r}{hint}; expected {expected}"


def _line(sid: str, values: Mapping[str, Any], where: str, problems: list[Problem],
          line: int | None = None) -> ActionLine:
    clean = {}
    for field in FIELDS:
        clean[field], problem = check_value(field, values.get(field))
        if problem:
            problems.append(Problem(f"{where}{field}", problem, line))
    return ActionLine(sid, **clean)


def parse_action_plan(raw: Any, source: str = "your action plan") -> ActionPlan:
    """A plan from plain data: statement id -> ``{field: text}`` (``FIELDS``); statements
    left out are blank. ``ActionPlanError`` names every bad field (``check_mark.date``)."""
    if not isinstance(raw, Mapping):
        raise ActionPlanError(source, [f"expected problem statement ids, each with "
                                       f"{', '.join(FIELDS)}; got {describe(raw)}"])
    problems: list[Problem] = []
    plan = blank_plan()
    for key, values in raw.items():
        if key not in STATEMENT_IDS:
            problems.append(Problem(str(key), _unknown_statement(str(key))))
        elif not isinstance(values, Mapping):
            problems.append(Problem(key, f"expected {', '.join(FIELDS)}; got "
                                         f"{describe(values)}"))
        else:
            problems += [Problem(f"{key}.{f}", f"unknown field; expected one of: "
                                               f"{', '.join(FIELDS)}")
                         for f in values if f not in FIELDS]
            plan = plan.with_line(_line(key, values, f"{key}.", problems))
    if problems:
        raise ActionPlanError(source, problems)
    return plan


def _header_problem(header: list[str]) -> str | None:
    unknown = [c for c in header if c not in COLUMNS]
    doubled = sorted({c for c in header if header.count(c) > 1})
    parts = ["missing the column statement"] if "statement" not in header else []
    for name in unknown:
        close = difflib.get_close_matches(name, COLUMNS, n=1)
        parts.append(f"unknown column {name!r}" + (f" (did you mean {close[0]!r}?)"
                                                    if close else ""))
    parts += [f"column given twice: {name}" for name in doubled]
    return ("; ".join(parts) + "; expected the columns " + ",".join(COLUMNS)) if parts else None


def parse_csv(text: str, source: str = "action-plan.csv") -> ActionPlan:
    """A plan from CSV text: a header (``COLUMNS``; only ``statement`` is required) and one
    row per problem statement. Problems name the row, its line and the field."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    problems: list[Problem] = []
    header: list[str] | None = None
    plan, first_row = blank_plan(), {}
    row_number, end = 0, 0
    try:
        for cells in reader:
            line, end = end + 1, reader.line_num  # a quoted cell may span several lines
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().lower() for c in cells]
                if wrong := _header_problem(header):
                    raise ActionPlanError(source, [Problem("header", wrong, line)])
                continue
            row_number += 1
            where = f"row {row_number}"
            if len(cells) != len(header):
                problems.append(Problem(where, f"expected {len(header)} values "
                                               f"({','.join(header)}), got {len(cells)}", line))
                continue
            row = dict(zip(header, cells, strict=True))
            sid = statement_id(row["statement"])
            if sid is None:
                problems.append(Problem(f"{where}, statement",
                                        _unknown_statement(row["statement"].strip()), line))
            elif sid in first_row:
                problems.append(Problem(f"{where}, statement", f"{sid} is also on row "
                                        f"{first_row[sid]}; expected one row per problem "
                                        "statement", line))
            else:
                first_row[sid] = row_number
                plan = plan.with_line(_line(sid, row, f"{where} ({sid}), ", problems, line))
    except csv.Error as exc:
        problems.append(Problem(f"row {row_number + 1}", f"not readable as CSV ({exc})", end))
    if header is None:
        raise ActionPlanError(source, [Problem("header", "the file is empty; expected the "
                                                         "header " + ",".join(COLUMNS), 1)])
    if not first_row and not problems:
        problems.append(Problem("rows", "no rows after the header; expected one row per "
                                        "problem statement"))
    if problems:
        raise ActionPlanError(source, problems)
    return plan


def escape_line(text: str) -> str:
    """One line of learner text made safe for the Markdown layout (undone on reading)."""
    return "\\" + text if _ESCAPED.match(text) else text


def unescape_line(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def parse_markdown(text: str, source: str = "action-plan.md") -> ActionPlan:
    """A plan from the Markdown that ``render.action_plan.action_plan_markdown`` writes
    (and a person may have edited): ``## <statement title>``, ``- **Owner:**`` and
    ``- **By when:**`` lines, then a ``### <label>`` section per text."""
    by_label = {label.lower(): field for field, label in LABELS.items()}
    problems: list[Problem] = []
    found: dict[str, dict[str, Any]] = {}
    sid: str | None = None
    field: str | None = None
    where_line: dict[str, int] = {}  # "check_mark.date" -> its line, for messages
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, 1):
        if line.startswith("## "):
            heading = re.sub(r"^\d+\.\s*", "", line[3:].strip())
            sid, field = statement_id(heading), None
            if sid is None:
                problems.append(Problem("heading", _unknown_statement(heading, by_title=True),
                                        number))
            elif sid in found:
                problems.append(Problem("heading", f"{heading!r} comes twice; expected each "
                                                   "problem statement once", number))
                sid = None
            else:
                found[sid] = {}
        elif line.startswith("### ") and sid is not None:
            label = line[4:].strip()
            field = by_label.get(label.lower())
            if field is None or field in ONE_LINE:
                problems.append(Problem(f"{sid}, section", f"unknown section {label!r}; "
                                        "expected one of: " + "; ".join(
                                            LABELS[f] for f in FIELDS if f not in ONE_LINE),
                                        number))
            else:
                found[sid][field] = []
                where_line[f"{sid}.{field}"] = number
        elif sid is not None and field is None and (fact := _FACT.match(line)):
            name = by_label.get(fact["label"].strip().lower())
            if name in ONE_LINE:
                found[sid][name] = [fact["value"]]
                where_line[f"{sid}.{name}"] = number
        elif sid is not None and field is not None:
            found[sid][field].append(line)
    values = {key: {f: _section_text(body) for f, body in fields.items()}
              for key, fields in found.items()}
    if not found and not problems:
        problems.append(Problem("headings", "no problem statement found; expected a "
                                            "'## <problem statement title>' heading", 1))
    try:
        plan = parse_action_plan(values, source)
    except ActionPlanError as exc:
        problems += [Problem(p.where, p.message, where_line.get(p.where)) for p in exc.problems]
    if problems:
        raise ActionPlanError(source, problems)
    return plan


def _section_text(body: list[str]) -> str:
    text = "\n".join(body).strip("\n")
    return "" if text.strip() == NOT_SET else "\n".join(unescape_line(x)
                                                        for x in text.split("\n"))


def read_action_plan(path: str | Path) -> ActionPlan:
    """Read a plan file: Markdown for ``.md``/``.markdown``, CSV otherwise."""
    path = Path(path).expanduser()
    text = read_text(path, ActionPlanError)
    if path.suffix.lower() in (".md", ".markdown"):
        return parse_markdown(text, str(path))
    return parse_csv(text, str(path))


def still_to_decide(plan: ActionPlan) -> list[str]:
    """What a line with something to do still lacks (an owner, a date, how partners will
    check it), in plain words; empty when every planned line is complete."""
    out = []
    for line in plan.lines:
        if not any(getattr(line, a) for a in ACTIONS):
            continue
        missing = [name for f, name in (("owner", "an owner"), ("date", "a date"), (
            "partners_check", "how partners will be involved in checking it"))
            if not getattr(line, f)]
        if missing:
            out.append(f"{get_statement(line.statement).title}: still to decide: "
                       + ", ".join(missing) + ".")
    if all(not any(getattr(line, a) for a in ACTIONS) for line in plan.lines):
        out.append("Nothing to start, stop or keep doing yet.")
    return out


__all__ = ["ACTIONS", "COLUMNS", "FIELDS", "LABELS", "MAX_ONE_LINE", "MAX_TEXT", "NOT_SET",
           "ONE_LINE", "ActionLine", "ActionPlan", "blank_plan", "check_value",
           "escape_line", "parse_action_plan", "parse_csv", "parse_markdown",
           "read_action_plan", "statement_id", "still_to_decide",
           "unescape_line"]
