"""The in-browser site's size (issue 16: the whole site within 35 MB).

``pe_course/sphinx/litesize.py`` removes from the built ``lite/`` what it never requests;
``lite/prepare.py`` leaves out of the wheels what the browser never reads (its tests:
``tests/test_lite.py``). Here: the pruning on a small fake build, then the built site
(skipped without one). That nothing removed is ever requested is checked in a browser:
``tests/browser/test_lite_requests.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from pe_course.sphinx import litesize

from .built_site import resolve_site_dir

MB = 1_000_000
# Budgets for the built lite/ (bytes). Before the pruning it was 43 MB: build/ 19.5,
# static/ 13.5, pypi/ 8.2, extensions/ 1.1; after it 28.8 MB: build/ 8.6, pypi/ 5.1.
# Pyodide's own files (static/, 13.5 MB) are not ours to shrink; the rest is held under
# what the pruning brought it to, with a little room for a JupyterLite or wheel update.
# Any undone cut breaks one of these: the Font Awesome fallbacks (2.8 MB), Mermaid/Vega/
# xterm code (5.9), MathJax (1.2), the stylesheets' source maps (0.6), the wheels' lexers
# and stubs (2.7).
BUDGETS = {
    "build": 9.0 * MB,    # JupyterLite's application code (19.5 MB before)
    "pypi": 5.4 * MB,     # the wheels (8.2 MB before)
    "": 29.4 * MB,        # the whole lite/ (43 MB before)
}


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------------
# The pruning, on a fake JupyterLite build


def _chunk(build: Path, chunk_id: str, body: str) -> Path:
    path = build / f"{chunk_id}.abc1234.js"
    path.write_text(f'"use strict";(self.rspackChunk_X=self.rspackChunk_X||[]).push([[{chunk_id}],'
                    f"{{1(n,i,o){{{body}}}}}]);", encoding="utf-8")
    return path


def _runtime(build: Path, app: str, startup: str, providers: str = "",
             consumes: str = "", chunk_mapping: str = "") -> None:
    (build / app).mkdir(parents=True)
    (build / app / "bundle.js").write_text(
        f"var x=1;{startup};"
        f"__webpack_require__.initializeSharingData={{scopeToSharingDataMapping:{{default:"
        f"[{providers}]}},uniqueName:\"X\"}};"
        f"__webpack_require__.consumesLoadingData={{chunkMapping:{{{chunk_mapping}}},"
        f"moduleIdToConsumeDataMapping:{{{consumes}}},initialConsumes:[]}};",
        encoding="utf-8")


def _fake_lite(tmp_path: Path) -> Path:
    lite = tmp_path / "lite"
    build = lite / "build"
    build.mkdir(parents=True)
    for app in ("repl", "notebooks", "tree", "edit", "consoles", "lab"):
        (lite / app).mkdir(exist_ok=True)
        (lite / app / "index.html").write_text("<html></html>", encoding="utf-8")
    for app in ("repl", "notebooks", "tree", "edit", "consoles"):
        _runtime(build, app, "Promise.all([__webpack_require__.e(10)]).then(()=>1)",
                 providers='{name:"pkg",version:"1",factory:()=>__webpack_require__.e(40)'
                           '.then(()=>()=>1)},{name:"unused",version:"1",factory:()=>'
                           '__webpack_require__.e(50).then(()=>()=>1)}',
                 consumes='7:{shareScope:"default",shareKey:"pkg",fallback:()=>'
                          '__webpack_require__.e(41).then(()=>()=>1)}',
                 chunk_mapping='20:["7"]')
    _runtime(build, "lab", "__webpack_require__.e(60).then(()=>1)")
    _chunk(build, "10", "o.e(20).then(o.bind(o,2));o.e(30).then(o.bind(o,3))")
    _chunk(build, "20", "")  # reached; consumes "pkg": its provider 40 and fallback 41
    _chunk(build, "30", "o.e(31).then(o.bind(o,4))")  # cut below: 30 and 31 go
    _chunk(build, "31", "")
    _chunk(build, "40", "")
    _chunk(build, "41", "")
    _chunk(build, "50", "")  # provides a package nobody consumes
    _chunk(build, "60", "")  # only the lab app loads it (kept)
    for name in ("fa-solid-900.woff2", "fa-solid-900.woff", "fa-solid-900.eot",
                 "fa-solid-900.ttf", "fa-solid-900.svg", "MathJax_Main-Regular.woff"):
        (build / name).write_bytes(b"x" * 100)
    (build / "fonts.js").write_text(
        '@font-face{font-family:"Font Awesome 5 Free";src:url(../webfonts/fa-solid-900.eot);'
        'src:url(fa-solid-900.eot?#iefix) format("embedded-opentype"),'
        'url(fa-solid-900.woff2) format("woff2"),url(fa-solid-900.woff) format("woff"),'
        'url(fa-solid-900.ttf) format("truetype"),url(fa-solid-900.svg#fa) format("svg")}',
        encoding="utf-8")
    (lite / "jupyter-lite.json").write_text(json.dumps({"jupyter-config-data": {
        "disabledExtensions": sorted(litesize.CUT_EXTENSIONS.values())}}), encoding="utf-8")
    return lite


def test_unreachable_chunks_follows_imports_shared_packages_and_cuts(tmp_path):
    build = _fake_lite(tmp_path) / "build"
    names = lambda paths: sorted(p.name.split(".")[0] for p in paths)  # noqa: E731
    assert names(litesize.unreachable_chunks(build, ("repl", "tree"), set())) == ["50", "60"]
    assert names(litesize.unreachable_chunks(build, ("repl",), {"30"})) == [
        "30", "31", "50", "60"]
    # a shared package a federated extension consumes stays
    assert names(litesize.unreachable_chunks(build, ("repl",), set(), {"unused"})) == ["60"]


def test_prune_removes_fallback_fonts_and_cut_code_only(tmp_path, monkeypatch):
    lite = _fake_lite(tmp_path)
    monkeypatch.setattr(litesize, "CUT_FEATURES", {"a feature": {"30": None}})
    freed = litesize.prune(lite)
    build = lite / "build"
    assert sorted(p.name for p in build.glob("fa-*")) == ["fa-solid-900.woff2"]
    assert (build / "MathJax_Main-Regular.woff").is_file()  # MathJax's woff stays
    assert all((lite / app / "index.html").is_file() for app in litesize.KEPT_APPS)
    assert sorted(p.name.split(".")[0] for p in build.glob("*.abc1234.js")) == [
        "10", "20", "40", "41", "60"]
    assert freed["Font Awesome fallback fonts"] == 400


def test_prune_removes_mathjax_fonts_only_when_mathjax_is_cut(tmp_path, monkeypatch):
    lite = _fake_lite(tmp_path)
    monkeypatch.setattr(litesize, "CUT_FEATURES", {"MathJax": {"30": None}})
    freed = litesize.prune(lite)
    assert not list((lite / "build").glob("MathJax_*"))
    assert freed["MathJax's fonts"] == 100
    assert not (lite / "build" / "30.abc1234.js").exists()


def test_prune_refuses_when_a_cut_feature_is_still_on(tmp_path, monkeypatch):
    lite = _fake_lite(tmp_path)
    monkeypatch.setattr(litesize, "CUT_FEATURES", {"MathJax": {"30": None}})
    (lite / "jupyter-lite.json").write_text(json.dumps({"jupyter-config-data": {
        "disabledExtensions": ["@jupyterlab/mermaid-extension"]}}), encoding="utf-8")
    with pytest.raises(ExtensionError, match=r"MathJax \(@jupyterlab/mathjax-extension\) "
                                             r"still on"):
        litesize.prune(lite)
    assert (lite / "build" / "30.abc1234.js").is_file()  # nothing removed
    assert (lite / "build" / "MathJax_Main-Regular.woff").is_file()
    (lite / "jupyter-lite.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ExtensionError, match="cannot read jupyter-config-data"):
        litesize.prune(lite)


def test_prune_refuses_when_a_fallback_has_no_woff2_first(tmp_path, monkeypatch):
    lite = _fake_lite(tmp_path)
    monkeypatch.setattr(litesize, "CUT_FEATURES", {})
    css = lite / "build" / "fonts.js"
    css.write_text(css.read_text().replace('url(fa-solid-900.woff2) format("woff2"),', "")
                   .replace('format("truetype")', 'format("truetype"),url(fa-solid-900.woff2)'
                            ' format("woff2")'))
    with pytest.raises(ExtensionError, match="for fa-solid-900 lists woff before woff2"):
        litesize.prune(lite)


def test_prune_refuses_when_a_cut_chunk_is_not_what_it_was(tmp_path, monkeypatch):
    lite = _fake_lite(tmp_path)
    monkeypatch.setattr(litesize, "CUT_FEATURES", {"Mermaid": {"30": "mermaid"}})
    with pytest.raises(ExtensionError, match="chunk 30 is not Mermaid"):
        litesize.prune(lite)


_CSS_RUNTIME = ('34942(e){e.exports=function(e){var f=e[1],A=e[3];if(!A)return f;'
                'return f+"/*# sourceMappingURL="+btoa(JSON.stringify(A))+" */"}}')


def _css_chunk(build: Path, name: str, entries: list[str]) -> Path:
    path = build / name
    path.write_text("(self.X=self.X||[]).push([[9],{1(e,t,n){var o=n(1);"
                    + ";".join(f"o.push([e.id,{e},\"\",{{version:3,sources:[\"a.css\"],"
                               f"names:[],mappings:\"AAAA;\",sourcesContent:[\"}}]{{x\"],"
                               f"sourceRoot:\"\"}}])" for e in entries)
                    + "}}]);", encoding="utf-8")
    return path


def test_strip_css_source_maps_keeps_every_stylesheet(tmp_path):
    import subprocess

    build = tmp_path / "build"
    build.mkdir()
    (build / "runtime.js").write_text(_CSS_RUNTIME, encoding="utf-8")
    chunk = _css_chunk(build, "1.abc.js", ['".a{color:red}"', '`.b{\\n}`'])
    before = chunk.stat().st_size
    freed = litesize.strip_css_source_maps(build)
    text = chunk.read_text(encoding="utf-8")
    assert freed == before - chunk.stat().st_size > 0
    assert "version:3" not in text and "sourcesContent" not in text
    assert 'o.push([e.id,".a{color:red}",""])' in text
    assert 'o.push([e.id,`.b{\\n}`,""])' in text
    assert litesize.strip_css_source_maps(build) == 0  # nothing left to strip
    # still JavaScript that parses
    done = subprocess.run(["node", "-e", "new Function(require('fs').readFileSync("
                           f"{str(chunk)!r}, 'utf8'))"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_strip_css_source_maps_refuses_what_it_does_not_know(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    _css_chunk(build, "1.abc.js", ['".a{}"'])
    with pytest.raises(ExtensionError, match="css-loader's runtime .* not found"):
        litesize.strip_css_source_maps(build)  # no runtime that skips a missing map
    (build / "runtime.js").write_text(_CSS_RUNTIME, encoding="utf-8")
    odd = build / "2.abc.js"
    odd.write_text('var m=[1,{version:3,sources:["a"]},2];', encoding="utf-8")
    with pytest.raises(ExtensionError, match=r"2\.abc\.js: the stylesheet source map at "
                                             r"character \d+ does not end"):
        litesize.strip_css_source_maps(build)
    assert "version:3" in (build / "1.abc.js").read_text()  # nothing changed


def test_remove_unfetched_schemas_keeps_the_two_files_fetched(tmp_path):
    build = tmp_path / "build"
    (build / "schemas" / "@jupyterlab" / "x-extension").mkdir(parents=True)
    (build / "schemas" / "@jupyterlab" / "x-extension" / "plugin.json").write_text("{}" * 50)
    for name in litesize.SETTINGS_FILES:
        (build / "schemas" / name).write_text("[]")
    (build / "s.js").write_text('let n=await this._getAll("all.json"),r=[];'
                                'try{r=await this._getAll("all_federated.json")}catch{}')
    assert litesize.remove_unfetched_schemas(build) == 100
    assert sorted(p.name for p in (build / "schemas").iterdir()) == sorted(
        litesize.SETTINGS_FILES)
    (build / "s.js").write_text('let n=await this._getAll("all.json")')
    with pytest.raises(ExtensionError, match="no longer fetches schemas/all_federated.json"):
        litesize.remove_unfetched_schemas(build)


def _ico(sizes: list[int]) -> tuple[bytes, dict[int, bytes]]:
    images = {s: bytes([s % 251]) * (s * 3) for s in sizes}
    out = bytearray(b"\0\0\1\0" + len(sizes).to_bytes(2, "little"))
    offset = 6 + 16 * len(sizes)
    for s in sizes:
        out += bytes([s % 256, s % 256, 0, 0, 1, 0, 32, 0]) + len(images[s]).to_bytes(
            4, "little") + offset.to_bytes(4, "little")
        offset += len(images[s])
    for s in sizes:
        out += images[s]
    return bytes(out), images


def _ico_images(data: bytes) -> dict[int, bytes]:
    count = int.from_bytes(data[4:6], "little")
    found = {}
    for i in range(count):
        e = data[6 + 16 * i:22 + 16 * i]
        size, offset = int.from_bytes(e[8:12], "little"), int.from_bytes(e[12:16], "little")
        found[e[0] or 256] = data[offset:offset + size]
    return found


def test_shrink_favicons_keeps_the_small_images_byte_for_byte(tmp_path):
    lite = tmp_path / "lite"
    (lite / "lab").mkdir(parents=True)
    (lite / "notebooks").mkdir()
    big, images = _ico([16, 256, 32, 128, 64])
    (lite / "lab" / "favicon.ico").write_bytes(big)
    small, _ = _ico([16])
    (lite / "notebooks" / "favicon.ico").write_bytes(small)
    freed = litesize.shrink_favicons(lite)
    kept = (lite / "lab" / "favicon.ico").read_bytes()
    assert freed == len(big) - len(kept) > 0
    assert _ico_images(kept) == {s: images[s] for s in (16, 32, 64)}
    assert (lite / "notebooks" / "favicon.ico").read_bytes() == small  # untouched
    assert litesize.shrink_favicons(lite) == 0
    (lite / "lab" / "favicon.ico").write_bytes(b"\x89PNG\r\n")
    with pytest.raises(ExtensionError, match=r"lab/favicon.ico is not a Windows icon"):
        litesize.shrink_favicons(lite)
    (lite / "lab" / "favicon.ico").write_bytes(big[:60])
    with pytest.raises(ExtensionError, match="runs past the end of the file"):
        litesize.shrink_favicons(lite)


def test_prepare_turns_off_the_extensions_whose_code_is_removed():
    generated = Path(__file__).resolve().parents[1] / "lite" / "_generated" / "jupyter-lite.json"
    from .test_lite import prepare

    assert set(prepare.DISABLED_LAB_EXTENSIONS) == {
        "@jupyterlab/mermaid-extension", "@jupyterlab/vega5-extension",
        "@jupyterlab/terminal-extension", "@jupyterlab/mathjax-extension"}
    assert set(litesize.CUT_EXTENSIONS.values()) == set(prepare.DISABLED_LAB_EXTENSIONS)
    assert set(litesize.CUT_EXTENSIONS) == set(litesize.CUT_FEATURES)
    if generated.is_file():
        config = json.loads(generated.read_text(encoding="utf-8"))["jupyter-config-data"]
        assert set(config["disabledExtensions"]) >= set(prepare.DISABLED_LAB_EXTENSIONS)


# ---------------------------------------------------------------------------------------
# The built site


@pytest.fixture(scope="module")
def lite() -> Path:
    site = resolve_site_dir()
    if not (site / "lite" / "jupyter-lite.json").is_file():
        pytest.skip(f"no in-browser site in {site}")
    return site / "lite"


def test_built_lite_has_every_app_and_no_font_fallbacks_or_removed_features(lite):
    build = lite / "build"
    assert not [p.name for p in build.iterdir()
                if litesize.FONT_AWESOME.match(p.name)], "Font Awesome fallbacks are back"
    assert len(list(build.glob("fa-*.woff2"))) == 3
    assert not list(build.glob("MathJax_*")), "MathJax's fonts are back"
    for app in litesize.KEPT_APPS:
        assert (lite / app / "index.html").is_file(), app
    chunks = litesize.chunk_files(build)
    cut = {i for sites in litesize.CUT_FEATURES.values() for i in sites}
    assert not cut & set(chunks), "code of a removed feature is back"
    assert not litesize.unreachable_chunks(build, litesize.KEPT_APPS, cut,
                                           litesize.federated_consumes(lite))


def test_built_wheels_are_slimmed(lite):
    import zipfile

    names = {w.name.split("-")[0]: zipfile.ZipFile(w).namelist()
             for w in (lite / "pypi").glob("*.whl")}
    assert not any("django-stubs" in n for n in names["jedi"])
    assert len([n for n in names["pygments"] if n.startswith("pygments/lexers/")]) < 40
    assert not any(".data/" in n for n in names["jupyterlab_widgets"])
    assert not any(n.startswith(("pe_course/sphinx/", "pe_course/cli/"))
                   for n in names["pe_course"])
    assert "pe_course/widgets/player.py" in names["pe_course"]  # source kept: tracebacks
    assert not any("/typeshed/stdlib/2/" in n for n in names["jedi"])
    assert not any("/tests/" in n for n in names["ipywidgets"])
    assert not any(n.startswith("prompt_toolkit/contrib/ssh/") for n in names["prompt_toolkit"])
    yaml = [n for n in names["pe_course"] if n.endswith(".yaml")]
    assert not yaml, f"the browser reads the JSON copies, not {yaml[:3]}"
    assert any(n.startswith("pe_course/data/_bundle/scenarios/") for n in names["pe_course"])


def test_built_lite_has_no_css_source_maps_schema_copies_or_big_favicons(lite):
    build = lite / "build"
    with_maps = [p.name for p in build.glob("*.js")
                 if litesize._CSS_MAP.search(p.read_text(encoding="utf-8"))]
    assert not with_maps, f"stylesheet source maps are back in {with_maps}"
    assert sorted(p.name for p in (build / "schemas").iterdir()) == sorted(
        litesize.SETTINGS_FILES)
    config = json.loads((lite / "jupyter-lite.json").read_text(encoding="utf-8"))
    favicon = lite / config["jupyter-config-data"]["faviconUrl"]
    assert favicon.is_file(), favicon
    data = favicon.read_bytes()
    widths = [data[6 + 16 * i] or 256 for i in range(int.from_bytes(data[4:6], "little"))]
    assert widths and max(widths) <= litesize.FAVICON_MAX, widths


@pytest.mark.parametrize("part", sorted(BUDGETS))
def test_built_lite_within_budget(lite, part):
    size = _size(lite / part)
    assert size <= BUDGETS[part], (f"lite/{part} is {size / MB:.1f} MB, over its "
                                   f"{BUDGETS[part] / MB:.1f} MB budget "
                                   f"(python benchmarks/bench_size.py shows where)")
