"""Chapter pages that show fast on a phone, and a site without files nobody loads.

Issue 16 asks every chapter page for a Lighthouse mobile performance of 95 or more with
the largest text painted within 2.5 s (``benchmarks/bench_lighthouse.py``). On a slow
phone connection what delays the first paint is what the browser must fetch before it
may draw: every stylesheet, and every script in the head that is neither ``defer`` nor
``async``. So:

- every script the extensions add to the head is deferred (it still runs in the same
  order, before ``DOMContentLoaded``, where each of them starts its work), except on the
  search page, whose own scripts need them at once;
  ``documentation_options.js``, which the theme's inline scripts after it change at once,
  is written into the page instead (its 400 bytes, rendered from Sphinx's template);
- the theme's own scripts, already deferred at the end of the page, are no longer
  preloaded at high priority from the head, where they took bandwidth from the
  stylesheets (``_templates/static/webpack-macros.html``);
- Sphinx's search scripts and index are left out of every page but the search page
  (``_templates/layout.html``): the theme only uses them on a page for search as you type,
  which the book does not turn on; the search box sends its words to ``search.html``;
- the theme's stylesheet has Font Awesome's rule for every one of its 1,900 icons, about
  a third of its bytes; the site's copy keeps the rules of the icons the site shows (any
  ``fa-`` name in a built page or a script of ``_static``), the rest of it unchanged;
- Font Awesome's web fonts (156 KB for the solid one, fetched at high priority by every
  page) become subsets with only the icons the stylesheets use (the kept icon rules and
  the theme's icon variables, about 30 glyphs), written into the stylesheet as WOFF data:
  no font request at all, so an icon never waits for one.

Files no page loads are left out of the built site: the themes' source maps (and the
comments pointing at them), their translations (``_static/locales``: used when building
only), Font Awesome's full fonts (replaced by the subsets) and its script (the icons come
from its web font, see ``_templates/static/webpack-macros.html``), sphinx-thebe's files
(``offline.py`` takes them out of every page), and the themes' template fragments copied
as if static.
``tests/test_site.py`` checks the built site for each of these.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx

# Written into the page instead of loaded: the theme's inline scripts set
# DOCUMENTATION_OPTIONS.pagename right after it, so it cannot wait.
INLINED_SCRIPT = "documentation_options.js"
INLINED_TEMPLATE = "documentation_options.js.jinja"
# Pages whose own template adds scripts that run at once and use the others
# (search.html: searchtools.js calls _ready() from doctools.js as it loads).
UNDEFERRED_PAGES = ("search",)

# Left out of _static (paths relative to it, "*" as in a glob).
UNUSED_STATIC = (
    "**/*.map",
    "locales",
    "scripts/fontawesome.js",
    "scripts/fontawesome.js.LICENSE.txt",
    "sphinx-thebe.css",
    "sphinx-thebe.js",
    "webpack-macros.html",
    "sbt-webpack-macros.html",
)
SOURCE_MAP_COMMENT = re.compile(r"\n?/[/*][#@] sourceMappingURL=[^\n]*?(?:\*/)?[ \t]*(?=\n|$)")
SOURCE_MAPPED = ("*.js", "*.css")

THEME_CSS = "styles/pydata-sphinx-theme.css"
# Every page links styles/theme.css, whose only rule is @import "../basic.css": the browser
# found basic.css only once theme.css had arrived, one more round trip before the first
# paint on a phone's connection. The import is replaced by the file's own text.
IMPORTING_CSS = "styles/theme.css"
CSS_IMPORT = re.compile(r'@import\s+(?:url\()?"([^"]+)"\)?\s*;')
# One icon's rule in the theme's minified stylesheet: .fa-sun:before{content:"\f185"}
# (several names may share one rule: .fa-a:before,.fa-b:before{...}); a rule starts after
# the end of the one before it, or a block's start.
ICON_RULE = re.compile(r'(?<=[{}])(?:\.fa-[a-z0-9-]+:before,?)+\{content:"[^"]*"\}')
ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
# Font Awesome draws its icons at Unicode's private-use code points: written in CSS as an
# escape (content:"\f185") or as the character itself (the theme's --pst-icon-* values).
ICON_ESCAPE = re.compile(r"\\([ef][0-9a-fA-F]{3})")
ICON_CHAR = re.compile("[\ue000-\uf8ff]")
FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
TRUETYPE_SRC = re.compile(r'url\(([^)]+\.ttf)\)\s*format\("truetype"\)')
WEBFONTS = "vendor/fontawesome/webfonts"


def is_deferrable(asset: object) -> bool:
    """True for a script file the page need not wait for (not inline, not already
    deferred or async, not one the page's inline scripts use at once)."""
    filename = str(getattr(asset, "filename", "") or "")
    attributes = getattr(asset, "attributes", {}) or {}
    if not filename or "defer" in attributes or "async" in attributes:
        return False
    if attributes.get("type") == "module":  # deferred already
        return False
    return _script_name(filename) != INLINED_SCRIPT


def _script_name(filename: str) -> str:
    return filename.split("?")[0].rsplit("/", 1)[-1]


def _deferred(asset: object) -> object:
    # Sphinx's assets are immutable: a new one with the same file, priority and attributes
    return type(asset)(asset.filename, priority=asset.priority,
                       **{**asset.attributes, "defer": "defer"})


def _inlined(app: Sphinx, asset: object, context: dict) -> object:
    """``documentation_options.js`` as an inline script, rendered for this page."""
    for folder in app.builder.theme.get_theme_dirs():
        template = Path(folder) / "static" / INLINED_TEMPLATE
        if template.is_file():
            body = app.builder.templates.render_string(
                template.read_text(encoding="utf-8"), context)
            return type(asset)(None, priority=asset.priority, body=body.strip())
    return asset  # an older Sphinx without the template: leave the file as it is


def _defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict,
                   doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    deferring = pagename not in UNDEFERRED_PAGES
    changed = []
    for script in scripts:
        if deferring and is_deferrable(script):
            script = _deferred(script)
        elif _script_name(str(getattr(script, "filename", "") or "")) == INLINED_SCRIPT:
            script = _inlined(app, script, context)
        changed.append(script)
    # in place: the page's list is the builder's, reset before each page
    scripts[:] = changed


def inline_imports(css: str, folder: Path) -> str:
    """``css`` with each ``@import "file"`` replaced by that file's text (relative to
    ``folder``, the stylesheet's own); an import of a file that is not there stays."""
    def inline(match: re.Match) -> str:
        target = folder / match.group(1)
        return target.read_text(encoding="utf-8") if target.is_file() else match.group(0)

    return CSS_IMPORT.sub(inline, css)


def keep_used_icons(css: str, used: set[str]) -> str:
    """``css`` without the rules of Font Awesome icons not named in ``used``; a rule shared
    by several names stays whole if any of them is used."""
    def keep(match: re.Match) -> str:
        names = set(ICON_NAME.findall(match.group(0)))
        return match.group(0) if names & used else ""

    return ICON_RULE.sub(keep, css)


def used_icon_names(outdir: Path) -> set[str]:
    """Every ``fa-`` name in the built pages and the scripts of ``_static``."""
    names: set[str] = set()
    files = [*outdir.glob("*.html"), *outdir.glob("book/**/*.html"),
             *outdir.glob("_static/**/*.js")]
    for folder in ("present", "handouts"):
        files += (outdir / folder).glob("**/*.html")
    for path in files:
        names |= set(ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def icon_code_points(css: str) -> set[int]:
    """The private-use code points a stylesheet draws (escaped or as characters)."""
    points = {int(code, 16) for code in ICON_ESCAPE.findall(css)}
    return points | {ord(char) for char in ICON_CHAR.findall(css)}


def icon_font_subset(ttf: Path, code_points: set[int]) -> bytes | None:
    """The font at ``ttf`` with only the glyphs of ``code_points``, as WOFF; None when it
    has none of them."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(ttf)
    wanted = code_points & set(font.getBestCmap())
    if not wanted:
        return None
    options = subset.Options()
    options.flavor = "woff"  # zlib: WOFF2 would need brotli
    options.name_IDs = ["*"]  # keep the names, the copyright and the licence
    options.name_languages = ["*"]
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def embed_icon_fonts(css: str, css_dir: Path, code_points: set[int]) -> str:
    """``css`` with each ``@font-face`` that has a TrueType source replaced by a WOFF
    subset of ``code_points`` written into it, or left out when it draws none of them."""
    def embed(match: re.Match) -> str:
        rule = match.group(0)
        source = TRUETYPE_SRC.search(rule)
        if not source:
            return rule
        data = icon_font_subset(css_dir / source.group(1), code_points)
        if data is None:
            return ""
        encoded = base64.b64encode(data).decode("ascii")
        return re.sub(r"src:[^;}]*", f'src:url(data:font/woff;base64,{encoded}) format("woff")',
                      rule)

    return FONT_FACE.sub(embed, css)


def unused_static_files(static: Path) -> list[Path]:
    """What ``UNUSED_STATIC`` names inside ``static``, that exists."""
    found: list[Path] = []
    for pattern in UNUSED_STATIC:
        found += static.glob(pattern)
    return sorted(set(found))


def _tidy_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    for path in unused_static_files(static):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for pattern in SOURCE_MAPPED:
        for path in static.glob(f"**/{pattern}"):
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            if "sourceMappingURL=" in text:
                path.write_text(SOURCE_MAP_COMMENT.sub("", text), encoding="utf-8",
                                errors="surrogateescape")
    importing = static / IMPORTING_CSS
    if importing.is_file():
        importing.write_text(inline_imports(importing.read_text(encoding="utf-8"),
                                            importing.parent), encoding="utf-8")
    theme_css = static / THEME_CSS
    if not theme_css.is_file():
        return
    css = keep_used_icons(theme_css.read_text(encoding="utf-8"), used_icon_names(outdir))
    if (static / WEBFONTS).is_dir():
        drawn: set[int] = set()
        for path in static.glob("**/*.css"):
            drawn |= icon_code_points(css if path == theme_css
                                      else path.read_text(encoding="utf-8"))
        css = embed_icon_fonts(css, theme_css.parent, drawn)
    theme_css.write_text(css, encoding="utf-8")
    if (static / WEBFONTS).is_dir() and not any(
            WEBFONTS in p.read_text(encoding="utf-8") for p in static.glob("**/*.css")):
        shutil.rmtree(static / WEBFONTS)
        for folder in (static / WEBFONTS).parents:  # vendor/fontawesome, vendor, if empty
            if folder == static or any(folder.iterdir()):
                break
            folder.rmdir()


def register(app: Sphinx) -> None:
    # last, after every handler that adds a page's scripts (offline.py drops some at 900)
    app.connect("html-page-context", _defer_scripts, priority=950)
    # after the other build-finished handlers have written their pages (kit.py)
    app.connect("build-finished", _tidy_site, priority=900)
