"""The path a learner took, step by step: an inline SVG chart and the same figures as a
table (for screen readers, and anyone who prefers numbers).

Trust and energy (0 to 100) are lines that differ by pattern and by label, never by
colour alone; the team's costs so far (time + money + effort) are a row of numbers under
the chart. The step where the path turned (the biggest move of trust and energy) is
marked in both. No plotting library: this runs in the browser too.
"""

from __future__ import annotations

from html import escape

from pe_course.scoring import ScoreCard

_W, _H, _LEFT, _TOP, _PLOT_H = 560, 230, 44, 14, 150


def _x(i: int, n: int) -> float:
    return _LEFT + (i * (_W - _LEFT - 70) / max(1, n))


def _y(value: int) -> float:
    return _TOP + _PLOT_H * (1 - value / 100)


def _meters_of(as_partner: bool) -> str:
    return "your trust in the team and your energy" if as_partner else \
        "the partner's trust and energy"


def journey_svg(card: ScoreCard, *, as_partner: bool = False) -> str:
    """Trust and energy before the first choice and after each one, and the team's costs."""
    n = len(card.turns)
    trust = [card.turns[0].before.trust] + [t.after.trust for t in card.turns] if n else []
    energy = [card.turns[0].before.energy] + [t.after.energy for t in card.turns] if n else []
    costs = [0] + [t.costs.total for t in card.turns]
    turn = card.turning_point
    team = "the team's" if as_partner else "your team's"
    desc = (f"Chart of {_meters_of(as_partner)} over your {n} choices: trust went from "
            f"{trust[0]} to {trust[-1]}, energy from {energy[0]} to {energy[-1]}; {team} "
            f"costs added up to {costs[-1]}." if n else "No choices yet.")
    parts = [f'<svg class="pe-journey" role="img" aria-label="{escape(desc)}" '
             f'viewBox="0 0 {_W} {_H}" style="max-width: 100%; height: auto" '
             'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">']
    for value in (0, 50, 100):
        y = _y(value)
        parts.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_W - 70}" y2="{y:.1f}" '
                     'stroke="currentColor" stroke-opacity="0.25"/>'
                     f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'fill="currentColor">{value}</text>')
    if turn is not None:
        x = _x(turn + 1, n)
        parts.append(f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{_TOP + _PLOT_H}" '
                     'stroke="currentColor" stroke-dasharray="2 3"/>'
                     f'<text x="{x:.1f}" y="{_TOP - 3}" text-anchor="middle" '
                     'fill="currentColor">turning point</text>')
    for name, values, style in (("Trust", trust, 'stroke="#1f5f8b" stroke-width="3"'),
                                ("Energy", energy, 'stroke="#8a4b08" stroke-width="3" '
                                                   'stroke-dasharray="7 4"')):
        if not values:
            continue
        points = " ".join(f"{_x(i, n):.1f},{_y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" {style} points="{points}"/>')
        parts.append(f'<text x="{_x(n, n) + 6:.1f}" y="{_y(values[-1]) + 4:.1f}" '
                     f'fill="currentColor">{name} {values[-1]}</text>')
    base = _TOP + _PLOT_H + 22
    parts.append(f'<text x="{_LEFT - 6}" y="{base}" text-anchor="end" fill="currentColor">'
                 "cost</text>")
    for i, value in enumerate(costs):
        label = "start" if i == 0 else str(i)
        parts.append(f'<text x="{_x(i, n):.1f}" y="{base}" text-anchor="middle" '
                     f'fill="currentColor">{value}</text>'
                     f'<text x="{_x(i, n):.1f}" y="{base + 18}" text-anchor="middle" '
                     f'fill="currentColor">{label}</text>')
    parts.append(f'<text x="{_W - 64}" y="{base + 18}" fill="currentColor">step</text></svg>')
    return "".join(parts)


def journey_table_html(card: ScoreCard, *, as_partner: bool = False) -> str:
    """The chart's figures as a table: each choice, the meters after it, the team's costs."""
    rows = []
    for i, t in enumerate(card.turns):
        mark = ' <strong>(turning point)</strong>' if i == card.turning_point else ""
        rows.append(f'<tr><th scope="row">{i + 1}{mark}</th><td>{escape(t.choice.label)}</td>'
                    f"<td>{t.after.trust}</td><td>{t.after.energy}</td>"
                    f"<td>{t.costs.time}</td><td>{t.costs.money}</td><td>{t.costs.effort}</td>"
                    "</tr>")
    team = "the team" if as_partner else "your team"
    return ('<table class="table pe-journey-table"><caption>Your path, step by step: '
            f"{_meters_of(as_partner)} after each choice (of 100), and what {team} had "
            "spent so far (0 to 3 per choice)</caption><thead><tr>"
            '<th scope="col">Step</th><th scope="col">Your choice</th>'
            '<th scope="col">Trust</th><th scope="col">Energy</th>'
            '<th scope="col">Team time</th><th scope="col">Team money</th>'
            '<th scope="col">Team effort</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
