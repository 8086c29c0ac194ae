"""The project's exceptions, the shape of one problem, and the command line's exit codes.

Every message says *where* (file, line, row or field) and *what was expected*, because
the people reading them are facilitators and learners, not Python programmers. Library
code raises these; only the command line (``pe_course.cli``) turns them into exit codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The command line's exit codes (``pe-course``): success; a check found something at or
# above the level asked for; invalid input (the message names the file, row or field).
EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2

PROBLEMS_SHOWN = 100  # a badly broken file of 1,000 rows should not print 20,000 lines


class PECourseError(Exception):
    """Base class for every error this package raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is (line, field) and what was expected."""

    where: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        place = ", ".join(p for p in (f"line {self.line}" if self.line else "", self.where) if p)
        return f"{place}: {self.message}" if place else self.message


class ValidationError(PECourseError):
    """An input file or value has one or more problems; all are listed at once."""

    def __init__(self, source: str, problems: Iterable[Problem | str]):
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else Problem("", p) for p in problems
        )
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        shown = self.problems[:PROBLEMS_SHOWN]
        head = f"{source}: {count} {noun}"
        if count > PROBLEMS_SHOWN:
            head += f" (the first {PROBLEMS_SHOWN} are shown)"
        lines = [head] + [f"  - {p}" for p in shown]
        if count > PROBLEMS_SHOWN:
            lines.append(f"  ... and {count - PROBLEMS_SHOWN} more")
        super().__init__("\n".join(lines))


class ScenarioError(ValidationError):
    """A scenario file is not valid."""


class DataError(ValidationError):
    """A course data file shipped with the package (statements, rules, items) is not valid."""


class PlanError(ValidationError):
    """An engagement plan is not valid; every bad field is listed with its path."""


class MeetingPlanError(ValidationError):
    """A trauma-informed meeting plan is not valid; every bad field is listed with its path."""


class ActionPlanError(ValidationError):
    """A team action plan is not valid; every problem names its row (or line) and field."""


class AssessmentError(ValidationError):
    """Assessment items or answers are not valid; every problem is listed with its place."""


class UnknownScenarioError(PECourseError):
    """No scenario has the id that was asked for."""


class UnknownCheckError(PECourseError, LookupError):
    """No shipped knowledge-check file has the name that was asked for."""


class ChoiceError(PECourseError):
    """A learner's choice does not exist at the step where it was made."""
