"""Hatch build hook: put the YAML data into the wheel as JSON as well.

PyYAML has no pure-Python wheel for the in-browser Python (Pyodide), so the wheel also
carries ``pe_course/data/_bundle/*.json`` (scenarios, the example engagement plan, the
self-assessment items), made here from the YAML sources and validated on the way (a
broken file fails the build).
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
            from pe_course.assessment import bundle_items
            from pe_course.audit import bundle_example_plan
            from pe_course.scenarios import bundle_scenarios

            bundle = root / "pe_course" / "data" / "_bundle"
            targets = [bundle_scenarios(bundle / "scenarios.json"),
                       bundle_example_plan(bundle / "example_plan.json"),
                       bundle_items(bundle / "assessment_items.json")]
        finally:
            sys.path.remove(str(root))
        for target in targets:
            build_data["force_include"][str(target)] = f"pe_course/data/_bundle/{target.name}"
