"""A support budget as plain text, Markdown, CSV and HTML (the same facts in each).

Every line shows its amount, how it was worked out from the team's own numbers, why it is
there and the sources; the reminders (ask each partner what they want; the numbers are
the team's, not standards) come with every format.
"""

from __future__ import annotations

import csv
import io
from html import escape

from pe_course.budget import SupportBudget

CSV_COLUMNS = ("line", "amount", "how it was worked out", "why", "sources")


def _money(amount: float) -> str:
    return f"{amount:,.2f}"


def _hours(budget: SupportBudget) -> str:
    return (f"Each partner's time: about {budget.hours_per_partner:.0f} hours over "
            f"{budget.months} months ({budget.hours_per_partner_per_month:.1f} hours a "
            "month).")


def budget_text(budget: SupportBudget) -> str:
    lines = [f"Support budget: {budget.project}",
             f"{budget.partners} patient partners, {budget.months} months. {_hours(budget)}",
             ""]
    for line in budget.lines:
        lines += [f"{line.title}: {_money(line.amount)}", f"  {line.how}.",
                  f"  Why: {line.why} ({line.cite})"]
    lines += ["", f"Total: {_money(budget.total)}", "", "Before you use it:"]
    lines += [f"- {r}" for r in budget.reminders]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def budget_markdown(budget: SupportBudget) -> str:
    out = [f"# Support budget: {_md_cell(budget.project)}", "",
           f"{budget.partners} patient partners, {budget.months} months. {_hours(budget)}",
           "", "| Line | Amount | How it was worked out | Why | Sources |",
           "|---|---:|---|---|---|"]
    out += [f"| {_md_cell(line.title)} | {_money(line.amount)} | {_md_cell(line.how)} | "
            f"{_md_cell(line.why)} | {_md_cell(line.cite)} |" for line in budget.lines]
    out += [f"| **Total** | **{_money(budget.total)}** | | | |", "", "## Before you use it",
            ""]
    out += [f"- {r}" for r in budget.reminders]
    out += ["", "Made with the pe-course support budget. The amounts are the team's own "
                "numbers."]
    return "\n".join(out) + "\n"


def budget_csv(budget: SupportBudget) -> str:
    """One row per line, then the total; amounts as plain numbers (for a spreadsheet)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in budget.lines:
        writer.writerow([line.title, f"{line.amount:.2f}", line.how, line.why, line.cite])
    writer.writerow(["Total", f"{budget.total:.2f}", "", "", ""])
    return buffer.getvalue()


def budget_html(budget: SupportBudget, *, heading_level: int = 4) -> str:
    e, h = escape, max(2, min(5, heading_level))
    rows = "".join(
        f"<tr><th scope=\"row\">{e(line.title)}</th><td class=\"pe-amount\">"
        f"{_money(line.amount)}</td><td>{e(line.how)}</td><td>{e(line.why)} "
        f"({e(line.cite)})</td></tr>" for line in budget.lines)
    reminders = "".join(f"<li>{e(r)}</li>" for r in budget.reminders)
    return (f'<div class="pe-budget"><h{h}>Support budget: {e(budget.project)}</h{h}>'
            f"<p>{budget.partners} patient partners, {budget.months} months. "
            f"{e(_hours(budget))}</p>"
            '<table class="table pe-budget-table"><caption>Each line of the budget, how it '
            "was worked out from your numbers, and why it is there</caption><thead><tr>"
            '<th scope="col">Line</th><th scope="col">Amount</th>'
            '<th scope="col">How it was worked out</th><th scope="col">Why</th></tr></thead>'
            f"<tbody>{rows}</tbody><tfoot><tr><th scope=\"row\">Total</th>"
            f'<td class="pe-amount"><strong>{_money(budget.total)}</strong></td><td></td>'
            "<td></td></tr></tfoot></table>"
            f"<h{h + 1}>Before you use it</h{h + 1}><ul>{reminders}</ul></div>")


__all__ = ["CSV_COLUMNS", "budget_csv", "budget_html", "budget_markdown", "budget_text"]
