"""The team action plan as Markdown, CSV and HTML (a part of a page, or a whole printable
page).

The Markdown and the CSV read back to the same plan (``pe_course.action_plan``'s
``parse_markdown`` and ``parse_csv``): the Markdown puts each problem statement under a
``##`` heading, the owner and date on ``- **Owner:**`` lines, and each text under a
``###`` heading, with "not set yet" for a blank. Everything a learner typed is escaped
before it goes into HTML.
"""

from __future__ import annotations

import csv
import io
from html import escape

from pe_course.action_plan import (
    COLUMNS,
    FIELDS,
    LABELS,
    MD_TITLE,
    NOT_SET,
    ONE_LINE,
    ActionLine,
    ActionPlan,
    escape_line,
    still_to_decide,
)
from pe_course.render.page import printable_page
from pe_course.statements import get_statement

INTRO = ("For each problem statement: what the team will start, stop and keep doing, who "
         "owns it, by when, and how the patient partners will be involved in checking it.")
TITLE = "Team action plan"


def _md_text(text: str) -> str:
    return "\n".join(escape_line(line) for line in text.split("\n")) if text else NOT_SET


def action_plan_markdown(plan: ActionPlan) -> str:
    """The plan as Markdown (``parse_markdown`` reads it back)."""
    out = [MD_TITLE, "", INTRO]
    for line in plan.lines:
        statement = get_statement(line.statement)
        out += ["", f"## {statement.number}. {statement.title}", ""]
        out += [f"- **{LABELS[f]}:** {_md_text(getattr(line, f))}" for f in ONE_LINE]
        for field in FIELDS:
            if field not in ONE_LINE and (field != "drafted_from" or line.drafted_from):
                out += ["", f"### {LABELS[field]}", "", _md_text(getattr(line, field))]
    return "\n".join(out) + "\n"


def action_plan_csv(plan: ActionPlan) -> str:
    """The plan as CSV: a header (``COLUMNS``) and one row per problem statement."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in plan.lines:
        writer.writerow([line.statement, *(line.values()[f] for f in FIELDS)])
    return out.getvalue()


def _html_text(text: str) -> str:
    if not text:
        return '<span class="pe-not-set">not set yet</span>'
    return f'<span class="pe-text">{escape(text)}</span>'


def _line_html(line: ActionLine, h: int) -> str:
    statement = get_statement(line.statement)
    items = "".join(f"<dt>{escape(LABELS[f])}</dt><dd>{_html_text(getattr(line, f))}</dd>"
                    for f in FIELDS if f != "drafted_from" or line.drafted_from)
    return (f'<section class="pe-action-line pe-keep-together" data-statement="'
            f'{escape(line.statement)}"><h{h}>{statement.number}. {escape(statement.title)}'
            f"</h{h}><dl>{items}</dl></section>")


def action_plan_html(plan: ActionPlan, *, heading_level: int = 4) -> str:
    """The plan as part of a page (the form's result): each statement's line, then what
    is still to decide."""
    h = max(2, min(5, heading_level))
    todo = still_to_decide(plan)
    todo_html = ("<ul>" + "".join(f"<li>{escape(t)}</li>" for t in todo) + "</ul>" if todo
                 else "<p>Every line with something to do has an owner, a date and a way "
                      "for partners to check it.</p>")
    return (f'<div class="pe-action-plan"><p>{escape(INTRO)}</p>'
            + "".join(_line_html(line, h) for line in plan.lines)
            + f'<h{h}>Still to decide</h{h}><div class="pe-still-to-decide">{todo_html}</div>'
            "</div>")


def action_plan_page(plan: ActionPlan) -> str:
    """The plan as a standalone printable HTML page."""
    return printable_page(TITLE, action_plan_html(plan, heading_level=2))


__all__ = ["INTRO", "TITLE", "action_plan_csv", "action_plan_html", "action_plan_markdown",
           "action_plan_page"]
