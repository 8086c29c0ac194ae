"""Compile pure-Python wheels to CPython bytecode, for the in-browser Python (Pyodide).

Run by ``lite/pycompile.mjs`` *inside* Pyodide, so the bytecode is made by the very
CPython (3.14, wasm) that will import it. Without it every import in the browser compiles
source first: IPython alone then takes about twice as long to import. Two forms:

- ``keep_source=False`` (third-party wheels): each ``x.py`` is replaced by ``x.pyc``, as
  Pyodide does for its own packages. Smaller, and quicker to unpack and import; such a
  wheel only works on this CPython version (Pyodide's), which is the only one it is for.
- ``keep_source=True`` (our own ``pe_course``): ``x.py`` stays and gains
  ``__pycache__/x.cpython-314.pyc``, so tracebacks show our source lines.

The pycs are "unchecked hash" pycs: deterministic (no timestamps) and never checked
against a source. RECORD is rewritten to match. Zip entries are sorted and dated
1980-01-01, so the same input always gives the same bytes. The wheel keeps its name.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import sys
import warnings
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

EPOCH = (1980, 1, 1, 0, 0, 0)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _pyc_name(name: str, tag: str) -> str:
    head, _, base = name.rpartition("/")
    cached = f"__pycache__/{base[:-3]}.{tag}.pyc"
    return f"{head}/{cached}" if head else cached


def compile_wheel(source: str, target: str, keep_source: bool) -> int:
    """Write ``target``: the wheel ``source`` compiled. Returns how many modules."""
    tag = sys.implementation.cache_tag
    with zipfile.ZipFile(source) as archive:
        files = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    record = next(n for n in files if n.count("/") == 1 and n.endswith(".dist-info/RECORD"))
    added: dict[str, bytes] = {}
    removed: set[str] = set()
    for name, data in files.items():
        top = name.split("/", 1)[0]
        if not name.endswith(".py") or top.endswith((".dist-info", ".data")):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                code = compile(data, name, "exec", dont_inherit=True)
            except SyntaxError:
                continue  # importing it would fail in any case; leave it as it is
        pyc = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
        if keep_source:
            added[_pyc_name(name, tag)] = bytes(pyc)
        else:
            added[name[:-3] + ".pyc"] = bytes(pyc)
            removed.add(name)
    lines = [line for line in files[record].decode("utf-8").splitlines()
             if line.rsplit(",", 2)[0] not in removed]
    lines += [_record_line(name, data) for name, data in sorted(added.items())]
    for name in removed:
        del files[name]
    files.update(added)
    files[record] = ("\n".join(lines) + "\n").encode("utf-8")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        # dist-info last, as wheel tools write it
        for name in sorted(files, key=lambda n: (".dist-info/" in n, n)):
            info = zipfile.ZipInfo(name, EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, files[name])
    return len(added)


def main(jobs: list[tuple[str, str, bool]]) -> None:
    for source, target, keep_source in jobs:
        count = compile_wheel(source, target, keep_source)
        print(f"[lite/pycompile] {source.rsplit('/', 1)[-1]}: {count} modules", flush=True)
