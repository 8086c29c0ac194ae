"""What a chapter page makes a phone wait for, and files the site need not ship
(``pe_course.sphinx.speed``; issue 16: Lighthouse mobile performance >= 95, LCP <= 2.5 s,
measured by ``benchmarks/bench_lighthouse.py``).

The helpers are tested on small inputs first; the built-site checks skip without a built
site (and fail instead with ``PE_COURSE_REQUIRE_BROWSER=1``, as in CI).
"""

from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sphinx.builders.html._assets import _JavaScript

from pe_course.sphinx.speed import (
    THEME_CSS,
    embed_icon_fonts,
    icon_code_points,
    inline_imports,
    is_deferrable,
    keep_used_icons,
    unused_static_files,
)

from .built_site import book_pages, lite_roots, resolve_site_dir

THEME_FONTS = Path(__import__("pydata_sphinx_theme").__file__).parent / \
    "theme" / "pydata_sphinx_theme" / "static" / "vendor" / "fontawesome" / "webfonts"
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")

# ---------------------------------------------------------------------------------------
# The helpers


def test_head_scripts_are_deferred_but_inline_deferred_async_and_module_ones_are_not():
    assert is_deferrable(_JavaScript("_static/doctools.js"))
    assert is_deferrable(_JavaScript("_static/design-tabs.js",
                                     **{"data-sd-tabs-storage-prefix": "x"}))
    assert not is_deferrable(_JavaScript(None, body="let toggleHintShow = 'x';"))
    assert not is_deferrable(_JavaScript("_static/pe_live.js", defer="defer"))
    assert not is_deferrable(_JavaScript("x.js", **{"async": "async"}))
    assert not is_deferrable(_JavaScript("x.js", type="module"))
    # written into the page instead: the theme's inline scripts change it at once
    assert not is_deferrable(_JavaScript("_static/documentation_options.js?v=1"))


def test_only_the_icon_rules_of_used_icons_stay():
    css = ('.fa-spin{x:1}.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
           '.fa-sun:before{content:"\\f185"}@media print{.fa-moon:before{content:"\\f186"}}'
           '.other:before,.fa-gear:before{content:"\\f013"}')
    kept = keep_used_icons(css, {"fa-navicon", "fa-solid"})
    assert '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}' in kept  # shared rule whole
    assert "fa-sun" not in kept and "fa-moon" not in kept
    assert "@media print{}" in kept and ".fa-spin{x:1}" in kept
    # a rule that also names something other than an icon is never cut in half
    assert '.other:before,.fa-gear:before{content:"\\f013"}' in kept


def test_icon_code_points_read_escapes_and_characters():
    css = '.fa-sun:before{content:"\\f185"}:root{--pst-icon-bell:"\uf0f3"}a{content:"\\201c"}'
    assert icon_code_points(css) == {0xF185, 0xF0F3}


@pytest.mark.skipif(not (THEME_FONTS / "fa-solid-900.ttf").is_file(),
                    reason="pydata-sphinx-theme's Font Awesome fonts are not installed")
def test_icon_fonts_become_subsets_written_into_the_stylesheet(tmp_path):
    from fontTools.ttLib import TTFont

    fonts = tmp_path / "vendor"
    fonts.mkdir()
    for name in ("fa-solid-900.ttf", "fa-brands-400.ttf"):
        (fonts / name).write_bytes((THEME_FONTS / name).read_bytes())
    css = ('@font-face{font-display:block;font-family:Font Awesome\\ 6 Free;font-weight:900;'
           'src:url(vendor/fa-solid-900.woff2) format("woff2"),'
           'url(vendor/fa-solid-900.ttf) format("truetype")}'
           '@font-face{font-family:Font Awesome\\ 6 Brands;'
           'src:url(vendor/fa-brands-400.woff2) format("woff2"),'
           'url(vendor/fa-brands-400.ttf) format("truetype")}')
    embedded = embed_icon_fonts(css, tmp_path, {0xF185, 0xF186})
    assert "vendor/" not in embedded
    assert "Brands" not in embedded  # draws neither icon: left out
    data = re.search(r"url\(data:font/woff;base64,([^)]+)\) format\(\"woff\"\)", embedded)
    assert data and "font-display:block" in embedded
    font = TTFont(io.BytesIO(base64.b64decode(data.group(1))))
    assert {0xF185, 0xF186} <= set(font.getBestCmap())
    assert len(font.getGlyphOrder()) < 10
    assert len(data.group(1)) < 8000  # the whole solid font is 150 KB as WOFF2


def test_unused_static_files_are_found_at_any_depth(tmp_path):
    for name in ("scripts/a.js.map", "styles/b.css.map", "locales/de/x.mo", "doctools.js",
                 "scripts/fontawesome.js", "sphinx-thebe.js"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = {p.relative_to(tmp_path).as_posix() for p in unused_static_files(tmp_path)}
    assert found == {"scripts/a.js.map", "styles/b.css.map", "locales",
                     "scripts/fontawesome.js", "sphinx-thebe.js"}


class _Head(HTMLParser):
    """The scripts and stylesheets of a page's head, and its headings in order."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head, self.scripts, self.headings = True, [], []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "body":
            self.in_head = False
        elif tag == "script" and self.in_head and values.get("src"):
            self.scripts.append(values)
        elif re.fullmatch(r"h[1-6]", tag) and not self.in_head:
            self.headings.append(int(tag[1]))


def parse_head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def blocking_scripts(html: str) -> list[str]:
    """The head's script files that stop the page from painting until they have run."""
    return [s["src"] for s in parse_head(html).scripts
            if "defer" not in s and "async" not in s and s.get("type") != "module"]


def skipped_heading_levels(html: str) -> list[str]:
    """Each heading more than one level below the heading before it (h2 then h4)."""
    levels = parse_head(html).headings
    return [f"h{before} then h{after}" for before, after in zip(levels, levels[1:], strict=False)
            if after > before + 1]


def test_blocking_scripts_and_skipped_heading_levels_are_found():
    html = ('<html><head><script src="a.js"></script><script defer src="b.js"></script>'
            '<script type="module" src="c.js"></script><script>inline()</script></head>'
            '<body><script src="late.js"></script><h1>T</h1><h2>S</h2><h4>x</h4><h2>U</h2>'
            '<h3>V</h3></body></html>')
    assert blocking_scripts(html) == ["a.js"]
    assert skipped_heading_levels(html) == ["h2 then h4"]


# ---------------------------------------------------------------------------------------
# The built site


@pytest.fixture(scope="module")
def site_dir() -> Path:
    return resolve_site_dir()


def _outside_lite(site: Path) -> list[Path]:
    roots = lite_roots(site)
    return [p for p in site.rglob("*")
            if p.is_file() and not any(p.is_relative_to(r) for r in roots)]


@pytest.mark.site
def test_no_page_waits_for_a_script_before_it_paints(site_dir):
    pages = book_pages(site_dir)
    assert pages
    found = [f"{rel}: {src}" for rel in pages
             for src in blocking_scripts((site_dir / rel).read_text(encoding="utf-8"))]
    assert not found, "scripts in the head that block the first paint:\n  " + "\n  ".join(found)


def test_css_imports_are_replaced_by_the_files_text(tmp_path):
    (tmp_path / "basic.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    css = '/* a comment */\n@import "../basic.css";\n@import "missing.css";\na { b: c }'
    (tmp_path / "styles").mkdir()
    got = inline_imports(css, tmp_path / "styles")
    assert got == '/* a comment */\np { margin: 0 }\n\n@import "missing.css";\na { b: c }'


_STYLESHEETS = re.compile(r'<link[^>]*rel="stylesheet"[^>]*>')


@pytest.mark.site
def test_no_stylesheet_a_page_links_makes_the_browser_wait_for_another(site_dir):
    """A linked stylesheet that @imports another costs a round trip before the first paint."""
    found = set()
    for rel in book_pages(site_dir):
        page = site_dir / rel
        for link in _STYLESHEETS.findall(page.read_text(encoding="utf-8")):
            href = re.search(r'href="([^"?]+)', link)[1]
            target = (page.parent / href).resolve()
            if target.is_file() and "@import" in target.read_text(encoding="utf-8"):
                found.add(target.relative_to(site_dir.resolve()).as_posix())
    assert not found, f"stylesheets that import others: {sorted(found)}"


@pytest.mark.site
def test_only_the_search_page_loads_the_search_index(site_dir):
    pages = book_pages(site_dir)
    loading = [rel for rel in pages for s in parse_head(
        (site_dir / rel).read_text(encoding="utf-8")).scripts
        if s["src"].split("?")[0].endswith(SEARCH_SCRIPTS)]
    assert not loading, f"pages loading the search scripts: {sorted(set(loading))}"
    search = (site_dir / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in search and "searchtools.js" in search
    assert (site_dir / "searchindex.js").is_file()


@pytest.mark.site
def test_no_page_loads_font_awesome_s_script_or_any_web_font_file(site_dir):
    pages = book_pages(site_dir)
    assert not [rel for rel in pages
                if "fontawesome.js" in (site_dir / rel).read_text(encoding="utf-8")]
    assert not (site_dir / "_static" / "scripts" / "fontawesome.js").exists()
    css = (site_dir / "_static" / THEME_CSS).read_text(encoding="utf-8")
    assert "data:font/woff;base64," in css
    font_files = [p for p in (site_dir / "_static").rglob("*")
                  if p.suffix in (".woff", ".woff2", ".ttf", ".otf", ".eot")]
    assert not font_files, f"font files no stylesheet uses: {font_files}"


@pytest.mark.site
def test_every_icon_a_page_names_has_its_glyph_in_the_embedded_font(site_dir):
    from fontTools.ttLib import TTFont

    css = (site_dir / "_static" / THEME_CSS).read_text(encoding="utf-8")
    glyphs: set[int] = set()
    for data in re.findall(r"data:font/woff;base64,([^)]+)\)", css):
        glyphs |= set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
    rules = dict(re.findall(r'\.(fa-[a-z0-9-]+):before[^{]*\{content:"\\([0-9a-f]{4})"\}', css))
    names = {n for rel in book_pages(site_dir)
             for n in re.findall(r"\bfa-[a-z0-9-]+", (site_dir / rel).read_text(encoding="utf-8"))}
    missing = [n for n in sorted(names) if n in rules and int(rules[n], 16) not in glyphs]
    assert not missing, f"icons without a glyph: {missing}"
    # the theme's own icons: search, the colour modes, the sidebar toggle, the download menu
    assert {"fa-magnifying-glass", "fa-sun", "fa-moon", "fa-bars", "fa-download"} <= set(rules)
    # and what its stylesheets draw by code point (admonition icons such as the tip's bulb)
    assert 0xF0EB in glyphs


@pytest.mark.site
def test_no_source_maps_translations_or_unused_theme_files_are_shipped(site_dir):
    files = _outside_lite(site_dir)
    shipped = [p.relative_to(site_dir).as_posix() for p in files
               if p.suffix == ".map" or "locales" in p.relative_to(site_dir).parts[:2]
               or p.name in ("sphinx-thebe.js", "sphinx-thebe.css", "webpack-macros.html",
                             "sbt-webpack-macros.html")]
    assert not shipped, f"files no page loads: {shipped[:20]}"
    pointing = [p.relative_to(site_dir).as_posix() for p in (site_dir / "_static").rglob("*")
                if p.suffix in (".js", ".css")
                and "sourceMappingURL=" in p.read_text(encoding="utf-8", errors="replace")]
    assert not pointing, f"files naming a source map the site does not have: {pointing}"


@pytest.mark.site
def test_headings_never_skip_a_level(site_dir):
    found = [f"{rel}: {skip}" for rel in book_pages(site_dir)
             for skip in skipped_heading_levels((site_dir / rel).read_text(encoding="utf-8"))]
    assert not found, "headings that skip a level:\n  " + "\n  ".join(found)
