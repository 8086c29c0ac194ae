"""The "Try it live" blocks: a scenario player or a team tool, booted in place in the page.

A chapter places a scenario with one hidden code cell, ``play("grant-deadline")``. Its
readable ``text/html`` output (``pe_course.render.scenario.scenario_html``) has a root
element carrying ``data-pe-live="grant-deadline"``; the team tools' static HTML carries
``data-pe-live="plan-checkup"``, ``"self-assessment"``, ``"team-profile"``,
``"action-plan"`` or ``"journal"``.
When a page is read, every raw HTML node (notebook outputs included) carrying
``data-pe-live`` gets a "Try it live" block right before its code cell (or before the
node itself, outside a notebook cell): the live player first, the readable version under
it.

The block is a real ``<button>`` (hidden without JavaScript, where a note says the text
below is the whole scenario). ``static/pe_live.js`` turns it, when pressed:

- for a scenario, into the in-page player: it loads ``play/<id>.js``, every point of every
  path rendered at build time by ``pe_course.render.player`` (the same HTML the ipywidgets
  player shows, scored by ``pe_course.scoring``), and shows it one step at a time. No
  Python starts, so it is ready at once, and works from a site opened from disk;
- for a tool, into the book's JupyterLite REPL (built by jupyterlite-sphinx) running the
  tool with its code hidden; the iframe has a ``title`` and a status line says what is
  happening. The tools run with ``linked=``, the statements whose chapter is in this
  build, so they never link a chapter the site lacks.

An unknown id stops the build, naming the page.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from urllib.parse import quote, urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util.logging import get_node_location

from pe_course.sphinx._pages import PageSet
from pe_course.sphinx.links import DEPENDS_ON_BOOK, html_nodes

LITE_DIR = "lite"  # where jupyterlite-sphinx puts the JupyterLite site in the output
PLAY_DIR = "play"  # the in-page scenario player's data, one script per scenario
LIVE_ID = re.compile(r'\sdata-pe-live="([^"]*)"')
REPL_OPTIONS = {
    "kernel": "python",  # no "toolbar": any value of it keeps the console's toolbar
    "execute": "1",
    "hideCodeInput": "1",
    "showBanner": "0",
    "clearCellsOnExecute": "0",
}
FRAME_HEIGHT = "44rem"  # the frame then grows to fit the player (pe_live.js)
# The team tools that can also run live: id -> (title, the pe_course.widgets function,
# whether it links chapters: then it is given ``chapter_base`` and ``linked``).
LIVE_TOOLS = {
    "plan-checkup": ("Engagement plan check-up", "plan_checkup", True),
    "self-assessment": ("Team self-assessment", "self_assessment", True),
    "team-profile": ("Team profile from answer files", "team_profile_form", False),
    "action-plan": ("Team action plan", "action_plan_form", False),
    "journal": ("Reflection journal", "journal", False),
}
# From the REPL (lite/repl/index.html) back to the book's root, for the tools' chapter links.
REPL_TO_ROOT = "../../"

# Pages that load pe_live.js and pe_live.css (only those pages do).
LIVE_PAGES = PageSet("pe_live_pages")


class live_html(nodes.General, nodes.Element):
    """Raw HTML that only the HTML builders emit (other builders skip it)."""


def _visit_live_html(self, node: live_html) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def _skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


def root_prefix(docname: str) -> str:
    """Relative URL from a page to the site root ('' for a top-level page)."""
    return "../" * docname.count("/")


def _known_scenarios() -> dict[str, str]:
    from pe_course.scenarios import list_scenarios

    return {s.id: s.title for s in list_scenarios()}


def chapters_built(env: BuildEnvironment) -> list[str]:
    """Statement ids whose chapter is part of this build (the tools link only those)."""
    from pe_course.statements import STATEMENTS

    return [s.id for s in STATEMENTS if s.chapter in env.found_docs]


@cache
def play_script(scenario_id: str) -> str:
    """The shipped scenario's ``play/<id>.js`` (rendered once per process)."""
    from pe_course.render.player import play_script as render
    from pe_course.scenarios import load_scenario

    return render(load_scenario(scenario_id))


def _live_block(env: BuildEnvironment, live_id: str, where: str) -> str:
    """The "Try it live" markup for one scenario or tool on the page being read."""
    docname = env.docname
    try:
        scenarios = _known_scenarios()
    except Exception as exc:  # a broken scenario file: say where this page needed it
        raise ExtensionError(f"{where}: Try it live {live_id!r}: the scenarios could not "
                             f"be loaded: {exc}") from exc
    present = ""  # scenarios only: the link to their present page
    if live_id in LIVE_TOOLS:
        title, function, links = LIVE_TOOLS[live_id]
        kind, data, frame_title = "tool", "data-pe-tool", f"Live tool: {title}"
        arguments = (f"chapter_base={REPL_TO_ROOT!r}, linked={chapters_built(env)!r}"
                     if links else "")
        code = f"from pe_course.widgets import {function}\n{function}({arguments})"
        intro = ("Use this tool here: it runs in your browser, and nothing you enter is "
                 "sent anywhere. Starting takes a few seconds.")
        noscript = ("The live version of this tool needs JavaScript; the pe-course "
                    "command gives the same results.")
        DEPENDS_ON_BOOK.add(env, docname)
    elif live_id in scenarios:
        title = scenarios[live_id]
        present = (f'<p class="pe-present-link"><a href="{escape(root_prefix(docname))}present/'
                   f'{escape(live_id)}.html">Present to a room'
                   f'<span class="pe-visually-hidden">: {escape(title)}</span></a>: one step '
                   "per screen in large type, with the room's vote; works offline.</p>\n")
        from pe_course.render.player import play_version

        kind, data = "scenario", "data-pe-scenario"
        frame_title = f"Live scenario player: {title}"
        code = ""  # played in the page itself, from play/<id>.js
        play_src = (f"{root_prefix(docname)}{PLAY_DIR}/{quote(live_id)}.js"
                    f"?v={play_version(play_script(live_id))}")
        intro = ("Play this scenario yourself, choice by choice, in this page: nothing "
                 "you choose is sent anywhere.")
        noscript = ("The live version of this scenario needs JavaScript; the text below "
                    "is the complete scenario.")
    else:
        raise ExtensionError(
            f"{where}: Try it live: unknown scenario id {live_id!r} on page {docname!r}; "
            f"known scenario ids: {', '.join(sorted(scenarios)) or '(none)'}; tools: "
            f"{', '.join(sorted(LIVE_TOOLS))}")
    if code:  # a tool: the in-browser Python REPL runs it
        src = (f"{root_prefix(docname)}{LITE_DIR}/repl/index.html?"
               + urlencode({**REPL_OPTIONS, "code": code}, quote_via=quote))
        source = f'data-pe-live-src="{escape(src)}" '
    else:
        source = f'data-pe-play-src="{escape(play_src)}" '
    label_id = f"pe-live-{live_id}-{env.new_serialno('pe-live')}"
    e = escape
    return (
        f'<div class="pe-live" {data}="{e(live_id)}" data-pe-live-kind="{kind}" '
        f"{source}"
        f'data-pe-live-title="{e(frame_title)}" '
        f'data-pe-live-height="{FRAME_HEIGHT}">\n'
        f'<p class="pe-live-intro" id="{label_id}" hidden>{e(intro)}</p>\n'
        f'<button type="button" class="pe-live-button" hidden '
        f'aria-describedby="{label_id}">Try it live'
        f'<span class="pe-visually-hidden">: {e(title)}</span></button>\n'
        f'<p class="pe-live-status" role="status" aria-live="polite"></p>\n'
        f'<noscript><p class="pe-live-noscript">{e(noscript)}</p></noscript>\n'
        f"{present}</div>\n")


def _anchor(node: nodes.Node) -> nodes.Node:
    """What a live block goes before: the node's notebook code cell, or the node itself."""
    ancestor = node.parent
    while ancestor is not None:
        if isinstance(ancestor, nodes.container) and ancestor.get("nb_element") == "cell_code":
            return ancestor
        ancestor = ancestor.parent
    return node


def _insert_live_blocks(app: Sphinx, doctree: nodes.document) -> None:
    """Before each output carrying ``data-pe-live``, its "Try it live" block."""
    env = app.env
    wanted: dict[nodes.Node, dict[str, str]] = {}  # before what -> {live id: where found}
    for node in html_nodes(doctree):
        for live_id in LIVE_ID.findall(node.astext()):
            where = get_node_location(node) or env.docname
            wanted.setdefault(_anchor(node), {}).setdefault(live_id, where)
    for anchor, ids in wanted.items():
        blocks = [live_html(html=_live_block(env, live_id, where))
                  for live_id, where in ids.items()]
        anchor.parent.insert(anchor.parent.index(anchor), blocks)
        mark_live_page(env, env.docname)


def mark_live_page(env: BuildEnvironment, docname: str) -> None:
    """Remember that a page needs pe_live.js and pe_live.css."""
    LIVE_PAGES.add(env, docname)


def _write_play_scripts(app: Sphinx, exception: Exception | None) -> None:
    """Every shipped scenario's ``play/<id>.js``, for the in-page player."""
    if exception is not None or app.builder.format != "html":
        return
    from pe_course.saving import write_atomic
    from pe_course.scenarios import list_scenarios

    (app.builder.outdir / PLAY_DIR).mkdir(exist_ok=True)
    for scenario in list_scenarios():
        write_atomic(app.builder.outdir / PLAY_DIR / f"{scenario.id}.js",
                     play_script(scenario.id), public=True)


def register(app: Sphinx) -> None:
    LIVE_PAGES.connect(app, css="pe_live.css", js="pe_live.js")
    app.connect("build-finished", _write_play_scripts)
    app.add_node(live_html, html=(_visit_live_html, None), latex=(_skip, None),
                 text=(_skip, None), man=(_skip, None), texinfo=(_skip, None))
    app.connect("doctree-read", _insert_live_blocks)
