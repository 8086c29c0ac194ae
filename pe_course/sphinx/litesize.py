"""What the in-browser site never requests, removed once jupyterlite-sphinx has built it.

``jupyter lite build`` copies JupyterLite's whole prebuilt application into
``_build/html/lite/``; jupyterlite-sphinx always asks it for every app (its ``--apps``
options override ``LiteBuildConfig.apps`` in ``lite/jupyter_lite_config.json``). This
``build-finished`` handler runs after jupyterlite-sphinx's own (priority 500) and removes:

- **the code of features the site turns off**: Mermaid diagrams, Vega charts, terminals
  and MathJax (``lite/prepare.py`` disables their extensions in every app, checked here
  in ``jupyter-lite.json``); the webpack chunks that only their code loads, found from
  the apps' runtimes, and MathJax's fonts. MathJax is off for the course's learners: they
  write about money, and two dollar signs in a Markdown cell would turn the words between
  them into maths;
- **Font Awesome's fallback font formats** (``.eot``, ``.svg``, ``.ttf``, ``.woff``):
  its stylesheet lists ``woff2`` before them, and every browser that runs Pyodide
  (WebAssembly) reads ``woff2``, so it never asks for the others.

- **the stylesheets' source maps**: each stylesheet bundled in the code is stored as
  ``[id, css, "", {version:3, sources, mappings, sourcesContent…}]``; css-loader only
  turns the fourth element into a ``sourceMappingURL`` comment for the browser's developer
  tools (and base64-encodes it on every page load to do so). Without it the same CSS is
  injected. About 0.6 MB;
- **settings schemas fetched only as one file**: JupyterLite's settings service fetches
  ``build/schemas/all.json`` and ``all_federated.json``, never the per-plugin copies
  beside them;
- **the favicon's large sizes**: JupyterLab's ``favicon.ico``, the tab icon of the REPL
  and JupyterLab, holds ten sizes up to 256 px (0.3 MB); a tab shows 16 to 64 px, and
  those images are kept as they are.

Every removal is checked first (the woff2 beside each fallback, the stylesheet listing
woff2 first, each cut chunk holding a text of its feature): a JupyterLite upgrade that
changes them stops the build instead of shipping a site that asks for a removed file.
``tests/test_lite_size.py`` checks the result.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from pe_course.sphinx.webpack import (
    chunk_files,
    closing,
    federated_consumes,
    read_runtime,
    unreachable_chunks,
)

logger = logging.getLogger(__name__)

LITE_DIR = "lite"  # jupyterlite_sphinx.JUPYTERLITE_DIR
# Every app stays: the site links the REPL and the Notebook, and the Notebook's menus open
# the others (File > Open: tree; View > Open JupyterLab: lab; text files: edit; consoles).
KEPT_APPS = ("repl", "notebooks", "tree", "edit", "consoles", "lab")
FONT_AWESOME = re.compile(r"^(fa-[a-z]+-\d+)\.(eot|svg|ttf|woff)$")
# In the stylesheet each face lists its formats; woff2 must come before the fallbacks.
_FACE = re.compile(r"@font-face\{[^}]*\}")
_FONT_URL = re.compile(r"url\([^)]*?(fa-[a-z]+-\d+)\.(woff2|woff|ttf|svg|eot)[^)]*\)"
                       r"(?:\s*format\(\"([^\"]+)\"\))?")


def _check_font_awesome_css(build: Path, faces: set[str]) -> None:
    """Each Font Awesome @font-face offers woff2 first, so no browser asks for the rest.

    In a face's last ``src:`` (the one browsers use), only ``embedded-opentype`` entries
    (which no browser but old Internet Explorer loads) may come before woff2."""
    found: set[str] = set()
    for chunk in build.glob("*.js"):
        text = chunk.read_text(encoding="utf-8", errors="replace")
        if "@font-face" not in text:
            continue
        for face in _FACE.findall(text):
            src = face.rsplit("src:", 1)[-1]
            entries = _FONT_URL.findall(src)
            for name in faces:
                mine = [(ext, fmt) for base, ext, fmt in entries if base == name]
                if not mine:
                    continue
                for ext, fmt in mine:
                    if ext == "woff2":
                        found.add(name)
                        break
                    if fmt != "embedded-opentype":
                        raise ExtensionError(
                            f"lite/build/{chunk.name}: the @font-face for {name} lists "
                            f"{ext} before woff2; keep the fallbacks "
                            f"(pe_course/sphinx/litesize.py)")
                else:
                    raise ExtensionError(f"lite/build/{chunk.name}: an @font-face for "
                                         f"{name} has no woff2; keep the fallbacks "
                                         f"(pe_course/sphinx/litesize.py)")
    missing = faces - found
    if missing:
        raise ExtensionError(f"lite/build: no stylesheet offers {', '.join(sorted(missing))} "
                             f"as woff2; its fallback fonts cannot be removed "
                             f"(pe_course/sphinx/litesize.py)")


# Import sites cut from the graph of webpack chunks (JupyterLite 0.8.6's prebuilt app):
# the chunk ids each feature's code loads first, with a text each of those chunks holds
# (checked, so an upgrade that renumbers them stops the build). Every chunk that no kept
# app can reach any more without these sites is removed.
CUT_FEATURES = {
    # Mermaid diagrams in Markdown: lite/prepare.py disables @jupyterlab/mermaid-extension
    # in every app (a ```mermaid block then shows as code), so its loader never runs.
    "Mermaid diagrams": {"6068": '"version":"11.', "5506": "mermaid", "5395": "elk.layered",
                         "9497": None, "2840": None},
    # Terminals: JupyterLite has none, and lite/prepare.py disables
    # @jupyterlab/terminal-extension (only the lab app has it), so nothing creates a
    # terminal and loads xterm.js and its add-ons.
    "terminals (xterm.js)": {"2802": "xterm", "5733": None, "2113": "xterm", "2613": None,
                             "8829": None, "3697": None},
    # Vega and Vega-Lite outputs (Altair charts): lite/prepare.py disables
    # @jupyterlab/vega5-extension, whose renderer loads them (chunk 6419 only consumes the
    # shared vega-embed); nothing in the browser's Python makes such output.
    "Vega charts": {"6419": "shared:vega-embed"},
    # LaTeX maths in Markdown and outputs: lite/prepare.py disables
    # @jupyterlab/mathjax-extension (so dollar amounts show as typed), the only provider of
    # a LaTeX typesetter; its ensureMathDocument loads these chunks, and its fonts go too.
    "MathJax": {"7051": "mathjax", "3003": "CHTML", "3826": "AllPackages",
                "5593": "SafeHandler", "9128": "AssistiveMml", "4117": "browserAdaptor",
                "5538": None, "3594": None, "8037": None, "2436": None, "7766": None,
                "3805": None, "290": None, "2762": None, "4286": None, "7006": None},
}
# The JupyterLab extension each cut feature is, which the site must turn off (lite/prepare.py
# writes them into lite/jupyter-lite.json's disabledExtensions); checked before any cut.
CUT_EXTENSIONS = {
    "Mermaid diagrams": "@jupyterlab/mermaid-extension",
    "terminals (xterm.js)": "@jupyterlab/terminal-extension",
    "Vega charts": "@jupyterlab/vega5-extension",
    "MathJax": "@jupyterlab/mathjax-extension",
}
# MathJax's fonts, which only MathJax's output uses
MATHJAX_FONT = re.compile(r"^MathJax_[A-Za-z0-9-]+\.woff$")
def _check_cut_sites(build: Path) -> set[str]:
    chunks = chunk_files(build)
    cut: set[str] = set()
    runtime = read_runtime(build / KEPT_APPS[0] / "bundle.js")
    for feature, sites in CUT_FEATURES.items():
        for chunk_id, text in sites.items():
            if text is not None and text.startswith("shared:"):
                shared = {runtime.consumed[m][0] for m in runtime.consumes.get(chunk_id, [])}
                found = shared == {text.removeprefix("shared:")}
            else:
                found = text is None or (chunk_id in chunks and text in
                                         chunks[chunk_id].read_text(encoding="utf-8"))
            if not found:
                raise ExtensionError(f"lite/build: chunk {chunk_id} is not {feature}' code "
                                     f"(no {text!r}): JupyterLite changed; update CUT_FEATURES "
                                     f"in pe_course/sphinx/litesize.py")
        cut |= set(sites)
    return cut


def _check_cut_extensions_off(lite: Path) -> None:
    """Every cut feature's extension is turned off in the site's ``jupyter-lite.json``."""
    config = lite / "jupyter-lite.json"
    try:
        data = json.loads(config.read_text(encoding="utf-8"))["jupyter-config-data"]
    except (OSError, ValueError, KeyError) as exc:
        raise ExtensionError(f"{config}: cannot read jupyter-config-data ({exc}); the "
                             f"features' code cannot be removed") from exc
    off = set(data.get("disabledExtensions", []))
    on = sorted(f"{feature} ({name})" for feature, name in CUT_EXTENSIONS.items()
                if feature in CUT_FEATURES and name not in off)
    if on:
        raise ExtensionError(f"{config}: {', '.join(on)} still on in disabledExtensions; "
                             f"its code cannot be removed (DISABLED_LAB_EXTENSIONS in "
                             f"lite/prepare.py)")


def prune(lite: Path) -> dict[str, int]:
    """Remove from a built JupyterLite site what it never requests; bytes freed by kind."""
    freed: dict[str, int] = {}
    build = lite / "build"
    for app in KEPT_APPS:
        if not (lite / app / "index.html").is_file():
            raise ExtensionError(f"{lite}/{app}/index.html is missing: the site needs the "
                                 f"{app} app")
    _check_cut_extensions_off(lite)
    dead = unreachable_chunks(build, KEPT_APPS, _check_cut_sites(build),
                              federated_consumes(lite))
    freed["code of the features turned off (" + ", ".join(CUT_FEATURES) + ")"] = sum(
        p.stat().st_size for p in dead)
    for path in dead:
        path.unlink()
    if "MathJax" in CUT_FEATURES:
        fonts = [p for p in sorted(build.iterdir()) if MATHJAX_FONT.match(p.name)]
        freed["MathJax's fonts"] = sum(p.stat().st_size for p in fonts)
        for path in fonts:
            path.unlink()

    fallbacks = [p for p in sorted(build.iterdir()) if FONT_AWESOME.match(p.name)]
    faces = {FONT_AWESOME.match(p.name)[1] for p in fallbacks}
    for face in faces:
        if not (build / f"{face}.woff2").is_file():
            raise ExtensionError(f"lite/build/{face}.woff2 is missing: its fallback fonts "
                                 f"cannot be removed (pe_course/sphinx/litesize.py)")
    if faces:
        _check_font_awesome_css(build, faces)
    for path in fallbacks:
        freed["Font Awesome fallback fonts"] = (freed.get("Font Awesome fallback fonts", 0)
                                                + path.stat().st_size)
        path.unlink()
    freed["stylesheets' source maps"] = strip_css_source_maps(build)
    freed["settings schemas' copies"] = remove_unfetched_schemas(build)
    freed["large sizes in the apps' favicon.ico"] = shrink_favicons(lite)
    return {kind: size for kind, size in freed.items() if size}


_CSS_MAP = re.compile(r"\{version:3,sources:\[")
# css-loader's runtime reading an entry: ``var f=e[1],A=e[3];if(!A)return f;`` (no map:
# the CSS alone); style-loader then writes no sourceMappingURL either
_CSS_MAP_READER = re.compile(r"var (\w)=(\w)\[1\],(\w)=\2\[3\];if\(!\3\)return \1;")


def strip_css_source_maps(build: Path) -> int:
    """Drop the source map after each stylesheet bundled in ``build``; the bytes freed.

    Each must close a ``[id, css, "", map]`` entry (``,"",{map}]``), and css-loader's
    runtime must be the one that treats a missing map as none: otherwise the build
    stops before anything is changed."""
    texts = {path: path.read_text(encoding="utf-8") for path in sorted(build.glob("*.js"))}
    if not any(_CSS_MAP.search(t) for t in texts.values()):
        return 0
    if not any(_CSS_MAP_READER.search(t) for t in texts.values()):
        raise ExtensionError("lite/build: css-loader's runtime that skips a missing source "
                             "map was not found; JupyterLite changed (pe_course/sphinx/"
                             "litesize.py, strip_css_source_maps)")
    stripped: dict[Path, str] = {}
    for path, text in texts.items():
        parts, end = [], 0
        for match in _CSS_MAP.finditer(text):
            start = match.start()
            if start < end:
                continue  # text inside a map already cut
            close = closing(text, start)
            if not (text.endswith('"",', 0, start) and text.startswith("]", close + 1)):
                raise ExtensionError(
                    f"lite/build/{path.name}: the stylesheet source map at character "
                    f"{start} does not end a css-loader entry; JupyterLite changed "
                    f"(pe_course/sphinx/litesize.py, strip_css_source_maps)")
            parts.append(text[end:start - 1])  # without the comma before the map
            end = close + 1
        if parts:
            stripped[path] = "".join(parts) + text[end:]
    freed = 0
    for path, text in stripped.items():
        freed += path.stat().st_size
        path.write_text(text, encoding="utf-8")
        freed -= path.stat().st_size
    return freed


SETTINGS_FILES = ("all.json", "all_federated.json")


def remove_unfetched_schemas(build: Path) -> int:
    """Remove the per-plugin schema copies the settings service never fetches."""
    schemas = build / "schemas"
    if not schemas.is_dir():
        return 0
    texts = [p.read_text(encoding="utf-8") for p in build.glob("*.js")]
    for name in SETTINGS_FILES:
        if not any(f'_getAll("{name}")' in text for text in texts):
            raise ExtensionError(f"lite/build: the settings service no longer fetches "
                                 f"schemas/{name}; the schemas cannot be removed "
                                 f"(pe_course/sphinx/litesize.py)")
    freed = 0
    for path in sorted(schemas.iterdir()):
        if path.name in SETTINGS_FILES:
            continue
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        freed += sum(p.stat().st_size for p in files)
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return freed


FAVICON_MAX = 64  # px: a tab shows 16 or 32 (48 or 64 on a dense screen)


def shrink_favicons(lite: Path) -> int:
    """Keep, in each app's ``favicon.ico``, only its images of up to 64 px; bytes freed.

    The apps set these as the tab's icon (``faviconUrl`` in ``jupyter-lite.json``).
    JupyterLab's holds ten sizes up to 256 px (0.3 MB); the images kept are its own,
    byte for byte. A file that is not an icon directory stops the build."""
    freed = 0
    for icon in sorted(lite.glob("*/favicon.ico")):
        data = icon.read_bytes()
        if len(data) < 6 or data[:4] != b"\0\0\1\0":
            raise ExtensionError(f"{icon} is not a Windows icon file (ICO); expected an "
                                 f"icon directory (pe_course/sphinx/litesize.py)")
        count = int.from_bytes(data[4:6], "little")
        entries = []
        for i in range(count):
            entry = data[6 + 16 * i:6 + 16 * (i + 1)]
            size = int.from_bytes(entry[8:12], "little")
            offset = int.from_bytes(entry[12:16], "little")
            if len(entry) < 16 or size == 0 or offset + size > len(data):
                raise ExtensionError(f"{icon}: image {i + 1} of {count} runs past the end "
                                     f"of the file (pe_course/sphinx/litesize.py)")
            width = entry[0] or 256
            entries.append((width, entry, data[offset:offset + size]))
        kept = [e for e in entries if e[0] <= FAVICON_MAX]
        if not kept or len(kept) == len(entries):
            continue
        out = bytearray(data[:4] + len(kept).to_bytes(2, "little"))
        offset = 6 + 16 * len(kept)
        for _width, entry, image in kept:
            out += entry[:12] + offset.to_bytes(4, "little")
            offset += len(image)
        for _width, _entry, image in kept:
            out += image
        freed += len(data) - len(out)
        icon.write_bytes(bytes(out))
    return freed


def _prune_built_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    lite = Path(app.outdir) / LITE_DIR
    if not (lite / "jupyter-lite.json").is_file():
        return  # no in-browser site in this build
    freed = prune(lite)
    if freed:
        logger.info("[pe_course] in-browser site: removed what it never requests: "
                    + ", ".join(f"{kind} {size / 1e6:.1f} MB" for kind, size in freed.items()))


def register(app: Sphinx) -> None:
    # after jupyterlite-sphinx's own build-finished handler (priority 500) built the site
    app.connect("build-finished", _prune_built_site, priority=800)
