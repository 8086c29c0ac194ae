"""The present view's one scoring rule: the tree the page walks is pe_course.scoring's.

Every path of every shipped scenario is walked through the embedded tree and compared
with ``score_path``: the ending, the final trust and energy, the team's costs, the turns
that did serious harm, and the prompt shown at every decision. The page itself is one
self-contained file that loads nothing, and scenario text cannot break out of its script.
"""

from __future__ import annotations

import json
import re

import pytest

from pe_course.render.present import CSP, present_data, present_html, present_tree, walk_tree
from pe_course.scenarios import list_scenarios, load_scenario
from pe_course.scoring import all_paths, choose, score_path, start

SCENARIOS = list_scenarios()


def _embedded(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="pe-data">(.*?)</script>', html,
                      re.S)
    assert match, "no embedded data"
    return json.loads(match.group(1))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_every_path_in_the_tree_equals_pe_course_scoring(scenario):
    tree = present_tree(scenario)
    paths = all_paths(scenario)
    assert sum("e" in node for node in tree) == len(paths)
    for path in paths:
        card = score_path(scenario, path)
        leaf = walk_tree(scenario, tree, path)
        assert scenario.endings[leaf["e"]].id == card.ending.id, path
        assert leaf["m"] == [card.final_state.trust, card.final_state.energy], path
        assert leaf["k"] == [card.costs.time, card.costs.money, card.costs.effort], path
        blocked = [i for i, t in enumerate(card.turns) if t.choice.serious_harm]
        assert leaf["b"] == blocked, path
        # the prompt at each decision is the one the path reads
        progress = start(scenario)
        for n, choice_id in enumerate(path):
            node = walk_tree(scenario, tree, path[:n])
            step = scenario.steps[node["s"]]
            shown = step.prompt if node["v"] < 0 else step.variants[node["v"]].prompt
            assert shown == card.turns[n].prompt, (path, n)
            offered = [step.choices[c].id for c, _ in node["o"]]
            assert offered == [c.id for c in step.offered(progress.flags)], (path, n)
            progress = choose(scenario, progress, choice_id)


def test_the_page_embeds_exactly_present_data():
    scenario = load_scenario("the-only-room")
    html = present_html(scenario)
    assert _embedded(html) == json.loads(json.dumps(present_data(scenario)))


@pytest.mark.parametrize("scenario", SCENARIOS[:3], ids=lambda s: s.id)
def test_the_page_is_one_file_that_loads_nothing(scenario):
    html = present_html(scenario)
    assert f'content="{CSP}"' in html and "default-src 'none'" in CSP
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=", html)
    assert not re.search(r"https?://", html.replace("http-equiv", ""))
    assert "@import" not in html and "url(" not in html
    assert html.count("<script") == 2  # the data and the player, both inline


def test_scenario_text_cannot_break_out_of_the_page(good_raw, write_yaml):
    nasty = "</script><script>alert(1)</script><!-- & -->"
    good_raw["title"] = nasty
    good_raw["steps"][0]["choices"][0]["label"] = nasty
    scenario = load_scenario(write_yaml(good_raw))
    html = present_html(scenario)
    assert html.count("</script>") == 2
    assert "<script>alert" not in html
    data = _embedded(html)
    assert data["title"] == nasty
    assert data["steps"][0]["choices"][0]["label"] == nasty
    assert f"<title>Present: {nasty}" not in html


def test_a_back_link_only_when_asked():
    scenario = load_scenario("grant-deadline")
    assert "Back to the course" not in present_html(scenario)
    linked = present_html(scenario, book_url="../book/check_mark.html")
    assert '<a href="../book/check_mark.html">Back to the course</a>' in linked
