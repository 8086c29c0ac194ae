"""Checks on the built site's files, no browser needed.

Every page in ``_toc.yml`` is built; chapter 1 carries the readable text of every
``check_mark`` scenario and no frozen widget; nothing on the site loads from a host other
than our own; every internal link resolves. The checkers are plain functions, tested on
small hand-made inputs first so that each check is known to be able to fail.

The site tests skip without a built site, and fail instead when
``PE_COURSE_REQUIRE_BROWSER=1`` (CI). Point ``PE_COURSE_SITE_DIR`` at another build.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from pe_course.render.scenario import scenario_html
from pe_course.scenarios import Scenario, list_scenarios
from pe_course.statements import get_statement

from .built_site import (
    LITE_CONFIG,
    NON_BOOK_DIRS,
    REPO_ROOT,
    book_pages,
    in_lite_bundle,
    lite_roots,
    resolve_site_dir,
)

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
WIDGET_SNAPSHOT_TYPES = ("application/vnd.jupyter.widget-view+json", "widget-state+json")

# ---------------------------------------------------------------------------------------
# Parsing pages


@dataclass
class ParsedPage:
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._text_of: str | None = None  # "script" or "style" while inside one
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        self.page.elements.append((tag, values))
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.page.ids.add(values[key])
        if tag == "style" or (tag == "script" and "src" not in values):
            self._text_of, self._buffer = tag, []

    def handle_data(self, data: str) -> None:
        if self._text_of:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._text_of:
            text = "".join(self._buffer)
            (self.page.styles if tag == "style" else self.page.inline_scripts).append(text)
            self._text_of = None


def parse_page(text: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


# ---------------------------------------------------------------------------------------
# Third-party references: what a page *loads*, as opposed to where it *links*


def is_external(url: str) -> bool:
    """True for an absolute or protocol-relative URL to a host other than this machine."""
    url = url.strip()
    if not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I):
        return False
    parts = urlsplit(url if "://" in url else "http:" + url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return False
    return parts.hostname not in LOCAL_HOSTS


# Attributes whose URL the browser fetches by itself. <a href>, <area href> and
# <link rel="canonical"> are only navigation (a learner may follow them; nothing loads).
_LOADING_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "iframe": ("src",), "frame": ("src",), "embed": ("src",), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "object": ("data",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
_LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "prerender",
                 "preconnect", "dns-prefetch", "icon", "apple-touch-icon", "mask-icon",
                 "manifest"}

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""", re.I)
_QUOTED_URL = r"""['"`]((?:(?:https?|wss?):)?//[^'"`\s]+)['"`]"""
_JS_LOADS = [
    # fetch("…"), import("…"), importScripts("…"), new Worker("…"), new WebSocket("…"), …
    re.compile(r"\b(?:fetch|import|importScripts|Worker|SharedWorker|EventSource|WebSocket"
               r"|sendBeacon|loadScript|loadPyodide)\s*\(\s*" + _QUOTED_URL),
    re.compile(r"\bimport\s[^;'\"`]*?\bfrom\s*" + _QUOTED_URL),  # import x from "…"
    re.compile(r"\bimport\s*" + _QUOTED_URL),  # import "…"
    re.compile(r"\.open\(\s*['\"][A-Z]+['\"]\s*,\s*" + _QUOTED_URL),  # xhr.open("GET", "…")
    re.compile(r"\.src\s*=\s*" + _QUOTED_URL),  # script.src = "…"
    re.compile(r"""setAttribute\(\s*['"](?:src|href)['"]\s*,\s*""" + _QUOTED_URL),
    # any quoted URL on a host that only serves things to load (CDNs, fonts, analytics,
    # package indexes)
    re.compile(r"""['"`]((?:https?:)?//(?:[a-z0-9-]+\.)*(?:jsdelivr\.net|unpkg\.com"""
               r"""|cdnjs\.cloudflare\.com|googleapis\.com|gstatic\.com|code\.jquery\.com"""
               r"""|cdn\.plot\.ly|googletagmanager\.com|google-analytics\.com|polyfill\.io"""
               r"""|esm\.sh|skypack\.dev|pypi\.org|pythonhosted\.org|anaconda\.org"""
               r"""|raw\.githubusercontent\.com|mathjax\.org|binder\.org)[^'"`\s]*)['"`]""",
               re.I),
]
# JSON keys that describe a package rather than load anything.
_JSON_METADATA_KEYS = {"$schema", "$id", "homepage", "repository", "bugs", "author",
                       "license", "description", "documentation", "project_urls"}


def external_refs_in_css(text: str) -> list[str]:
    urls = [m.group(2) for m in _CSS_URL.finditer(text)]
    urls += [m.group(1) for m in _CSS_IMPORT.finditer(text)]
    return sorted({u for u in urls if is_external(u)})


def external_refs_in_js(text: str) -> list[str]:
    return sorted({m.group(1) for pattern in _JS_LOADS for m in pattern.finditer(text)
                   if is_external(m.group(1))})


def _srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


def _refresh_url(content: str) -> str | None:
    match = re.search(r"url\s*=\s*['\"]?([^'\"\s;]+)", content, re.I)
    return match.group(1) if match else None


def external_refs_in_html(text: str) -> list[str]:
    """URLs on other hosts that a page loads: scripts, styles, images, frames, fonts, …"""
    page = parse_page(text)
    urls: list[str] = []
    for tag, attrs in page.elements:
        for attr in _LOADING_ATTRS.get(tag, ()):
            if attrs.get(attr):
                urls += _srcset_urls(attrs[attr]) if attr == "srcset" else [attrs[attr]]
        if tag == "link" and _LOADING_RELS & set(attrs.get("rel", "").lower().split()):
            urls.append(attrs.get("href", ""))
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            urls.append(_refresh_url(attrs.get("content", "")) or "")
        if "style" in attrs:
            urls += external_refs_in_css(attrs["style"])
    for style in page.styles:
        urls += external_refs_in_css(style)
    for script in page.inline_scripts:
        urls += external_refs_in_js(script)
    return sorted({u for u in urls if is_external(u)})


def external_urls_in_json(data: object, where: str = "") -> list[str]:
    """``where: url`` for every string in a JSON document that is a URL on another host."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _JSON_METADATA_KEYS:
                found += external_urls_in_json(value, f"{where}.{key}" if where else key)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += external_urls_in_json(value, f"{where}[{i}]")
    elif isinstance(data, str) and is_external(data):
        found.append(f"{where}: {data}")
    return found


def _lite_json_files(site: Path, roots: list[Path]) -> list[Path]:
    """JupyterLite's configuration: what tells it where to load Pyodide and packages from.

    Every JSON file of the JupyterLite sites outside their bundled application folders
    (the jupyter-lite.json of each app, the piplite index, contents), except the npm
    package.json manifests, plus Pyodide's lock file, which names every wheel it loads.
    """
    files: list[Path] = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".json", ".ipynb") or not path.is_file():
                continue
            config = path.name in (LITE_CONFIG, "jupyter-lite.ipynb", "pyodide-lock.json")
            if config or (path.suffix == ".json" and path.name != "package.json"
                          and not in_lite_bundle(path, roots)):
                files.append(path)
    return files


def third_party_references(site: Path) -> list[str]:
    """``file: url`` for every reference that would load something from another host."""
    roots = lite_roots(site)
    problems: list[str] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if not path.is_file() or rel.parts[0] == "_sources" or in_lite_bundle(path, roots):
            continue
        suffix = path.suffix.lower()
        if suffix not in (".html", ".htm", ".js", ".mjs", ".css"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if suffix in (".html", ".htm"):
            urls = external_refs_in_html(text)
        elif suffix == ".css":
            urls = external_refs_in_css(text)
        else:
            urls = external_refs_in_js(text)
        problems += [f"{rel}: {url}" for url in urls]
    for path in _lite_json_files(site, roots):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{path.relative_to(site)}: not valid JSON ({exc})")
            continue
        problems += [f"{path.relative_to(site)}: {found}"
                     for found in external_urls_in_json(data)]
    return problems


# ---------------------------------------------------------------------------------------
# Internal links

_LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src",
               "iframe": "src", "source": "src"}


def broken_links(site: Path, pages: list[Path]) -> list[str]:
    """``page: link (why)`` for every relative link or asset that does not resolve."""
    site = site.resolve()
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids_cache:
            ids_cache[path] = parse_page(path.read_text(encoding="utf-8", errors="replace")).ids
        return ids_cache[path]

    problems: list[str] = []
    for page in pages:
        parsed = parse_page(page.read_text(encoding="utf-8", errors="replace"))
        ids_cache[page.resolve()] = parsed.ids
        links = [attrs[_LINK_ATTRS[tag]] for tag, attrs in parsed.elements
                 if tag in _LINK_ATTRS and attrs.get(_LINK_ATTRS[tag])]
        links += [_refresh_url(attrs.get("content", "")) or "" for tag, attrs in parsed.elements
                  if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh"]
        for link in links:
            why = _link_problem(site, page.resolve(), link, ids_of)
            if why:
                problems.append(f"{page.relative_to(site)}: {link} ({why})")
    return problems


def _link_problem(site: Path, page: Path, link: str, ids_of) -> str | None:
    link = link.strip()
    parts = urlsplit(link)
    if not link or parts.scheme or link.startswith("//"):
        return None  # an external link, mailto:, javascript:, data:, …
    target = page
    if parts.path:
        target = (page.parent / unquote(parts.path)).resolve()
        if not target.is_relative_to(site):
            return "points outside the site"
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in ids_of(target):
        return f"no element with id {fragment!r}"
    return None


# ---------------------------------------------------------------------------------------
# Chapter 1's readable scenarios


def _as_rendered(text: str) -> str:
    """Text as it must appear in the page's HTML: escaped, whitespace collapsed."""
    return " ".join(escape(text, quote=False).split())


def _normalized_html(html: str) -> str:
    for entity, char in (("&#x27;", "'"), ("&#39;", "'"), ("&quot;", '"'), ("&#34;", '"')):
        html = html.replace(entity, char)
    return " ".join(html.split())


def scenario_texts(scenario: Scenario) -> list[tuple[str, str]]:
    """(what, text) for everything the readable version must show."""
    texts = [("title", scenario.title)]
    for step in scenario.steps:
        texts.append((f"step '{step.id}' prompt", step.prompt))
        for choice in step.choices:
            texts.append((f"step '{step.id}' choice '{choice.id}' label", choice.label))
            texts.append((f"step '{step.id}' choice '{choice.id}' feedback", choice.feedback))
    for ending in scenario.endings:
        texts.append((f"ending '{ending.id}' title", ending.title))
        texts.append((f"ending '{ending.id}' text", ending.text))
    return texts


def missing_scenario_text(html: str, scenarios: list[Scenario]) -> list[str]:
    page = _normalized_html(html)
    return [f"scenario '{s.id}': {what}: {text!r}"
            for s in scenarios for what, text in scenario_texts(s)
            if _as_rendered(text) not in page]


class _OutsideDetails(HTMLParser):
    """The page's text outside every ``<details>`` element (what shows before a click)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.summary = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.depth += tag == "details"
        self.summary += tag == "summary" and self.depth > 0

    def handle_endtag(self, tag) -> None:
        self.depth -= tag == "details" and self.depth > 0
        self.summary -= tag == "summary" and self.summary > 0

    def handle_data(self, data) -> None:
        if self.depth == 0 or self.summary:
            self.parts.append(data)


def shown_before_choosing(html: str, scenarios: list[Scenario]) -> list[str]:
    """Consequences (feedback, endings) readable without opening a ``<details>``."""
    parser = _OutsideDetails()
    parser.feed(html)
    visible = " ".join(" ".join(parser.parts).split())
    found = []
    for s in scenarios:
        for step in s.steps:
            found += [f"scenario '{s.id}': step '{step.id}' choice '{c.id}' feedback"
                      for c in step.choices if " ".join(c.feedback.split()) in visible]
        found += [f"scenario '{s.id}': ending '{e.id}' text" for e in s.endings
                  if " ".join(e.text.split()) in visible]
    return found


def _check_mark_scenarios() -> list[Scenario]:
    return [s for s in list_scenarios() if "check_mark" in s.statements]


# ---------------------------------------------------------------------------------------
# The checkers, on hand-made inputs


def test_external_refs_in_html_finds_what_loads_and_ignores_links():
    html = """<html><head>
    <script src="https://cdn.jsdelivr.net/npm/x.js"></script>
    <script src="_static/local.js"></script>
    <script src="http://127.0.0.1:8000/served-here.js"></script>
    <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Lato">
    <link rel="shortcut icon" href="//icons.example.org/favicon.ico">
    <link rel="canonical" href="https://course.example.org/intro.html">
    <meta http-equiv="refresh" content="0; url=https://elsewhere.example.org/">
    <style>@import url("https://example.com/theme.css"); .x{background:url(img/ok.png)}</style>
    <script>fetch("https://api.example.com/track"); const d = "https://doi.org/x";</script>
    </head><body>
    <a href="https://doi.org/10.1186/s40900-024-00558-2">the commentary</a>
    <img src="https://images.example.com/a.png" srcset="b.png 1x, https://img2.example/c.png 2x">
    <iframe src="https://www.youtube.com/embed/x"></iframe>
    <div style="background-image: url('https://bg.example.com/b.jpg')"></div>
    </body></html>"""
    assert external_refs_in_html(html) == sorted([
        "https://cdn.jsdelivr.net/npm/x.js",
        "https://fonts.googleapis.com/css?family=Lato",
        "//icons.example.org/favicon.ico",
        "https://elsewhere.example.org/",
        "https://example.com/theme.css",
        "https://api.example.com/track",
        "https://images.example.com/a.png",
        "https://img2.example/c.png",
        "https://www.youtube.com/embed/x",
        "https://bg.example.com/b.jpg",
    ])
    assert external_refs_in_html('<p><a href="https://doi.org/x">ok</a></p>') == []


def test_external_refs_in_css_and_js():
    css = """@import "https://a.example/x.css";
             @font-face{src:url(https://fonts.gstatic.com/f.woff2)}
             .ok{background:url("../images/x.png")}
             .data{background:url(data:image/png;base64,AA)}"""
    assert external_refs_in_css(css) == ["https://a.example/x.css",
                                         "https://fonts.gstatic.com/f.woff2"]
    js = """// see https://developer.mozilla.org/docs for why
            const ns = "http://www.w3.org/2000/svg";
            fetch('https://api.example.com/x'); import("https://esm.sh/y");
            import z from "https://cdn.example.net/z.js";
            xhr.open("GET", "https://data.example.org/d.json");
            s.src = "//cdn.example.net/s.js";
            const index = "https://pypi.org/simple";
            fetch("./local.json"); fetch("http://localhost:8000/ok.json");"""
    assert external_refs_in_js(js) == sorted([
        "https://api.example.com/x", "https://esm.sh/y", "https://cdn.example.net/z.js",
        "https://data.example.org/d.json", "//cdn.example.net/s.js", "https://pypi.org/simple",
    ])


def test_external_urls_in_json():
    config = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
            "pyodideUrl": "https://cdn.jsdelivr.net/pyodide/v0.27/full/pyodide.js",
            "pipliteUrls": ["./pypi/all.json", "https://pypi.example/all.json"]}},
        "homepage": "https://jupyterlite.readthedocs.io"}}
    assert external_urls_in_json(config) == [
        "jupyter-config-data.litePluginSettings.@jupyterlite/pyodide-kernel-extension:kernel"
        ".pyodideUrl: https://cdn.jsdelivr.net/pyodide/v0.27/full/pyodide.js",
        "jupyter-config-data.litePluginSettings.@jupyterlite/pyodide-kernel-extension:kernel"
        ".pipliteUrls[1]: https://pypi.example/all.json",
    ]


def test_broken_links_finds_missing_files_and_anchors(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.html").write_text('<h1 id="ok">B</h1><a name="old">x</a>')
    (tmp_path / "sub" / "index.html").write_text("<p>sub</p>")
    (tmp_path / "a.html").write_text(
        '<h1 id="top">A</h1>'
        '<a href="b.html#ok">fine</a> <a href="b.html#old">fine</a> <a href="sub/">fine</a>'
        '<a href="#top">fine</a> <a href="https://doi.org/x">outbound</a>'
        '<a href="mailto:x@example.org">mail</a> <a href="b.html?x=1">query</a>'
        '<a href="b.html#missing">bad anchor</a> <a href="c.html">no file</a>'
        '<a href="#nowhere">bad here</a> <img src="_static/gone.png">'
        '<a href="../../etc/passwd">outside</a>'
        '<meta http-equiv="refresh" content="0; url=d.html">')
    assert broken_links(tmp_path, [tmp_path / "a.html"]) == [
        "a.html: b.html#missing (no element with id 'missing')",
        "a.html: c.html (no such file)",
        "a.html: #nowhere (no element with id 'nowhere')",
        "a.html: _static/gone.png (no such file)",
        "a.html: ../../etc/passwd (points outside the site)",
        "a.html: d.html (no such file)",
    ]


def test_missing_scenario_text_notices_missing_and_double_escaped_text():
    scenario = _check_mark_scenarios()[0]
    page = scenario_html(scenario)
    assert missing_scenario_text(page, [scenario]) == []
    label = scenario.steps[0].choices[0].label
    missing = missing_scenario_text(page.replace(escape(label, quote=False), ""), [scenario])
    assert any(repr(label) in problem for problem in missing)
    # Text escaped twice shows learners "&amp;" and is caught too.
    tricky = replace(scenario, title="Ask & listen <first>")
    assert missing_scenario_text(scenario_html(tricky), [tricky]) == []
    doubled = scenario_html(tricky).replace("&amp;", "&amp;amp;")
    assert missing_scenario_text(doubled, [tricky]) == [
        f"scenario '{scenario.id}': title: 'Ask & listen <first>'"]


def test_shown_before_choosing_finds_consequences_outside_details():
    scenario = _check_mark_scenarios()[0]
    page = scenario_html(scenario)
    assert shown_before_choosing(page, [scenario]) == []
    choice = scenario.steps[0].choices[0]
    leaked = page.replace('<details class="pe-consequence">', "<div>", 1)
    assert shown_before_choosing(leaked, [scenario]) == [
        f"scenario '{scenario.id}': step '{scenario.steps[0].id}' choice '{choice.id}' "
        "feedback"]


# ---------------------------------------------------------------------------------------
# The built site


@pytest.fixture(scope="module")
def site_dir() -> Path:
    return resolve_site_dir()


def _toc_files(entry: object) -> list[str]:
    files: list[str] = []
    if isinstance(entry, dict):
        for key, value in entry.items():
            if key in ("root", "file") and isinstance(value, str):
                files.append(value)
            else:
                files += _toc_files(value)
    elif isinstance(entry, list):
        for item in entry:
            files += _toc_files(item)
    return files


def _built_page(site: Path, docname: str) -> Path:
    return site / (re.sub(r"\.(md|ipynb|rst)$", "", docname) + ".html")


@pytest.mark.site
def test_every_page_in_the_toc_is_built(site_dir):
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docnames = _toc_files(toc)
    assert docnames, "_toc.yml lists no pages"
    missing = [d for d in docnames if not _built_page(site_dir, d).is_file()]
    assert not missing, f"pages in _toc.yml missing from {site_dir}: {missing}"
    index = site_dir / "index.html"
    assert index.is_file(), "the site has no index.html"


@pytest.mark.site
def test_chapter_1_shows_every_check_mark_scenario_as_text(site_dir):
    page = _built_page(site_dir, get_statement("check_mark").chapter)
    assert page.is_file(), f"chapter 1 is not built: {page}"
    scenarios = _check_mark_scenarios()
    assert len(scenarios) >= 2, "chapter 1 needs at least two check_mark scenarios"
    missing = missing_scenario_text(page.read_text(encoding="utf-8"), scenarios)
    assert not missing, (
        f"{page.name} lacks the readable text of:\n  " + "\n  ".join(missing) + "\n"
        "If a scenario file changed since the site was built, the cached notebook outputs are "
        "stale: delete _build/.jupyter_cache and build again.")


@pytest.mark.site
def test_chapter_1_asks_the_learner_to_choose_before_any_consequence_shows(site_dir):
    page = _built_page(site_dir, get_statement("check_mark").chapter)
    leaked = shown_before_choosing(page.read_text(encoding="utf-8"), _check_mark_scenarios())
    assert not leaked, "shown before the learner opens a choice:\n  " + "\n  ".join(leaked)


@pytest.mark.site
def test_no_page_embeds_a_frozen_widget(site_dir):
    chapter = _built_page(site_dir, get_statement("check_mark").chapter).relative_to(site_dir)
    pages = book_pages(site_dir)
    assert chapter.as_posix() in pages
    found = [f"{rel}: {kind}" for rel in pages
             for kind in WIDGET_SNAPSHOT_TYPES
             if kind in (site_dir / rel).read_text(encoding="utf-8")]
    assert not found, "frozen widget snapshots on the static site:\n  " + "\n  ".join(found)


@pytest.mark.site
def test_nothing_loads_from_a_third_party_host(site_dir):
    problems = third_party_references(site_dir)
    assert not problems, ("references that would load from another host (file: url):\n  "
                          + "\n  ".join(problems))


@pytest.mark.site
def test_internal_links_resolve(site_dir):
    roots = lite_roots(site_dir)
    kit = {"present", "handouts"}  # not book pages, but their links must resolve too
    pages = [p for p in sorted(site_dir.rglob("*.html"))
             if (p.relative_to(site_dir).parts[0] not in NON_BOOK_DIRS - kit)
             and not any(p.is_relative_to(root) for root in roots)]
    assert pages, f"no pages in {site_dir}"
    assert any(p.relative_to(site_dir).parts[0] == "handouts" for p in pages)
    problems = broken_links(site_dir, pages)
    assert not problems, "links that do not resolve (page: link):\n  " + "\n  ".join(problems)
