"""Every chapter and exercise notebook executes (nbval, real kernel).

nbval collects only ``.ipynb``: chapters are MyST Markdown notebooks, so each is converted
with jupytext into a temporary folder first. Each notebook runs in its own pytest
subprocess with ``--nbval-lax`` (cells that matter assert their own results).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def _is_notebook(path: Path) -> bool:
    return path.suffix == ".ipynb" or (
        path.suffix == ".md" and path.read_text(encoding="utf-8").startswith("---\njupytext:"))


CHAPTERS = [ROOT / f"{f}.md" for f in _toc_files() if (ROOT / f"{f}.md").is_file()]
def _has_code(path: Path) -> bool:
    """A notebook page with no code cell (the facilitator guide, say) has nothing to run,
    and nbval would report "no tests ran"."""
    return any(cell.cell_type == "code" for cell in jupytext.read(path).cells)


CHAPTER_NOTEBOOKS = [p for p in CHAPTERS if _is_notebook(p) and _has_code(p)]
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


def run_nbval(notebook: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(cwd), str(notebook)],
        cwd=cwd, capture_output=True, text=True, timeout=600)


def test_there_are_chapters_and_exercises():
    assert CHAPTER_NOTEBOOKS, "chapters with code cells exist"
    assert EXERCISES, "exercise notebooks exist"


@pytest.mark.notebooks
@pytest.mark.parametrize("chapter", CHAPTER_NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_executes(chapter, tmp_path):
    notebook = tmp_path / f"{chapter.stem}.ipynb"
    jupytext.write(jupytext.read(chapter), notebook)
    result = run_nbval(notebook, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


@pytest.mark.notebooks
@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.stem)
def test_exercise_executes(exercise, tmp_path):
    # run a copy so nothing is written next to the committed notebook
    notebook = tmp_path / exercise.name
    notebook.write_bytes(exercise.read_bytes())
    result = run_nbval(notebook, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.stem)
def test_exercises_are_committed_without_outputs(exercise):
    nb = json.loads(exercise.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{exercise.name} cell {i} has stored outputs"
            assert cell.get("execution_count") is None, f"{exercise.name} cell {i} was run"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.stem)
def test_exercises_have_a_hidden_solution(exercise):
    nb = json.loads(exercise.read_text(encoding="utf-8"))
    text = json.dumps(nb)
    tagged = any(set(c.get("metadata", {}).get("tags", [])) & {"hide-input", "hide-cell"}
                 for c in nb["cells"])
    assert tagged or "solution-start" in text or "{dropdown}" in text, \
        f"{exercise.name} has no hidden solution"
