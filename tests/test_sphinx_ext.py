"""The book's Sphinx extension, ``pe_course.sphinx``, built with ``sphinx.testing`` on the
small test books in ``tests/sphinx_books/``. No kernel (the notebooks carry their outputs),
no network, and no JupyterLite build (jupyterlite-sphinx's own step is left out)."""

from __future__ import annotations

import json
import re
import shutil
from html import escape, unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jupyterlite_sphinx.jupyterlite_sphinx as jupyterlite_sphinx
import pytest
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from pe_course.render.links import chapter_link_html
from pe_course.render.player import play_script, play_version
from pe_course.render.scenario import scenario_html
from pe_course.scenarios import list_scenarios, load_scenario
from pe_course.sphinx import STATIC, static_digest
from pe_course.sphinx.a11y import fix_markup
from pe_course.sphinx.links import unlink_missing_chapters
from pe_course.sphinx.live import live_html
from pe_course.sphinx.notebooks import LITE_KERNELSPEC
from pe_course.statements import get_statement

BOOKS = Path(__file__).parent / "sphinx_books"
LIVE_BLOCK = re.compile(r'<div class="pe-live" .*?</div>\n', re.DOTALL)


def _no_lite_build(app, error) -> None:
    """Stands in for jupyterlite-sphinx's build of the in-browser site (minutes, and the
    files lite/prepare.py makes): these tests need only the pages."""


def copy_book(tmp_path: Path, pages: dict[str, str] | None = None, *, drop: tuple[str, ...] = (),
              name: str = "course") -> Path:
    """A copy of a test book in ``tmp_path``, with ``pages`` written and ``drop`` removed."""
    src = tmp_path / name
    shutil.copytree(BOOKS / name, src)
    for rel, text in (pages or {}).items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    for rel in drop:
        (src / rel).unlink()
    return src


def build(src: Path, builder: str = "html", *, fresh: bool = True, parallel: int = 0,
          **confoverrides) -> SphinxTestApp:
    """Build the book in ``src`` (into ``src/_build``) and return the finished app."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jupyterlite_sphinx, "jupyterlite_build", _no_lite_build)
        app = SphinxTestApp(builder, srcdir=src, freshenv=fresh, parallel=parallel,
                            confoverrides=confoverrides)
        try:
            app.build()
        finally:
            app.cleanup()
    return app


def page(app: SphinxTestApp, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def live_codes(html: str) -> list[str]:
    """The Python each "Try it live" block on a page runs, in page order."""
    return [parse_qs(urlsplit(unescape(src)).query)["code"][0]
            for src in re.findall(r'data-pe-live-src="([^"]+)"', html)]


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> SphinxTestApp:
    """The course test book, built once."""
    return build(copy_book(tmp_path_factory.mktemp("course")))


# "Try it live" -------------------------------------------------------------------------

def test_try_live_comes_before_the_cell_whose_output_carries_data_pe_live(course):
    html = page(course, "scenarios")
    scenario = html.index('data-pe-live="grant-deadline"')
    block = html.index('<div class="pe-live" data-pe-scenario="grant-deadline" '
                       'data-pe-live-kind="scenario"')
    assert block < scenario < html.index("After the scenario.")
    assert len(LIVE_BLOCK.findall(html)) == 1
    # In the page's tree the block comes right before the notebook cell.
    doctree = course.env.get_doctree("scenarios")
    (node,) = doctree.findall(live_html)
    after = node.parent[node.parent.index(node) + 1]
    assert after.get("nb_element") == "cell_code"

    title = load_scenario("grant-deadline").title
    assert f'data-pe-live-title="Live scenario player: {escape(title)}"' in html
    assert f'Try it live<span class="pe-visually-hidden">: {escape(title)}</span></button>' \
        in html
    # played in the page from its play script, with the script's hash against stale copies
    script = play_script(load_scenario("grant-deadline"))
    assert f'data-pe-play-src="play/grant-deadline.js?v={play_version(script)}"' in html
    assert live_codes(html) == []  # no Python: no REPL
    assert "the text below is the complete scenario" in html  # the <noscript> note
    # the build wrote every shipped scenario's play script, byte for byte
    for scenario in list_scenarios():
        written = Path(course.outdir) / "play" / f"{scenario.id}.js"
        assert written.read_text(encoding="utf-8") == play_script(scenario), scenario.id


def test_a_chapter_in_a_folder_loads_the_play_script_from_the_site_root(tmp_path):
    src = copy_book(tmp_path, {"part/deep.md":
                               f"# Deep\n\n```{{raw}} html\n"
                               f"{scenario_html(load_scenario('grant-deadline'))}\n```\n"})
    html = page(build(src), "part/deep")
    assert 'data-pe-play-src="../play/grant-deadline.js?v=' in html


def test_every_shipped_scenario_gets_try_live_from_its_readable_html(tmp_path):
    scenarios = list_scenarios()
    assert scenarios
    blocks = "\n".join(f"```{{raw}} html\n{scenario_html(s)}\n```\n" for s in scenarios)
    src = copy_book(tmp_path, {"shipped.md": f"# Shipped\n\n{blocks}"})
    html = page(build(src), "shipped")
    for scenario in scenarios:
        assert (f'<div class="pe-live" data-pe-scenario="{scenario.id}" '
                f'data-pe-live-kind="scenario"') in html
        assert f'data-pe-live-title="Live scenario player: {escape(scenario.title)}"' in html
    assert re.findall(r'data-pe-play-src="play/([^".]+)\.js\?v=', html) == [
        s.id for s in scenarios]


@pytest.mark.parametrize("chapter_built", [True, False])
def test_try_live_runs_a_team_tool_with_links_only_to_built_chapters(course, tmp_path,
                                                                     chapter_built):
    if chapter_built:
        html, linked = page(course, "tools"), ["check_mark"]
    else:
        # The same book without its chapter: the tools must link none.
        html, linked = page(build(copy_book(tmp_path), exclude_patterns=[
            "_build", "_lite_contents", "book/**"]), "tools"), []
    assert 'data-pe-tool="plan-checkup" data-pe-live-kind="tool"' in html
    assert 'data-pe-live-title="Live tool: Engagement plan check-up"' in html
    assert 'data-pe-live-title="Live tool: Team self-assessment"' in html
    # each block right before its tool's readable version
    assert html.index('data-pe-tool="plan-checkup"') < html.index('data-pe-live="plan-checkup"') \
        < html.index("Between the tools.") < html.index('data-pe-tool="self-assessment"') \
        < html.index('data-pe-live="self-assessment"') < html.index("After the tools.")
    codes = live_codes(html)
    assert codes == [
        "from pe_course.widgets import plan_checkup\n"
        f"plan_checkup(chapter_base='../../', linked={linked!r})",
        "from pe_course.widgets import self_assessment\n"
        f"self_assessment(chapter_base='../../', linked={linked!r})"]
    # The code the button runs works, and the widget it makes is the tool.
    from pe_course import widgets

    for code, cls in zip(codes, (widgets.PlanCheckup, widgets.SelfAssessment), strict=True):
        namespace: dict = {}
        exec(code.replace("\n", "\nresult = "), namespace)  # noqa: S102 - our own code
        assert isinstance(namespace["result"], cls)


@pytest.mark.parametrize(("live_id", "message"), [
    ("no-such-scenario", r"unknown scenario id 'no-such-scenario' on page 'bad'; known "
                         r"scenario ids: "),
    ("plan-check", r"tools: action-plan, journal, plan-checkup, self-assessment, team-profile"),
])
def test_an_unknown_live_id_stops_the_build_naming_the_page(tmp_path, live_id, message):
    src = copy_book(tmp_path, {"bad.md": f'# Bad\n\n<div data-pe-live="{live_id}"></div>\n'})
    with pytest.raises(ExtensionError, match=message) as error:
        build(src)
    assert f"{src / 'bad.md'}:" in str(error.value)  # the file, and the line where known


def test_live_blocks_are_left_out_of_other_formats(tmp_path):
    app = build(copy_book(tmp_path), "text")
    text = (Path(app.outdir) / "scenarios.txt").read_text(encoding="utf-8")
    assert "After the scenario." in text
    assert "Try it live" not in text and "pe-live" not in text


def test_a_parallel_build_keeps_what_each_page_needs(tmp_path):
    app = build(copy_book(tmp_path), parallel=2)
    for docname in ("scenarios", "tools", "book/check_mark", "exercises/01_demo"):
        assert "pe_live.js" in page(app, docname), docname
    assert "pe_live.js" not in page(app, "citations")
    assert 'data-pe-chapter="book/check_mark"' in page(app, "tools")


# Chapter links -------------------------------------------------------------------------

def test_chapter_links_to_pages_not_in_the_book_become_text(course):
    html = page(course, "tools")
    assert ('<a class="pe-chapter-link" data-pe-chapter="book/check_mark" '
            'href="book/check_mark.html">Patient partners as a check mark</a>') in html
    assert "; then Vulnerability ignored.</p>" in html
    assert 'data-pe-chapter="book/vulnerability"' not in html


def test_unlinking_reads_the_links_the_renderer_writes():
    link = chapter_link_html("check_mark")
    html = f"<p>Read {link} first.</p>"
    assert unlink_missing_chapters(html, {"book/check_mark"}) == html
    title = escape(get_statement("check_mark").title)
    assert unlink_missing_chapters(html, {"book/other"}) == f"<p>Read {title} first.</p>"
    assert unlink_missing_chapters('<a href="x.html">x</a>', set()) == '<a href="x.html">x</a>'


def test_adding_or_removing_a_chapter_rereads_the_pages_that_depend_on_it(tmp_path):
    src = copy_book(tmp_path, drop=("book/check_mark.md",))
    app = build(src)
    assert 'data-pe-chapter="book/check_mark"' not in page(app, "tools")
    assert "linked=[]" in live_codes(page(app, "tools"))[0]

    (src / "book" / "check_mark.md").write_text("# Check mark\n", encoding="utf-8")
    app = build(src, fresh=False)  # tools.md itself did not change
    assert 'data-pe-chapter="book/check_mark"' in page(app, "tools")
    assert "linked=['check_mark']" in live_codes(page(app, "tools"))[0]

    (src / "book" / "check_mark.md").unlink()
    app = build(src, fresh=False)
    assert 'data-pe-chapter="book/check_mark"' not in page(app, "tools")


# Offline, accessibility, widget snapshots ----------------------------------------------

KIT_DIRS = ("present", "handouts")


def _pages(app: SphinxTestApp) -> dict[str, str]:
    out = Path(app.outdir)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in out.rglob("*.html") if "_static" not in p.parts}


def test_no_page_carries_thebe_or_google_fonts(course):
    # the extensions did add them...
    assert any("fonts.googleapis.com" in name for name, _ in course.registry.css_files)
    assert any("sphinx-thebe" in str(name) for name, _ in course.registry.js_files)
    # ...and no page carries them
    pages = _pages(course)
    assert len(pages) >= 6
    for name, html in pages.items():
        for marker in ("fonts.googleapis.com", "sphinx-thebe", "THEBE_JS_URL", "unpkg.com"):
            assert marker not in html, f"{name} carries {marker}"


def test_accessibility_fixes_are_applied(course):
    citations = page(course, "citations")
    assert 'role="listitem"' in citations and "doc-biblioentry" not in citations
    scenarios = page(course, "scenarios")
    assert '<summary>\n<p class="collapsed admonition-title">Show code cell source' in scenarios
    assert "Toggle hidden content" not in scenarios
    # the theme's fixes, on every page and after every other stylesheet
    for name, html in _pages(course).items():
        if name.split("/")[0] in KIT_DIRS:  # self-contained pages: no theme
            continue
        sheets = re.findall(r'<link rel="stylesheet" type="text/css" href="([^"]+)"', html)
        assert "pe-a11y.css" in sheets[-1], name


def test_fix_markup_replaces_each_known_pattern():
    before = ('<div role="doc-biblioentry">x</div>'
              '<summary aria-label="Toggle hidden content">Show code cell source</summary>')
    assert fix_markup(before) == ('<div role="listitem">x</div>'
                                  "<summary>Show code cell source</summary>")


def test_widget_state_snapshots_are_dropped(course):
    # scenarios.ipynb's metadata holds a widget state, which myst-nb would embed
    html = page(course, "scenarios")
    assert "application/vnd.jupyter.widget-state+json" not in html
    assert "VBoxModel" not in html


def test_a_frozen_widget_view_fails_the_build(tmp_path):
    src = copy_book(tmp_path)
    # without the book's mime overrides the widget view wins over the readable text/html
    with pytest.raises(ExtensionError, match=r"scenarios.html: contains a frozen widget "
                                             r"snapshot"):
        build(src, nb_mime_priority_overrides=[])


# Exercise notebooks, assets ------------------------------------------------------------

def test_exercise_notebook_directive_links_the_in_browser_notebook_and_a_download(course):
    html = page(course, "book/check_mark")
    assert '<div class="pe-notebook-links" data-pe-notebook="exercises/01_demo.ipynb">' in html
    assert "<strong>Exercise notebook:</strong> Demo exercise</p>" in html
    assert ('<a class="pe-open-lite" href="../lite/notebooks/index.html?'
            'path=exercises/01_demo.ipynb" hidden>') in html
    (href,) = re.findall(r'<a class="pe-download-notebook" href="([^"]+)" '
                         r'download="01_demo.ipynb">', html)
    downloaded = (Path(course.outdir) / "book" / href).resolve()
    assert downloaded.read_bytes() == (Path(course.srcdir) / "exercises/01_demo.ipynb").read_bytes()
    # a page made from an exercise notebook gets the same links under its title
    exercise = page(course, "exercises/01_demo")
    assert re.search(r"Demo exercise<a class=\"headerlink\"[^<]*</a></h1>\n"
                     r'<div class="pe-notebook-links"', exercise)


@pytest.mark.parametrize(("target", "message"), [
    ("../scenarios.ipynb", r"scenarios.ipynb is not in exercises/"),
    ("../tools.md", r"'../tools.md' is not a notebook file"),
])
def test_exercise_notebook_directive_refuses_what_the_site_cannot_open(tmp_path, target,
                                                                       message):
    src = copy_book(tmp_path, {"book/extra.md": f"# Extra\n\n```{{exercise-notebook}} "
                                                f"{target}\n```\n"})
    with pytest.raises(ExtensionError, match=message):
        build(src)


def test_exercise_notebooks_are_copied_into_the_in_browser_site(course):
    source = Path(course.srcdir) / "exercises" / "01_demo.ipynb"
    copied = Path(course.srcdir) / "_lite_contents" / "exercises" / "01_demo.ipynb"
    notebook = json.loads(copied.read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"] == LITE_KERNELSPEC
    assert notebook["cells"] == json.loads(source.read_text(encoding="utf-8"))["cells"]


def test_live_assets_load_only_where_needed_and_are_copied(course):
    for docname in ("scenarios", "tools", "book/check_mark", "exercises/01_demo"):
        html = page(course, docname)
        assert "_static/pe_live.css" in html, docname
        assert re.search(r'<script defer="defer" src="[^"]*_static/pe_live.js', html), docname
    for docname in ("index", "citations"):
        assert "pe_live" not in page(course, docname), docname
    static = Path(course.outdir) / "_static"
    for name in ("pe_live.js", "pe_live.css", "pe-a11y.css"):
        assert (static / name).read_bytes() == (STATIC / name).read_bytes()


def test_static_files_digest_is_an_html_config_value(course):
    # a changed JS or CSS file changes the config, so Sphinx writes every page again
    assert course.config.pe_live_static_digest == static_digest()
    assert re.fullmatch(r"[0-9a-f]{16}", static_digest())


# Build order: the in-browser Python's folder is made before the book -----------------

def _fake_lite_dir(folder: Path) -> Path:
    """A folder holding every file and folder lite/prepare.py makes (empty files)."""
    from pe_course.sphinx import buildorder

    for name in buildorder.REQUIRED_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("{}", encoding="utf-8")
    for name in buildorder.REQUIRED_FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / "pypi").mkdir()
    (folder / "pypi" / "pe_course-0.1.0-py3-none-any.whl").write_bytes(b"")
    return folder


def test_building_before_make_lite_stops_at_once_saying_what_to_run(tmp_path):
    from sphinx.errors import ConfigError

    src = copy_book(tmp_path)
    with pytest.raises(ConfigError) as error:
        # as in the book's _config.yml: jupyterlite-sphinx makes the contents folder (inside
        # the lite folder) before the check, so the folder exists but holds nothing else
        build(src, jupyterlite_dir="lite/_generated",
              jupyterlite_content_dir="lite/_generated/contents")
    assert (src / "lite" / "_generated" / "contents").is_dir()
    message = str(error.value)
    assert message == (
        "lite/_generated/ has not been made yet: run `make lite` (or `.venv/bin/python "
        "lite/prepare.py`) first, then build the book again (it holds the in-browser Python "
        "that the live parts need).")
    assert "\n" not in message  # one line
    # stopped before reading any page
    assert not (src / "_build" / "html" / "index.html").exists()


def test_a_half_made_lite_folder_is_named_with_what_it_lacks(tmp_path):
    from sphinx.errors import ConfigError

    src = copy_book(tmp_path)
    lite = _fake_lite_dir(tmp_path / "lite")
    (lite / "repl" / "jupyter-lite.json").unlink()
    with pytest.raises(ConfigError, match=r"/lite/ is incomplete \(no repl/jupyter-lite\.json\): "
                                          r"run `make lite`"):
        build(src, jupyterlite_dir=str(lite))
    for wheel in (lite / "pypi").glob("*.whl"):
        wheel.unlink()
    with pytest.raises(ConfigError, match=r"\(no repl/jupyter-lite\.json and 1 more\)"):
        build(src, jupyterlite_dir=str(lite))


def test_a_made_lite_folder_or_a_build_without_html_passes_the_check(tmp_path):
    src = copy_book(tmp_path)
    lite = _fake_lite_dir(tmp_path / "lite")
    assert "Try it live" in page(build(src, jupyterlite_dir=str(lite)), "scenarios")
    # jupyterlite-sphinx builds the in-browser site only with HTML
    app = build(src, "text", jupyterlite_dir=str(tmp_path / "missing"))
    assert (Path(app.outdir) / "index.txt").is_file()


# The page frame: phone navigation, skip link, citations --------------------------------

REPO_TEMPLATES = Path(__file__).resolve().parents[1] / "_templates"


def test_a_page_with_scenarios_offers_a_skip_link_that_moves_focus_there():
    from pe_course.sphinx.a11y import mark_scenarios

    live = '<div class="pe-live" data-pe-scenario="a" data-pe-live-kind="scenario">'
    html, target = mark_scenarios(f'<p>x</p>{live}</div><section class="pe-scenario">s'
                                  "</section>")
    assert target == "pe-scenarios"
    assert html.startswith(f'<p>x</p>{live[:-1]} id="pe-scenarios" tabindex="-1"></div>')
    assert html.count('id="pe-scenarios"') == 1
    # a tool's live block is not a scenario; a scenario's own id is kept
    tool = '<div class="pe-live" data-pe-tool="plan-checkup">t</div>'
    html, target = mark_scenarios(f'{tool}<section id="s1" class="pe-scenario">s</section>')
    assert target == "s1" and html == f'{tool}<section id="s1" class="pe-scenario" ' \
                                       'tabindex="-1">s</section>'
    assert mark_scenarios(tool) == (tool, None)


def test_the_book_theme_page_frame(tmp_path):
    app = build(copy_book(tmp_path), html_theme="sphinx_book_theme",
                templates_path=[str(REPO_TEMPLATES)])
    html = page(app, "scenarios")
    # One sidebar toggle: pydata-sphinx-theme's navbar (with a second, hidden one that
    # the theme's scripts bound instead) stays out.
    assert len(re.findall(r'<button [^>]*class="[^"]*\bprimary-toggle\b', html)) == 1
    # The colour mode is made valid before the theme's script reads it.
    assert "root.dataset.mode = mode" in html
    # The skip link comes right after the theme's own, and its target is the scenario.
    skip = ('<div class="skip-link pe-skip-link d-print-none"><a href="#pe-scenarios">'
            "Skip to the scenarios</a></div>")
    assert html.index('id="pst-skip-link"') < html.index(skip) < html.index("pst-scroll-pixel")
    assert re.search(r'<div class="pe-live" data-pe-scenario="grant-deadline" [^>]* '
                     r'id="pe-scenarios" tabindex="-1">', html)
    assert "Skip to the scenarios" not in page(app, "tools")  # no scenario there


def test_citations_read_as_author_and_year(tmp_path):
    bib = ("@article{arnstein1969, author = {Arnstein, Sherry R.}, title = {A ladder of "
           "citizen participation}, journal = {JAIP}, year = {1969}}\n"
           "@misc{cihr, author = {{Canadian Institutes of Health Research}}, title = "
           "{Framework}, year = {2014}}\n")
    src = copy_book(tmp_path, {
        "refs.bib": bib,
        "cited.md": "# Cited\n\nOne {cite}`arnstein1969`, two {cite}`arnstein1969,cihr`.\n\n"
                    "```{bibliography}\n```\n"})
    app = build(src, extensions=["myst_nb", "sphinx_thebe", "sphinxcontrib.bibtex",
                                 "pe_course.sphinx"],
                bibtex_bibfiles=["refs.bib"], bibtex_reference_style="pe_author_year")
    text = re.sub(r"<[^>]+>", "", page(app, "cited"))
    assert "One (Arnstein, 1969), two (Arnstein, 1969; Canadian Institutes of Health " \
           "Research, 2014)." in " ".join(text.split())


# The facilitator kit -------------------------------------------------------------------

def test_the_build_writes_a_present_page_per_scenario_and_the_handouts(course):
    from pe_course.render.handouts import all_handouts
    from pe_course.render.present import present_html
    from pe_course.scenarios import list_scenarios
    from pe_course.sphinx.kit import chapter_of

    out = Path(course.outdir)
    linked = set()
    for scenario in list_scenarios():
        written = (out / "present" / f"{scenario.id}.html").read_text(encoding="utf-8")
        # a link back to the scenario's chapter, when the book has it
        chapter = chapter_of(scenario, course.env.found_docs)
        assert written == present_html(scenario, book_url=chapter and f"../{chapter}.html")
        linked |= {chapter} - {None}
    assert linked == {"book/check_mark"}  # the test book's only chapter
    for handout in all_handouts():
        assert (out / "handouts" / f"{handout.name}.html").read_text(encoding="utf-8") \
            == handout.html


def test_scenarios_get_a_present_link_and_tools_do_not(course):
    html = page(course, "scenarios")
    assert '<p class="pe-present-link"><a href="present/grant-deadline.html">Present to a room' \
        in html
    assert "pe-present-link" not in page(course, "tools")


def test_the_kit_directive_links_every_scenario_and_handout(course):
    from pe_course.evaluation import load_form
    from pe_course.render.handouts import all_handouts
    from pe_course.scenarios import list_scenarios

    html = page(course, "kit")
    for scenario in list_scenarios():
        assert f'href="present/{scenario.id}.html"' in html
    for handout in all_handouts():
        for target in (f"handouts/{handout.name}.html", f"handouts/{handout.name}.pdf"):
            assert f'href="{target}"' in html, target
    assert "handouts/a4/" not in html and "handouts/letter/" not in html
    for question in load_form().questions:
        assert escape(question.text) in html


def test_a_printed_page_gets_the_print_styles(course):
    html = page(course, "scenarios")
    assert re.search(r'<link media="print" rel="stylesheet" type="text/css" '
                     r'href="_static/pe_print.css', html)
    assert "_static/pe_print.js" in html
