"""The scenario player's parts, and the in-page player's tree of them.

The site's in-page player ("Try it live") shows, at every point of a path, HTML rendered at
build time; the ipywidgets player renders the same parts as it is played. These tests walk
every path of every shipped scenario both ways and require the same HTML, and the same
ending as ``scoring.score_path``.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from html import escape
from importlib.resources import files

import pytest

from pe_course.render.player import (
    decode_tree,
    encode_tree,
    play_data,
    play_script,
    play_tree,
    play_version,
)
from pe_course.scenarios import list_scenarios, load_scenario
from pe_course.scoring import all_paths, score_path
from pe_course.widgets.player import ScenarioPlayer

SCENARIOS = [s.id for s in list_scenarios()]


def _walk(tree: list[dict], path: tuple[str, ...]) -> list[dict]:
    """The nodes a path of choice ids passes through, the start first."""
    nodes = [tree[0]]
    for choice_id in path:
        ids = [c[1] for c in nodes[-1]["c"]]
        assert choice_id in ids, f"{choice_id} is not offered here; offered: {ids}"
        nodes.append(tree[nodes[-1]["c"][ids.index(choice_id)][2]])
    return nodes


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_path_shows_what_the_widget_player_shows(scenario_id):
    scenario = load_scenario(scenario_id)
    tree = play_tree(scenario)
    paths = all_paths(scenario)
    assert sum(1 for n in tree if "e" in n) == len(paths)  # one ending node per path
    # Every path for the small scenarios; for the large, every path through each first
    # choice's first few (the widget is slow to build hundreds of times).
    sample = paths if len(paths) <= 120 else paths[:: max(1, len(paths) // 120)] + [paths[-1]]
    for path in sample:
        nodes = _walk(tree, path)
        player = ScenarioPlayer(scenario)
        for i, node in enumerate(nodes):
            assert node["m"] == player.meters.value, (path[:i], "meters")
            assert node["f"] == player.feedback.value, (path[:i], "feedback")
            if i < len(path):
                assert node["p"] == player.prompt.value, (path[:i], "prompt")
                assert [c[0] for c in node["c"]] == [o[0] for o in player.choices.options]
                player.select(path[i])
                player.confirm_choice()
        assert "e" in nodes[-1] and nodes[-1]["e"] == player.summary.value, path
        card = score_path(scenario, path)
        assert f"Ending: {escape(card.ending.title)}" in nodes[-1]["e"]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_packed_tree_unpacks_to_the_same_html(scenario_id):
    tree = play_tree(load_scenario(scenario_id))
    packed = encode_tree(tree)
    assert decode_tree(packed) == tree
    # packing shares pieces: far fewer pieces than the fragments' parts
    assert len(packed["pieces"]) < sum(len(v) for n in packed["nodes"]
                                       for k, v in n.items() if k != "c") / 4


def _script_data(script: str) -> dict:
    match = re.fullmatch(r'/\*[^*]*\*/\n\(window\.peScenarios = window\.peScenarios \|\| '
                         r'\{\}\)\[("[^"]+")\] = (\{.*\});\n', script, re.S)
    assert match, script[:300]
    entry = json.loads(match[2])
    data = json.loads(gzip.decompress(base64.b64decode(entry["gzip"])).decode("utf-8"))
    return {"id": json.loads(match[1]), "format": entry["format"], "data": data}


def test_the_play_script_holds_the_gzipped_play_data():
    scenario = load_scenario("grant-deadline")
    got = _script_data(play_script(scenario))
    assert got["id"] == "grant-deadline"
    assert got["format"] == got["data"]["format"] == 1
    assert got["data"] == json.loads(json.dumps(play_data(scenario)))
    assert decode_tree(got["data"]["tree"]) == play_tree(scenario)
    # the same input gives the same bytes (gzip without a time stamp): stable file hashes
    assert play_script(scenario) == play_script(load_scenario("grant-deadline"))


def test_the_version_changes_with_what_the_player_shows(tmp_path):
    scenario = load_scenario("grant-deadline")
    before = play_version(play_script(scenario))
    text = (files("pe_course") / "data" / "scenarios" / "grant-deadline.yaml").read_text(
        encoding="utf-8")
    assert scenario.summary[:30] in text
    changed = tmp_path / "grant-deadline.yaml"
    changed.write_text(text.replace(scenario.summary[:30], "A changed summary, " , 1),
                       encoding="utf-8")
    assert play_version(play_script(load_scenario(str(changed)))) != before
    assert len(before) == 12 and re.fullmatch(r"[0-9a-f]{12}", before)


def test_all_scenarios_take_little_room_in_the_site():
    total = sum(len(play_script(s)) for s in list_scenarios())
    assert total < 2_000_000, f"play/*.js add up to {total} bytes"
