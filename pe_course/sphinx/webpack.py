"""The graph of a webpack (rspack) build's chunks: which chunks its apps can ever load.

JupyterLite's prebuilt application is one webpack build shared by its apps (``repl``,
``notebooks``, ``lab``...): each app's runtime (``build/<app>/bundle.js``) loads some
chunks at start, each chunk may ``import()`` others, and shared packages (module
federation) are loaded from whichever chunk provides them when some chunk consumes them.
``unreachable_chunks`` follows all of that from the runtimes; ``pe_course.sphinx.litesize``
removes what it finds unreachable once the import sites of the features the site turns off
are cut. Reading minified code with regular expressions is checked by
``tests/test_lite_size.py`` on a fake build and on the real one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["chunk_files", "closing", "federated_consumes", "read_runtime", "unreachable_chunks"]

_CHUNK_ID = re.compile(rb"^.{0,200}?\.push\(\[\[([\d,]+)\]")
_IMPORT_SITE = re.compile(r"Promise\.all\(\[((?:[\w$]\.e\(\d+\),?)+)\]\)|[\w$]\.e\((\d+)\)")


def chunk_files(build: Path) -> dict[str, Path]:
    """Every webpack chunk in ``build`` by its id (read from the chunk itself)."""
    chunks: dict[str, Path] = {}
    for path in build.glob("*.js"):
        with path.open("rb") as handle:
            match = _CHUNK_ID.match(handle.read(300))
        if match:
            for chunk_id in match[1].decode().split(","):
                chunks[chunk_id] = path
    return chunks


def _import_sites(text: str) -> list[set[str]]:
    """The chunk ids each ``import()`` in a chunk or runtime loads together."""
    return [set(re.findall(r"\.e\((\d+)\)", m[0])) for m in _IMPORT_SITE.finditer(text)]


def closing(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start`` (strings skipped)."""
    depth, quote, i = 0, "", start
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced")


def _object_after(text: str, marker: str) -> tuple[int, int]:
    start = text.index("{", text.index(marker))
    return start, closing(text, start) + 1


@dataclass
class _Runtime:
    """One app's webpack runtime (``build/<app>/bundle.js``): what it loads at start, the
    shared packages it provides (loaded only when some code consumes them), and which
    chunks consume which shared package."""

    startup: list[set[str]] = field(default_factory=list)
    providers: dict[str, list[set[str]]] = field(default_factory=dict)  # share key
    consumes: dict[str, list[str]] = field(default_factory=dict)  # chunk id -> modules
    consumed: dict[str, tuple[str, list[set[str]]]] = field(default_factory=dict)  # module
    initial: list[str] = field(default_factory=list)  # modules consumed at start

    @classmethod
    def read(cls, path: Path) -> _Runtime:
        text = path.read_text(encoding="utf-8")
        runtime = cls()
        share_start, share_end = _object_after(text, ".initializeSharingData=")
        sharing = text[share_start:share_end]
        for entry in re.split(r'(?=\{name:")', sharing)[1:]:
            name = re.match(r'\{name:"([^"]+)"', entry)[1]
            runtime.providers.setdefault(name, []).extend(_import_sites(entry))
        cons_start, cons_end = _object_after(text, ".consumesLoadingData=")
        consuming = text[cons_start:cons_end]
        mapping = consuming[slice(*_object_after(consuming, "chunkMapping:"))]
        for chunk_id, modules in re.findall(r"(\d+):\[([^\]]*)\]", mapping):
            runtime.consumes[chunk_id] = re.findall(r'"?(\d+)"?', modules)
        modules = consuming[slice(*_object_after(consuming, "moduleIdToConsumeDataMapping:"))]
        for entry in re.split(r"(?=[,{]\d+:\{shareScope:)", modules)[1:]:
            found = re.match(r'[,{](\d+):\{shareScope:"[^"]*",shareKey:"([^"]+)"', entry)
            runtime.consumed[found[1]] = (found[2], _import_sites(entry))
        initial = re.search(r"initialConsumes:\[([^\]]*)\]", consuming)
        runtime.initial = re.findall(r'"?(\d+)"?', initial[1]) if initial else []
        runtime.startup = _import_sites(text[:share_start] + text[share_end:cons_start]
                                        + text[cons_end:])
        return runtime


def unreachable_chunks(build: Path, apps: tuple[str, ...], cut: set[str],
                       consumed_elsewhere: set[str] = frozenset()) -> set[Path]:
    """Chunk files no app in ``apps`` can load once the import sites naming an id in
    ``cut`` never run.

    From each app's runtime: what it loads at start; then every import in every chunk
    reached, and for each chunk reached the shared packages it consumes (every provider
    of such a package, and its fallback). ``consumed_elsewhere``: shared packages the
    federated extensions consume. Every import of a chunk counts, whether or not its
    code ever runs, so this only ever keeps too much.
    """
    chunks = chunk_files(build)
    reached: set[str] = set()
    for app in apps:
        _reach(_Runtime.read(build / app / "bundle.js"), chunks, cut, consumed_elsewhere,
               reached)
    return set(chunks.values()) - {chunks[i] for i in reached if i in chunks}


def _reach(runtime: _Runtime, chunks: dict[str, Path], cut: set[str],
           consumed_elsewhere: set[str], reached: set[str]) -> None:
    """Add to ``reached`` every chunk id ``runtime``'s app can load (see above)."""
    todo = list(reached)  # chunks another app reached may consume through this one
    needed: set[str] = set()

    def follow(sites: list[set[str]]) -> None:
        for site in sites:
            if site & cut:
                continue
            for chunk_id in site - reached:
                reached.add(chunk_id)
                todo.append(chunk_id)

    def consume(module: str) -> None:
        key, fallback = runtime.consumed[module]
        follow(fallback)
        if key not in needed:
            needed.add(key)
            follow(runtime.providers.get(key, []))

    follow(runtime.startup)
    for module in runtime.initial:
        consume(module)
    for key in consumed_elsewhere & set(runtime.providers):
        needed.add(key)
        follow(runtime.providers[key])
    done: set[str] = set()
    while todo:
        chunk_id = todo.pop()
        if chunk_id in done:
            continue
        done.add(chunk_id)
        for module in runtime.consumes.get(chunk_id, []):
            consume(module)
        path = chunks.get(chunk_id)
        if path is not None:
            follow(_import_sites(path.read_text(encoding="utf-8")))


def federated_consumes(lite: Path) -> set[str]:
    """The shared packages the site's federated extensions may take from the app."""
    keys: set[str] = set()
    for path in (lite / "extensions").rglob("*.js"):
        keys |= set(re.findall(r'shareKey:"([^"]+)"', path.read_text(encoding="utf-8")))
        keys |= set(re.findall(r'"shareKey":"([^"]+)"', path.read_text(encoding="utf-8")))
    return keys


def read_runtime(path: Path) -> _Runtime:
    """One app's runtime (``build/<app>/bundle.js``), read."""
    return _Runtime.read(path)
