"""The published JSON Schema and the package's validator agree on what a scenario is."""

from __future__ import annotations

import json

import jsonschema
import pytest

from pe_course.errors import ScenarioError
from pe_course.scenarios import DATA_DIR, SCENARIO_DIR, parse_scenario

from .test_scenarios import CASES, mutate

SCHEMA = json.loads((DATA_DIR / "scenario.schema.json").read_text())
# Problems only the package can see (they need the whole graph or cross-field rules).
GRAPH_ONLY = {"unknown next step", "unreachable step", "path with no ending (loop)",
              "path with no ending (no fallback ending)", "duplicate step ids",
              "duplicate choice ids", "duplicate ending ids", "risk without reflection question",
              "unknown source example"}


def test_schema_is_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_shipped_and_test_scenarios_match_schema(good_raw):
    import yaml

    jsonschema.validate(good_raw, SCHEMA)
    for path in SCENARIO_DIR.glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text()), SCHEMA)


@pytest.mark.parametrize("kind", sorted(set(CASES) - GRAPH_ONLY))
def test_schema_rejects_what_the_validator_rejects(kind, good_raw):
    raw = mutate(good_raw, CASES[kind][0])
    with pytest.raises(ScenarioError):
        parse_scenario(raw)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(raw, SCHEMA)

