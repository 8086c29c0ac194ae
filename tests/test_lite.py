"""The in-browser site's inputs: the pinned wheel manifest and lite/prepare.py's checks. No
network, no browser. ("Try it live" on the pages: tests/test_sphinx_ext.py.)"""

from __future__ import annotations

import importlib.util
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
