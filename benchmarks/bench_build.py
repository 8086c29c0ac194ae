"""Cold site build time and rebuild time with nothing changed (target: rebuild < 15 s).

Builds a copy of the book in a temporary folder so the working tree's _build is untouched:

    .venv/bin/python benchmarks/bench_build.py

"Cold" = no _build and no execution cache (every notebook executes, the in-browser site
is assembled). "Rebuild" = the same command again with nothing changed (cached execution).
Requires `lite/prepare.py` to have run (make site does it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).parent / "jupyter-book"
# Not copied: the build's outputs and caches, and what is linked instead (LINKED).
IGNORE_NAMES = {".venv", "_build", ".git", "node_modules", "__pycache__", ".pytest_cache",
                ".hypothesis", "test-artifacts"}
LINKED = ("node_modules", "lite/_cache")  # large, read-only inputs: linked, not copied


def _ignore(folder: str, names: list[str]) -> set[str]:
    rel = Path(folder).resolve().relative_to(ROOT)
    return {n for n in names if n in IGNORE_NAMES or (rel / n).as_posix() in LINKED}


def build(root: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(JB), "build", ".", "-W", "--keep-going", "-q"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(ROOT, copy, ignore=_ignore, symlinks=True)
        for keep in LINKED:
            if (ROOT / keep).exists():
                (copy / keep).parent.mkdir(parents=True, exist_ok=True)
                (copy / keep).symlink_to(ROOT / keep)
        cold = build(copy)
        rebuilds = [build(copy) for _ in range(3)]
    rebuilds.sort()
    print(f"cold build: {cold:.1f} s")
    print(f"rebuild with nothing changed: median {rebuilds[1]:.1f} s "
          f"(runs: {', '.join(f'{r:.1f}' for r in rebuilds)}; target < 15 s)")


if __name__ == "__main__":
    main()
