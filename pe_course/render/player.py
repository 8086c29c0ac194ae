"""The scenario player's parts as HTML: what a learner sees at each point of a play.

One renderer for both players: the ipywidgets player (``pe_course.widgets.player``, in
Jupyter and in exercise notebooks) sets its parts from these functions, and the site's
in-page player ("Try it live", ``play_tree``) shows the same HTML, rendered here at build
time for every point of every path. Neither player scores anything: ``pe_course.scoring``
does (``start``, ``choose``, ``score``).

``play_tree(scenario)`` is every path through a scenario as a tree of those parts:
node 0 is the start; a decision node shows the meters, the consequence of the choice that
led to it (none at the start), the step's prompt and the choices offered, each with the
node it leads to; an ending node shows the meters, the last consequence and the score card.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from hashlib import sha256
from html import escape

from pe_course.render.scenario import LETTERS
from pe_course.render.scorecard import costs_text, effects_text, meters_html, scorecard_html
from pe_course.scenario_model import Scenario
from pe_course.scoring import Progress, choose, score, start, steps_left

__all__ = ["decode_tree", "encode_tree", "feedback_html", "header_html", "note_html",
           "play_data", "play_script", "play_tree", "play_version", "prompt_html"]

PLAY_FORMAT = 1  # the in-page player reads this version of play_data
_PIECES = re.compile(r"(<[^>]+>)")  # HTML split into tags and the text between them


def header_html(scenario: Scenario) -> str:
    """The player's title and summary."""
    return (f'<h3 class="pe-player-title">{escape(scenario.title)}</h3>'
            f"<p>{escape(scenario.summary)}</p>")


def note_html(scenario: Scenario) -> str:
    """The content note, or nothing."""
    if not scenario.content_note:
        return ""
    return (f'<p class="pe-content-note"><strong>Content note:</strong> '
            f"{escape(scenario.content_note)}</p>")


def _flags_before_last(progress: Progress) -> frozenset[str]:
    """The flags as they were when the last choice was made."""
    flags: set[str] = set()
    for turn in progress.turns[:-1]:
        flags |= set(turn.choice.sets)
    return frozenset(flags)


def feedback_html(scenario: Scenario, progress: Progress) -> str:
    """What the last choice did: the choice, its feedback, any serious harm, the effects."""
    if not progress.turns:
        return ""
    turn = progress.turns[-1]
    choice = turn.choice
    offered = scenario.step(turn.step_id).offered(_flags_before_last(progress))
    letter = LETTERS[offered.index(choice)] if choice in offered else ""
    harm = (f"<p><strong>Serious harm:</strong> {escape(choice.serious_harm)}</p>"
            if choice.serious_harm else "")
    return (f'<div class="pe-feedback" role="status" aria-live="polite" tabindex="-1">'
            f"<p><strong>You chose:</strong> {letter}. {escape(choice.label)}</p>"
            f"<p><strong>Feedback:</strong> {escape(choice.feedback)}</p>{harm}"
            f"<p>For {scenario.whose}: "
            f"{escape(effects_text(choice.effects.trust, choice.effects.energy))}. "
            f"For {'the' if scenario.as_partner else 'your'} team: "
            f"{escape(costs_text(choice.costs))}.</p></div>")


def prompt_html(scenario: Scenario, progress: Progress) -> str:
    """The step's heading ("Step 2 of 5") and its prompt as it reads on this path."""
    step = scenario.step(progress.step_id)
    done = len(progress.turns)
    left, exact = steps_left(scenario, step.id, progress.flags)
    total = f"{done + left}" if exact else f"up to {done + left}"
    return (f'<h4 class="pe-step-heading">Step {done + 1} of {total}</h4>'
            f'<p class="pe-prompt">{escape(step.prompt_for(progress.flags))}</p>')


def choice_labels(scenario: Scenario, progress: Progress) -> list[tuple[str, str]]:
    """The choices offered now: (label with its letter, choice id)."""
    step = scenario.step(progress.step_id)
    return [(f"{letter}. {c.label}", c.id)
            for letter, c in zip(LETTERS, step.offered(progress.flags), strict=False)]


def _meters(progress: Progress, before: Progress | None) -> str:
    old = (before.state.trust, before.state.energy) if before else None
    return meters_html(progress.state.trust, progress.state.energy, old)


def play_tree(scenario: Scenario) -> list[dict]:
    """Every point of every path, rendered: ``[{"m": meters, "f": feedback, "p": prompt,
    "c": [[label, choice id, child node], ...]}`` for a decision, ``{"m", "f", "e":
    score card}`` for an ending. Node 0 is the start."""
    nodes: list[dict] = []

    def add(progress: Progress, before: Progress | None) -> int:
        n = len(nodes)
        node: dict = {"m": _meters(progress, before), "f": feedback_html(scenario, progress)}
        nodes.append(node)
        if progress.finished:
            node["e"] = scorecard_html(score(scenario, progress), scenario)
            return n
        node["p"] = prompt_html(scenario, progress)
        node["c"] = []
        for label, choice_id in choice_labels(scenario, progress):
            child = add(choose(scenario, progress, choice_id), progress)
            node["c"].append([label, choice_id, child])
        return n

    add(start(scenario), None)
    return nodes


def encode_tree(tree: list[dict]) -> dict:
    """The tree with every HTML fragment as a list of numbers into one table of pieces.

    Paths share most of what they show (the same feedback, the same chart axes), so the
    tree of the largest scenario (over 1,000 points, 5.7 MB as plain HTML) packs to about
    1.4 MB this way, and to under 80 KB gzipped. ``decode_tree`` gives the tree back."""
    table: dict[str, int] = {}

    def pack(html: str) -> list[int]:
        return [table.setdefault(piece, len(table)) for piece in _PIECES.split(html) if piece]

    nodes = []
    for node in tree:
        packed = {key: pack(value) for key, value in node.items() if key != "c"}
        if "c" in node:
            packed["c"] = [[pack(label), choice_id, child] for label, choice_id, child in node["c"]]
        nodes.append(packed)
    return {"pieces": list(table), "nodes": nodes}


def decode_tree(packed: dict) -> list[dict]:
    """``encode_tree`` undone (what the page's player does, here for the tests)."""
    pieces = packed["pieces"]

    def unpack(numbers: list[int]) -> str:
        return "".join(pieces[n] for n in numbers)

    tree = []
    for node in packed["nodes"]:
        plain = {key: unpack(value) for key, value in node.items() if key != "c"}
        if "c" in node:
            plain["c"] = [[unpack(label), choice_id, child]
                          for label, choice_id, child in node["c"]]
        tree.append(plain)
    return tree


def play_data(scenario: Scenario) -> dict:
    """What the in-page player loads for one scenario (the tree packed by ``encode_tree``)."""
    return {"format": PLAY_FORMAT, "id": scenario.id, "version": scenario.version,
            "title": scenario.title, "header": header_html(scenario),
            "note": note_html(scenario), "tree": encode_tree(play_tree(scenario))}


def play_script(scenario: Scenario) -> str:
    """``play/<id>.js``: the scenario's play data for the page's player, gzipped.

    A script, not JSON fetched by the page: a script loads from a site opened from disk
    (``file://``) too, where a fetch is refused. The data is gzipped and base64-encoded
    (the page unpacks it with the browser's ``DecompressionStream``), so all the
    scenarios' trees take well under 1 MB of the built site.
    """
    text = json.dumps(play_data(scenario), ensure_ascii=False, separators=(",", ":"))
    packed = base64.b64encode(gzip.compress(text.encode("utf-8"), mtime=0)).decode("ascii")
    return ("/* pe-course: a scenario's data for the in-page player, gzipped JSON "
            "(pe_course.render.player.play_data). */\n"
            f"(window.peScenarios = window.peScenarios || {{}})[{json.dumps(scenario.id)}] = "
            f'{{"format":{PLAY_FORMAT},"gzip":"{packed}"}};\n')


def play_version(script: str) -> str:
    """A short hash of a play script: a new one whenever what the player shows changes."""
    return sha256(script.encode("utf-8")).hexdigest()[:12]
