"""The self-assessment as text: the items, a team's profile (plain text, Markdown, JSON),
and one person's profile as an HTML table and a bar chart (matplotlib's, or plain SVG
where matplotlib is missing, as in the browser)."""

from __future__ import annotations

import base64
import io
import json
import textwrap
from collections.abc import Collection, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from pe_course.assessment import SCALE, Item
from pe_course.render.links import chapter_link_html
from pe_course.render.page import printable_page
from pe_course.statements import STATEMENTS, get_statement
from pe_course.team_profile import MIN_GROUP, GroupView, TeamProfile

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


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
# A team's profile


def _group_dict(group: GroupView) -> dict[str, Any]:
    if not group.shown:
        return {"shown": False, "respondents": f"fewer than {MIN_GROUP}"}
    return {"shown": True, "respondents": group.respondents,
            "statements": {sid: {"median": round(median, 1), "mean": round(mean, 1)}
                           for sid, median, mean in group.medians_means}}


def profile_dict(profile: TeamProfile) -> dict[str, Any]:
    """``{"statements": {id: {"median", "min", "max", "respondents"}}}``, one decimal; with
    roles, ``"patient_partners"`` and ``"everyone_else"`` (median and mean, or not shown)."""
    out: dict[str, Any] = {"statements": {
        s.statement: {"median": round(s.median, 1), "min": round(s.min, 1),
                      "max": round(s.max, 1), "respondents": s.respondents}
        for s in profile.statements}}
    if profile.partners is not None and profile.others is not None:
        out["patient_partners"] = _group_dict(profile.partners)
        out["everyone_else"] = _group_dict(profile.others)
    return out


def profile_json(profile: TeamProfile) -> str:
    """The team profile as JSON text (see ``profile_dict``)."""
    return json.dumps(profile_dict(profile), indent=2)


_EXPLAIN = ("Scores run from 0 to 100: higher means the healthy practice happens more often. "
            "Each person's score for a problem statement is the mean of their item scores; the "
            "team's is the median across people, with the lowest and highest to show the "
            "spread. No one's own answers are shown.")


_GROUPS_EXPLAIN = ("The patient partners' scores are shown beside everyone else's (median and "
                   "mean), so that more staff than partners cannot outvote the partners' "
                   "view. A group of fewer than 3 people is not shown.")


def group_notes(profile: TeamProfile) -> list[str]:
    """What is not shown, and why, in plain words (empty without roles)."""
    notes = []
    for group, who in ((profile.partners, "partners"), (profile.others, "other people")):
        if group is not None and not group.shown:
            notes.append(f"Fewer than {MIN_GROUP} {who} answered: not shown, to keep "
                         "answers anonymous.")
    return notes


def _group_rows(profile: TeamProfile) -> list[tuple[str, list[str]]]:
    """(statement title, [team median, partners, everyone else]) as text, for the tables."""
    def cell(group: GroupView | None, sid: str) -> str:
        if group is None or not group.shown:
            return "not shown"
        return f"{group.medians()[sid]:.1f} (mean {group.means()[sid]:.1f})"

    return [(get_statement(s.statement).title,
             [f"{s.median:.1f}", cell(profile.partners, s.statement),
              cell(profile.others, s.statement)]) for s in profile.statements]


def _has_groups(profile: TeamProfile) -> bool:
    return profile.partners is not None


def profile_text(profile: TeamProfile) -> str:
    """The team profile as plain text for a terminal."""
    width = max(len(s.title) for s in STATEMENTS)
    lines = [f"Team self-assessment: {profile.respondents} "
             f"{'person' if profile.respondents == 1 else 'people'}", "", _EXPLAIN, "",
             f"{'Problem statement':<{width}}  median     min     max"]
    for s in profile.statements:
        lines.append(f"{get_statement(s.statement).title:<{width}}  {s.median:6.1f}  "
                     f"{s.min:6.1f}  {s.max:6.1f}")
    if _has_groups(profile):
        lines += ["", "Patient partners beside everyone else (median; mean in brackets):"]
        for title, (team, partners, others) in _group_rows(profile):
            lines.append(f"  {title}: team {team}; partners {partners}; everyone else "
                         f"{others}")
        lines += ["", _GROUPS_EXPLAIN, *group_notes(profile)]
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
    if _has_groups(profile):
        lines += ["", "## Patient partners beside everyone else", "", _GROUPS_EXPLAIN, "",
                  "| Problem statement | Whole team (median) | Patient partners | "
                  "Everyone else |", "|---|---:|---:|---:|"]
        lines += [f"| {title} | {' | '.join(cells)} |" for title, cells in _group_rows(profile)]
        lines += [""] + [f"- {note}" for note in group_notes(profile)]
    first = get_statement(profile.lowest())
    lines += ["", f"**Read first:** {first.title} (chapter `{first.chapter}`)"]
    return "\n".join(lines) + "\n"


def profile_html(profile: TeamProfile, *, heading_level: int = 4) -> str:
    """The team profile as HTML tables (the whole team's spread; with roles, the partners
    beside everyone else), in plain words."""
    h = max(2, min(5, heading_level))
    rows = "".join(f'<tr><th scope="row">{escape(get_statement(s.statement).title)}</th>'
                   f"<td>{s.median:.1f}</td><td>{s.min:.1f}</td><td>{s.max:.1f}</td></tr>"
                   for s in profile.statements)
    noun = "person" if profile.respondents == 1 else "people"
    out = [f'<div class="pe-team-profile"><p>{profile.respondents} {noun} answered. '
           f"{escape(_EXPLAIN)}</p>"
           '<table class="table pe-team-scores"><caption>The whole team\'s scores by problem '
           'statement (0 to 100)</caption><thead><tr><th scope="col">Problem statement</th>'
           '<th scope="col">Median</th><th scope="col">Lowest</th><th scope="col">Highest'
           f"</th></tr></thead><tbody>{rows}</tbody></table>"]
    if _has_groups(profile):
        rows = "".join(f'<tr><th scope="row">{escape(title)}</th>'
                       + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"
                       for title, cells in _group_rows(profile))
        notes = "".join(f"<li>{escape(note)}</li>" for note in group_notes(profile))
        out.append(f"<h{h}>Patient partners beside everyone else</h{h}>"
                   f"<p>{escape(_GROUPS_EXPLAIN)}</p>"
                   '<table class="table pe-team-groups"><caption>Median score (mean in '
                   'brackets)</caption><thead><tr><th scope="col">Problem statement</th>'
                   '<th scope="col">Whole team</th><th scope="col">Patient partners</th>'
                   f'<th scope="col">Everyone else</th></tr></thead><tbody>{rows}</tbody>'
                   "</table>" + (f"<ul>{notes}</ul>" if notes else ""))
    first = get_statement(profile.lowest())
    out.append(f"<p><strong>Read first:</strong> {escape(first.title)}.</p></div>")
    return "".join(out)


def profile_page(profile: TeamProfile) -> str:
    """The team profile as a standalone printable HTML page."""
    return printable_page("Team self-assessment", profile_html(profile, heading_level=2))


# ---------------------------------------------------------------------------------------
# One person's profile: a chart and its text equivalent


def profile_chart(scores: Mapping[str, float], *,
                  spread: Mapping[str, tuple[float, float]] | None = None,
                  title: str = "Self-assessment profile") -> Figure:
    """A horizontal bar per statement (0-100), with min-max whiskers when ``spread`` is given.

    Uses matplotlib's object API (no pyplot), so nothing global changes.
    """
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


def _chart_alt(scores: Mapping[str, float]) -> str:
    return "Bar chart of your scores out of 100: " + "; ".join(
        f"{s.title} {scores[s.id]:.0f}" for s in STATEMENTS if s.id in scores)


def svg_chart_html(scores: Mapping[str, float]) -> str:
    """The profile as a plain SVG bar chart: for where matplotlib is missing (the browser).

    One labelled bar per statement on a 0-100 scale, the value written beside each bar
    (never length or colour alone), and the same alt text as the matplotlib chart.
    """
    shown = [s for s in STATEMENTS if s.id in scores]
    label_w, bar_w, row_h, top = 330, 300, 34, 8
    height = top + row_h * len(shown) + 24
    width = label_w + bar_w + 50
    parts = [f'<svg class="pe-profile-chart" role="img" aria-label="{escape(_chart_alt(scores))}"'
             f' viewBox="0 0 {width} {height}" style="max-width: 100%; height: auto" '
             'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="13">']
    for row, statement in enumerate(shown):
        value = max(0.0, min(100.0, float(scores[statement.id])))
        y = top + row * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" fill="currentColor">'
            f"{escape(statement.title)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="20" fill="none" '
            'stroke="currentColor" stroke-opacity="0.4"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * value / 100:.1f}" height="20" '
            'fill="#1f6f8b"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 18}" fill="currentColor">{value:.0f}'
            "</text>")
    axis_y = top + row_h * len(shown) + 14
    parts.append(f'<text x="{label_w}" y="{axis_y}" fill="currentColor">0</text>'
                 f'<text x="{label_w + bar_w}" y="{axis_y}" text-anchor="end" '
                 'fill="currentColor">100</text></svg>')
    return "".join(parts)


def chart_html(scores: Mapping[str, float]) -> str:
    """The profile chart: matplotlib's as an <img> with alt text, else a plain SVG one."""
    try:
        fig = profile_chart(scores, title="Your self-assessment profile")
    except ImportError:
        return svg_chart_html(scores)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<img class="pe-profile-chart" src="data:image/png;base64,{data}" '
            f'alt="{escape(_chart_alt(scores))}" style="max-width: 100%; height: auto">')


def profile_table_html(scores: Mapping[str, float], chapter_base: str = "../",
                       linked: Collection[str] | None = None) -> str:
    """One person's profile as an HTML table (the chart's text equivalent)."""
    rows = "".join(
        f'<tr><th scope="row">{chapter_link_html(s.id, chapter_base, linked)}</th>'
        f"<td>{scores[s.id]:.1f}</td></tr>"
        for s in STATEMENTS if s.id in scores)
    return ('<table class="table pe-profile"><caption>Your scores by problem statement (0 to 100; '
            'higher means the healthy practice happens more often)</caption><thead><tr>'
            '<th scope="col">Problem statement</th><th scope="col">Score</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


__all__ = ["chart_html", "group_notes", "items_text", "profile_chart", "profile_dict",
           "profile_html", "profile_json", "profile_markdown", "profile_page",
           "profile_table_html", "profile_text", "svg_chart_html"]
