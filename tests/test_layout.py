"""The package's shape: no import cycle, the command line on the outside, modules small
enough to read in one sitting, and no reading of the book's own files."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pe_course"
MAX_LINES = 420  # "about 400"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {name for name in found if name.split(".")[0] == "pe_course"}


def test_no_import_cycle_between_modules():
    modules = _modules()
    graph = {name: {m for m in _imports(path, top_level_only=True) if m in modules and m != name}
             for name, path in modules.items()}
    # a package's __init__ importing its own submodules is not a cycle of modules
    for name in graph:
        graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(path[path.index(nxt):] + [node, nxt]
                                          if nxt in path else [node, nxt]))
            elif nxt not in state:
                visit(nxt, path + [node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_library_code_never_imports_the_command_line_or_sphinx():
    for name, path in _modules().items():
        if name.startswith(("pe_course.cli", "pe_course.sphinx")):
            continue
        imported = _imports(path, top_level_only=False)
        assert not {m for m in imported if m.startswith(("pe_course.cli", "pe_course.sphinx"))}, \
            f"{name} imports the command line or the Sphinx extension"


def test_only_widgets_import_ipywidgets():
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if "import ipywidgets" in text:
            assert name.startswith("pe_course.widgets"), name


def test_no_module_is_too_long_to_read_in_one_sitting():
    long = {str(p.relative_to(PACKAGE.parent)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_the_package_never_reads_the_books_table_of_contents():
    for path in PACKAGE.rglob("*.py"):
        if "sphinx" in path.relative_to(PACKAGE).parts:
            continue  # the build itself knows the book
        assert "_toc.yml" not in path.read_text(encoding="utf-8"), path
