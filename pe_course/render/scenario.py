"""A whole scenario as readable text and HTML.

The static site shows a scenario as text, not as a frozen widget: every step, every
choice with its feedback and effects, and the endings. The CLI's ``show`` uses the
same functions, so the two never drift apart. The HTML's root element carries
``data-pe-live="<scenario id>"``: the site build puts a "Try it live" button after it.
"""

from __future__ import annotations

from html import escape

from pe_course.render.scorecard import condition_text, effects_text
from pe_course.scenario_model import END, Scenario
from pe_course.statements import get_statement


def _next_text(scenario: Scenario, nxt: str) -> str:
    if nxt == END:
        return "the scenario ends"
    index = [s.id for s in scenario.steps].index(nxt) + 1
    return f"go to step {index}"


def scenario_text(scenario: Scenario) -> str:
    """The whole scenario as plain text (Markdown-friendly)."""
    titles = ", ".join(get_statement(s).title for s in scenario.statements)
    lines = [f"# {scenario.title}", "", f"Scenario id: {scenario.id} (version {scenario.version})",
             f"Problem statements: {titles}"]
    if scenario.summary:
        lines += ["", scenario.summary]
    if scenario.content_note:
        lines += ["", f"Content note: {scenario.content_note}"]
    lines += ["", f"The patient partner starts with trust {scenario.start_trust} and energy "
                  f"{scenario.start_energy} (out of 100)."]
    for n, step in enumerate(scenario.steps, 1):
        lines += ["", f"## Step {n}", "", step.prompt]
        for letter, choice in zip("ABCD", step.choices, strict=False):
            lines += ["", f"{letter}. {choice.label}",
                      f"   Feedback: {choice.feedback}",
                      f"   Effect: {effects_text(choice.effects.trust, choice.effects.energy)}; "
                      f"then {_next_text(scenario, choice.next)}."]
    lines += ["", "## Endings"]
    for ending in scenario.endings:
        lines += ["", f"- {ending.title} (when {condition_text(ending)}): {ending.text}"]
    return "\n".join(lines) + "\n"


def scenario_html(scenario: Scenario, *, heading_level: int = 3) -> str:
    """The whole scenario as accessible HTML: each step in a collapsible section."""
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
    out.append(f"<p>The patient partner starts with <strong>trust {scenario.start_trust}"
               f"</strong> and <strong>energy {scenario.start_energy}</strong> out of 100. "
               "Each step below lists every choice with the feedback you would get.</p>")
    for n, step in enumerate(scenario.steps, 1):
        out.append(f'<details class="pe-step" id="{e(scenario.id)}-{e(step.id)}"'
                   f'{" open" if n == 1 else ""}>')
        out.append(f"<summary>Step {n}: {e(_first_sentence(step.prompt))}</summary>")
        out.append(f'<p class="pe-prompt">{e(step.prompt)}</p><ol class="pe-choices" '
                   'type="A">')
        for choice in step.choices:
            out.append(
                f"<li><p><strong>{e(choice.label)}</strong></p>"
                f'<p class="pe-feedback">Feedback: {e(choice.feedback)}</p>'
                f'<p class="pe-effect">Effect: '
                f"{e(effects_text(choice.effects.trust, choice.effects.energy))}; "
                f"then {e(_next_text(scenario, choice.next))}.</p></li>")
        out.append("</ol></details>")
    out.append('<details class="pe-step"><summary>How it can end</summary><ul>')
    for ending in scenario.endings:
        out.append(f"<li><strong>{e(ending.title)}</strong> (when {e(condition_text(ending))}): "
                   f"{e(ending.text)}</li>")
    out.append("</ul></details></section>")
    return "\n".join(out)


def _first_sentence(text: str, limit: int = 90) -> str:
    sentence = text.split(". ")[0].strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
