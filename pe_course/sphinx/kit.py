"""The facilitator kit in the site: present pages, printable handouts, and the guide's lists.

When the HTML build finishes, every shipped scenario gets its present page,
``present/<scenario id>.html`` (``pe_course.render.present``: one self-contained file), and
every handout its printable page, ``handouts/<name>.html``. The PDFs of the handouts are
printed from those pages by ``pe-course handouts`` (``make site`` runs it after the build).

Two directives for the facilitator guide:

- ``{facilitator-kit}``: every scenario, by chapter, with its present page and scenario
  cards (printable page, and a PDF that prints on A4 and US Letter alike), then the
  other handouts;
- ``{evaluation-form}``: the evaluation form's questions as text.

Every print of a book page gets ``static/pe_print.css`` and ``pe_print.js``: navigation and
buttons left out, every closed section (a scenario's consequences, the endings) opened.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from pe_course.sphinx.live import live_html, root_prefix

PRESENT_DIR = "present"
HANDOUTS_DIR = "handouts"


def chapter_of(scenario, found_docs) -> str | None:
    """The chapter (docname) that teaches a scenario's first problem statement, if built."""
    from pe_course.statements import get_statement

    chapter = get_statement(scenario.statements[0]).chapter
    return chapter if chapter in found_docs else None


def present_url(root: str, scenario_id: str) -> str:
    return f"{root}{PRESENT_DIR}/{scenario_id}.html"


def _write_kit(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from pe_course.kit import write_handouts, write_present_pages
    from pe_course.scenarios import list_scenarios

    out = app.builder.outdir
    docs = app.env.found_docs

    def book_url(scenario) -> str | None:
        chapter = chapter_of(scenario, docs)
        return f"../{chapter}.html" if chapter else None

    write_present_pages(out / PRESENT_DIR, list_scenarios(), book_url)
    write_handouts(out / HANDOUTS_DIR)


def _links(root: str, name: str) -> str:
    e = escape
    base = f"{root}{HANDOUTS_DIR}/"
    return (f'<a href="{e(base)}{e(name)}.html">printable page</a>, '
            f'<a href="{e(base)}{e(name)}.pdf">PDF</a>')


class FacilitatorKitDirective(SphinxDirective):
    """``{facilitator-kit}``: the present pages and handouts, linked from the guide."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from pe_course.render.handouts import (
            action_plan_sheet,
            evaluation_form,
            reflection_worksheet,
            voting_cards,
        )
        from pe_course.scenarios import list_scenarios
        from pe_course.statements import STATEMENTS

        e = escape
        root = root_prefix(self.env.docname)
        rows = []
        scenarios = list_scenarios()
        for statement in STATEMENTS:
            for s in (s for s in scenarios if s.statements[0] == statement.id):
                played = " (played as the partner)" if s.as_partner else ""
                rows.append(
                    f"<tr><th scope=\"row\">{e(s.title)}{played}</th>"
                    f"<td>{e(statement.title)}</td>"
                    # the row's header names the scenario: the link's context
                    f'<td><a href="{e(present_url(root, s.id))}">Present</a></td>'
                    f"<td>{_links(root, f'cards-{s.id}')}</td></tr>")
        others = [(h.title, h.name, h.pages) for h in
                  (reflection_worksheet(), voting_cards(), action_plan_sheet(),
                   evaluation_form())]
        items = "".join(f"<li><strong>{e(title)}</strong> ({pages} pages): "
                        f"{_links(root, name)}</li>" for title, name, pages in others)
        html = ('<div class="pe-kit"><table class="pe-kit-table">'
                "<caption>Every scenario: its present view and its scenario cards</caption>"
                '<thead><tr><th scope="col">Scenario</th><th scope="col">Problem statement</th>'
                '<th scope="col">Present view</th><th scope="col">Scenario cards</th></tr>'
                f"</thead><tbody>{''.join(rows)}</tbody></table>"
                f"<p>The other handouts:</p><ul>{items}</ul></div>")
        return [live_html(html=html)]


class EvaluationFormDirective(SphinxDirective):
    """``{evaluation-form}``: the evaluation form's questions as text."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from pe_course.evaluation import load_form

        e = escape
        form = load_form()
        items = []
        for q in form.questions:
            answer = ("space to write" if q.kind == "text"
                      else "tick one: " + "; ".join(q.options))
            items.append(f"<li>{e(q.text)} <em>({e(answer)})</em></li>")
        html = (f'<div class="pe-evaluation"><p><strong>{e(form.title)}</strong> '
                f"{e(form.intro)}</p><ol>{''.join(items)}</ol></div>")
        return [live_html(html=html)]


def register(app: Sphinx) -> None:
    app.add_directive("facilitator-kit", FacilitatorKitDirective)
    app.add_directive("evaluation-form", EvaluationFormDirective)
    app.connect("build-finished", _write_kit)
    app.add_css_file("pe_print.css", media="print")
    app.add_js_file("pe_print.js", defer="defer")
