"""The built site's size on disk, by folder: issue 16's target is the whole site <= 35 MB.

    .venv/bin/python benchmarks/bench_size.py [--site _build/html] [--top 12]

Prints the site's size by top folder, then the in-browser site (``lite/``) by part: the
Pyodide runtime, the wheels (each), JupyterLite's application code (its largest files,
fonts and the rest) and the extensions; then whether the target is met. Sizes are bytes
as ``du -sb`` counts them (files and folders' own entries), in MB of 1,000,000 bytes.
Prints; asserts nothing (the budgets are in tests/test_lite_size.py). What the build
removes and why: lite/README.md, "Size".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

TARGET = 35_000_000
ROOT = Path(__file__).resolve().parents[1]


def _size(path: Path) -> int:
    """Bytes as ``du -sb`` counts them: files and the folders' own entries."""
    if not path.is_dir():
        return path.lstat().st_size
    return path.lstat().st_size + sum(p.lstat().st_size for p in path.rglob("*"))


def _mb(n: int) -> str:
    return f"{n / 1e6:6.2f} MB"


def _table(rows: list[tuple[str, int]], total: int, indent: str = "  ") -> None:
    for name, size in sorted(rows, key=lambda r: -r[1]):
        print(f"{indent}{_mb(size)}  {size / total:5.1%}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--top", type=int, default=12, help="largest files listed per part")
    args = parser.parse_args(argv)
    site = args.site
    if not (site / "index.html").is_file():
        print(f"no built site at {site} (make site)", file=sys.stderr)
        return 1
    total = _size(site)
    print(f"built site {site}: {_mb(total)}")
    _table([(p.name + ("/" if p.is_dir() else ""), _size(p)) for p in site.iterdir()], total)

    lite = site / "lite"
    if lite.is_dir():
        size = _size(lite)
        print(f"\nlite/ (the in-browser site): {_mb(size)}")
        _table([(p.name + ("/" if p.is_dir() else ""), _size(p)) for p in lite.iterdir()],
               size)
        for part in ("static/pyodide", "pypi", "extensions"):
            folder = lite / part
            if folder.is_dir():
                print(f"\nlite/{part}/: {_mb(_size(folder))}")
                files = sorted(folder.rglob("*"), key=lambda p: -p.stat().st_size)
                _table([(p.relative_to(folder).as_posix(), p.stat().st_size)
                        for p in files[:args.top] if p.is_file()], size, "    ")
        build = lite / "build"
        if build.is_dir():
            files = [p for p in build.rglob("*") if p.is_file()]
            kinds: dict[str, int] = {}
            for p in files:
                kind = ("fonts" if p.suffix in (".woff", ".woff2", ".ttf", ".eot", ".svg")
                        else "JavaScript" if p.suffix == ".js"
                        else "settings schemas" if "schemas" in p.parts
                        else "themes" if "themes" in p.parts else "other")
                kinds[kind] = kinds.get(kind, 0) + p.stat().st_size
            print(f"\nlite/build/ (JupyterLite's application): {_mb(_size(build))}, "
                  f"{sum(1 for p in files if p.suffix == '.js')} JavaScript files")
            _table(list(kinds.items()), size, "    ")
            print("    largest:")
            _table([(p.relative_to(build).as_posix(), p.stat().st_size)
                    for p in sorted(files, key=lambda p: -p.stat().st_size)[:args.top]],
                   size, "      ")
    verdict = "met" if total <= TARGET else f"not met ({_mb(total - TARGET).strip()} over)"
    print(f"\ntarget: the whole site <= {_mb(TARGET).strip()}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
