"""A finished path as text and HTML: its ending, the partner's meters, the score card.

The scenario player (``pe_course.widgets``), the command line (``pe-course scenarios
play``) and the exercise notebooks show a score card through these two functions, so the
text and the HTML always say the same things.
"""

from __future__ import annotations

from html import escape

from pe_course.scenario_model import Ending
from pe_course.scoring import ScoreCard
from pe_course.statements import get_question, get_statement

_METER_NAMES = {"trust": "Trust", "energy": "Energy"}


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def effects_text(trust: int, energy: int) -> str:
    """A choice's effects in words: ``trust +5, energy -10``."""
    return f"trust {_signed(trust)}, energy {_signed(energy)}"


def condition_text(ending: Ending) -> str:
    """When an ending applies, in words: ``trust at least 60 and energy below 30``."""
    if not ending.when:
        return "any other final state"
    return " and ".join(f"{meter} {'at least' if kind == 'at_least' else 'below'} {value}"
                        for meter, kind, value in ending.conditions())


def meters_html(trust: int, energy: int, before: tuple[int, int] | None = None) -> str:
    """Trust and energy as text first, with a visual meter beside each (never colour alone)."""
    rows = []
    for key, value, old in (("trust", trust, before[0] if before else None),
                            ("energy", energy, before[1] if before else None)):
        change = ""
        if old is not None and old != value:
            change = f" ({'up' if value > old else 'down'} {abs(value - old)})"
        rows.append(
            f'<div class="pe-meter"><span class="pe-meter-label" id="pe-{key}-label">'
            f"{_METER_NAMES[key]}: <strong>{value}</strong> of 100{change}</span> "
            f'<meter min="0" max="100" low="35" high="60" optimum="100" value="{value}" '
            f'aria-labelledby="pe-{key}-label">{value} of 100</meter></div>')
    return '<div class="pe-meters">' + "".join(rows) + "</div>"


def scorecard_text(card: ScoreCard) -> str:
    """A plain-language summary of a finished path."""
    lines = [f"Ending: {card.ending.title}", card.ending.text, "",
             f"Final trust {card.final_state.trust} of 100, energy "
             f"{card.final_state.energy} of 100.", ""]
    for result in card.statements:
        lines.append(f"- {get_statement(result.statement_id).title}: {result.verdict} "
                     f"(risked {result.risked}, repaired {result.repaired})")
    if card.reflection_focus:
        lines += ["", "Reflection questions that would have helped most:"]
        lines += [f"- {get_question(q).question}" for q in card.reflection_focus]
    if card.strengths:
        lines += ["", "What you put into practice:"]
        lines += [f"- {get_question(q).title}" for q in card.strengths]
    return "\n".join(lines) + "\n"


def scorecard_html(card: ScoreCard) -> str:
    """The end-of-scenario summary as HTML (the same facts as ``scorecard_text``)."""
    items = "".join(f"<li>{escape(get_statement(r.statement_id).title)}: "
                    f"<strong>{escape(r.verdict)}</strong> (risked {r.risked}, "
                    f"repaired {r.repaired})</li>" for r in card.statements)
    html = [f'<div class="pe-summary" role="status" aria-live="polite">'
            f"<h4>Ending: {escape(card.ending.title)}</h4><p>{escape(card.ending.text)}</p>"
            f"<p>Final trust {card.final_state.trust} of 100, energy "
            f"{card.final_state.energy} of 100.</p><ul>{items}</ul>"]
    if card.reflection_focus:
        qs = "".join(f"<li>{escape(get_question(q).question)}</li>"
                     for q in card.reflection_focus)
        html.append(f"<p>Reflection questions that would have helped most:</p><ul>{qs}</ul>")
    if card.strengths:
        qs = "".join(f"<li>{escape(get_question(q).title)}</li>" for q in card.strengths)
        html.append(f"<p>What you put into practice:</p><ul>{qs}</ul>")
    html.append("</div>")
    return "".join(html)
