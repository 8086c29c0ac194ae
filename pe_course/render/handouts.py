"""The facilitator kit's printable handouts, as print-ready HTML pages.

Each handout is one standalone HTML file (inline styles, no script, nothing fetched) made of
sheets, one printed page each: ``@page`` sets margins but no paper size, and every sheet
fits the smaller of A4 and US Letter (182 mm by 251 mm inside the margins), so the same
file prints on both, and so does its one PDF, whose page is A4's width by US Letter's
height (``pe_course.kit.PDF_PAGE``). ``Handout.pages`` is how many pages it prints: the
PDFs made from it (``pe_course.kit.write_pdfs``) are checked against it.

- **Scenario cards**: a cover, then for each step a card (prompt and lettered choices)
  followed by a page with what happens after each choice, so a group chooses first; the
  endings last. The words come from the scenario file, as on the chapter page.
- **Reflection worksheet**: the four reflection questions with room to write.
- **Voting cards**: one large letter, A to D, per page.
- **Team action plan sheet**: one page per problem statement.
- **Evaluation form**: the participants' form (``pe_course.evaluation``), on two pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from pe_course.action_plan import LABELS
from pe_course.evaluation import EvaluationForm, load_form
from pe_course.render.scenario import LETTERS, consequence_lines, offer_text
from pe_course.render.scorecard import condition_text
from pe_course.scenario_model import Scenario
from pe_course.statements import QUESTIONS, STATEMENTS, get_statement

__all__ = ["GUIDE_URL", "Handout", "action_plan_sheet", "all_handouts", "evaluation_form",
           "reflection_worksheet", "scenario_cards", "voting_cards"]

# From a handout (handouts/<name>.html) to the facilitator guide in the built book.
GUIDE_URL = "../book/facilitator.html"
SOURCE_NOTE = ("Question quoted from the commentary by six Canadian patient partners on "
               "patient engagement gone wrong (Research Involvement and Engagement, 2024).")

CSS = """
@page { margin: 14mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; color: #111; background: #fff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans",
       sans-serif; font-size: 10.5pt; line-height: 1.35; }
/* No fixed height: a sheet that does not fit one page prints on two, and the PDF check
   (page counts) catches it. */
.sheet { width: 182mm; break-after: page; page-break-after: always; }
.sheet:last-of-type { break-after: auto; page-break-after: auto; }
.sheet-foot { font-size: 8pt; color: #444; border-top: 0.3mm solid #888; padding-top: 1mm;
              margin-top: 4mm; }
h1 { font-size: 20pt; margin: 0 0 4mm; line-height: 1.15; }
h2 { font-size: 15pt; margin: 0 0 3mm; }
h3 { font-size: 11.5pt; margin: 3mm 0 1mm; }
p { margin: 0 0 2.2mm; }
.big { font-size: 14pt; }
.note { border-left: 1.2mm solid #666; padding-left: 3mm; }
.choices { list-style: none; margin: 4mm 0; padding: 0; }
.choices li { display: flex; gap: 4mm; margin: 0 0 4mm; font-size: 14pt; }
.letter { flex: none; width: 11mm; height: 11mm; border: 0.6mm solid #111; border-radius: 1.5mm;
          text-align: center; font-weight: 700; line-height: 10mm; }
.offer { font-size: 10pt; color: #333; }
.consequence { margin: 0 0 2.5mm; break-inside: avoid; }
.consequence h3 { font-size: 11pt; margin: 2mm 0 0.8mm; }
.consequence p { margin: 0 0 0.8mm; font-size: 10pt; line-height: 1.28; }
.small { font-size: 9pt; }
.lines { margin: 2mm 0 4mm; }
.line { border-bottom: 0.3mm solid #777; height: 9mm; }
.box { border: 0.4mm solid #555; border-radius: 1mm; min-height: 32mm; padding: 1.5mm 2mm;
       margin: 0 0 3mm; }
.box.short { min-height: 14mm; }
.box-label { font-weight: 700; font-size: 10pt; }
.vote { display: flex; flex-direction: column; align-items: center; justify-content: center;
        height: 240mm; }
.vote-letter { font-size: 190mm; line-height: 1; font-weight: 800; }
.vote-caption { font-size: 14pt; }
.option { display: inline-block; margin: 1mm 6mm 1mm 0; }
.tick { display: inline-block; width: 4.5mm; height: 4.5mm; border: 0.4mm solid #111;
        vertical-align: -0.8mm; margin-right: 1.5mm; }
.question { margin: 0 0 5mm; break-inside: avoid; }
.screen-only { font-family: inherit; }
@media screen {
  /* On a screen the sheets reflow (a phone too); printing uses the fixed sizes above. */
  body { background: #e6e6e6; padding: 0 3mm; }
  .sheet { width: auto; max-width: 196mm; background: #fff; margin: 6mm auto; padding: 7mm;
           border: 0.3mm solid #999; }
  .vote { height: auto; }
  .vote-letter { font-size: min(150mm, 60vw); }
  .screen-only { max-width: 196mm; margin: 4mm auto; background: #fff; padding: 3mm 4mm;
                 border: 0.3mm solid #888; font-size: 11pt; }
  a { color: #0b4f8a; }
}
@media print { .screen-only { display: none; } }
"""


@dataclass(frozen=True)
class Handout:
    """A printable handout: ``name`` is its file stem (``handouts/<name>.html``)."""

    name: str
    title: str
    html: str
    pages: int
    scenario_id: str | None = None


def _page(name: str, title: str, sheets: list[str], what: str) -> Handout:
    e = escape
    screen = (f'<div class="screen-only"><p><strong>{e(title)}</strong>: a printable handout '
              f"({len(sheets)} page{'s' if len(sheets) != 1 else ''}). {e(what)} Print this page "
              "from your browser on A4 or US Letter paper (it fits both), or print "
              f'<a href="{e(name)}.pdf">the PDF</a>, which prints on A4 and US Letter alike.'
              f' <a href="{GUIDE_URL}">Back to the facilitator guide</a>.</p></div>')
    body = "\n".join(f'<section class="sheet" aria-label="Page {i} of {len(sheets)}">'
                     f"{sheet}</section>" for i, sheet in enumerate(sheets, 1))
    html = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)}</title><style>{CSS}</style></head>"
            f"<body>{screen}<main>{body}</main></body></html>\n")
    return Handout(name, title, html, len(sheets))


def _foot(text: str) -> str:
    return f'<p class="sheet-foot">{escape(text)}</p>'


def _lines(n: int) -> str:
    return '<div class="lines" aria-hidden="true">' + '<div class="line"></div>' * n + "</div>"


def scenario_cards(scenario: Scenario) -> Handout:
    """A scenario as cards: a cover, then each step's card and, on the following page,
    what happens after each choice; the endings last."""
    e = escape
    n_steps = len(scenario.steps)
    statements = ", ".join(get_statement(s).title for s in scenario.statements)
    who = ("Everyone plays the patient partner: none of these choices is wrong."
           if scenario.as_partner else "The group decides what the team does.")
    cover = [f"<h1>Scenario cards: {e(scenario.title)}</h1>",
             f"<p><strong>Problem statement:</strong> {e(statements)}.</p>",
             f'<p class="big">{e(scenario.summary)}</p>' if scenario.summary else "",
             (f'<p class="note"><strong>Content note:</strong> {e(scenario.content_note)}</p>'
              if scenario.content_note else ""),
             f"<p>{e(who)} The patient partner starts with trust {scenario.start_trust} and "
             f"energy {scenario.start_energy}, out of 100.</p>",
             "<h2>How to use these cards</h2>",
             f"<p>There is one card per step ({n_steps} steps). Read a card aloud and let the "
             "group choose, by voting card or show of hands, before anyone turns the page. The "
             "page after each card says what happens after each choice and which step comes "
             "next. The story branches: follow the step the group's choice leads to. The "
             "endings are on the last page.</p>",
             "<p>On the page after each card, a note for the facilitator names the pressure "
             "that makes the weaker choices tempting. Talk about the people in the scenario, who "
             "are made up: no one is asked to share their own story.</p>",
             _foot(f"{scenario.title} · cover · made from scenario file {scenario.id} "
                   f"(version {scenario.version})")]
    sheets = ["".join(cover)]
    for n, step in enumerate(scenario.steps, 1):
        choices = []
        for letter, choice in zip(LETTERS, step.choices, strict=False):
            offer = offer_text(scenario, choice)
            choices.append(f'<li><span class="letter">{letter}</span><span>{e(choice.label)}'
                           + (f' <span class="offer">{e(offer)}</span>' if offer else "")
                           + "</span></li>")
        variants = "".join(f'<p class="small"><em>On a path where '
                           f"{e(scenario.flag_text(v.flag))}:</em> {e(v.prompt)}</p>"
                           for v in step.variants)
        sheets.append(f"<h1>Step {n} of {n_steps}</h1>"
                      f'<p class="big">{e(step.prompt)}</p>{variants}'
                      f'<ol class="choices">{"".join(choices)}</ol>'
                      "<p><strong>Choose first.</strong> What happens is on the next page.</p>"
                      + _foot(f"{scenario.title} · step {n} · the card"))
        consequences = []
        for letter, choice in zip(LETTERS, step.choices, strict=False):
            lines = consequence_lines(scenario, choice)
            consequences.append(f'<div class="consequence"><h3>{letter}. {e(choice.label)}</h3>'
                                + "".join(f"<p>{e(line)}</p>" for line in lines) + "</div>")
        pressure = (f'<p class="note small"><strong>For the facilitator, the pressure:</strong> '
                    f"{e(step.pressure)}</p>" if step.pressure else "")
        sheets.append(f"<h2>Step {n}: what happens</h2>{''.join(consequences)}{pressure}"
                      + _foot(f"{scenario.title} · step {n} · what happens"))
    order = ("Endings are listed in the order they are checked; none of them judges how you "
             "responded." if scenario.as_partner else
             "Endings are listed best first. A path with serious harm cannot reach the first.")
    endings = "".join(f'<div class="consequence"><h3>{e(ending.title)}</h3>'
                      f"<p>{e(ending.text)}</p><p class=\"small\">When: "
                      f"{e(condition_text(ending, scenario))}.</p></div>"
                      for ending in scenario.endings)
    sheets.append(f"<h2>How it can end</h2><p>{e(order)}</p>{endings}"
                  + _foot(f"{scenario.title} · the endings"))
    handout = _page(f"cards-{scenario.id}", f"Scenario cards: {scenario.title}", sheets,
                    "One step per card; what happens is on the page after it.")
    return Handout(handout.name, handout.title, handout.html, handout.pages, scenario.id)


def reflection_worksheet() -> Handout:
    """The four reflection questions, one a page, with room to write."""
    e = escape
    sheets = []
    for q in QUESTIONS:
        intro = ("<p>Your own notes. Keep this sheet: no one collects it. Write about your work "
                 "and your team, not about anyone's health.</p>" if q.number == 1 else "")
        sheets.append(f"<h1>Reflection worksheet</h1>{intro}"
                      f"<h2>Question {q.number}: {e(q.title)}</h2>"
                      f'<p class="big">“{e(q.question)}”</p>'
                      f'<p class="small">{e(SOURCE_NOTE)}</p>'
                      f"<h3>What do we do now?</h3>{_lines(6)}"
                      f"<h3>What could we do differently?</h3>{_lines(6)}"
                      f"<h3>One step we will take, and when</h3>{_lines(3)}"
                      + _foot(f"Reflection worksheet · question {q.number} of {len(QUESTIONS)}"))
    return _page("reflection-worksheet", "Reflection worksheet", sheets,
                 "The four reflection questions, one a page, with room to write.")


def voting_cards() -> Handout:
    """One large letter a page, A to D, for a room's votes."""
    sheets = [f'<div class="vote"><p class="vote-letter" aria-label="Vote {letter}">{letter}</p>'
              f'<p class="vote-caption">Hold up this card to vote {letter}.</p></div>'
              for letter in LETTERS]
    return _page("voting-cards", "Voting cards A to D", sheets,
                 "Print one set per person; votes are counted, never named.")


def action_plan_sheet() -> Handout:
    """The team action plan on paper: one page per problem statement."""
    e = escape
    sheets = []
    for s in STATEMENTS:
        boxes = "".join(f'<div class="box"><p class="box-label">{e(LABELS[f])}</p></div>'
                        for f in ("start", "stop", "keep"))
        short = "".join(f'<div class="box short"><p class="box-label">{e(LABELS[f])}</p></div>'
                        for f in ("owner", "date", "partners_check"))
        intro = ("<p>One page per problem statement. Decide it together, with your patient "
                 "partners. The course's action plan form and <code>pe-course action-plan</code> "
                 "keep the same fields.</p>" if s.number == 1 else "")
        sheets.append(f"<h1>Team action plan</h1>{intro}"
                      f"<h2>{s.number}. {e(s.title)}</h2><p class=\"small\">"
                      f"{e(s.description)}</p>{boxes}{short}"
                      + _foot(f"Team action plan · {s.number} of {len(STATEMENTS)}"))
    return _page("action-plan-sheet", "Team action plan sheet", sheets,
                 "One page per problem statement: start, stop, keep, owner, date, and how "
                 "partners will be involved in checking it.")


def evaluation_form(form: EvaluationForm | None = None) -> Handout:
    """The participants' evaluation form, on two pages (questions split in half)."""
    e = escape
    form = form or load_form()

    def question(n: int, q) -> str:
        if q.kind == "text":
            answer = _lines(q.lines)
        else:
            answer = "<p>" + "".join(f'<span class="option"><span class="tick" '
                                     f'aria-hidden="true"></span>{e(o)}</span>'
                                     for o in q.options) + "</p>"
        return f'<div class="question"><h3>{n}. {e(q.text)}</h3>{answer}</div>'

    half = (len(form.questions) + 1) // 2
    first = "".join(question(n, q) for n, q in enumerate(form.questions[:half], 1))
    second = "".join(question(n, q) for n, q in enumerate(form.questions[half:], half + 1))
    sheets = [f"<h1>{e(form.title)}</h1><p>{e(form.intro)}</p>{first}"
              + _foot("Evaluation form · page 1 of 2 · nothing on this form is sent anywhere")]
    if second:
        sheets.append(f"<h2>{e(form.title)} (continued)</h2>{second}"
                      + _foot("Evaluation form · page 2 of 2 · thank you"))
    return _page("evaluation-form", "Evaluation form", sheets,
                 "Anonymous, on paper: hand it out at the end.")


def all_handouts() -> list[Handout]:
    """Every handout of the kit: the scenario cards of every shipped scenario first."""
    from pe_course.scenarios import list_scenarios

    return ([scenario_cards(s) for s in list_scenarios()]
            + [reflection_worksheet(), voting_cards(), action_plan_sheet(), evaluation_form()])
