"""The in-browser site's inputs: the pinned wheel manifest and lite/prepare.py's checks. No
network, no browser. ("Try it live" on the pages: tests/test_sphinx_ext.py.)"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
LITE = ROOT / "lite"


def _load_prepare():
    spec = importlib.util.spec_from_file_location("lite_prepare", LITE / "prepare.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["lite_prepare"] = module
    spec.loader.exec_module(module)
    return module


prepare = _load_prepare()


def _wheel(name: str, version: str, *requires: str):
    return prepare.Wheel(Path(f"{name}-{version}-py3-none-any.whl"), name, name, version,
                         "0" * 64, [Requirement(r) for r in requires], [name])


def test_manifest_pins_every_wheel_exactly_with_a_hash():
    pins = prepare.read_manifest()
    assert pins, "lite/requirements-browser.txt lists no wheel"
    assert all(p.sha256 and len(p.sha256) == 64 for p in pins)
    names = [p.name for p in pins]
    assert len(names) == len(set(names))
    # what the kernel imports at start and what the simulations import
    for needed in ("micropip", "ipython", "jedi", "comm", "ipywidgets", "jupyterlab-widgets"):
        assert needed in names
    assert "pyyaml" not in names  # no pure-Python wheel; not needed in the browser


def test_a_bad_manifest_line_names_file_and_line(tmp_path):
    bad = tmp_path / "requirements-browser.txt"
    bad.write_text("# comment\nipython>=9\n", encoding="utf-8")
    with pytest.raises(prepare.PrepareError, match=r"requirements-browser.txt:2: expected "
                                                   r"'name==version"):
        prepare.read_manifest(bad)


def test_browser_markers_drop_what_emscripten_does_not_need():
    ipython = _wheel("ipython", "9.12.0", "decorator>=5.1.0",
                     'pexpect>4.6; sys_platform != "win32" and sys_platform != "emscripten"',
                     'colorama>=0.4.4; sys_platform == "win32"', 'pytest; extra == "test"')
    assert [r.name for r in ipython.browser_requirements()] == ["decorator"]


def test_missing_or_mismatched_dependency_is_named():
    wheels = {w.name: w for w in (
        _wheel("ipywidgets", "8.1.9", "comm>=0.1.3", "traitlets>=4.3.1",
               "jupyterlab_widgets~=3.0.17"),
        _wheel("comm", "0.1.0"),
        _wheel("jupyterlab-widgets", "3.0.17"),
    )}
    with pytest.raises(prepare.PrepareError) as error:
        prepare.check_requirements(wheels)
    message = str(error.value)
    assert "needs traitlets>=4.3.1 in the browser, and no wheel of traitlets is served" in message
    assert "needs comm>=0.1.3, but comm 0.1.0 is served" in message


def test_front_end_only_and_not_in_browser_requirements_are_not_preloaded():
    wheels = {w.name: w for w in (
        _wheel("pe-course", "0.1.0", "PyYAML>=6,<7", "ipywidgets>=8.1,<9"),
        _wheel("ipywidgets", "8.1.9", "jupyterlab_widgets~=3.0.17"),
        _wheel("jupyterlab-widgets", "3.0.17"),
    )}
    depends = prepare.check_requirements(wheels)
    assert depends["pe-course"] == ["ipywidgets"]  # no PyYAML
    assert depends["ipywidgets"] == []  # the widget manager's JS comes from JupyterLite


# ---------------------------------------------------------------------------------------
# What the browser never reads, left out of the wheels (prepare.slim_wheel)


def _cached_wheel(name: str) -> Path:
    pin = next((p for p in prepare.read_manifest() if p.name == name), None)
    path = prepare.cached_wheel(pin) if pin else None
    if path is None:
        pytest.skip(f"{name} is not in lite/_cache/wheels yet (run lite/prepare.py)")
    return path


def _slimmed(name: str, tmp_path: Path, served: set[str] = frozenset()) -> Path:
    wheel = prepare.Wheel.read(_cached_wheel(name))
    target = tmp_path / wheel.path.name
    assert prepare.slim_wheel(wheel, target, set(served))
    return target


def _run_python(check: str, folder: Path) -> str:
    """Run ``check`` in a fresh, isolated Python in ``folder``; its output (fails on error)."""
    import subprocess

    done = subprocess.run([sys.executable, "-I", "-c", check], cwd=folder,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _run_in_pyodide(check: str, tmp_path: Path) -> str:
    """Run ``check`` in the browser's Python (Pyodide, under Node; this machine's files
    under /host); its output (fails on error)."""
    import subprocess

    node = shutil.which("node")
    assert node, "node (Node.js) is needed: the wheels are made with it too"
    script = tmp_path / "check.py"
    script.write_text(check, encoding="utf-8")
    done = subprocess.run([node, str(ROOT / "tests" / "run_in_pyodide.mjs"), str(script)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_slim_pygments_keeps_every_lexer_its_map_names_and_ipythons(tmp_path):
    import zipfile

    slim = _slimmed("pygments", tmp_path)
    folder = tmp_path / "site"
    zipfile.ZipFile(slim).extractall(folder)
    zipfile.ZipFile(_cached_wheel("ipython-pygments-lexers")).extractall(folder)
    names = zipfile.ZipFile(slim).namelist()
    assert len([n for n in names if n.startswith("pygments/lexers/")]) < 40
    # in a fresh Python that sees only the slimmed pygments: every lexer still listed
    # loads, IPython's lexers import, and an unknown language is pygments' ClassNotFound
    check = (
        f"import sys; sys.path.insert(0, {str(folder)!r})\n"
        "import pygments, pygments.lexers as L\n"
        "assert pygments.__file__.startswith(sys.path[0])\n"
        "from pygments.lexers._mapping import LEXERS\n"
        "for cls, entry in LEXERS.items(): L.find_lexer_class(entry[1])\n"
        "import ipython_pygments_lexers\n"
        "assert L.get_lexer_by_name('python').name == 'Python'\n"
        "from pygments.util import ClassNotFound\n"
        "try: L.get_lexer_by_name('rust')\n"
        "except ClassNotFound: pass\n"
        "else: raise AssertionError('rust should be gone')\n"
        "assert L.guess_lexer('def f():\\n    return 1\\n')\n"
        "print(len(LEXERS))\n")
    assert int(_run_python(check, folder)) > 20


def test_slim_jedi_drops_django_and_unserved_third_party_stubs(tmp_path):
    import zipfile

    slim = zipfile.ZipFile(_slimmed("jedi", tmp_path, {"decorator", "IPython"}))
    names = slim.namelist()
    assert not any("django-stubs" in n for n in names)
    third = [n for n in names if "/typeshed/third_party/" in n]
    assert third == ["jedi/third_party/typeshed/third_party/2and3/decorator.pyi"]
    assert any(n.endswith("typeshed/stdlib/3/os/__init__.pyi") for n in names)
    record = next(n for n in names if n.endswith(".dist-info/RECORD"))
    listed = {line.split(",")[0] for line in slim.read(record).decode().split()}
    assert listed == set(names)  # RECORD lists exactly what is left


def test_slim_jedi_drops_python_2_stubs_and_still_completes_the_stdlib(tmp_path):
    import zipfile

    slim = _slimmed("jedi", tmp_path)
    names = zipfile.ZipFile(slim).namelist()
    assert not any("/typeshed/stdlib/2/" in n for n in names)
    assert any("/typeshed/stdlib/2and3/" in n for n in names)
    stubbed = {n.split("/")[5].removesuffix(".pyi") for n in names
               if n.startswith("jedi/third_party/typeshed/stdlib/") and n.count("/") >= 5}
    assert not stubbed & set(prepare.NOT_IN_PYODIDE)
    assert {"os", "json", "typing", "_typeshed", "collections"} <= stubbed
    folder = tmp_path / "site"
    zipfile.ZipFile(slim).extractall(folder)
    zipfile.ZipFile(_cached_wheel("parso")).extractall(folder)
    # jedi still infers from the stdlib stubs it reads (2and3/ and 3/) in a fresh Python
    check = (f"import sys; sys.path.insert(0, {str(folder)!r})\n"
             "import jedi\n"
             "assert jedi.__file__.startswith(sys.path[0])\n"
             "names = [c.name for c in jedi.Script('import os\\nos.pa').complete()]\n"
             "assert 'path' in names, names\n"
             "sig = jedi.Script('import json\\njson.dumps(').get_signatures()\n"
             "assert sig and sig[0].name == 'dumps', sig\n"
             "print('ok')\n")
    assert _run_python(check, folder).strip() == "ok"


def test_the_modules_whose_stubs_are_left_out_cannot_be_imported_in_pyodide(tmp_path):
    out = _run_in_pyodide("import importlib.util, json\n"
                          f"names = {list(prepare.NOT_IN_PYODIDE)!r}\n"
                          "found = [n for n in names if importlib.util.find_spec(n)]\n"
                          "assert importlib.util.find_spec('json') is not None\n"
                          "print(json.dumps(found))\n", tmp_path)
    assert out.strip().splitlines()[-1] == "[]", (
        f"Pyodide can import these, keep their stubs: {out}")


def test_never_imported_modules_are_left_out_and_the_rest_still_imports(tmp_path):
    """Tests, IPython's pytest plugin and prompt_toolkit's Windows and server modules are
    left out; IPython (with its terminal, which imports prompt_toolkit) and ipywidgets
    still import from the slimmed wheels alone, in a fresh Python."""
    import zipfile

    folder = tmp_path / "site"
    for pin in prepare.read_manifest():
        wheel = prepare.Wheel.read(_cached_wheel(pin.name))
        target = tmp_path / "slim" / wheel.path.name
        target.parent.mkdir(exist_ok=True)
        slimmed = prepare.slim_wheel(wheel, target, set())
        names = zipfile.ZipFile(target if slimmed else wheel.path).namelist()
        for prefix in prepare.NEVER_IMPORTED.get(wheel.name, ()):
            assert not any(n.startswith(prefix) for n in names), (wheel.name, prefix)
        if wheel.name in prepare.NEVER_IMPORTED:
            assert slimmed, f"{wheel.name}: nothing was left out"
        zipfile.ZipFile(target if slimmed else wheel.path).extractall(folder)
    check = (f"import sys; sys.path.insert(0, '/host' + {str(folder)!r})\n"
             "import IPython, ipywidgets, prompt_toolkit\n"
             "from IPython.terminal.interactiveshell import TerminalInteractiveShell\n"
             "from IPython.core.interactiveshell import InteractiveShell\n"
             "import prompt_toolkit.shortcuts, prompt_toolkit.input, prompt_toolkit.output\n"
             "for m in (IPython, ipywidgets, prompt_toolkit):\n"
             "    assert m.__file__.startswith(sys.path[0]), m.__file__\n"
             "shell = InteractiveShell.instance()\n"
             "shell.run_cell('import ipywidgets as w; s = w.IntSlider(value=3)')\n"
             "assert shell.user_ns['s'].value == 3\n"
             "print('ok')\n")
    # in the browser's Python (Pyodide, CPython 3.14, under Node): IPython 9 needs it
    assert _run_in_pyodide(check, tmp_path).strip().endswith("ok")


def test_slim_jupyterlab_widgets_and_pe_course(tmp_path):
    import zipfile

    names = zipfile.ZipFile(_slimmed("jupyterlab-widgets", tmp_path)).namelist()
    assert "jupyterlab_widgets/__init__.py" in names
    assert not any(".data/" in n for n in names)
    files = {"pe_course/__init__.py": b"", "pe_course/cli/main.py": b"",
             "pe_course/sphinx/live.py": b"", "pe_course/widgets/player.py": b"",
             "pe_course/data/statements.yaml": b"", "pe_course/data/scenarios/a.yaml": b"",
             "pe_course/data/_bundle/statements.json": b"",
             "pe_course/data/_bundle/scenarios/a.json": b""}
    assert set(prepare.slim_files("pe-course", files, set())) == {
        "pe_course/__init__.py", "pe_course/widgets/player.py",
        "pe_course/data/_bundle/statements.json", "pe_course/data/_bundle/scenarios/a.json"}
    assert prepare.slim_files("comm", files, set()) is files
