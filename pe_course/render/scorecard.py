"""A finished path as text and HTML: what happened, why this ending, the partner's meters,
the team's costs, and what to reflect on.

The scenario player (``pe_course.widgets``), the command line (``pe-course scenarios
play``) and the exercise notebooks show a score card through these functions, so the
text and the HTML always say the same things.
"""

from __future__ import annotations

from html import escape

from pe_course.scenario_model import Costs, Ending, Scenario
from pe_course.scoring import ScoreCard
from pe_course.statements import get_question, get_statement

_METER_NAMES = {"trust": "Trust", "energy": "Energy"}
HELPED = ("The patient partners' reflection questions (Fig. 1 of their commentary) that "
          "would have helped most:")
LETTERS = "ABCD"


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def effects_text(trust: int, energy: int) -> str:
    """A choice's effects on the partner in words: ``trust +5, energy -10``."""
    return f"trust {_signed(trust)}, energy {_signed(energy)}"


def costs_text(costs: Costs) -> str:
    """What a choice (or a path) costs the team: ``time 2, money 0, effort 1``."""
    return f"time {costs.time}, money {costs.money}, effort {costs.effort}"


def condition_text(ending: Ending, scenario: Scenario | None = None) -> str:
    """When an ending applies, in words: ``trust at least 60 and energy below 30``."""
    if ending.always:
        return "any other path"
    parts = [f"{meter} {'at least' if kind == 'at_least' else 'below'} {value}"
             for meter, kind, value in ending.conditions()]

    def flag(f: str) -> str:
        return scenario.flag_text(f) if scenario else f

    parts += [f"on a path where {flag(f)}" for f in ending.only_if]
    parts += [f"unless {flag(f)}" for f in ending.unless]
    return " and ".join(parts)


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


def why_text(card: ScoreCard, scenario: Scenario | None = None) -> str:
    """Why the path got its ending, in one or two plain sentences."""
    if card.blocked_by and card.best_ending is not None:
        named = "; ".join(f"at step {card.turns.index(t) + 1} you chose “{t.choice.label}”"
                          + (f" ({t.choice.serious_harm.rstrip('.')})" if t.choice.serious_harm
                             else "") for t in card.blocked_by)
        return (f"The best ending (“{card.best_ending.title}”) was out of reach: {named}. "
                "Whatever trust and energy say, serious harm is not undone.")
    if card.ending.always:
        return "None of the other endings' conditions were met."
    who = scenario.whose if scenario is not None else "the partner"
    return (f"This ending needs {condition_text(card.ending, scenario)}; {who} ended "
            f"with trust {card.final_state.trust} and energy {card.final_state.energy}.")


def _statement_line(result) -> str:
    title = get_statement(result.statement_id).title
    if not (result.risked or result.repaired):
        return f"{title}: none of your choices touched it."
    parts = []
    if result.risked:
        parts.append(f"{result.risked} of your choices made it worse")
    if result.repaired:
        parts.append(f"{result.repaired} helped")
    return f"{title}: {' and '.join(parts)}."


def _reflection(card: ScoreCard) -> tuple[list[str], list[str]]:
    """(would have helped, put into practice); a question in both says so once."""
    both = set(card.reflection_focus) & set(card.strengths)
    helped = [f"“{get_question(q).question}”" + (" (You used it at other steps: it would "
                                                "have helped here too.)" if q in both else "")
              for q in card.reflection_focus]
    practised = [get_question(q).title for q in card.strengths if q not in both]
    return helped, practised


def _as_partner(scenario: Scenario | None) -> bool:
    return scenario is not None and scenario.as_partner


def _meters_sentence(card: ScoreCard, scenario: Scenario | None) -> str:
    """Where the meters ended and what the team spent, from the learner's side."""
    trust, energy = card.final_state.trust, card.final_state.energy
    if _as_partner(scenario):
        return (f"You end with trust {trust} of 100 in the team and energy {energy} of 100. "
                f"The team spent: {costs_text(card.costs)} (0 to 3 per choice).")
    return (f"The partner ends with trust {trust} of 100 and energy {energy} of 100. "
            f"Your team spent: {costs_text(card.costs)} (0 to 3 per choice).")


def scorecard_text(card: ScoreCard, scenario: Scenario | None = None) -> str:
    """A plain-language summary of a finished path."""
    lines = [f"Ending: {card.ending.title}", card.ending.text, "", why_text(card, scenario), "",
             "What you did:"]
    lines += [f"  {i}. {t.choice.label}" for i, t in enumerate(card.turns, 1)]
    lines += ["", _meters_sentence(card, scenario), ""]
    if not _as_partner(scenario):
        lines += [f"- {_statement_line(r)}" for r in card.statements]
    helped, practised = _reflection(card)
    if helped:
        lines += ["", HELPED]
        lines += [f"- {q}" for q in helped]
    if practised:
        lines += ["", "What you put into practice:"]
        lines += [f"- {q}" for q in practised]
    return "\n".join(lines) + "\n"


def scorecard_html(card: ScoreCard, scenario: Scenario | None = None) -> str:
    """The end-of-scenario summary as HTML (the same facts as ``scorecard_text``)."""
    from pe_course.render.journey import journey_svg, journey_table_html

    e = escape
    items = "".join(f"<li>{e(_statement_line(r))}</li>" for r in card.statements)
    html = [f'<div class="pe-summary" role="status" aria-live="polite">'
            f"<h4>Ending: {e(card.ending.title)}</h4><p>{e(card.ending.text)}</p>"
            f'<p class="pe-why">{e(why_text(card, scenario))}</p>'
            f"<p>{e(_meters_sentence(card, scenario))}</p>",
            "<h5>Your path</h5>", journey_svg(card, as_partner=_as_partner(scenario)),
            journey_table_html(card, as_partner=_as_partner(scenario))]
    if not _as_partner(scenario):
        html.append(f"<ul>{items}</ul>")
    helped, practised = _reflection(card)
    if helped:
        html.append(f"<p>{e(HELPED)}</p><ul>"
                    + "".join(f"<li>{e(q)}</li>" for q in helped) + "</ul>")
    if practised:
        html.append("<p>What you put into practice:</p><ul>"
                    + "".join(f"<li>{e(q)}</li>" for q in practised) + "</ul>")
    html.append("</div>")
    return "".join(html)
