#!/usr/bin/env python3
"""Assemble what the in-browser Python site needs, before ``jupyter-book build``.

The book's JupyterLite site (built by jupyterlite-sphinx at the end of the book build)
runs the scenario player in the learner's browser through Pyodide, with no server and
no network beyond the site itself. This script puts its inputs in place:

- ``lite/_generated/static/pyodide/``: Pyodide's core files, copied from the npm package
  ``pyodide`` in ``node_modules/`` (``npm ci`` is run if it is missing), and a
  ``pyodide-lock.json`` that lists only the wheels we serve (file, sha256, imports,
  dependencies), so the kernel starts without the Pyodide CDN;
- ``lite/_generated/pypi/``: those wheels (indexed by JupyterLite for piplite): the pinned
  PyPI wheels of ``lite/requirements-browser.txt``, the kernel's own small wheels from the
  installed jupyterlite-pyodide-kernel, and the ``pe_course`` wheel built from the working
  tree (with its JSON scenario bundle);
- ``lite/_generated/jupyter-lite.json``: kernel settings: no PyPI fallback, and every
  package the kernel and the simulations import preloaded while Pyodide starts, so no
  ``%pip install`` runs when a learner clicks "Try it live".

Downloads are cached by sha256 in ``lite/_cache/``; a rebuild with nothing changed uses
no network. When something cannot be fetched the script stops and names it.

Usage::

    python lite/prepare.py                 # then: jupyter-book build .
    python lite/prepare.py --update-pins   # fill in missing --hash=... in the manifest
"""

from __future__ import annotations

import argparse
import ast
import base64
import hashlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LITE = ROOT / "lite"
CACHE = LITE / "_cache"
GENERATED = LITE / "_generated"
MANIFEST = LITE / "requirements-browser.txt"

PYODIDE_VERSION = "314.0.6"
PYODIDE_PYTHON = "3.14"
KERNEL_VERSION = "0.8.6"  # jupyterlite-pyodide-kernel
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
SERVICE_WORKER_PLUGIN = "@jupyterlite/application-extension:service-worker-manager"
# What the browser needs from the npm package: the loader, the runtime, the stdlib.
PYODIDE_CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")

# The Pyodide kernel (0.8.6) loads micropip and piplite, then installs ipykernel, comm,
# pyodide-kernel, jedi and ipython, unless they are in loadPyodideOptions.packages: then
# Pyodide loads them all, in parallel, from our lock while it starts. Our own package and
# the widgets are preloaded the same way. Dependencies follow from the lock.
PRELOAD = ("micropip", "piplite", "ipykernel", "comm", "pyodide-kernel", "jedi", "ipython",
           "ipywidgets", "pe-course")
# The only JupyterLab extensions the in-browser site loads (copied from this environment;
# others installed here, such as jupytext's, would load and fail in JupyterLite).
LAB_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension")
# JupyterLab extensions of JupyterLite's own apps turned off in every app (their code is
# removed from the built site by pe_course/sphinx/litesize.py).
# MathJax too: the course's learners write about money ("the $20 voucher and the $3,000
# budget"), and with MathJax on, two dollar signs in a Markdown cell turn the words between
# them into maths; without it, text shows as typed (tests/browser/test_lite_requests.py).
DISABLED_LAB_EXTENSIONS = ("@jupyterlab/mermaid-extension", "@jupyterlab/vega5-extension",
                           "@jupyterlab/terminal-extension", "@jupyterlab/mathjax-extension")
# Wheels shipped inside jupyterlite-pyodide-kernel's labextension (static/pypi/).
KERNEL_WHEELS = ("piplite", "pyodide-kernel", "ipykernel", "widgetsnbextension")
# Requirements that the browser does not need, and why.
NOT_IN_BROWSER = {
    "pyyaml": "PyYAML has no pure-Python wheel; in the browser pe_course reads the JSON "
              "scenario bundle inside its wheel",
}
FRONT_END_ONLY = {  # served for piplite, never loaded at start: JupyterLite has the JS
    "jupyterlab-widgets", "widgetsnbextension",
}
# Markers of the browser's Python (Pyodide on Emscripten).
BROWSER_MARKERS = {
    "implementation_name": "cpython", "implementation_version": "3.14.2",
    "os_name": "posix", "platform_machine": "wasm32", "platform_python_implementation":
    "CPython", "platform_release": "", "platform_system": "Emscripten", "platform_version": "",
    "python_full_version": "3.14.2", "python_version": PYODIDE_PYTHON,
    "sys_platform": "emscripten", "extra": "",
}
# The working-tree files the pe_course wheel is built from (a change rebuilds it).
PACKAGE_SOURCES = ("pe_course", "pyproject.toml", "hatch_build.py", "README.md")
BUNDLE_IN_WHEEL = "pe_course/data/_bundle/statements.json"
SCENARIOS_IN_WHEEL = "pe_course/data/_bundle/scenarios/"
OWN_PACKAGE = "pe-course"


class PrepareError(Exception):
    """Something the site needs is missing; the message says what and where from."""


def log(message: str) -> None:
    print(f"[lite/prepare] {message}", flush=True)


def _shown(path: Path) -> str:
    """A path as the message should show it: relative to the repository when inside it."""
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------
# The manifest


@dataclass(frozen=True)
class Pin:
    name: str  # canonical
    version: str
    sha256: str | None
    line: int


_PIN_LINE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)"
                       r"(?:\s+--hash=sha256:(?P<sha>[0-9a-f]{64}))?\s*$")


def read_manifest(path: Path = MANIFEST) -> list[Pin]:
    pins: list[Pin] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        match = _PIN_LINE.match(line)
        if not match:
            raise PrepareError(f"{_shown(path)}:{number}: expected "
                               f"'name==version --hash=sha256:<64 hex>', got {raw.strip()!r}")
        name = canonicalize_name(match["name"])
        if name in seen:
            raise PrepareError(f"{_shown(path)}:{number}: {name} is already pinned "
                               f"on line {seen[name]}")
        seen[name] = number
        pins.append(Pin(name, match["version"], match["sha"], number))
    return pins


# ---------------------------------------------------------------------------------------
# Wheels


@dataclass
class Wheel:
    path: Path
    name: str  # canonical
    dist_name: str  # as in METADATA
    version: str
    sha256: str
    requires: list[Requirement] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Wheel:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            meta_name = next((n for n in names if n.count("/") == 1
                              and n.endswith(".dist-info/METADATA")), None)
            if meta_name is None:
                raise PrepareError(f"{path.name}: not a wheel (no .dist-info/METADATA)")
            meta = HeaderParser().parsestr(archive.read(meta_name).decode("utf-8"))
            top_level = meta_name.replace("METADATA", "top_level.txt")
            if top_level in names:
                imports = archive.read(top_level).decode("utf-8").split()
            else:
                imports = _top_level_modules(names)
        requires = [Requirement(r) for r in meta.get_all("Requires-Dist") or []]
        return cls(path, canonicalize_name(meta["Name"]), meta["Name"], meta["Version"],
                   sha256_of(path), requires, sorted(set(imports)))

    def browser_requirements(self) -> list[Requirement]:
        """Requirements that apply in Pyodide (no extras, markers for Emscripten)."""
        return [r for r in self.requires
                if r.marker is None or r.marker.evaluate(dict(BROWSER_MARKERS))]


def _top_level_modules(names: list[str]) -> list[str]:
    """Import names of a wheel without top_level.txt: its top folders and modules."""
    found = set()
    for name in names:
        first, slash, _ = name.partition("/")
        if first.endswith((".dist-info", ".data")):
            continue
        module = first if slash else first.removesuffix(".py") if first.endswith(".py") else ""
        if module.isidentifier():
            found.add(module)
    return sorted(found)


def check_pure_python(filename: str) -> None:
    _, _, _, tags = parse_wheel_filename(filename)
    if not any(t.abi == "none" and t.platform == "any" and t.interpreter.startswith("py3")
               for t in tags):
        raise PrepareError(f"{filename}: not a pure-Python (py3-none-any) wheel; Pyodide "
                           f"can only be given those here")


def cached_wheel(pin: Pin) -> Path | None:
    folder = CACHE / "wheels"
    if not folder.is_dir():
        return None
    for path in folder.glob("*.whl"):
        name, version, _, _ = parse_wheel_filename(path.name)
        if canonicalize_name(name) == pin.name and version == Version(pin.version):
            if pin.sha256 is None or sha256_of(path) == pin.sha256:
                return path
    return None


def download(pins: list[Pin]) -> None:
    """Fetch the missing pins with pip (PyPI, or whatever index pip is set up to use)."""
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pe-lite-") as tmp:
        requirements = Path(tmp) / "requirements.txt"
        hashed = all(p.sha256 for p in pins)
        requirements.write_text("".join(
            f"{p.name}=={p.version}" + (f" --hash=sha256:{p.sha256}" if hashed else "") + "\n"
            for p in pins), encoding="utf-8")
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   "--platform", "any", "--implementation", "py", "--abi", "none",
                   "--python-version", PYODIDE_PYTHON, "--disable-pip-version-check",
                   "--dest", tmp, "-r", str(requirements)]
        if hashed:
            command.append("--require-hashes")
        log("downloading " + ", ".join(f"{p.name}=={p.version}" for p in pins))
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            detail = "\n    ".join((done.stderr or done.stdout).strip().splitlines()[-12:])
            wanted = "\n  ".join(f"{p.name}=={p.version} (py3-none-any wheel for Python "
                                 f"{PYODIDE_PYTHON}, sha256 {p.sha256 or 'not pinned yet'})"
                                 for p in pins)
            raise PrepareError(
                f"could not fetch from PyPI (pip download):\n  {wanted}\n"
                f"  pip said:\n    {detail}\n"
                f"  Check the network or pip's index settings; the pins are in "
                f"{MANIFEST.relative_to(ROOT)}.")
        for path in Path(tmp).glob("*.whl"):
            check_pure_python(path.name)
            shutil.move(str(path), folder / path.name)


def fetch_pinned(pins: list[Pin]) -> dict[str, Wheel]:
    missing = [p for p in pins if cached_wheel(p) is None]
    if missing:
        download(missing)
    wheels: dict[str, Wheel] = {}
    for pin in pins:
        path = cached_wheel(pin)
        if path is None:
            raise PrepareError(f"{pin.name}=={pin.version}: downloaded, but no wheel with "
                               f"sha256 {pin.sha256} is in {CACHE.relative_to(ROOT)}/wheels")
        check_pure_python(path.name)
        wheels[pin.name] = Wheel.read(path)
    return wheels


def update_pins() -> None:
    """Fill in ``--hash=sha256:...`` for manifest lines that have none."""
    pins = read_manifest()
    unhashed = [p for p in pins if p.sha256 is None]
    if not unhashed:
        log(f"every pin in {MANIFEST.relative_to(ROOT)} has a hash")
        return
    download(unhashed)
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    for pin in unhashed:
        path = cached_wheel(pin)
        if path is None:
            raise PrepareError(f"{pin.name}=={pin.version}: pip found no py3-none-any wheel")
        lines[pin.line - 1] = f"{lines[pin.line - 1].rstrip()} --hash=sha256:{sha256_of(path)}"
        log(f"pinned {path.name}")
    MANIFEST.write_text("\n".join(lines) + "\n", encoding="utf-8")


def labextension(name: str) -> Path:
    """The folder of an installed (prebuilt) JupyterLab extension."""
    from jupyter_core.paths import jupyter_path

    candidates = [Path(sys.prefix) / "share" / "jupyter" / "labextensions",
                  *map(Path, jupyter_path("labextensions"))]
    for candidate in candidates:
        if (candidate / name / "package.json").is_file():
            return candidate / name
    raise PrepareError(f"the JupyterLab extension {name} is not installed in any of: "
                       + ", ".join(map(str, candidates)) + " (pip install -e '.[book]')")


def kernel_wheels() -> dict[str, Wheel]:
    """The small wheels that ship inside the installed jupyterlite-pyodide-kernel."""
    try:
        from jupyterlite_pyodide_kernel import __version__ as installed
        from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION as kernel_pyodide
    except ImportError:
        raise PrepareError("jupyterlite-pyodide-kernel is not installed in this Python "
                           f"({sys.executable}): pip install -e '.[book]'") from None
    if installed != KERNEL_VERSION or kernel_pyodide != PYODIDE_VERSION:
        raise PrepareError(f"jupyterlite-pyodide-kernel {installed} (for Pyodide "
                           f"{kernel_pyodide}) is installed; this site is pinned to "
                           f"{KERNEL_VERSION} with Pyodide {PYODIDE_VERSION}")
    folder = labextension("@jupyterlite/pyodide-kernel-extension") / "static" / "pypi"
    wheels: dict[str, Wheel] = {}
    for path in sorted(folder.glob("*.whl")):
        wheel = Wheel.read(path)
        if wheel.name not in KERNEL_WHEELS:
            continue
        # widgetsnbextension comes as 3.6.999 and 4.0.999 stand-ins: ipywidgets 8 wants 4.
        if wheel.name in wheels and Version(wheels[wheel.name].version) > Version(wheel.version):
            continue
        wheels[wheel.name] = wheel
    missing = sorted(set(KERNEL_WHEELS) - set(wheels))
    if missing:
        raise PrepareError(f"{folder} lacks the kernel wheel(s): {', '.join(missing)}")
    return wheels


# ---------------------------------------------------------------------------------------
# Our own wheel


def _source_fingerprint() -> str:
    digest = hashlib.sha256()
    for entry in PACKAGE_SOURCES:
        base = ROOT / entry
        files = [base] if base.is_file() else sorted(
            p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and "_bundle" not in p.parts and p.suffix not in (".pyc", ".pyo"))
        for path in files:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_own_wheel() -> Wheel:
    """Build pe_course from the working tree (cached by a hash of its sources)."""
    fingerprint = _source_fingerprint()
    folder = CACHE / "own" / fingerprint[:16]
    found = sorted(folder.glob("pe_course-*.whl")) if folder.is_dir() else []
    if not found:
        shutil.rmtree(CACHE / "own", ignore_errors=True)
        folder.mkdir(parents=True)
        log("building the pe_course wheel from the working tree")
        env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH",
                                                                "315532800"))
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                               "--disable-pip-version-check", "--wheel-dir", str(folder),
                               str(ROOT)], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            detail = "\n    ".join((done.stderr or done.stdout).strip().splitlines()[-20:])
            raise PrepareError(f"building the pe_course wheel failed (pip wheel .; its build "
                               f"needs hatchling and PyYAML from PyPI):\n    {detail}")
        found = sorted(folder.glob("pe_course-*.whl"))
        if not found:
            raise PrepareError(f"pip wheel made no pe_course wheel in {folder}")
    path = found[-1]
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    if BUNDLE_IN_WHEEL not in names:
        raise PrepareError(f"{path.name} lacks {BUNDLE_IN_WHEEL}: the browser could not "
                           f"read the course's data (see pe_course/bundle.py)")
    if not any(n.startswith(SCENARIOS_IN_WHEEL) for n in names):
        log(f"warning: {path.name} holds no scenario yet ({SCENARIOS_IN_WHEEL})")
    return Wheel.read(path)


# ---------------------------------------------------------------------------------------
# What the browser never reads, left out of the wheels (before compiling)

# Lexer modules of pygments the kernel needs: Python's (tracebacks, ``?`` help), the plain
# text one, and those ipython_pygments_lexers imports (IPython's %%bash, %%html,
# %%javascript, %%ruby, %%perl and %%latex cells). Their imports follow (see below).
PYGMENTS_LEXERS = ("python", "special", "shell", "html", "javascript", "ruby", "perl",
                   "markup", "data")
_PYGMENTS_MAPPING = "pygments/lexers/_mapping.py"
_LEXER_IMPORT = re.compile(r"(?:from|import) pygments\.lexers\.(\w+)")
_LEXERS_IMPORT = re.compile(r"from pygments\.lexers import \(?([\w\s,]+)\)?")


def _pygments_lexers_kept(files: dict[str, bytes]) -> tuple[set[str], dict]:
    """The lexer modules to keep (``PYGMENTS_LEXERS`` and what they import) and the map."""
    source = files[_PYGMENTS_MAPPING].decode("utf-8")
    lexers = ast.literal_eval(source[source.index("{"):source.rindex("}") + 1])
    module_of = {cls: entry[0].rsplit(".", 1)[1] for cls, entry in lexers.items()}
    kept: set[str] = set()
    todo = list(PYGMENTS_LEXERS)
    while todo:
        module = todo.pop()
        if module in kept:
            continue
        name = f"pygments/lexers/{module}.py"
        if name not in files:
            raise PrepareError(f"pygments has no lexer module {module} (PYGMENTS_LEXERS in "
                               f"lite/prepare.py)")
        kept.add(module)
        text = files[name].decode("utf-8")
        todo += _LEXER_IMPORT.findall(text)
        for group in _LEXERS_IMPORT.findall(text):
            todo += [module_of[n] for n in re.split(r"[\s,]+", group) if n in module_of]
    return kept, lexers


def _slim_pygments(files: dict[str, bytes]) -> dict[str, bytes]:
    """Only the lexers in ``_pygments_lexers_kept``; ``_mapping.py`` lists only those, so
    asking for another language raises pygments' own ClassNotFound (a plain-text fallback
    in IPython), never an ImportError."""
    kept, lexers = _pygments_lexers_kept(files)
    out = {}
    for name, data in files.items():
        folder, _, base = name.rpartition("/")
        if folder == "pygments/lexers" and base.endswith(".py") and base != "__init__.py" \
                and base != "_mapping.py" and base[:-3] not in kept:
            continue
        out[name] = data
    source = files[_PYGMENTS_MAPPING].decode("utf-8")
    entries = "".join(f"    {cls!r}: {entry!r},\n" for cls, entry in sorted(lexers.items())
                      if entry[0].rsplit(".", 1)[1] in kept)
    out[_PYGMENTS_MAPPING] = (source[:source.index("{")] + "{\n" + entries + "}\n").encode()
    return out


# Standard-library modules typeshed has stubs for that Pyodide's Python cannot import
# (Windows, Tk, curses, modules removed from Python 3.12 to 3.14, ...): jedi would offer
# completions for them that fail on import. tests/test_lite.py checks each in Pyodide.
NOT_IN_PYODIDE = (
    "_bootlocale", "_compression", "_curses", "_dummy_thread", "_dummy_threading", "_msi",
    "_osx_support", "_pydecimal", "_tkinter", "_winapi", "aifc", "asynchat", "asyncore",
    "audioop", "binhex", "cgi", "cgitb", "chunk", "crypt", "curses", "dbm", "distutils",
    "dummy_threading", "ensurepip", "formatter", "grp", "imghdr", "imp", "lib2to3",
    "macpath", "macurl2path", "mailcap", "msilib", "msvcrt", "nis", "nntplib", "parser",
    "pipes", "pwd", "pydoc_data", "readline", "resource", "smtpd", "sndhdr", "spwd", "sunau",
    "symbol", "syslog", "telnetlib", "tkinter", "turtle", "uu", "venv", "winreg", "winsound",
    "xdrlib", "xxlimited")
_TYPESHED_STDLIB = "jedi/third_party/typeshed/stdlib/"


def _slim_jedi(files: dict[str, bytes], served_imports: set[str]) -> dict[str, bytes]:
    """No django stubs, and typeshed's third-party stubs only for modules we serve: jedi
    uses either only when that package is installed, which in the browser it cannot be.
    No Python 2 stubs (``stdlib/2/``): jedi 0.19 reads ``2and3``, ``3`` and ``3.N`` only
    (``_get_typeshed_directories`` in ``jedi/inference/gradual/typeshed.py``); and no
    stubs of the standard-library modules Pyodide lacks (``NOT_IN_PYODIDE``)."""
    third_party = "jedi/third_party/typeshed/third_party/"
    out = {}
    for name, data in files.items():
        if name.startswith(("jedi/third_party/django-stubs/", _TYPESHED_STDLIB + "2/")):
            continue
        if name.startswith(_TYPESHED_STDLIB):
            parts = name[len(_TYPESHED_STDLIB):].split("/")  # <version>/<module>[.pyi|/...]
            if len(parts) >= 2 and parts[1].removesuffix(".pyi") in NOT_IN_PYODIDE:
                continue
        if name.startswith(third_party):
            parts = name[len(third_party):].split("/")  # <2|2and3|3>/<module>[.pyi|/...]
            if len(parts) < 2 or parts[1].removesuffix(".pyi") not in served_imports:
                continue
        out[name] = data
    if not any(n.startswith(third_party) for n in out):
        # jedi lists this folder: keep it (a wheel has no empty folders)
        out[third_party + "2and3/.keep"] = b""
    return out


# Modules no code path in the browser imports, by wheel (checked by tests/test_lite.py):
# tests, a pytest plugin, and prompt_toolkit's Windows console, SSH and telnet servers
# (imported only under ``sys.platform == "win32"`` or by a program that starts a server).
NEVER_IMPORTED = {
    "ipywidgets": ("ipywidgets/tests/", "ipywidgets/widgets/tests/"),
    "ipython": ("IPython/testing/plugin/", "IPython/sphinxext/"),  # the latter needs Sphinx
    "traitlets": ("traitlets/config/sphinxdoc.",),
    "prompt-toolkit": ("prompt_toolkit/contrib/ssh/", "prompt_toolkit/contrib/telnet/",
                       "prompt_toolkit/eventloop/win32.", "prompt_toolkit/input/win32.",
                       "prompt_toolkit/input/win32_pipe.", "prompt_toolkit/output/win32.",
                       "prompt_toolkit/output/windows10.", "prompt_toolkit/output/conemu.",
                       "prompt_toolkit/win32_types."),
}


def slim_files(name: str, files: dict[str, bytes], served_imports: set[str]) -> dict[str, bytes]:
    """A wheel's files without what the browser never reads (lite/README.md, "Size")."""
    if name in NEVER_IMPORTED:
        return {n: d for n, d in files.items() if not n.startswith(NEVER_IMPORTED[name])}
    if name == "pygments":
        return _slim_pygments(files)
    if name == "jedi":
        return _slim_jedi(files, served_imports)
    if name == "jupyterlab-widgets":
        # its .data/ is the widget manager's JavaScript, which the site takes from the
        # installed package (lite/_generated/labextensions/); the kernel never reads it
        return {n: d for n, d in files.items() if not n.split("/", 1)[0].endswith(".data")}
    if name == OWN_PACKAGE:
        # the book's Sphinx extension and the command line never run in the browser, and
        # there, with no PyYAML, pe_course.reader reads the data files' JSON copies in
        # data/_bundle/, never the YAML files themselves
        return {n: d for n, d in files.items()
                if not n.startswith(("pe_course/sphinx/", "pe_course/cli/"))
                and not (n.startswith("pe_course/data/") and n.endswith(".yaml")
                         and not n.startswith("pe_course/data/_bundle/"))}
    return files


def slim_wheel(wheel: Wheel, target: Path, served_imports: set[str]) -> bool:
    """Write ``wheel`` without what the browser never reads to ``target``, RECORD updated.

    Returns False (and writes nothing) when nothing is left out."""
    with zipfile.ZipFile(wheel.path) as archive:
        files = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    slim = slim_files(wheel.name, files, served_imports)
    if slim == files:
        return False
    record = next(n for n in files if n.count("/") == 1 and n.endswith(".dist-info/RECORD"))
    lines = []
    for line in files[record].decode("utf-8").splitlines():
        path = line.rsplit(",", 2)[0]
        if path in slim and path != record and slim[path] != files.get(path):
            digest = base64.urlsafe_b64encode(hashlib.sha256(slim[path]).digest())
            line = f"{path},sha256={digest.rstrip(b'=').decode()},{len(slim[path])}"
        if path in slim or not line:
            lines.append(line)
    lines += [f"{n},," for n in sorted(set(slim) - set(files))]
    slim[record] = ("\n".join(lines) + "\n").encode("utf-8")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name in sorted(slim, key=lambda n: (".dist-info/" in n, n)):
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, slim[name])
    return True


# ---------------------------------------------------------------------------------------
# Bytecode


def with_bytecode(wheels: dict[str, Wheel], pyodide: Path) -> dict[str, Wheel]:
    """Each wheel compiled to CPython 3.14 bytecode by Pyodide itself (lite/pycompile.mjs).

    Importing from source in the browser compiles every module on every page load; with
    bytecode the kernel starts about 2 s sooner. Third-party wheels become bytecode only
    (as Pyodide ships its own packages); ours keeps its source beside the bytecode. What
    the browser never reads is left out first (``slim_wheel``). Cached by the input
    wheel's sha256, the Pyodide version, the compile scripts and the slimming code.
    """
    scripts = (LITE / "pycompile.mjs", LITE / "pycompile_wheel.py")
    served_imports = {module for wheel in wheels.values() for module in wheel.imports}
    slimming = "".join(inspect.getsource(f) for f in (
        slim_files, slim_wheel, _slim_jedi, _slim_pygments, _pygments_lexers_kept)
        ) + repr(NEVER_IMPORTED) + repr(NOT_IN_PYODIDE)
    recipe = hashlib.sha256(PYODIDE_VERSION.encode()
                            + b"".join(p.read_bytes() for p in scripts)
                            + f"{slimming}{PYGMENTS_LEXERS}{sorted(served_imports)}".encode()
                            ).hexdigest()
    folder = CACHE / "pyc"
    targets: dict[str, Path] = {}
    jobs: list[tuple[Path, Path, bool]] = []
    for name, wheel in wheels.items():
        keep_source = name == OWN_PACKAGE
        key = hashlib.sha256(f"{wheel.sha256}:{recipe}:{keep_source}".encode()).hexdigest()
        targets[name] = folder / key[:24] / wheel.path.name
        if not targets[name].is_file():
            jobs.append((wheel, targets[name], keep_source))
    if jobs:
        node = shutil.which("node")
        if node is None:
            raise PrepareError("node (Node.js 20) is needed to compile the browser's wheels "
                               "with Pyodide: install Node.js")
        log(f"adding bytecode to {len(jobs)} wheel(s) with Pyodide {PYODIDE_VERSION}")
        with tempfile.TemporaryDirectory(prefix="pe-lite-pyc-") as tmp:
            staged = []
            for i, (wheel, target, keep) in enumerate(jobs):
                slim = Path(tmp) / f"slim-{i}" / wheel.path.name
                slim.parent.mkdir()
                source = slim if slim_wheel(wheel, slim, served_imports) else wheel.path
                staged.append((source, Path(tmp) / f"{i}-{target.name}", keep))
            spec = Path(tmp) / "jobs.json"
            spec.write_text(json.dumps([[str(a.resolve()), str(b), keep]
                                        for a, b, keep in staged]), encoding="utf-8")
            done = subprocess.run([node, str(LITE / "pycompile.mjs"), str(spec)],
                                  capture_output=True, text=True, cwd=ROOT)
            if done.returncode != 0:
                detail = "\n    ".join((done.stderr or done.stdout).strip().splitlines()[-15:])
                raise PrepareError(f"compiling the browser's wheels with Pyodide failed "
                                   f"(node lite/pycompile.mjs):\n    {detail}")
            for (_, temp, _), (_, target, _) in zip(staged, jobs, strict=True):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(temp), target)
    keep = {t.parent for t in targets.values()}
    for stale in folder.iterdir() if folder.is_dir() else ():
        if stale not in keep:
            shutil.rmtree(stale, ignore_errors=True)
    return {name: Wheel.read(path) for name, path in targets.items()}


# ---------------------------------------------------------------------------------------
# Putting it together


def check_requirements(wheels: dict[str, Wheel]) -> dict[str, list[str]]:
    """Every browser requirement of every wheel is served at a matching version.

    Returns each wheel's dependencies to record in the lock (front-end-only ones left out,
    so they are never loaded at start).
    """
    problems = []
    depends: dict[str, list[str]] = {}
    for wheel in wheels.values():
        deps = []
        for req in wheel.browser_requirements():
            dep = canonicalize_name(req.name)
            if dep in NOT_IN_BROWSER:
                continue
            served = wheels.get(dep)
            if served is None:
                problems.append(f"{wheel.name} {wheel.version} needs {req} in the browser, "
                                f"and no wheel of {dep} is served: pin it in "
                                f"{MANIFEST.relative_to(ROOT)}")
            elif not req.specifier.contains(served.version, prereleases=True):
                problems.append(f"{wheel.name} {wheel.version} needs {req}, but {dep} "
                                f"{served.version} is served")
            if dep not in FRONT_END_ONLY:
                deps.append(dep)
        depends[wheel.name] = sorted(set(deps))
    if problems:
        raise PrepareError("the browser's wheels do not fit together:\n  "
                           + "\n  ".join(problems))
    return depends


def installed_widgets_check(wheels: dict[str, Wheel]) -> None:
    """The widget manager JavaScript comes from the installed jupyterlab_widgets: match it."""
    from importlib.metadata import PackageNotFoundError, version

    for name in ("ipywidgets", "jupyterlab-widgets"):
        try:
            installed = version(name)
        except PackageNotFoundError:
            raise PrepareError(f"{name} is not installed here; JupyterLite takes the widget "
                               f"manager from it (pip install -e '.[book]')") from None
        if installed != wheels[name].version:
            raise PrepareError(f"{name} {installed} is installed (its labextension goes into "
                               f"the site) but the browser is pinned to "
                               f"{wheels[name].version} in {MANIFEST.relative_to(ROOT)}: "
                               f"make them equal")


def pyodide_source() -> Path:
    folder = ROOT / "node_modules" / "pyodide"

    def found_version() -> str | None:
        try:
            return json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError):
            return None

    if found_version() != PYODIDE_VERSION or not all(
            (folder / name).is_file() for name in PYODIDE_CORE_FILES):
        npm = shutil.which("npm")
        if npm is None:
            raise PrepareError(f"Pyodide {PYODIDE_VERSION} is not in {folder} and npm is not "
                               f"installed: install Node.js/npm, then run `npm ci` in {ROOT}")
        log(f"node_modules/pyodide is missing or not {PYODIDE_VERSION}: running npm ci")
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode != 0 or found_version() != PYODIDE_VERSION:
            detail = "\n    ".join((done.stderr or done.stdout).strip().splitlines()[-12:])
            raise PrepareError(f"could not install pyodide@{PYODIDE_VERSION} from the npm "
                               f"registry (npm ci in {ROOT}):\n    {detail}")
    return folder


def sync_file(source: Path, target: Path) -> bool:
    """Copy when size or content differs; leave an identical file (and its mtime) alone."""
    if target.is_file() and target.stat().st_size == source.stat().st_size \
            and sha256_of(target) == sha256_of(source):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


def write_if_changed(target: Path, text: str) -> None:
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def lock_entry(wheel: Wheel, depends: list[str]) -> dict:
    return {
        "name": wheel.dist_name,
        "version": wheel.version,
        # relative to the lock in static/pyodide/: the wheels sit in the piplite folder
        "file_name": f"../../pypi/{wheel.path.name}",
        "install_dir": "site",
        "sha256": wheel.sha256,
        "package_type": "package",
        "imports": wheel.imports,
        "depends": depends,
        "unvendored_tests": False,
    }


def assemble(wheels: dict[str, Wheel], depends: dict[str, list[str]], pyodide: Path) -> None:
    static = GENERATED / "static" / "pyodide"
    pypi = GENERATED / "pypi"
    static.mkdir(parents=True, exist_ok=True)
    pypi.mkdir(parents=True, exist_ok=True)

    for name in PYODIDE_CORE_FILES:
        sync_file(pyodide / name, static / name)
    for stale in static.iterdir():
        if stale.name not in {*PYODIDE_CORE_FILES, "pyodide-lock.json"}:
            stale.unlink()

    wanted = {w.path.name for w in wheels.values()}
    for wheel in wheels.values():
        sync_file(wheel.path, pypi / wheel.path.name)
    for stale in pypi.glob("*.whl"):
        if stale.name not in wanted:
            stale.unlink()

    extensions = GENERATED / "labextensions"  # listed in lite/jupyter_lite_config.json
    for name in LAB_EXTENSIONS:
        source = labextension(name)
        files = [p for p in source.rglob("*") if p.is_file() and not p.name.endswith(".map")]
        for path in files:
            sync_file(path, extensions / name / path.relative_to(source))
        wanted_files = {extensions / name / p.relative_to(source) for p in files}
        for stale in (extensions / name).rglob("*"):
            if stale.is_file() and stale not in wanted_files:
                stale.unlink()
    for entry in extensions.iterdir():  # extensions no longer wanted
        children = sorted(entry.iterdir()) if entry.name.startswith("@") else [entry]
        for child in children:
            if child.relative_to(extensions).as_posix() not in LAB_EXTENSIONS:
                shutil.rmtree(child)

    upstream = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock = {
        "info": upstream["info"],
        "packages": {name: lock_entry(wheels[name], depends[name]) for name in sorted(wheels)},
    }
    write_if_changed(static / "pyodide-lock.json", json.dumps(lock, indent=1) + "\n")

    missing = [name for name in PRELOAD if name not in wheels]
    if missing:
        raise PrepareError(f"preloaded but not served: {', '.join(missing)}")
    settings = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            # Mermaid diagrams in Markdown are off (a ```mermaid block shows as code), and
            # so are Vega charts (no package in the browser makes them) and terminals
            # (JupyterLite has none): the build removes their code (about 5.9 MB), which
            # nothing else loads (pe_course/sphinx/litesize.py).
            "disabledExtensions": list(DISABLED_LAB_EXTENSIONS),
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": list(PRELOAD)},
                },
            },
        },
    }
    write_if_changed(GENERATED / "jupyter-lite.json", json.dumps(settings, indent=2) + "\n")
    # The REPL ("Try it live") needs no files from the learner's browser storage. Without
    # the service worker the kernel mounts no drive, and its ~100 imports at start no longer
    # each wait for a file-system round trip to the page (about 5 s saved). Lab and
    # Notebook keep it, so exercise notebooks can read and save files.
    repl = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {"disabledExtensions": [SERVICE_WORKER_PLUGIN]},
    }
    write_if_changed(GENERATED / "repl" / "jupyter-lite.json", json.dumps(repl, indent=2) + "\n")


def prepare() -> None:
    pins = read_manifest()
    unhashed = [p.name for p in pins if p.sha256 is None]
    if unhashed:
        raise PrepareError(f"{', '.join(unhashed)} in {MANIFEST.relative_to(ROOT)} have no "
                           f"--hash: run `python lite/prepare.py --update-pins` first")
    pyodide = pyodide_source()
    wheels = fetch_pinned(pins)
    for name, wheel in kernel_wheels().items():
        if name in wheels:
            raise PrepareError(f"{name} is pinned in {MANIFEST.relative_to(ROOT)} but also "
                               f"ships with jupyterlite-pyodide-kernel: remove the pin")
        wheels[name] = wheel
    own = build_own_wheel()
    wheels[own.name] = own
    installed_widgets_check(wheels)
    depends = check_requirements(wheels)
    wheels = with_bytecode(wheels, pyodide)
    assemble(wheels, depends, pyodide)
    total = sum(w.path.stat().st_size for w in wheels.values())
    log(f"ready: Pyodide {PYODIDE_VERSION} and {len(wheels)} wheels ({total / 1e6:.1f} MB) "
        f"in {GENERATED.relative_to(ROOT)}/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update-pins", action="store_true",
                        help="fill in missing sha256 hashes in lite/requirements-browser.txt")
    args = parser.parse_args(argv)
    try:
        if args.update_pins:
            update_pins()
        else:
            prepare()
    except PrepareError as exc:
        print(f"lite/prepare.py: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
