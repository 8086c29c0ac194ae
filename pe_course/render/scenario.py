"""A whole scenario as readable text and HTML.

The static site shows a scenario as text, not as a frozen widget. It asks the learner to
choose first: every step shows its prompt and its choices (lettered A to D, as in the
player and in a room that votes by letter), and each choice's consequences (feedback,
what it did to the partner's trust and energy, what it cost the team, where the story
goes) open only when the learner asks, in a ``<details>`` element: no JavaScript needed,
and a keyboard and a screen reader can open each one. The endings are hidden the same
way, and each step's competing pressure sits in a note for facilitators.

The command line's ``show`` prints the same content as plain text. The HTML's root
element carries ``data-pe-live="<scenario id>"``: the site build puts a "Try it live"
button next to it.
"""

from __future__ import annotations

from html import escape

from pe_course.render.scorecard import condition_text, costs_text, effects_text
from pe_course.scenario_model import END, Choice, Scenario, Step
from pe_course.statements import get_statement

LETTERS = "ABCD"
KIND_TEXT = {
    "strongest": "the strongest choice at this step",
    "defensible": "a reasonable first instinct, with a cost",
    "harmful": "the most harmful choice at this step",
    "caricature": "a choice few would make, shown for contrast",
    "option": "one of the partner's own ways to respond; none is ranked",
}


def _step_number(scenario: Scenario, step_id: str) -> int:
    return [s.id for s in scenario.steps].index(step_id) + 1


def _next_text(scenario: Scenario, nxt: str) -> str:
    if nxt == END:
        return "the scenario ends"
    return f"the story goes to step {_step_number(scenario, nxt)}"


def offer_text(scenario: Scenario, choice: Choice) -> str:
    """When a choice is offered, in words: ``(Offered only if …; not if …)``."""
    parts = []
    if choice.only_if:
        parts.append("Offered only if " + " and ".join(scenario.flag_text(f)
                                                       for f in choice.only_if))
    if choice.unless:
        parts.append(("not offered if " if parts else "Not offered if ")
                     + " or ".join(scenario.flag_text(f) for f in choice.unless))
    return f"({'; '.join(parts)}.)" if parts else ""


def consequence_lines(scenario: Scenario, choice: Choice) -> list[str]:
    lines = [choice.feedback,
             f"For {scenario.whose}: "
             f"{effects_text(choice.effects.trust, choice.effects.energy)}. "
             f"For {'the' if scenario.as_partner else 'your'} team: "
             f"{costs_text(choice.costs)}."]
    if choice.serious_harm:
        lines.append(f"Serious harm: {choice.serious_harm} A path with this choice cannot "
                     "reach the best ending.")
    if choice.kind:
        lines.append(f"How it stands: {KIND_TEXT[choice.kind]}.")
    lines.append(f"Then {_next_text(scenario, choice.next)}.")
    return lines


def _start_sentence(scenario: Scenario) -> str:
    if scenario.as_partner:
        return (f"You are the patient partner. You start with trust {scenario.start_trust} "
                f"in the team and energy {scenario.start_energy} (out of 100). Your choices "
                "are not ranked: none of them is wrong.")
    return (f"The patient partner starts with trust {scenario.start_trust} and energy "
            f"{scenario.start_energy} (out of 100).")


def scenario_text(scenario: Scenario) -> str:
    """The whole scenario as plain text (Markdown-friendly)."""
    titles = ", ".join(get_statement(s).title for s in scenario.statements)
    lines = [f"# {scenario.title}", "", f"Scenario id: {scenario.id} (version {scenario.version})",
             f"Problem statements: {titles}"]
    if scenario.summary:
        lines += ["", scenario.summary]
    if scenario.content_note:
        lines += ["", f"Content note: {scenario.content_note}"]
    lines += ["", _start_sentence(scenario)]
    for n, step in enumerate(scenario.steps, 1):
        lines += ["", f"## Step {n}", "", step.prompt]
        lines += [f"(On a path where {scenario.flag_text(v.flag)}: "
                  f"{v.prompt})" for v in step.variants]
        if step.pressure:
            lines += ["", f"Pressure (for facilitators): {step.pressure}"]
        for letter, choice in zip(LETTERS, step.choices, strict=False):
            offer = offer_text(scenario, choice)
            lines += ["", f"{letter}. {choice.label}" + (f" {offer}" if offer else "")]
            lines += [f"   {line}" for line in consequence_lines(scenario, choice)]
    lines += ["", "## Endings (in the order they are checked)" if scenario.as_partner
              else "## Endings (best first)"]
    for ending in scenario.endings:
        lines += ["", f"- {ending.title} (when {condition_text(ending, scenario)}): "
                      f"{ending.text}"]
    return "\n".join(lines) + "\n"


def _step_html(scenario: Scenario, n: int, step: Step, h: int) -> list[str]:
    e = escape
    out = [f'<section class="pe-step" id="{e(scenario.id)}-{e(step.id)}" '
           f'aria-labelledby="{e(scenario.id)}-{e(step.id)}-h">',
           f'<h{h + 1} class="pe-step-heading" id="{e(scenario.id)}-{e(step.id)}-h">'
           f"Step {n} of {len(scenario.steps)}</h{h + 1}>",
           f'<p class="pe-prompt">{e(step.prompt)}</p>']
    for variant in step.variants:
        out.append(f'<p class="pe-variant"><em>On a path where '
                   f"{e(scenario.flag_text(variant.flag))}:</em> "
                   f"{e(variant.prompt)}</p>")
    out.append('<p class="pe-choose-first">Decide what you would do first, then open that '
               "choice to see what happens.</p>")
    # The letters are written out (the room votes by letter, the player uses them), so
    # the list shows no markers of its own.
    out.append('<ol class="pe-choices" style="list-style: none; padding-left: 0">')
    for letter, choice in zip(LETTERS, step.choices, strict=False):
        offer = offer_text(scenario, choice)
        consequences = "".join(f"<p>{e(line)}</p>"
                               for line in consequence_lines(scenario, choice))
        out.append(
            f'<li class="pe-choice" data-choice="{e(choice.id)}"><p class="pe-choice-label">'
            f"<strong>{letter}.</strong> {e(choice.label)}"
            + (f' <span class="pe-offer">{e(offer)}</span>' if offer else "") + "</p>"
            f'<details class="pe-consequence"><summary>What happens if you choose {letter}'
            f'</summary><div class="pe-feedback">{consequences}</div></details></li>')
    out.append("</ol>")
    if step.pressure:
        out.append(f'<details class="pe-pressure"><summary>For facilitators: the pressure at '
                   f"step {n}</summary><p>{e(step.pressure)}</p></details>")
    out.append("</section>")
    return out


def scenario_html(scenario: Scenario, *, heading_level: int = 3) -> str:
    """The whole scenario as accessible HTML: choose first, then open the consequences."""
    h = max(2, min(5, heading_level))
    e = escape
    statements = ", ".join(e(get_statement(s).title) for s in scenario.statements)
    out = [f'<section class="pe-scenario" data-scenario="{e(scenario.id)}" '
           f'data-pe-live="{e(scenario.id)}" '
           f'aria-label="Scenario: {e(scenario.title)}">',
           f'<h{h} class="pe-scenario-title">Scenario: {e(scenario.title)}</h{h}>',
           f'<p class="pe-scenario-meta">Problem statement: {statements}.</p>']
    if scenario.summary:
        out.append(f"<p>{e(scenario.summary)}</p>")
    if scenario.content_note:
        out.append(f'<p class="pe-content-note"><strong>Content note:</strong> '
                   f"{e(scenario.content_note)}</p>")
    if scenario.as_partner:
        out.append(f"<p>In this scenario you are the patient partner. You start with "
                   f"<strong>trust {scenario.start_trust}</strong> in the team and "
                   f"<strong>energy {scenario.start_energy}</strong>, out of 100. Each choice "
                   "is yours, and none of them is wrong: each moves your trust and energy, "
                   "and the team's response can cost it time, money or effort (0 none to 3 a "
                   "lot each: the course's own scale). At each step, decide what you would do, "
                   "then open that choice to see what happens.</p>")
    else:
        out.append(f"<p>The patient partner starts with <strong>trust "
                   f"{scenario.start_trust}</strong> and <strong>energy "
                   f"{scenario.start_energy}</strong> out of 100. Each choice moves them, and "
                   "costs your team time, money or effort (0 none to 3 a lot each: the "
                   "course's own scale). At each step, decide what you would do, then open "
                   "that choice to see what happens.</p>")
    for n, step in enumerate(scenario.steps, 1):
        out += _step_html(scenario, n, step, h)
    order = ("<p>Endings are listed in the order they are checked. What happens depends "
             "on the team as much as on you: no ending is a judgement of how you "
             "responded.</p>" if scenario.as_partner else
             "<p>Endings are listed best first. A path with serious harm cannot reach the "
             "first one.</p>")
    out.append(f'<h{h + 1} class="pe-endings-heading">How it can end</h{h + 1}>{order}'
               '<ol class="pe-endings">')
    for ending in scenario.endings:
        out.append(f'<li><details class="pe-ending"><summary>{e(ending.title)}</summary>'
                   f"<p>{e(ending.text)}</p><p>When: {e(condition_text(ending, scenario))}."
                   "</p></details></li>")
    out.append("</ol></section>")
    return "\n".join(out)
