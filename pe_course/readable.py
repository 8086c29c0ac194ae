"""Where the readable versions used to live; kept so older notebooks keep working.

New code imports from ``pe_course.render.scenario`` and ``pe_course.render.scorecard``.
"""

from pe_course.render.scenario import scenario_html, scenario_text
from pe_course.render.scorecard import condition_text, effects_text, scorecard_text

__all__ = ["condition_text", "effects_text", "scenario_html", "scenario_text", "scorecard_text"]
