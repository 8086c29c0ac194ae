"""The one data reader: YAML and JSON, duplicate keys, lines, and the browser's JSON copies;
and the statements file, which is data validated on load like every other file."""

from __future__ import annotations

import copy

import pytest

from pe_course import reader, statements
from pe_course.errors import DataError, ValidationError
from pe_course.reader import Checker, LineDict, parse_yaml, read_builtin


def test_yaml_mappings_and_lists_remember_their_lines():
    data = parse_yaml("a: 1\nb:\n  - x\n  - y: 2\n    z: 3\n", "t.yaml")
    assert isinstance(data, LineDict)
    assert data.key_lines == {"a": 1, "b": 2}
    assert data["b"].item_lines == [3, 4]
    assert data["b"][1].key_lines == {"y": 4, "z": 5}
    assert reader.line_of(data["b"][1], "z") == 5
    assert reader.line_of({"plain": "dict"}, "plain") is None


def test_duplicate_keys_at_any_depth_are_errors():
    with pytest.raises(ValidationError) as info:
        parse_yaml("a:\n  b: 1\n  c: 2\n  b: 3\n", "deep.yaml")
    assert str(info.value.problems[0]).startswith("line 4, column 3: not valid YAML: "
                                                  "the key 'b' is given twice (first on line 2)")
    assert "deep.yaml" in str(info.value)


def test_yaml_syntax_errors_name_line_and_column():
    with pytest.raises(ValidationError) as info:
        parse_yaml("a: [1, 2\nb: 3\n", "broken.yaml")
    assert str(info.value.problems[0]).startswith("line 2, column ")


def test_checker_names_the_line_of_the_field():
    raw = parse_yaml("id: Not An Id\nsize: 300\n", "x.yaml")
    ck = Checker()
    ck.ident(raw, "id", "id")
    ck.integer(raw, "size", "size", 0, 10)
    ck.unknown_keys(raw, ("id", "sise"))
    assert [str(p) for p in ck.problems] == [
        "line 1, id: 'Not An Id' is not a valid id; use lowercase letters, digits, '-' or '_'",
        "line 2, size: 300 is out of range; expected 0 to 10",
        "line 2, size: unknown field; did you mean 'sise'? expected only: id, sise",
    ]
    with pytest.raises(DataError, match="x.yaml: 3 problems"):
        ck.raise_if_any("x.yaml", DataError)


def test_every_shipped_file_reads_the_same_from_its_browser_copy(tmp_path, monkeypatch):
    """Without PyYAML (the in-browser Python) the JSON copies give the same data."""
    names = ["statements.yaml", *reader.builtin_files("scenarios")]
    from_yaml = {name: read_builtin(name)[1] for name in names}
    reader.write_bundle(tmp_path, names)
    monkeypatch.setattr(reader, "BUNDLE_DIR", tmp_path)
    monkeypatch.setattr(reader, "have_yaml", lambda: False)
    assert reader.builtin_files("scenarios") == [n for n in names if n.startswith("scenarios/")]
    for name in names:
        source, data = read_builtin(name)
        assert source == f"{name} (bundled)"
        assert data == from_yaml[name]


# -- the statements file --------------------------------------------------------------------

def _raw():
    return copy.deepcopy(read_builtin(statements.DATA_FILE)[1])


def test_statements_file_gives_four_statements_and_four_questions():
    assert [s.number for s in statements.STATEMENTS] == [1, 2, 3, 4]
    assert [q.number for q in statements.QUESTIONS] == [1, 2, 3, 4]
    assert statements.STATEMENT_IDS == ("check_mark", "unconscious_bias", "lack_of_support",
                                        "vulnerability")
    assert [len(s.examples) for s in statements.STATEMENTS] == [10, 7, 10, 7]
    assert statements.get_example("ghosted").text.startswith("Dropped or ignored")


def test_statements_file_problems_are_all_listed():
    raw = _raw()
    raw["statements"][1]["id"] = "check_mark"
    raw["statements"][2]["examples"][0]["id"] = raw["statements"][0]["examples"][0]["id"]
    raw["statements"][3]["number"] = 7
    del raw["questions"][0]["question"]
    raw["questions"][1]["colour"] = "blue"
    with pytest.raises(DataError) as info:
        statements.parse_statements(raw, "statements.yaml")
    text = str(info.value)
    assert "statements.yaml: 5 problems" in text
    assert "statements[2].examples[0].id: duplicate example id 'late_grant_invitation'" in text
    assert "questions[0].question: missing; expected some text" in text
    assert "questions[1].colour: unknown field" in text
    assert "statements: the id 'check_mark' is used twice" in text
    assert "numbers are [1, 2, 3, 7]" in text


def test_statements_file_must_be_a_mapping():
    with pytest.raises(DataError, match="expected a mapping with 'statements' and 'questions'"):
        statements.parse_statements(["a list"], "statements.yaml")
