"""Hatch build hook: the wheel carries the YAML data as JSON too (see pe_course/bundle.py).

The JSON is written to a temporary folder, not into the source tree, and the wheel gets
it under ``pe_course/data/_bundle/``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class DataBundleHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        self._tmp = Path(tempfile.mkdtemp(prefix="pe-course-bundle-"))
        sys.path.insert(0, str(root))
        try:
            from pe_course.bundle import write_bundle

            written = write_bundle(self._tmp)
        finally:
            sys.path.remove(str(root))
        for path in written:
            rel = path.relative_to(self._tmp).as_posix()
            build_data["force_include"][str(path)] = f"pe_course/data/_bundle/{rel}"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
