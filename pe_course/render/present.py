"""A scenario as one self-contained page to present to a room (the facilitator kit).

``present_html(scenario)`` returns one HTML file: its CSS, JavaScript and data are inline,
it loads nothing (a Content-Security-Policy says so), and it works opened from a USB
stick by double-click (``file://``). One step per screen in large type: the prompt, the
choices lettered A to D, then the room decides by a show of hands or voting cards, and
the facilitator reveals what happened.

One scoring rule: the page never scores anything itself. The build plays every path
through ``pe_course.scoring`` (``start``/``choose``/``score``) and embeds the result as a
tree (``present_tree``): each node is a decision, with the prompt as it reads on that
path, the partner's trust and energy, the team's costs so far, and the choices offered
there; each leaf is an ending with its final meters, costs and the turns that did serious
harm. The page only walks the tree. The room's vote counts are the page's own (counts
only, never names) and stay in the page.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from importlib.resources import files

from pe_course.render.scenario import LETTERS
from pe_course.render.scorecard import condition_text
from pe_course.scenario_model import Scenario
from pe_course.scoring import Progress, choose, score, start
from pe_course.statements import get_statement

__all__ = ["present_data", "present_html", "present_tree", "walk_tree"]

# No request of any kind leaves the page: inline style and script only, images as data.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")


def _variant_index(scenario: Scenario, step_index: int, flags: frozenset[str]) -> int:
    """Which prompt a step shows on a path with ``flags``: -1 the main one, else a variant.

    The same rule as ``Step.prompt_for`` (the first variant whose flag is set wins)."""
    step = scenario.steps[step_index]
    return next((i for i, v in enumerate(step.variants) if v.flag in flags), -1)


def present_tree(scenario: Scenario) -> list[dict]:
    """Every path through the scenario, played by ``pe_course.scoring``, as a tree.

    Node 0 is the first decision. A decision node is ``{"s": step index, "v": prompt
    variant (-1: the main prompt), "m": [trust, energy], "k": [time, money, effort] so far,
    "o": [[choice index, child node], ...] (the choices offered, in file order)}``; an
    ending node is ``{"e": ending index, "m": [...], "k": [...], "b": [indices of the turns
    that did serious harm]}``.
    """
    index = {step.id: i for i, step in enumerate(scenario.steps)}
    endings = {ending.id: i for i, ending in enumerate(scenario.endings)}
    nodes: list[dict] = []

    def add(progress: Progress) -> int:
        n = len(nodes)
        meters = [progress.state.trust, progress.state.energy]
        costs = [progress.costs.time, progress.costs.money, progress.costs.effort]
        if progress.finished:
            card = score(scenario, progress)
            blocked = [i for i, turn in enumerate(card.turns)
                       if any(turn is b for b in card.blocked_by)]
            nodes.append({"e": endings[card.ending.id], "m": meters, "k": costs, "b": blocked})
            return n
        s = index[progress.step_id]
        node: dict = {"s": s, "v": _variant_index(scenario, s, progress.flags),
                      "m": meters, "k": costs, "o": []}
        nodes.append(node)
        step = scenario.steps[s]
        for choice in step.offered(progress.flags):
            child = add(choose(scenario, progress, choice.id))
            node["o"].append([step.choices.index(choice), child])
        return n

    add(start(scenario))
    return nodes


def walk_tree(scenario: Scenario, tree: list[dict], path: list[str] | tuple[str, ...]) -> dict:
    """The node a path of choice ids leads to in ``tree`` (as the page walks it)."""
    node = tree[0]
    for choice_id in path:
        step = scenario.steps[node["s"]]
        ids = [step.choices[c].id for c, _ in node["o"]]
        node = tree[node["o"][ids.index(choice_id)][1]]
    return node


def present_data(scenario: Scenario) -> dict:
    """What the page embeds: the scenario's words and the scored tree."""
    titles = [get_statement(s).title for s in scenario.statements]
    return {
        "id": scenario.id,
        "version": scenario.version,
        "title": scenario.title,
        "summary": scenario.summary,
        "statements": titles,
        "contentNote": scenario.content_note or "",
        "asPartner": scenario.as_partner,
        "whose": scenario.whose,
        "start": [scenario.start_trust, scenario.start_energy],
        "steps": [{
            "id": step.id,
            "prompt": step.prompt,
            "variants": [v.prompt for v in step.variants],
            "pressure": step.pressure or "",
            "choices": [{"id": c.id, "label": c.label, "feedback": c.feedback,
                         "harm": c.serious_harm or ""} for c in step.choices],
        } for step in scenario.steps],
        "endings": [{"id": e.id, "title": e.title, "text": e.text,
                     "when": condition_text(e, scenario)} for e in scenario.endings],
        "letters": LETTERS,
        "tree": present_tree(scenario),
    }


# The on-screen buttons: (action, label, key shown, aria-keyshortcuts); every key has one.
CONTROLS = (("back", "Back", "←", "ArrowLeft PageUp"),
            ("next", "Next", "→", "ArrowRight Space PageDown"),
            ("vote", "Vote", "V", "V"), ("reveal", "Reveal", "R", "R"),
            ("pressure", "Pressure", "P", "P"), ("blank", "Blank", ".", "."),
            ("full", "Full screen", "F", "F"), ("help", "Keys", "?", "?"))


def _controls() -> str:
    return "\n".join(f'<button type="button" data-key="{action}" aria-keyshortcuts="{keys}">'
                     f"{label} <kbd>{escape(shown)}</kbd></button>"
                     for action, label, shown, keys in CONTROLS)


@cache
def _asset(name: str) -> str:
    return (files("pe_course.render") / "assets" / name).read_text(encoding="utf-8")


def _json_for_script(data: dict) -> str:
    """JSON safe inside a <script> element (no "</", no HTML comment openers)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def present_html(scenario: Scenario, *, book_url: str | None = None) -> str:
    """The present view of one scenario: a whole, self-contained HTML page.

    ``book_url``: where the scenario's chapter is, relative to the page (a link back,
    for a facilitator who opened the page from the site); None on a page that stands
    alone.
    """
    e = escape
    back = (f'<p class="pe-book-link"><a href="{e(book_url)}">Back to the course</a></p>'
            if book_url else "")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pe-course present view: {e(scenario.id)} v{scenario.version}">
<title>Present: {e(scenario.title)}</title>
<style>
{_asset("present.css")}
</style>
</head>
<body>
<a class="pe-skip" href="#pe-controls">Skip to the controls</a>
<main id="pe-main" aria-labelledby="pe-title">
<header class="pe-head">
<h1 id="pe-title">{e(scenario.title)}</h1>
<p class="pe-where" id="pe-where"></p>
</header>
<div id="pe-screen" class="pe-screen" tabindex="-1">
<noscript><p>This present view needs JavaScript. The scenario's chapter page and the
printed scenario cards have the whole scenario as text.</p></noscript>
</div>
<p id="pe-status" class="pe-status" role="status" aria-live="polite"></p>
{back}
</main>
<nav id="pe-controls" class="pe-controls" aria-label="Presenter controls">
{_controls()}
</nav>
<div id="pe-overlay" class="pe-overlay" hidden></div>
<div id="pe-blank" class="pe-blank" hidden><span class="pe-visually-hidden">The screen is
blank. Press full stop or Escape to show it again.</span></div>
<script type="application/json" id="pe-data">{_json_for_script(present_data(scenario))}</script>
<script>
{_asset("present.js")}
</script>
</body>
</html>
"""
