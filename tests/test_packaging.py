"""The package imports light, and the wheel carries scenarios the browser can read."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_is_light():
    code = ("import sys, pe_course, pe_course.scenarios, pe_course.scoring, pe_course.readable;"
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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("pe_course-*.whl"))


def test_wheel_carries_scenarios_as_json_and_works_without_yaml(wheel, tmp_path):
    from pe_course.scenarios import list_scenarios

    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        bundle = json.loads(zf.read("pe_course/data/_bundle/scenarios.json"))
        assert "pe_course/data/_bundle/example_plan.json" in names
        assert "pe_course/data/_bundle/assessment_items.json" in names
        zf.extractall(tmp_path / "site")
    assert set(bundle) == {s.id for s in list_scenarios()}
    # hide the YAML sources too: only the bundle is left, as in the browser
    for name in names:
        if name.endswith(".yaml") and "/scenarios/" in name:
            (tmp_path / "site" / name).unlink()
    result = subprocess.run([sys.executable, "-c", BLOCK_YAML, str(tmp_path / "site")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(sorted(bundle))
