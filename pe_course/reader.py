"""The one reader of the course's data files, and the checks every validator shares.

Every data file (scenarios, the problem statements, the plan check-up's rules, the
self-assessment items, a team's engagement plan) is read here:

- YAML or JSON, UTF-8; a missing or unreadable file, a syntax error or a key given twice
  is a ``ValidationError`` naming the file, the line and the key. (PyYAML and ``json``
  both keep the last of two equal keys without a word: an author's mistake nobody sees.)
- Mappings and lists come back as ``dict``/``list`` subclasses that remember the line of
  each key and item, so a validator can name the line of the field it complains about.
- The files shipped in ``pe_course/data/`` are read from YAML when PyYAML is there, and
  otherwise (the in-browser Python, which has no PyYAML) from the JSON copies that the
  wheel carries under ``pe_course/data/_bundle/`` (made at build time by ``hatch_build.py``
  through :func:`write_bundle`).

``Checker`` collects problems while a validator walks the data, so a file is reported
whole, every problem at once, each with its line and field.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pe_course.errors import Problem, ValidationError

DATA_DIR = Path(__file__).parent / "data"
BUNDLE_DIR = DATA_DIR / "_bundle"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class LineDict(dict):
    """A mapping read from a file: ``line`` of the mapping, ``key_lines`` of each key."""

    line: int | None = None
    key_lines: dict[Any, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines = {}


class LineList(list):
    """A list read from a file: ``line`` of the list, ``item_lines`` of each item."""

    line: int | None = None
    item_lines: list[int]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines = []


def line_of(container: Any, key: Any = None) -> int | None:
    """The line of ``container[key]`` (or of the container), if the file said."""
    if isinstance(container, LineDict):
        return container.key_lines.get(key, container.line) if key is not None \
            else container.line
    if isinstance(container, LineList):
        if isinstance(key, int) and 0 <= key < len(container.item_lines):
            return container.item_lines[key]
        return container.line
    return None


# ---------------------------------------------------------------------------------------
# Reading


def _yaml_loader() -> type:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built with it

    class LineLoader(base):
        """A safe loader that refuses a key given twice and keeps every node's line."""

    def mapping(loader: Any, node: Any) -> LineDict:
        out = LineDict()
        out.line = node.start_mark.line + 1
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"the key {key!r} is given twice (first on line {out.key_lines[key]}); "
                    "expected each key once", key_node.start_mark)
            out[key] = loader.construct_object(value_node, deep=True)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out

    def sequence(loader: Any, node: Any) -> LineList:
        out = LineList(loader.construct_object(child, deep=True) for child in node.value)
        out.line = node.start_mark.line + 1
        out.item_lines = [child.start_mark.line + 1 for child in node.value]
        return out

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return LineLoader


_LOADER: list[type] = []


def have_yaml() -> bool:
    """True when PyYAML can be imported (not in the in-browser Python)."""
    try:
        import yaml  # noqa: F401
    except ImportError:
        return False
    return True


def parse_yaml(text: str, source: str, error: type[ValidationError] = ValidationError) -> Any:
    """YAML text as data; a syntax error or a duplicated key names the line."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - only in the browser, which reads the bundle
        raise error(source, ["reading YAML needs PyYAML (pip install PyYAML)"]) from None
    if not _LOADER:
        _LOADER.append(_yaml_loader())
    try:
        return yaml.load(text, Loader=_LOADER[0])  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark else None
        where = f"column {mark.column + 1}" if mark else ""
        raise error(source, [Problem(where, f"not valid YAML: {problem}", line)]) from None


def _json_pairs(source: str, text: str, error: type[ValidationError]):
    def hook(pairs: list[tuple[str, Any]]) -> dict:
        out: dict = {}
        for key, value in pairs:
            if key in out:
                raise error(source, [Problem(f"key {key!r}", "is given twice in one object; "
                                                             "expected each key once",
                                             _second_key_line(text, key))])
            out[key] = value
        return out

    return hook


def _second_key_line(text: str, key: str) -> int | None:
    # json reports no positions for keys; the second spelling of the key is a close guide
    hits = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return text.count("\n", 0, hits[1]) + 1 if len(hits) > 1 else None


def parse_json(text: str, source: str, error: type[ValidationError] = ValidationError) -> Any:
    """JSON text as data; a syntax error or a duplicated key names the line."""
    try:
        return json.loads(text, object_pairs_hook=_json_pairs(source, text, error))
    except json.JSONDecodeError as exc:
        raise error(source, [Problem(f"column {exc.colno}", f"not valid JSON: {exc.msg}",
                                     exc.lineno)]) from None


def read_text(path: str | Path, error: type[ValidationError] = ValidationError) -> str:
    """A file's text (UTF-8, a byte-order mark allowed), or an error naming the file."""
    path = Path(path).expanduser()
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(str(path), ["file not found"]) from None
    except IsADirectoryError:
        raise error(str(path), ["is a folder; expected a file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(str(path), [f"cannot be read as UTF-8 text ({exc})"]) from None


def read_data(path: str | Path, error: type[ValidationError] = ValidationError, *,
              allow_empty: bool = False) -> Any:
    """Read a ``.json`` file as JSON and anything else as YAML (JSON is YAML too)."""
    path = Path(path).expanduser()
    text = read_text(path, error)
    data = parse_json(text, str(path), error) if path.suffix.lower() == ".json" \
        else parse_yaml(text, str(path), error)
    if data is None and not allow_empty:
        raise error(str(path), [Problem("", "the file is empty", 1)])
    return data


# ---------------------------------------------------------------------------------------
# The files shipped with the package (and their JSON copies for the browser)


def builtin_files(folder: str = "") -> list[str]:
    """The shipped data files in ``data/<folder>``, as ``folder/name.yaml`` names, sorted.

    In the browser (no PyYAML) the names come from the bundle, still spelled ``.yaml``.
    """
    if have_yaml() and (DATA_DIR / folder).is_dir():
        base = DATA_DIR / folder
        return sorted(str(p.relative_to(DATA_DIR).as_posix())
                      for p in base.glob("*.yaml"))
    bundled = BUNDLE_DIR / folder
    if not bundled.is_dir():
        return []
    return sorted(str((Path(folder) / f"{p.stem}.yaml").as_posix()) for p in bundled.glob("*.json"))


def read_builtin(name: str, error: type[ValidationError] = ValidationError) -> tuple[str, Any]:
    """``(source, data)`` of a shipped file such as ``statements.yaml``.

    The YAML file when PyYAML is there; otherwise its bundled JSON copy (the browser).
    """
    if have_yaml():
        path = DATA_DIR / name
        return str(path), read_data(path, error)
    bundled = BUNDLE_DIR / Path(name).with_suffix(".json")
    return f"{name} (bundled)", parse_json(read_text(bundled, error), str(bundled), error)


def write_bundle(target: Path, names: Iterable[str]) -> list[Path]:
    """Write JSON copies of shipped YAML files under ``target`` (the wheel's ``_bundle``).

    The caller validates the files first (``hatch_build.py`` loads everything), so the
    wheel never carries a broken file.
    """
    written = []
    for name in names:
        _source, data = read_builtin(name)
        out = target / Path(name).with_suffix(".json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        written.append(out)
    return written


# ---------------------------------------------------------------------------------------
# Checking


def describe(value: Any) -> str:
    """A value's kind in words, for messages: 'a mapping', "text 'abc'", 'true/false'..."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"text {shown!r}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


class Checker:
    """Collects problems while a validator walks raw data; each problem gets its line.

    The methods take the mapping that holds a field and the field's key, so that the
    problem carries the line where the key was written.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str, container: Any = None, key: Any = None, *,
            line: int | None = None) -> None:
        """Record a problem; its line is ``line``, or the line of ``container[key]``."""
        self.problems.append(Problem(where, message,
                                     line if line is not None else line_of(container, key)))

    def raise_if_any(self, source: str, error: type[ValidationError]) -> None:
        if self.problems:
            raise error(source, self.problems)

    def text(self, raw: Mapping, key: str, where: str, *, required: bool = True) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.add(where, "missing; expected some text", raw, key)
            return None
        if not isinstance(value, str):
            self.add(where, f"expected text, got {describe(value)}", raw, key)
            return None
        if not value.strip():
            if required:
                self.add(where, "is empty; expected some text", raw, key)
            return None
        return value.strip()

    def ident(self, raw: Mapping, key: str, where: str) -> str | None:
        value = raw.get(key)
        if value is None:
            self.add(where, "missing; expected an id such as 'ask-first'", raw, key)
            return None
        if not isinstance(value, str):
            self.add(where, f"expected an id (text), got {describe(value)}", raw, key)
            return None
        if not ID_PATTERN.match(value):
            self.add(where, f"{value!r} is not a valid id; use lowercase letters, digits, "
                            "'-' or '_'", raw, key)
            return None
        return value

    def integer(self, raw: Mapping, key: str, where: str, low: int, high: int) -> int | None:
        value = raw.get(key)
        if value is None:
            self.add(where, f"missing; expected a whole number from {low} to {high}", raw, key)
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"expected a whole number from {low} to {high}, "
                            f"got {describe(value)}", raw, key)
            return None
        if not low <= value <= high:
            self.add(where, f"{value} is out of range; expected {low} to {high}", raw, key)
            return None
        return value

    def boolean(self, raw: Mapping, key: str, where: str, default: bool | None = None
                ) -> bool | None:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.add(where, f"expected true or false, got {describe(value)}", raw, key)
            return None
        return value

    def id_list(self, raw: Mapping, key: str, where: str, allowed: Iterable[str],
                kind: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(where, f"expected a list of {kind} ids, got {describe(value)}", raw, key)
            return ()
        allowed = tuple(allowed)
        good = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or item not in allowed:
                close = difflib.get_close_matches(str(item), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                shown = ", ".join(allowed) if len(allowed) <= 8 else \
                    "see pe_course/data/statements.yaml"
                self.add(f"{where}[{i}]", f"unknown {kind} id {item!r}{hint}; expected one "
                                          f"of: {shown}", value, i)
            else:
                good.append(item)
        return tuple(good)

    def unknown_keys(self, raw: Mapping, allowed: Iterable[str], prefix: str = "") -> None:
        allowed = list(allowed)
        for key in raw:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.add(f"{prefix}{key}", f"unknown field; {hint}expected only: "
                                           f"{', '.join(sorted(allowed))}", raw, key)

    def mapping_list(self, raw: Mapping, key: str, where: str, what: str
                     ) -> Iterator[tuple[int, Mapping]]:
        """Each item of the non-empty list ``raw[key]`` that is a mapping (others reported)."""
        value = raw.get(key)
        if not isinstance(value, list) or not value:
            self.add(where, f"expected a non-empty list of {what}, got {describe(value)}",
                     raw, key)
            return
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                yield i, item
            else:
                self.add(f"{where}[{i}]", f"expected a mapping ({what}), got "
                                          f"{describe(item)}", value, i)
