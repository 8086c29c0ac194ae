"""Hatch build hook: put the scenarios into the wheel as JSON as well as YAML.

PyYAML has no pure-Python wheel for the in-browser Python (Pyodide), so the wheel also
carries ``pe_course/data/_bundle/scenarios.json``, made here from the YAML sources and
validated on the way (a broken scenario fails the build).
"""

from __future__ import annotations

import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ScenarioBundleHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            from pe_course.scenarios import bundle_scenarios

            target = bundle_scenarios(root / "pe_course" / "data" / "_bundle" / "scenarios.json")
        finally:
            sys.path.remove(str(root))
        build_data["force_include"][str(target)] = "pe_course/data/_bundle/scenarios.json"
