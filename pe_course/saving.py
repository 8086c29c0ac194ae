"""Writing a file whole or not at all: a temporary file in the same folder, then a rename.

The tool forms (``widgets.forms.write_text_atomic``) and the facilitator kit
(``pe_course.kit``) write through ``write_atomic``; the journal has its own, stricter save
(flushed to disk, under a lock). A failed write leaves no temporary file behind and the old
file, if any, as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PUBLIC = 0o644  # readable by everyone: pages and handouts that are served or zipped


def write_atomic(path: str | Path, data: str | bytes, *, public: bool = False) -> Path:
    """Write ``data`` (text as UTF-8) to ``path``; its folder must exist. ``public``: the
    file is readable by everyone (a temporary file starts private to its owner)."""
    target = Path(path)
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                   suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        if public:
            os.chmod(tmp, PUBLIC)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
