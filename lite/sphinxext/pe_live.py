"""Sphinx extension: "Try it live" for scenarios, and exercise notebooks in JupyterLite.

``{try-live} <scenario-id>`` (MyST) / ``.. try-live:: <scenario-id>`` (rST) puts a real
``<button>`` under a scenario's readable version. One click (or Enter/Space) replaces it
with the in-browser REPL of the book's JupyterLite site (built by jupyterlite-sphinx),
running ``play("<scenario-id>")`` with its code hidden, so the scenario player boots in
place. The iframe has a ``title``; a status line says what is happening. Without
JavaScript the button stays hidden and a note says the text above is the full scenario.
The scenario id is checked at build time: an unknown id stops the build, naming the page.
``{try-live} plan-checkup`` and ``{try-live} self-assessment`` do the same for the team
tools (``LIVE_TOOLS``); in the browser they offer their reports as downloads.

``{exercise-notebook} <path/to/notebook.ipynb>`` gives an "Open in JupyterLite" link and a
plain download link for a notebook; pages built from ``exercises/*.ipynb`` get the same
links at the top automatically. Without JavaScript only the download link shows.

It also removes the Google Fonts stylesheet that jupyterlite-sphinx adds to every page:
the site makes no third-party requests.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import shutil
from html import escape
from pathlib import Path
from urllib.parse import quote, urlencode

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

STATIC = Path(__file__).parent / "static"
LITE_DIR = "lite"  # where jupyterlite-sphinx puts the JupyterLite site in the output
EXERCISES_DIR = "exercises"  # JupyterLite shows these under the same folder name
THIRD_PARTY_CSS = ("https://fonts.googleapis.com/",)
LITE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
REPL_OPTIONS = {
    "kernel": "python",  # no "toolbar": any value of it keeps the console's toolbar
    "execute": "1",
    "hideCodeInput": "1",
    "showBanner": "0",
    "clearCellsOnExecute": "0",
}


class live_html(nodes.General, nodes.Element):
    """Raw HTML that only the HTML builders emit (other builders skip it)."""


def _visit_live_html(self, node: live_html) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def _skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _root_prefix(docname: str) -> str:
    """Relative URL from a page to the site root ('' for a top-level page)."""
    depth = docname.count("/")
    return "../" * depth


def _known_scenarios() -> dict[str, str]:
    from pe_course.scenarios import list_scenarios

    return {s.id: s.title for s in list_scenarios()}


# The team tools that can also run live: id -> (title, the pe_course.tool_widgets function).
LIVE_TOOLS = {
    "plan-checkup": ("Engagement plan check-up", "plan_checkup"),
    "self-assessment": ("Team self-assessment", "self_assessment"),
}
# From the REPL (lite/repl/index.html) back to the book's root, for the tools' chapter links.
REPL_TO_ROOT = "../../"


def _chapters_built(env) -> list[str]:
    """Statement ids whose chapter is part of this build (the tools link only those)."""
    from pe_course.statements import STATEMENTS

    return [s.id for s in STATEMENTS if s.chapter in env.found_docs]


class TryLiveDirective(SphinxDirective):
    """``{try-live} id``: a button that boots a scenario player (or a team tool) in place."""

    required_arguments = 1
    has_content = False
    option_spec = {"height": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        live_id = self.arguments[0].strip()
        try:
            scenarios = _known_scenarios()
        except Exception as exc:  # a broken scenario file: say where this page needed it
            raise ExtensionError(f"{self.get_location()}: try-live {live_id!r}: the "
                                 f"scenarios could not be loaded: {exc}") from exc
        if live_id in LIVE_TOOLS:
            title, function = LIVE_TOOLS[live_id]
            kind, data = "tool", "data-pe-tool"
            code = (f"from pe_course.tool_widgets import {function}\n"
                    f"{function}(chapter_base={REPL_TO_ROOT!r}, "
                    f"linked={_chapters_built(self.env)!r})")
            intro = ("Use this tool here: it runs in your browser, and nothing you enter is "
                     "sent anywhere. Starting takes a few seconds.")
            noscript = ("The live version of this tool needs JavaScript; the pe-course "
                        "command gives the same results.")
        elif live_id in scenarios:
            title = scenarios[live_id]
            kind, data = "scenario", "data-pe-scenario"
            code = f'from pe_course.widgets import play\nplay("{live_id}")'
            intro = ("Play this scenario yourself, choice by choice: it runs in your "
                     "browser, nothing is sent anywhere. Starting takes a few seconds.")
            noscript = ("The live version of this scenario needs JavaScript; the text above "
                        "is the complete scenario.")
        else:
            raise ExtensionError(
                f"{self.get_location()}: try-live: unknown scenario id {live_id!r} on "
                f"page '{self.env.docname}'; known scenario ids: "
                f"{', '.join(sorted(scenarios)) or '(none)'}; tools: "
                f"{', '.join(sorted(LIVE_TOOLS))}")
        height = self.options.get("height", "44rem")
        src = (f"{_root_prefix(self.env.docname)}{LITE_DIR}/repl/index.html?"
               + urlencode({**REPL_OPTIONS, "code": code}, quote_via=quote))
        serial = self.env.new_serialno("pe-live")
        label_id = f"pe-live-{live_id}-{serial}"
        e = escape
        frame_title = f"Live scenario player: {title}" if kind == "scenario" else \
            f"Live tool: {title}"
        html = (
            f'<div class="pe-live" {data}="{e(live_id)}" data-pe-live-kind="{kind}" '
            f'data-pe-live-src="{e(src)}" '
            f'data-pe-live-title="{e(frame_title)}" '
            f'data-pe-live-height="{e(height)}">\n'
            f'<p class="pe-live-intro" id="{label_id}" hidden>{e(intro)}</p>\n'
            f'<button type="button" class="pe-live-button" hidden '
            f'aria-describedby="{label_id}">Try it live'
            f'<span class="pe-visually-hidden">: {e(title)}</span></button>\n'
            f'<p class="pe-live-status" role="status" aria-live="polite"></p>\n'
            f'<noscript><p class="pe-live-noscript">{e(noscript)}</p></noscript>\n'
            f"</div>\n")
        _mark_live(self.env, self.env.docname)
        return [live_html(html=html)]


def _notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook, or its file name."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        cells = []
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.name


def _notebook_links_html(docname: str, notebook: str, download_href: str, title: str) -> str:
    """Links for one notebook: JupyterLite (shown with JavaScript) and a plain download."""
    name = posixpath.basename(notebook)
    lite = (f"{_root_prefix(docname)}{LITE_DIR}/notebooks/index.html?"
            + urlencode({"path": notebook}, quote_via=quote, safe="/"))
    e = escape
    return (
        f'<div class="pe-notebook-links" data-pe-notebook="{e(notebook)}">\n'
        f'<p class="pe-notebook-title"><strong>Exercise notebook:</strong> {e(title)}</p>\n'
        f'<a class="pe-open-lite" href="{e(lite)}" hidden>Open the notebook in your browser '
        f"(nothing to install)</a>\n"
        f'<a class="pe-download-notebook" href="{e(download_href)}" download="{e(name)}">'
        f"Download the notebook ({e(name)})</a>\n"
        f"</div>\n")


class ExerciseNotebookDirective(SphinxDirective):
    """``{exercise-notebook} ../exercises/name.ipynb``: open-in-JupyterLite + download."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        rel_filename, filename = self.env.relfn2path(self.arguments[0])
        path = Path(filename)
        srcdir = Path(self.env.srcdir)
        if path.suffix != ".ipynb" or not path.is_file():
            raise ExtensionError(f"{self.get_location()}: exercise-notebook: "
                                 f"{self.arguments[0]!r} is not a notebook file")
        rel = path.resolve().relative_to(srcdir.resolve()).as_posix()
        if not rel.startswith(f"{EXERCISES_DIR}/"):
            raise ExtensionError(f"{self.get_location()}: exercise-notebook: {rel} is not in "
                                 f"{EXERCISES_DIR}/, which is all the JupyterLite site holds")
        self.env.note_dependency(rel_filename)
        # copied like a {download} target, so the file is in the site without JavaScript
        target = self.env.dlfiles.add_file(self.env.docname, rel_filename)
        download_href = f"{_root_prefix(self.env.docname)}_downloads/{target}"
        _mark_live(self.env, self.env.docname)
        html = _notebook_links_html(self.env.docname, rel, download_href, _notebook_title(path))
        return [live_html(html=html)]


def _exercise_page_links(app: Sphinx, doctree: nodes.document) -> None:
    """Pages made from exercises/*.ipynb get the links under their title."""
    env = app.env
    docname = env.docname
    source = Path(env.doc2path(docname))
    if not docname.startswith(f"{EXERCISES_DIR}/") or source.suffix != ".ipynb":
        return
    rel = source.resolve().relative_to(Path(env.srcdir).resolve()).as_posix()
    target = env.dlfiles.add_file(docname, rel)
    href = f"{_root_prefix(docname)}_downloads/{target}"
    node = live_html(html=_notebook_links_html(docname, rel, href, _notebook_title(source)))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, node)
    else:
        doctree.insert(0, node)
    _mark_live(env, docname)


def _mark_live(env, docname: str) -> None:
    """Remember that a page needs pe_live.js/.css (only those pages load them)."""
    if not hasattr(env, "pe_live_pages"):
        env.pe_live_pages = set()
    env.pe_live_pages.add(docname)


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "pe_live_pages", set()).discard(docname)


def _merge(app: Sphinx, env, docnames: set[str], other) -> None:
    _mark_live(env, "")  # make sure the set exists
    env.pe_live_pages.discard("")
    env.pe_live_pages |= getattr(other, "pe_live_pages", set()) & set(docnames)


def _add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict,
                     doctree) -> None:
    if pagename in getattr(app.env, "pe_live_pages", ()):
        app.add_css_file("pe_live.css")
        app.add_js_file("pe_live.js", defer="defer")


def _drop_third_party_css(app: Sphinx) -> None:
    """jupyterlite-sphinx adds a Google Fonts stylesheet to every page: drop it."""
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files
                              if not str(name).startswith(THIRD_PARTY_CSS)]
    builder_files = getattr(getattr(app, "builder", None), "css_files", None)
    if builder_files is not None:
        builder_files[:] = [f for f in builder_files
                            if not str(getattr(f, "filename", f)).startswith(THIRD_PARTY_CSS)]


def _static_digest() -> str:
    """A digest of this extension's JS and CSS.

    Registered as an "html" config value, so a change to them makes Sphinx write every
    page again and copy the new files (with no page out of date it copies nothing).
    """
    digest = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _add_static_path(app: Sphinx) -> None:
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))
    _drop_third_party_css(app)


def _copy_notebooks_for_lite(app: Sphinx, exception: Exception | None) -> None:
    """Put the exercise folders into JupyterLite's contents, with its kernel named.

    Runs just before jupyterlite-sphinx builds the JupyterLite site. (Its own
    ``jupyterlite_contents`` copies folders to ``_contents/`` whatever
    ``jupyterlite_content_dir`` says, so they would never reach the site; and a notebook
    whose kernelspec names ``python3`` would make JupyterLite ask which kernel to use.)
    """
    if exception is not None or app.builder.format != "html":
        return
    srcdir = Path(app.srcdir)
    target_root = srcdir / app.config.jupyterlite_content_dir
    for folder in app.config.pe_live_notebook_dirs:
        source_root = srcdir / folder
        for path in sorted(source_root.rglob("*")) if source_root.is_dir() else []:
            rel = path.relative_to(srcdir)
            if not path.is_file() or any(p.startswith(".") for p in rel.parts):
                continue
            target = target_root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".ipynb":
                notebook = json.loads(path.read_text(encoding="utf-8"))
                notebook.setdefault("metadata", {})["kernelspec"] = dict(LITE_KERNELSPEC)
                target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
            else:
                shutil.copyfile(path, target)


def setup(app: Sphinx) -> dict:
    app.setup_extension("jupyterlite_sphinx")
    _drop_third_party_css(app)
    app.connect("builder-inited", _add_static_path)
    app.add_node(live_html, html=(_visit_live_html, None), latex=(_skip, None),
                 text=(_skip, None), man=(_skip, None), texinfo=(_skip, None))
    app.add_config_value("pe_live_notebook_dirs", [EXERCISES_DIR], "html")
    app.add_config_value("pe_live_static_digest", _static_digest(), "html")
    # before jupyterlite-sphinx's own build-finished handler (priority 500) builds the site
    app.connect("build-finished", _copy_notebooks_for_lite, priority=400)
    app.add_directive("try-live", TryLiveDirective)
    app.add_directive("exercise-notebook", ExerciseNotebookDirective)
    app.connect("doctree-read", _exercise_page_links)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # early: a later handler may replace the page's script list (book/_ext/pe_offline.py)
    app.connect("html-page-context", _add_page_assets, priority=300)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 1}

