"""pe_course: patient engagement gone wrong, and how to do it right.

The package holds the course's content as data (problem statements, scenarios, the plan
check-up's rules, self-assessment items), the pure functions that score a learner's path
and check a team's plan, renderers to text and HTML, thin ipywidgets views, the
``pe-course`` command line and the book's Sphinx extension. ARCHITECTURE.md at the top of
the repository maps it. Importing it stays light: no matplotlib, no ipywidgets
until they are used.
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
