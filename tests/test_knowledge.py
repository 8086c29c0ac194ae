"""Knowledge checks: the file format (every problem with its file, line and field), the
shipped files, the HTML they render to, and the ``{knowledge-check}`` directive on a small
test book (``sphinx.testing``; the browser tests are in tests/browser/test_knowledge.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from pe_course import knowledge, reader
from pe_course.bundle import check_shipped_files, shipped_files
from pe_course.coverage import scenario_places
from pe_course.errors import DataError
from pe_course.knowledge import (
    CheckOption,
    CheckQuestion,
    CheckSet,
    UnknownCheckError,
    list_check_files,
    load_checks,
    parse_checks,
)
from pe_course.reader import parse_yaml, write_bundle
from pe_course.render.knowledge import checks_html
from pe_course.sphinx import STATIC

from .test_sphinx_ext import build, copy_book
from .test_sphinx_ext import page as built_page

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(
    encoding="utf-8"), re.MULTILINE))

GOOD = """\
intro: Made-up people.
questions:
  - id: q-one
    kind: single
    statement: check_mark
    source: pegw2024
    prompt: A situation.
    options:
      - id: a
        text: First.
        correct: true
        explanation: Why first.
      - id: b
        text: Second.
        correct: false
        explanation: Why not second.
  - id: q-two
    kind: multiple
    source: [pegw2024, carman2013]
    prompt: Another situation.
    options:
      - id: a
        text: One.
        correct: true
        explanation: Why one.
      - id: b
        text: Two.
        correct: true
        explanation: Why two.
      - id: c
        text: Three.
        correct: false
        explanation: Why not three.
  - id: q-three
    kind: single
    source: pegw2024
    prompt: A third situation.
    options:
      - id: a
        text: Yes.
        correct: false
        explanation: Why not yes.
      - id: b
        text: No.
        correct: true
        explanation: Why no.
"""


def write(tmp_path: Path, text: str, name: str = "checks.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# Loading ---------------------------------------------------------------------------------

def test_a_good_file_loads_into_frozen_values(tmp_path):
    checks = load_checks(write(tmp_path, GOOD, "my_checks.yaml"))
    assert isinstance(checks, CheckSet)
    assert (checks.name, checks.intro, len(checks)) == ("my_checks", "Made-up people.", 3)
    assert [q.id for q in checks] == ["q-one", "q-two", "q-three"]
    one, two, _ = checks
    assert (one.kind, one.statement, one.sources, one.correct_ids) == \
        ("single", "check_mark", ("pegw2024",), ("a",))
    assert two.sources == ("pegw2024", "carman2013") and two.correct_ids == ("a", "b")
    assert two.statement is None and two.examples == ()
    assert one.options[1] == CheckOption("b", "Second.", False, "Why not second.")
    assert checks.question("q-two") is two
    with pytest.raises(KeyError, match="no question 'q-nine'"):
        checks.question("q-nine")
    with pytest.raises(AttributeError):
        one.kind = "multiple"  # frozen


def test_an_unknown_name_lists_the_shipped_files():
    with pytest.raises(UnknownCheckError, match=r"no knowledge-check file named 'nope'; "
                                                r"known: .*check_mark"):
        load_checks("nope")


def test_the_shipped_files_are_valid():
    names = list_check_files()
    assert "check_mark" in names
    for name in names:
        checks = load_checks(name)
        assert load_checks(name) is checks  # loaded once
        assert 3 <= len(checks) <= 6, name
        for question in checks:
            assert set(question.sources) <= BIB_KEYS, (name, question.id)
            assert all(o.explanation for o in question.options)


def test_the_wheel_validates_and_bundles_them(monkeypatch):
    assert {f"checks/{name}.yaml" for name in list_check_files()} <= set(shipped_files())
    asked = []

    def stop(name):
        asked.append(name)
        raise DataError(name, ["broken"])

    monkeypatch.setattr(knowledge, "load_checks", stop)
    with pytest.raises(DataError, match="broken"):
        check_shipped_files()  # what hatch_build.py runs before writing the bundle
    assert asked == list_check_files()[:1]


def test_without_pyyaml_they_load_from_the_json_bundle(tmp_path, monkeypatch):
    # the in-browser Python has no PyYAML: it reads the JSON copies the wheel carries
    write_bundle(tmp_path, [f"checks/{name}.yaml" for name in list_check_files()])
    monkeypatch.setattr(reader, "have_yaml", lambda: False)
    monkeypatch.setattr(reader, "BUNDLE_DIR", tmp_path)
    monkeypatch.setattr(knowledge, "_CACHE", {})
    assert "check_mark" in list_check_files()
    checks = load_checks("check_mark")
    assert checks.source.endswith("(bundled)")
    monkeypatch.undo()
    assert checks == replace(load_checks("check_mark"), source=checks.source)


def test_chapter_1_checks_test_judgement_and_do_not_give_the_answer_away():
    checks = load_checks("check_mark")
    assert 4 <= len(checks) <= 5
    assert {q.kind for q in checks} == {"single", "multiple"}
    assert all(q.statement == "check_mark" for q in checks)
    # the best answer is not always in the same place
    positions = {[o.correct for o in q.options].index(True) for q in checks
                 if q.kind == "single"}
    assert len(positions) > 1, positions
    # the right option is never the one that stands out by its length
    for q in checks:
        lengths = [len(o.text) for o in q.options]
        assert max(lengths) - min(lengths) <= 30, (q.id, lengths)
    # examples are taught once, in the scenarios: a check does not teach them again
    taught_in_scenarios = set(scenario_places())
    for q in checks:
        assert not set(q.examples) & taught_in_scenarios, q.id


# Every problem, with its file, line and field -----------------------------------------------

MARK = "  # <-"
M = MARK  # the line the problem must name ends with this comment


def _line(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.endswith(MARK))


def edit(*changes: tuple[str, str]) -> str:
    """GOOD with each ``(old, new)`` made once; ``new`` marks the line of the problem."""
    text = GOOD
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


OPTIONS_0 = "    prompt: A situation.\n    options:"
OPTIONS_1 = "    prompt: Another situation.\n    options:"
PROBLEMS = {  # what is broken: (the file, the field, part of the message)
    "unknown top-level key": (
        edit(("intro: Made-up people.", f"intro: Made-up people.\ntitel: x{M}")),
        "titel", "unknown field"),
    "unknown question key": (
        edit(("    prompt: A situation.", f"    prompt: A situation.\n    promt: x{M}")),
        "questions[0].promt", "unknown field; did you mean 'prompt'?"),
    "unknown option key": (
        edit(("        text: First.", f"        text: First.\n        explain: x{M}")),
        "questions[0].options[0].explain", "unknown field"),
    "duplicate question id": (
        edit(("  - id: q-two", f"  - id: q-one{M}")),
        "questions[1].id", "duplicate question id 'q-one' (also questions[0])"),
    "duplicate option id": (
        edit(("      - id: b\n        text: Second.", f"      - id: a{M}\n        text: Second.")),
        "questions[0].options[1].id", "duplicate option id 'a'"),
    "single choice with two correct options": (
        edit(("Second.\n        correct: false", "Second.\n        correct: true"),
             (OPTIONS_0, OPTIONS_0 + M)),
        "questions[0].options", "exactly one correct option; this one has 2"),
    "single choice with no correct option": (
        edit(("First.\n        correct: true", "First.\n        correct: false"),
             (OPTIONS_0, OPTIONS_0 + M)),
        "questions[0].options", "exactly one correct option; this one has 0"),
    "multiple choice with no correct option": (
        edit(("One.\n        correct: true", "One.\n        correct: false"),
             ("Two.\n        correct: true", "Two.\n        correct: false"),
             (OPTIONS_1, OPTIONS_1 + M)),
        "questions[1].options", "at least one correct option; this one has none"),
    "option without explanation": (
        edit(("        explanation: Why not second.\n", ""),
             ("      - id: b\n        text: Second.", f"      - id: b{M}\n        text: Second.")),
        "questions[0].options[1].explanation", "every option needs an explanation"),
    "empty explanation": (
        edit(("        explanation: Why first.", f'        explanation: " "{M}')),
        "questions[0].options[0].explanation", "is empty"),
    "unknown statement id": (
        edit(("    statement: check_mark", f"    statement: check_marks{M}")),
        "questions[0].statement", "unknown statement id: text 'check_marks'"),
    "unknown example id": (
        edit(("    statement: check_mark\n", f"    examples: [ghostd]{M}\n")),
        "questions[0].examples[0]", "unknown example id 'ghostd' (did you mean 'ghosted'?)"),
    "a kind that is not single or multiple": (
        edit(("    kind: multiple", f"    kind: several{M}")),
        "questions[1].kind", "text 'several' is not a kind of question"),
    "a source that is not a citation key": (
        edit(("    source: [pegw2024, carman2013]", f"    source: [pegw2024, 'Carman 2013']{M}")),
        "questions[1].source", "text 'Carman 2013' is not a citation key"),
    "correct that is not true or false": (
        edit(("First.\n        correct: true", f"First.\n        correct: yes please{M}")),
        "questions[0].options[0].correct", "expected true or false"),
    "too few questions": (
        GOOD[:GOOD.index("  - id: q-two")].replace("questions:", f"questions:{M}"),
        "questions", "has 1 questions; expected 3 to 6"),
}


@pytest.mark.parametrize("case", PROBLEMS)
def test_each_problem_names_the_file_line_and_field(tmp_path, case):
    text, where, message = PROBLEMS[case]
    path = write(tmp_path, text)
    with pytest.raises(DataError) as info:
        load_checks(path)
    error = info.value
    assert error.source == str(path) and str(path) in str(error)
    found = [p for p in error.problems if p.where == where]
    assert found, f"no problem at {where}: {[str(p) for p in error.problems]}"
    assert message in found[0].message, str(found[0])
    assert found[0].line == _line(text), str(found[0])
    assert f"line {_line(text)}, {where}: " in str(error)


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("    kind: multiple", "    kind: several").replace(
        "        explanation: Why first.\n", "").replace("  - id: q-two", "  - id: q-one")
    with pytest.raises(DataError) as info:
        load_checks(write(tmp_path, text))
    assert {p.where for p in info.value.problems} == {
        "questions[0].options[0].explanation", "questions[1].id", "questions[1].kind"}


def test_a_key_given_twice_and_broken_yaml_name_their_line(tmp_path):
    twice = GOOD.replace("    prompt: A situation.\n",
                         "    prompt: A situation.\n    prompt: Again.\n")
    with pytest.raises(DataError, match=r"line 8.*'prompt' is given twice"):
        load_checks(write(tmp_path, twice))
    with pytest.raises(DataError, match=r"line \d+, column \d+: not valid YAML"):
        load_checks(write(tmp_path, GOOD + "  - [unclosed\n"))


def test_too_many_options_and_a_file_that_is_not_a_mapping():
    raw = parse_yaml(GOOD, "x.yaml")
    options = raw["questions"][0]["options"]
    options += [dict(options[1], id=f"extra{i}") for i in range(4)]
    with pytest.raises(DataError, match=r"questions\[0\].options: has 6 options; expected 2 "
                                        r"to 5"):
        parse_checks(raw, "x.yaml")
    with pytest.raises(DataError, match="expected a mapping with 'questions'"):
        parse_checks(["a list"], "x.yaml")


# Rendering ----------------------------------------------------------------------------------

class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every <legend> and <label>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.texts: dict[str, list[str]] = {"legend": [], "label": [], "summary": []}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.texts:
            self.texts[tag].append("")
            self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            self.texts[self._open[-1]][-1] += data

    def all(self, tag: str) -> list[dict]:
        return [attrs for t, attrs in self.tags if t == tag]


def parsed(html: str) -> _Tags:
    tags = _Tags()
    tags.feed(html)
    return tags


@pytest.fixture(scope="module")
def shipped() -> CheckSet:
    return load_checks("check_mark")


def test_each_question_is_a_form_with_a_fieldset_legend_and_labelled_inputs(shipped):
    html = checks_html(shipped, id_prefix="pe-check-t")
    tags = parsed(html)
    assert html.startswith('<section class="pe-checks" id="pe-check-t" '
                           'data-pe-checks="check_mark">')
    assert len(tags.all("form")) == len(tags.all("fieldset")) == len(tags.all("legend")) \
        == len(shipped)
    for n, (question, legend) in enumerate(zip(shipped, tags.texts["legend"], strict=True), 1):
        assert legend.startswith(f"Question {n} of {len(shipped)}. {question.prompt[:30]}")
        assert legend.endswith("Choose one answer." if question.kind == "single"
                               else "Choose every answer that applies.")
    inputs = tags.all("input")
    assert len(inputs) == sum(len(q.options) for q in shipped)
    labels = {attrs["for"] for attrs in tags.all("label")}
    for attrs in inputs:
        assert attrs["id"] in labels  # every option has its <label>
    texts = tags.texts["label"]
    assert texts[0].startswith("A. ") and shipped.questions[0].options[0].text in texts[0]
    # radio buttons for one answer, checkboxes for several; one group per question
    for question in shipped:
        group = [a for a in inputs if a["name"] == f"pe-check-t-{question.id}"]
        assert len(group) == len(question.options)
        assert {a["type"] for a in group} == {"radio" if question.kind == "single"
                                              else "checkbox"}
        assert [a["value"] for a in group] == [o.id for o in question.options]


def test_the_button_shows_only_with_javascript_and_feedback_is_announced(shipped):
    tags = parsed(checks_html(shipped, id_prefix="p"))
    buttons = tags.all("button")
    assert len(buttons) == len(shipped)
    for attrs in buttons:
        # hidden, and disabled so that Enter in a form without JavaScript submits nothing
        assert attrs["type"] == "submit" and "hidden" in attrs and "disabled" in attrs
    regions = [a for t, a in tags.tags if a.get("aria-live")]
    assert len(regions) == len(shipped)
    assert all(a["aria-live"] == "polite" and "pe-check-feedback" in a["class"]
               for a in regions)


def test_without_javascript_the_details_give_the_answer_and_every_explanation(shipped):
    html = checks_html(shipped, id_prefix="p")
    tags = parsed(html)
    assert tags.texts["summary"] == ["Show the answer and why"] * len(shipped)
    details = re.findall(r'<details class="pe-check-answer">.*?</details>', html, re.DOTALL)
    assert len(details) == len(shipped)
    for question, block in zip(shipped, details, strict=True):
        right = [("ABCDE"[i]) for i, o in enumerate(question.options) if o.correct]
        assert right[0] in re.search(r'answer-summary">([^<]*)<', block).group(1)
        for option in question.options:
            assert escape(option.explanation) in block
            verdict = "Correct." if option.correct else "Not quite."
            assert f'data-pe-option="{option.id}" data-pe-correct="' \
                   f'{str(option.correct).lower()}"' in block
            assert verdict in block
    one = CheckQuestion("q", "multiple", "P", (CheckOption("a", "A", True, "e"),
                                               CheckOption("b", "B", False, "f")), ("k",))
    assert "Only A is right." in checks_html([one], id_prefix="p")
    three = CheckQuestion("q", "multiple", "P", tuple(CheckOption(x, x, x != "b", "e")
                                                      for x in "abc"), ("k",))
    assert "The right answers are A and C." in checks_html([three], id_prefix="p")


def test_learner_and_author_text_is_escaped():
    evil = '<script>alert("x")</script> & </script>'
    option = CheckOption("a", evil, True, evil)
    question = CheckQuestion("q", "single", evil, (option, CheckOption("b", "b", False, "no")),
                             ("pegw2024",))
    html = checks_html(CheckSet("x", (question,), intro=evil), id_prefix="p")
    assert "<script" not in html and "</script>" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                      "&lt;/script&gt;") == 5  # intro, prompt, label, answer, explanation


def test_ids_are_unique_on_a_page_with_two_sets(shipped):
    html = checks_html(shipped, id_prefix="pe-check-a") + checks_html(shipped,
                                                                       id_prefix="pe-check-b")
    ids = [a["id"] for _, a in parsed(html).tags if "id" in a]
    assert len(ids) == len(set(ids))
    names = {a["name"] for a in parsed(html).all("input")}
    assert len(names) == 2 * len(shipped)
    with pytest.raises(ValueError, match="must start with a letter"):
        checks_html(shipped, id_prefix="1 bad")


# The directive, on a small test book ----------------------------------------------------------

QUIZ = """# Quiz

Before.

```{knowledge-check} check_mark
```

Between.

```{knowledge-check} local_checks.yaml
```

After.
"""


def test_the_directive_renders_the_checks_and_loads_their_assets_only_there(tmp_path):
    src = copy_book(tmp_path, {"book/quiz.md": QUIZ, "book/local_checks.yaml": GOOD})
    app = build(src)
    html = built_page(app, "book/quiz")
    assert html.index("Before.") < html.index('data-pe-checks="check_mark"') \
        < html.index("Between.") < html.index('data-pe-checks="local_checks"') \
        < html.index("After.")
    expected = checks_html(load_checks("check_mark"), id_prefix="pe-check-check-mark-0")
    assert expected.strip() in html
    assert 'id="pe-check-local-checks-1"' in html
    ids = re.findall(r'\sid="(pe-check-[^"]+)"', html)
    assert len(ids) == len(set(ids)) > 10
    assert "_static/pe_checks.css" in html
    assert re.search(r'<script defer="defer" src="[^"]*_static/pe_checks.js', html)
    for docname in ("index", "scenarios", "tools", "book/check_mark"):
        assert "pe_checks" not in built_page(app, docname), docname
    static = Path(app.outdir) / "_static"
    for name in ("pe_checks.js", "pe_checks.css"):
        assert (static / name).read_bytes() == (STATIC / name).read_bytes()


def test_an_unknown_name_stops_the_build_naming_the_page_and_the_known_names(tmp_path):
    src = copy_book(tmp_path, {"book/quiz.md": "# Quiz\n\n```{knowledge-check} chek_mark\n```\n"})
    with pytest.raises(ExtensionError) as info:
        build(src)
    message = str(info.value)
    assert "knowledge-check 'chek_mark' on page 'book/quiz'" in message
    assert "no such knowledge-check file; known: " in message and "check_mark" in message
    assert str(src / "book" / "quiz.md") in message


def test_a_broken_file_stops_the_build_with_its_problems(tmp_path):
    broken = GOOD.replace("        explanation: Why first.\n", "")
    src = copy_book(tmp_path, {"book/quiz.md": QUIZ, "book/local_checks.yaml": broken})
    with pytest.raises(ExtensionError) as info:
        build(src)
    message = str(info.value)
    assert "knowledge-check 'local_checks.yaml' on page 'book/quiz'" in message
    assert "local_checks.yaml: 1 problem" in message
    assert "line 9, questions[0].options[0].explanation: missing" in message


def test_other_formats_leave_the_checks_out(tmp_path):
    src = copy_book(tmp_path, {"book/quiz.md": QUIZ, "book/local_checks.yaml": GOOD})
    text = (Path(build(src, "text").outdir) / "book" / "quiz.txt").read_text(encoding="utf-8")
    assert "Between." in text and "Show the answer" not in text
