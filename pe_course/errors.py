"""The project's exceptions.

Every message says *where* (file, row or field) and *what was expected*, because the
people reading them are facilitators and learners, not Python programmers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class PECourseError(Exception):
    """Base class for every error this package raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what was expected."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ValidationError(PECourseError):
    """An input file or value has one or more problems; all are listed at once."""

    def __init__(self, source: str, problems: Iterable[Problem | str]):
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else Problem("", p) for p in problems
        )
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{source}: {count} {noun}"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ScenarioError(ValidationError):
    """A scenario file is not valid."""


class UnknownScenarioError(PECourseError):
    """No scenario has the id that was asked for."""


class ChoiceError(PECourseError):
    """A learner's choice does not exist at the step where it was made."""
