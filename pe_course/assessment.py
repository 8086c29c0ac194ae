"""The team self-assessment: how often does our team do what the course teaches?

Each person on a team answers every item in ``data/assessment_items.yaml`` on a
five-point frequency scale (1 never, 2 rarely, 3 sometimes, 4 often, 5 always). The
arithmetic, pure and documented here once:

- item score = (answer - 1) / 4 * 100, or (5 - answer) / 4 * 100 for a reversed item,
  so 100 is always the healthy end;
- a person's statement score = mean of their item scores for that statement;
- the team's statement score = median over people, with the minimum and maximum to
  show the spread.

Output never shows anyone's own answers. pandas builds the team table and matplotlib
draws the profile; both are imported only inside the functions that use them, so the
questionnaire itself runs on the standard library (and in the browser).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pe_course.errors import Problem, ValidationError
from pe_course.statements import STATEMENT_IDS, STATEMENTS, get_statement

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

DATA_DIR = Path(__file__).parent / "data"
ITEMS_FILE = DATA_DIR / "assessment_items.yaml"
BUNDLE_ITEMS = DATA_DIR / "_bundle" / "assessment_items.json"
EXAMPLE_ANSWERS_FILE = DATA_DIR / "example_assessment.csv"

SCALE: tuple[str, ...] = ("never", "rarely", "sometimes", "often", "always")  # 1..5
MIN_ANSWER, MAX_ANSWER = 1, len(SCALE)
MIN_ITEMS_PER_STATEMENT = 4
COLUMNS: tuple[str, ...] = ("respondent", "item", "answer")
PROBLEMS_SHOWN = 100  # a badly broken file of 1,000 people should not print 20,000 lines

_ITEM_KEYS = ("id", "statement", "text", "reverse")
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class AssessmentError(ValidationError):
    """Assessment items or answers are not valid; every problem is listed with its place."""

    def __init__(self, source: str, problems: Iterable[Problem | str]):
        super().__init__(source, problems)
        if len(self.problems) > PROBLEMS_SHOWN:
            lines = [f"{source}: {len(self.problems)} problems (the first {PROBLEMS_SHOWN} "
                     "are shown)"]
            lines += [f"  - {p}" for p in self.problems[:PROBLEMS_SHOWN]]
            lines.append(f"  ... and {len(self.problems) - PROBLEMS_SHOWN} more")
            self.args = ("\n".join(lines),)


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
    """Validate item data (``{"items": [...]}``) and build the items, in file order."""
    problems: list[Problem] = []
    entries = raw.get("items") if isinstance(raw, Mapping) else None
    if not isinstance(entries, list):
        raise AssessmentError(source, [Problem("items", "expected a list of items, each with "
                                                        "id, statement, text and reverse")])
    items: list[Item] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        where = f"items[{i}]"
        if not isinstance(entry, Mapping):
            problems.append(Problem(where, "expected an item with id, statement, text, reverse"))
            continue
        for key in entry:
            if key not in _ITEM_KEYS:
                problems.append(Problem(f"{where}.{key}", "unknown field; expected one of: "
                                                          + ", ".join(_ITEM_KEYS)))
        before = len(problems)
        item_id, statement = entry.get("id"), entry.get("statement")
        text, reverse = entry.get("text"), entry.get("reverse")
        if not isinstance(item_id, str) or not _ID_PATTERN.match(item_id):
            problems.append(Problem(f"{where}.id", f"expected a short id of lower-case letters "
                                                   f"and digits, got {item_id!r}"))
        elif item_id in seen:
            problems.append(Problem(f"{where}.id", f"duplicate id {item_id!r}, also used by "
                                                   f"items[{seen[item_id]}]"))
        else:
            seen[item_id] = i
        if statement not in STATEMENT_IDS:
            problems.append(Problem(f"{where}.statement", f"expected one of: "
                                                          f"{', '.join(STATEMENT_IDS)}; got "
                                                          f"{statement!r}"))
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(f"{where}.text", "expected the item's wording"))
        if not isinstance(reverse, bool):
            problems.append(Problem(f"{where}.reverse", f"expected true or false, got "
                                                        f"{reverse!r}"))
        if len(problems) == before:
            items.append(Item(item_id, statement, " ".join(text.split()), reverse))
    if not problems:
        for sid in STATEMENT_IDS:
            n = sum(1 for item in items if item.statement == sid)
            if n < MIN_ITEMS_PER_STATEMENT:
                problems.append(Problem("items", f"statement {sid!r} has {n} items; at least "
                                                 f"{MIN_ITEMS_PER_STATEMENT} are needed"))
    if problems:
        raise AssessmentError(source, problems)
    return tuple(items)


_ITEMS_CACHE: dict[str, tuple[Item, ...]] = {}


def load_items(path: str | Path | None = None) -> tuple[Item, ...]:
    """The assessment items: the shipped file by default (JSON bundle in the browser)."""
    if path is None:
        if "default" not in _ITEMS_CACHE:
            try:
                import yaml  # noqa: F401
            except ImportError:  # pragma: no cover - only in the browser
                raw = json.loads(BUNDLE_ITEMS.read_text(encoding="utf-8"))
                _ITEMS_CACHE["default"] = parse_items(raw, f"{BUNDLE_ITEMS.name} (bundled)")
            else:
                _ITEMS_CACHE["default"] = load_items(ITEMS_FILE)
        return _ITEMS_CACHE["default"]
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AssessmentError(str(path), [f"cannot be read ({exc.strerror or exc})"]) from None
    if path.suffix == ".json":
        return parse_items(json.loads(text), str(path))
    import yaml

    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise AssessmentError(str(path), [Problem(where, f"not valid YAML: "
                                                         f"{getattr(exc, 'problem', exc)}")]
                              ) from None
    return parse_items(raw, str(path))


def bundle_items(target: Path = BUNDLE_ITEMS) -> Path:
    """Write the shipped items, validated, as JSON that the in-browser Python can read."""
    items = load_items(ITEMS_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"items": items_as_dicts(items)}, ensure_ascii=False,
                                 indent=1), encoding="utf-8")
    return target


def items_as_dicts(items: Sequence[Item]) -> list[dict[str, Any]]:
    """Items as plain data: ``[{"id", "statement", "text", "reverse"}, ...]``."""
    return [{"id": i.id, "statement": i.statement, "text": i.text, "reverse": i.reverse}
            for i in items]


def items_text(items: Sequence[Item]) -> str:
    """Items as plain text, grouped by problem statement."""
    lines = [f"Answer each item: {', '.join(f'{n} {w}' for n, w in enumerate(SCALE, 1))}.",
             "(r) marks a reversed item, where 'always' is the unhealthy answer."]
    for statement in STATEMENTS:
        lines += ["", f"{statement.number}. {statement.title}"]
        lines += [f"  {i.id:<5} {i.text}{' (r)' if i.reverse else ''}"
                  for i in items if i.statement == statement.id]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# Scoring (pure)


def item_score(item: Item, answer: int) -> float:
    """0..100 for one answer; 100 is the healthy end whether or not the item is reversed."""
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 5:
        raise AssessmentError(item.id, [Problem(item.id, f"answer must be a whole number "
                                                         f"from 1 to 5, got {answer!r}")])
    steps = (MAX_ANSWER - answer) if item.reverse else (answer - MIN_ANSWER)
    return steps / (MAX_ANSWER - MIN_ANSWER) * 100


def respondent_scores(answers: Mapping[str, int],
                      items: Sequence[Item] | None = None) -> dict[str, float]:
    """One person's score per statement: the mean of their item scores (every item needed)."""
    items = load_items() if items is None else items
    problems: list[Problem] = []
    known = {i.id for i in items}
    for item_id in answers:
        if item_id not in known:
            problems.append(Problem(str(item_id), "unknown item"))
    for item in items:
        answer = answers.get(item.id)
        if answer is None:
            problems.append(Problem(item.id, "not answered"))
        elif isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 5:
            problems.append(Problem(item.id, f"answer must be a whole number from 1 to 5, "
                                             f"got {answer!r}"))
    if problems:
        raise AssessmentError("answers", problems)
    scores: dict[str, float] = {}
    for sid in STATEMENT_IDS:
        values = [item_score(i, answers[i.id]) for i in items if i.statement == sid]
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


@dataclass(frozen=True)
class TeamAnswers:
    """Every answer of one team, validated: each person answered each item exactly once."""

    source: str
    answers: tuple[Answer, ...]

    @property
    def respondents(self) -> tuple[str, ...]:
        """The respondents' codes, in the order they first appear."""
        return tuple(dict.fromkeys(a.respondent for a in self.answers))


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


def parse_answers(text: str, source: str = "answers.csv",
                  items: Sequence[Item] | None = None) -> TeamAnswers:
    """Validate CSV text with columns ``respondent,item,answer``; problems name CSV lines."""
    items = load_items() if items is None else items
    item_ids = [i.id for i in items]
    known = set(item_ids)
    problems: list[tuple[tuple[int, int], Problem]] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header: list[str] | None = None
    header_line = 0
    answers: list[Answer] = []
    first_seen: dict[tuple[str, str], int] = {}
    answered: dict[str, set[str]] = {}
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header, header_line = [c.strip().lower() for c in row], line
            missing = [c for c in COLUMNS if c not in header]
            extra = [c for c in header if c not in COLUMNS]
            doubled = sorted({c for c in header if header.count(c) > 1})
            if missing or extra or doubled:
                parts = []
                if missing:
                    parts.append(f"missing column(s) {', '.join(missing)}")
                if extra:
                    parts.append(f"unknown column(s) {', '.join(repr(c) for c in extra)}")
                if doubled:
                    parts.append(f"column(s) given twice: {', '.join(doubled)}")
                raise AssessmentError(source, [Problem(
                    f"line {line}", "; ".join(parts) + "; expected the header "
                                    + ",".join(COLUMNS))])
            continue
        if len(row) != len(header):
            problems.append(((0, line), Problem(f"line {line}", f"expected {len(header)} values "
                                                           f"({','.join(header)}), got "
                                                           f"{len(row)}")))
            continue
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        respondent, item_id = cells["respondent"], cells["item"]
        before = len(problems)
        if not respondent:
            problems.append(((0, line), Problem(f"line {line}", "respondent is empty; give each "
                                                           "person a code such as r1")))
        if item_id not in known:
            close = difflib.get_close_matches(item_id, item_ids, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(((0, line), Problem(f"line {line}", f"unknown item {item_id!r}{hint}; "
                                                           "see pe-course assess --items")))
        answer = _parse_answer(cells["answer"])
        if isinstance(answer, str):
            problems.append(((0, line), Problem(f"line {line}", answer)))
        if respondent and item_id in known:
            key = (respondent, item_id)
            if key in first_seen:
                problems.append(((0, line), Problem(
                    f"line {line}", f"duplicate row: respondent {respondent!r} already "
                                    f"answered item {item_id!r} on line {first_seen[key]}")))
            else:
                first_seen[key] = line
                answered.setdefault(respondent, set()).add(item_id)
        if respondent:
            first_line.setdefault(respondent, line)
        if len(problems) == before:
            answers.append(Answer(respondent, item_id, answer, line))
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
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AssessmentError(str(path), ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AssessmentError(str(path), [f"cannot be read as UTF-8 text ({exc})"]) from None
    return parse_answers(text, str(path), items)


def answers_csv(respondent: str, answers: Mapping[str, int]) -> str:
    """One person's answers as CSV rows (with header), ready to join a team file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item_id, answer in answers.items():
        writer.writerow((respondent, item_id, answer))
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# The team profile (pandas)


@dataclass(frozen=True)
class StatementSummary:
    """The team's spread of scores on one problem statement."""

    statement: str
    median: float
    min: float
    max: float
    respondents: int


@dataclass(frozen=True)
class TeamProfile:
    """The team's spread of scores on every problem statement."""

    respondents: int
    statements: tuple[StatementSummary, ...]  # in course order

    def medians(self) -> dict[str, float]:
        """Statement id -> the team's median score."""
        return {s.statement: s.median for s in self.statements}

    def lowest(self) -> str:
        """The statement with the lowest median: the chapter to read first."""
        return lowest_statement(self.medians())


def team_profile(answers: TeamAnswers, items: Sequence[Item] | None = None) -> TeamProfile:
    """Median, minimum and maximum of people's statement scores, per statement."""
    import pandas as pd

    items = load_items() if items is None else items
    by_id = {i.id: i for i in items}
    frame = pd.DataFrame({
        "respondent": [a.respondent for a in answers.answers],
        "statement": [by_id[a.item].statement for a in answers.answers],
        "reverse": [by_id[a.item].reverse for a in answers.answers],
        "answer": [a.answer for a in answers.answers],
    })
    steps = frame["answer"].where(~frame["reverse"], MAX_ANSWER - frame["answer"] + MIN_ANSWER)
    frame["score"] = (steps - MIN_ANSWER) / (MAX_ANSWER - MIN_ANSWER) * 100
    per_person = frame.groupby(["statement", "respondent"], sort=False)["score"].mean()
    table = per_person.groupby(level="statement").agg(["median", "min", "max", "count"])
    summaries = tuple(
        StatementSummary(sid, float(table.at[sid, "median"]), float(table.at[sid, "min"]),
                         float(table.at[sid, "max"]), int(table.at[sid, "count"]))
        for sid in STATEMENT_IDS if sid in table.index)
    return TeamProfile(len(answers.respondents), summaries)


def profile_dict(profile: TeamProfile) -> dict[str, Any]:
    """``{"statements": {id: {"median", "min", "max", "respondents"}}}``, one decimal."""
    return {"statements": {s.statement: {"median": round(s.median, 1), "min": round(s.min, 1),
                                         "max": round(s.max, 1), "respondents": s.respondents}
                           for s in profile.statements}}


def profile_json(profile: TeamProfile) -> str:
    """The team profile as JSON text (see ``profile_dict``)."""
    return json.dumps(profile_dict(profile), indent=2)


_EXPLAIN = ("Scores run from 0 to 100: higher means the healthy practice happens more often. "
            "Each person's score for a problem statement is the mean of their item scores; the "
            "team's is the median across people, with the lowest and highest to show the "
            "spread. No one's own answers are shown.")


def profile_text(profile: TeamProfile) -> str:
    """The team profile as plain text for a terminal."""
    width = max(len(s.title) for s in STATEMENTS)
    lines = [f"Team self-assessment: {profile.respondents} "
             f"{'person' if profile.respondents == 1 else 'people'}", "", _EXPLAIN, "",
             f"{'Problem statement':<{width}}  median     min     max"]
    for s in profile.statements:
        lines.append(f"{get_statement(s.statement).title:<{width}}  {s.median:6.1f}  "
                     f"{s.min:6.1f}  {s.max:6.1f}")
    first = get_statement(profile.lowest())
    lines += ["", f"Read first: {first.title} (chapter {first.chapter})"]
    return "\n".join(lines) + "\n"


def profile_markdown(profile: TeamProfile) -> str:
    """The team profile as Markdown."""
    lines = [f"# Team self-assessment ({profile.respondents} people)", "", _EXPLAIN, "",
             "| Problem statement | Median | Min | Max |", "|---|---:|---:|---:|"]
    for s in profile.statements:
        lines.append(f"| {get_statement(s.statement).title} | {s.median:.1f} | {s.min:.1f} | "
                     f"{s.max:.1f} |")
    first = get_statement(profile.lowest())
    lines += ["", f"**Read first:** {first.title} (chapter `{first.chapter}`)"]
    return "\n".join(lines) + "\n"


def profile_chart(scores: Mapping[str, float], *,
                  spread: Mapping[str, tuple[float, float]] | None = None,
                  title: str = "Self-assessment profile") -> Figure:
    """A horizontal bar per statement (0-100), with min-max whiskers when ``spread`` is given.

    Uses matplotlib's object API (no pyplot), so nothing global changes.
    """
    import textwrap

    from matplotlib.figure import Figure

    statements = [s for s in STATEMENTS if s.id in scores]
    labels = [textwrap.fill(s.title, 28) for s in statements]
    values = [scores[s.id] for s in statements]
    fig = Figure(figsize=(7, 0.9 * len(statements) + 1.2), layout="constrained")
    ax = fig.add_subplot()
    positions = list(range(len(statements)))[::-1]  # first statement on top
    xerr = None
    if spread:
        lows = [max(0.0, v - spread[s.id][0]) for s, v in zip(statements, values, strict=True)]
        highs = [max(0.0, spread[s.id][1] - v) for s, v in zip(statements, values, strict=True)]
        xerr = [lows, highs]
    ax.barh(positions, values, xerr=xerr, color="#3b6ea8", edgecolor="#1d3557",
            capsize=4 if spread else 0)
    for y, v in zip(positions, values, strict=True):
        ax.text(min(v + 2, 88), y, f"{v:.0f}", va="center", fontsize=10)
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Score (0 = the unhealthy practice always, 100 = the healthy practice always)")
    ax.set_title(title)
    return fig


# ---------------------------------------------------------------------------------------
# Command line: ``pe-course assess ANSWERS.csv``


def _cli_assess(args) -> int:
    from pe_course.cli import EXIT_OK

    if args.items:
        items = load_items()
        if args.format == "json":
            print(json.dumps(items_as_dicts(items), indent=2, ensure_ascii=False))
        else:
            print(items_text(items), end="")
        return EXIT_OK
    if args.print_example:
        print(EXAMPLE_ANSWERS_FILE.read_text(encoding="utf-8"), end="")
        return EXIT_OK
    if args.answers is None:
        raise AssessmentError("pe-course assess", [
            "give an answers CSV file, or --items to list the items, or --print-example"])
    profile = team_profile(read_answers(args.answers))
    render = {"json": profile_json, "markdown": profile_markdown, "text": profile_text}
    text = render[args.format](profile)
    print(text, end="" if text.endswith("\n") else "\n")
    return EXIT_OK


def add_cli(subparsers) -> None:
    """Register ``pe-course assess`` on the CLI's subparsers."""
    p = subparsers.add_parser(
        "assess", help="a team's self-assessment profile from a CSV of answers",
        description="Summarise a team's self-assessment: CSV with columns "
                    "respondent,item,answer (answer 1 never ... 5 always). Exit 0, or 2 for "
                    "invalid input (each problem is listed with its CSV line).")
    p.add_argument("answers", nargs="?", metavar="ANSWERS.csv")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--items", action="store_true", help="list the assessment items")
    p.add_argument("--print-example", action="store_true",
                   help="print an example answers file (five people)")
    p.set_defaults(func=_cli_assess)


__all__ = [
    "COLUMNS", "SCALE", "Answer", "AssessmentError", "Item", "StatementSummary", "TeamAnswers",
    "TeamProfile", "add_cli", "answers_csv", "bundle_items", "item_score", "items_as_dicts",
    "items_text", "load_items", "lowest_statement", "parse_answers", "parse_items",
    "profile_chart", "profile_dict", "profile_json", "profile_markdown", "profile_text",
    "read_answers", "respondent_scores", "team_profile",
]
