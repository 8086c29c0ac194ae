"""The plan check-up as text: the report (JSON, Markdown, plain text, HTML), and the plan's
fields and the rules as Markdown tables for the documentation."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from html import escape
from typing import Any

from pe_course.audit import SEVERITIES, Report, load_rules
from pe_course.plan import SCHEMA, Field, Section
from pe_course.render.links import chapter_link_html
from pe_course.render.page import printable_page
from pe_course.statements import STATEMENT_IDS, STATEMENTS, get_example, get_statement


def _example_text(example_id: str) -> str:
    try:
        return get_example(example_id).text
    except KeyError:
        return example_id


def report_dict(report: Report) -> dict[str, Any]:
    """``{"findings": [...], "scores": {statement_id: int}}``."""
    return {"findings": [f.as_dict() for f in report.findings],
            "scores": {sid: report.scores[sid] for sid in STATEMENT_IDS}}


def report_json(report: Report) -> str:
    """The report as JSON text (see ``report_dict``)."""
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False)


def _summary(report: Report) -> str:
    if not report.findings:
        return "No findings: the plan avoids every problem the check-up looks for."
    counts = ", ".join(f"{report.count(s)} {s}" for s in SEVERITIES if report.count(s))
    noun = "finding" if len(report.findings) == 1 else "findings"
    return f"{len(report.findings)} {noun} ({counts})."


def _findings_of(report: Report, statement_id: str) -> int:
    return sum(1 for f in report.findings if f.statement == statement_id)


def report_markdown(report: Report) -> str:
    """The report as Markdown, for saving or sharing with the team."""
    lines = [f"# Engagement plan check-up: {report.project}", "", _summary(report), "",
             "## Scores by problem statement", "",
             "Each score starts at 100; a high finding takes off 30, a medium 15, a low 5.", "",
             "| Problem statement | Score | Findings |", "|---|---:|---:|"]
    lines += [f"| {s.title} | {report.scores[s.id]} | {_findings_of(report, s.id)} |"
              for s in STATEMENTS]
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"## {severity.capitalize()} ({len(group)})"]
        for f in group:
            statement = get_statement(f.statement)
            lines += ["", f"### {f.message}", "",
                      f"- **What to do:** {f.suggestion}",
                      f"- **Problem statement:** {statement.title} (chapter "
                      f"{statement.number} of the course)",
                      f"- **From the source:** {_example_text(f.source)}"]
    return "\n".join(lines) + "\n"


def report_text(report: Report) -> str:
    """The report as plain text for a terminal."""
    width = max(len(s.title) for s in STATEMENTS)
    lines = [f"Engagement plan check-up: {report.project}", "", _summary(report), "",
             "Scores (100 = nothing found):"]
    lines += [f"  {s.title:<{width}}  {report.scores[s.id]:>3}" for s in STATEMENTS]
    for f in report.findings:
        lines += ["", f"[{f.severity.upper()}] {f.message}",
                  f"  What to do: {f.suggestion}",
                  f"  Problem statement: {get_statement(f.statement).title}",
                  f"  From the source: {_example_text(f.source)}",
                  f"  Rule: {f.id}"]
    return "\n".join(lines) + "\n"


def report_html(report: Report, *, chapter_base: str = "../", heading_level: int = 4,
                linked: Collection[str] | None = None) -> str:
    """The report as accessible HTML: a score table and a findings table with chapter links.

    ``linked``: the statement ids whose chapter may be linked (default: all of them; the
    site build turns links to chapters the book does not have into plain text).
    """
    h = max(2, min(5, heading_level))
    e = escape

    def chapter_link(statement_id: str) -> str:
        return chapter_link_html(statement_id, chapter_base, linked)

    out = ['<div class="pe-audit-report">',
           f"<h{h}>Check-up: {e(report.project)}</h{h}>", f"<p>{e(_summary(report))}</p>",
           '<table class="table pe-audit-scores"><caption>Scores by problem statement (100 = '
           "nothing found; high −30, medium −15, low −5)</caption>"
           '<thead><tr><th scope="col">Problem statement</th><th scope="col">Score</th>'
           '<th scope="col">Findings</th></tr></thead><tbody>']
    out += [f'<tr><th scope="row">{chapter_link(s.id)}</th>'
            f"<td>{report.scores[s.id]}</td><td>{_findings_of(report, s.id)}</td></tr>"
            for s in STATEMENTS]
    out.append("</tbody></table>")
    if report.findings:
        out.append('<table class="table pe-audit-findings"><caption>Findings, most severe first'
                   '</caption><thead><tr><th scope="col">Severity</th>'
                   '<th scope="col">What we found</th><th scope="col">What to do</th>'
                   '<th scope="col">Learn more</th></tr></thead><tbody>')
        out += [f'<tr data-rule="{e(f.id)}"><td><strong>{e(f.severity)}</strong></td>'
                f"<td>{e(f.message)}</td><td>{e(f.suggestion)}</td>"
                f"<td>{chapter_link(f.statement)}</td></tr>" for f in report.findings]
        out.append("</tbody></table>")
    out.append("</div>")
    return "".join(out)


def report_page(report: Report) -> str:
    """The report as a standalone printable HTML page, in plain words: chapter titles
    without links (a printed page cannot follow them), no rule ids shown."""
    return printable_page(f"Engagement plan check-up: {report.project}",
                          report_html(report, heading_level=2, linked=()))


def schema_markdown() -> str:
    """The plan's fields as Markdown: one table per group (for the documentation)."""

    def table(title: str, specs: Sequence[Field]) -> list[str]:
        rows = [f"**{title}**", "", "| Field | What to write | Question it answers |",
                "|---|---|---|"]
        for spec in specs:
            optional = " (optional)" if spec.optional else ""
            rows.append(f"| `{spec.name}` | {spec.expected()}{optional} | {spec.question} |")
        return rows + [""]

    top = [e for e in SCHEMA if isinstance(e, Field)]
    lines = table("At the top of the file", top)
    for entry in SCHEMA:
        if isinstance(entry, Section):
            lines += table(f"Under `{entry.name}:` ({entry.title.lower()})", entry.fields)
    return "\n".join(lines)


def rules_markdown() -> str:
    """Every rule as Markdown: one table per problem statement (for the documentation)."""
    lines: list[str] = []
    for s in STATEMENTS:
        lines += [f"**{s.number}. {s.title}**", "",
                  "| Severity | What the check-up looks for | Rule |", "|---|---|---|"]
        for severity in SEVERITIES:
            lines += [f"| {severity} | {r.message} | `{r.id}` |" for r in load_rules()
                      if r.statement == s.id and r.severity == severity]
        lines.append("")
    return "\n".join(lines)


__all__ = ["report_dict", "report_html", "report_json", "report_markdown", "report_page",
           "report_text",
           "rules_markdown", "schema_markdown"]
