"""The package imports light, and the wheel carries the data the browser can read."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_is_light():
    code = ("import sys, pe_course, pe_course.scenarios, pe_course.scoring, pe_course.readable,"
            " pe_course.render.scenario, pe_course.render.scorecard, pe_course.audit;"
            "heavy = [m for m in ('pandas', 'matplotlib', 'ipywidgets') if m in sys.modules];"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


BLOCK_YAML = """
import builtins, sys
real_import = builtins.__import__
def no_yaml(name, *args, **kwargs):
    if name == 'yaml' or name.startswith('yaml.'):
        raise ImportError('no PyYAML here (as in the browser)')
    return real_import(name, *args, **kwargs)
builtins.__import__ = no_yaml
sys.path.insert(0, sys.argv[1])
import pe_course.scenarios as sc
assert 'site-packages' not in sc.__file__ and sys.argv[1] in sc.__file__, sc.__file__
from pe_course.scoring import all_paths, score_path
ids = [s.id for s in sc.list_scenarios()]
for s in sc.list_scenarios():
    for path in all_paths(s):
        score_path(s, path)
import pe_course.assessment as asm, pe_course.audit as au
assert au.audit(au.example_plan()).findings is not None
assert len(asm.load_items()) >= 16
print(ids)
"""


def _source_files() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "pe_course").rglob("*")
            if "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    before = _source_files()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    # building the wheel must not write into the source tree (it used to leave _bundle/)
    assert _source_files() == before
    return next(out.glob("pe_course-*.whl"))


def test_wheel_carries_the_data_as_json_and_works_without_yaml(wheel, tmp_path):
    from pe_course.bundle import shipped_files
    from pe_course.scenarios import list_scenarios

    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        for shipped in shipped_files():
            json_name = "pe_course/data/_bundle/" + shipped.removesuffix(".yaml") + ".json"
            assert json_name in names
        bundled = sorted(n for n in names if n.startswith("pe_course/data/_bundle/scenarios/"))
        zf.extractall(tmp_path / "site")
    ids = sorted(json.loads((tmp_path / "site" / n).read_text())["id"] for n in bundled)
    assert ids == sorted(s.id for s in list_scenarios())
    assert "statements.yaml" in shipped_files() and "audit_rules.yaml" in shipped_files()
    # hide every YAML source too: only the bundle is left, as in the browser
    for name in names:
        if name.endswith(".yaml"):
            (tmp_path / "site" / name).unlink()
    result = subprocess.run([sys.executable, "-c", BLOCK_YAML, str(tmp_path / "site")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(ids)


def test_wheel_carries_the_sphinx_extensions_static_files(wheel):
    from pe_course.sphinx import STATIC

    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    shipped = {f"pe_course/sphinx/static/{p.name}" for p in STATIC.iterdir() if p.is_file()}
    assert {"pe_course/sphinx/static/pe_journal.js", "pe_course/sphinx/static/pe_journal.css",
            "pe_course/sphinx/static/pe_checks.js"} <= shipped
    assert shipped <= names, sorted(shipped - names)
