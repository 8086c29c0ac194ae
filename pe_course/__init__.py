"""pe_course: patient engagement gone wrong, and how to do it right.

The package holds the course's scenarios (as data), the pure functions that score a
learner's path through them, practical tools for teams, thin ipywidgets views and a CLI.
Importing it stays light: no pandas, no matplotlib, no ipywidgets until they are used.
"""

from pe_course.errors import (
    ChoiceError,
    PECourseError,
    ScenarioError,
    UnknownScenarioError,
    ValidationError,
)
from pe_course.statements import QUESTIONS, STATEMENTS

__version__ = "0.1.0"

__all__ = [
    "ChoiceError",
    "PECourseError",
    "QUESTIONS",
    "STATEMENTS",
    "ScenarioError",
    "UnknownScenarioError",
    "ValidationError",
    "__version__",
]
