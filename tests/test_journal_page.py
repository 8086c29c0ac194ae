"""The ``{journal}`` directive (``pe_course.sphinx.journal``) and the HTML it writes
(``pe_course.render.journal.journal_boxes_html``), built with ``sphinx.testing`` on the small
test book. The page in a browser is tested in tests/browser/test_journal_page.py."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from docutils.statemachine import StringList
from sphinx.errors import ExtensionError

from pe_course.render.journal import (
    box_id,
    journal_boxes_html,
    storage_key,
)
from pe_course.sphinx import STATIC
from pe_course.sphinx.journal import parse_prompts
from pe_course.statements import QUESTION_IDS, get_question

from .test_sphinx_ext import build, copy_book
from .test_sphinx_ext import page as built_page

JOURNAL = """# Reflecting

Before.

```{journal} feedback
- When a partner disagrees with the professionals, how do we weigh what they say? Have
  we ever called it "emotional"?
- After we use a partner's <story>, do we ask how it felt?
```

Between.

```{journal} sharing_power
* Who decides?
```

```{journal} feedback
- A third feedback prompt, in a second block.
```

After.
"""
# as the page shows them: curly quotes, as Sphinx gives the rest of the page's text
PROMPTS = ["When a partner disagrees with the professionals, how do we weigh what they say? "
           "Have we ever called it “emotional”?",
           "After we use a partner’s <story>, do we ask how it felt?"]


@pytest.fixture(scope="module")
def journal_app(tmp_path_factory):
    src = copy_book(tmp_path_factory.mktemp("journal"), {"book/reflect.md": JOURNAL})
    return build(src)


def _boxes(html: str) -> list[dict[str, str]]:
    """Each prompt's label text, its for=, and its box's id and storage key, in page order."""
    found = re.findall(r'<label class="pe-journal-prompt" for="([^"]+)">(.*?)</label>'
                       r'<textarea class="pe-journal-box" id="([^"]+)"[^>]*data-pe-key="([^"]+)"',
                       html)
    return [{"for": f, "prompt": unescape(p), "id": i, "key": unescape(k)}
            for f, p, i, k in found]


def test_the_directive_writes_a_labelled_box_per_prompt_in_page_order(journal_app):
    html = built_page(journal_app, "book/reflect")
    assert html.index("Before.") < html.index('data-pe-journal="feedback"') \
        < html.index("Between.") < html.index('data-pe-journal="sharing_power"') \
        < html.index("After.")
    boxes = _boxes(html)
    assert [b["prompt"] for b in boxes] == [*PROMPTS, "Who decides?",
                                            "A third feedback prompt, in a second block."]
    assert all(b["for"] == b["id"] for b in boxes)
    # ids and keys name the page, the question and the number; a second block goes on
    assert [b["id"] for b in boxes] == [
        "pe-journal-book-reflect-feedback-1", "pe-journal-book-reflect-feedback-2",
        "pe-journal-book-reflect-sharing_power-1", "pe-journal-book-reflect-feedback-3"]
    assert [b["key"] for b in boxes] == [
        "pe-journal:book/reflect:feedback:1", "pe-journal:book/reflect:feedback:2",
        "pe-journal:book/reflect:sharing_power:1", "pe-journal:book/reflect:feedback:3"]
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # the prompt is text: the author's "<story>" is escaped, not markup
    assert "a partner’s &lt;story&gt;, do we ask" in html and "<story>" not in html


def test_each_block_has_buttons_a_status_line_and_a_note_without_javascript(journal_app):
    html = built_page(journal_app, "book/reflect")
    blocks = re.findall(r'<div class="pe-journal" .*?aria-live="polite"></p></div>', html,
                        re.DOTALL)
    assert len(blocks) == 3
    for block in blocks:
        assert '<button type="button" class="pe-journal-button pe-journal-export">Export my ' \
               'journal</button>' in block
        assert '<button type="button" class="pe-journal-button pe-journal-clear">Clear this ' \
               "page's answers</button>" in block
        assert '<p class="pe-journal-status" role="status" aria-live="polite"></p>' in block
        assert re.search(r"<noscript><p[^>]*>The boxes to write your answers in need "
                         r"JavaScript", block)
        # the boxes and buttons wait for the script; the prompts never do
        assert block.count("<textarea") == block.count(" hidden></textarea>")
        assert '<div class="pe-journal-actions" hidden>' in block
        assert not re.search(r'<label[^>]* hidden', block)


def test_the_assets_load_only_on_pages_with_a_journal_and_are_copied(journal_app):
    html = built_page(journal_app, "book/reflect")
    assert "_static/pe_journal.css" in html
    assert re.search(r'<script defer="defer" src="[^"]*_static/pe_journal.js', html)
    for docname in ("index", "scenarios", "tools", "book/check_mark"):
        assert "pe_journal" not in built_page(journal_app, docname), docname
    static = Path(journal_app.outdir) / "_static"
    for name in ("pe_journal.js", "pe_journal.css"):
        assert (static / name).read_bytes() == (STATIC / name).read_bytes()


def test_other_builders_show_the_prompts_as_a_list(tmp_path):
    src = copy_book(tmp_path, {"book/reflect.md": JOURNAL})
    text = (Path(build(src, "text").outdir) / "book" / "reflect.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    assert '* When a partner disagrees with the professionals, how do we weigh what they ' \
           'say? Have we ever called it "emotional"?' in flat
    assert "* Who decides?" in flat
    assert "Export my journal" not in text and "pe-journal" not in text


BAD = {
    "unknown id": ("```{journal} feedbak\n- A prompt?\n```\n", 3,
                   "journal 'feedbak' on page 'book/bad': no such reflection question"),
    "empty content": ("```{journal} feedback\n```\n", 3,
                      "journal 'feedback' on page 'book/bad': no prompt given"),
    "blank content": ("```{journal} feedback\n\n   \n```\n", 3,
                      "journal 'feedback' on page 'book/bad': no prompt given"),
    "not a bullet": ("```{journal} safer_spaces\n- A prompt?\n\nA paragraph.\n```\n", 6,
                     "journal 'safer_spaces' on page 'book/bad': 'A paragraph.' is not a "
                     "bullet"),
    "empty bullet": ("```{journal} feedback\n- A prompt?\n-\n```\n", 3,
                     "journal 'feedback' on page 'book/bad': a bullet with no prompt"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_stops_the_build_naming_the_page_line_and_valid_ids(tmp_path, case):
    body, line, message = BAD[case]
    src = copy_book(tmp_path, {"book/bad.md": f"# Bad\n\n{body}"})
    with pytest.raises(ExtensionError) as info:
        build(src)
    text = str(info.value)
    assert message in text
    assert f"{src / 'book' / 'bad.md'}:{line}:" in text
    assert "valid reflection question ids: " + ", ".join(QUESTION_IDS) in text


def test_parse_prompts_joins_continuation_lines_and_reports_stray_lines():
    content = StringList(["- One", "  goes on", "", "* Two", "+ Three", "Stray", "  -x"])
    prompts, stray = parse_prompts(content)
    assert prompts == ["One goes on", "Two", "Three -x"]
    assert stray == [(5, "Stray")]
    assert parse_prompts(StringList(["  - indented first"])) == ([], [(0, "  - indented first")])


def test_boxes_html_escapes_prompts_and_keys_and_numbers_from_start():
    html = journal_boxes_html(get_question("safer_spaces"), ['<img src=x onerror="a()">'],
                              'x"><script>', start=3)
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=&quot;a()&quot;&gt;" in html
    assert f'id="{box_id(chr(120) + chr(34) + "><script>", "safer_spaces", 3)}"' in html
    assert box_id('x"><script>', "safer_spaces", 3) == "pe-journal-x-script-safer_spaces-3"
    assert storage_key("book/a", "feedback", 2) == "pe-journal:book/a:feedback:2"
    assert 'data-pe-key="pe-journal:x&quot;&gt;&lt;script&gt;:safer_spaces:3"' in html


def test_the_chapters_keep_their_prompts_in_journal_blocks():
    root = Path(__file__).resolve().parents[1] / "book"
    for chapter in ("check_mark", "unconscious_bias", "lack_of_support", "vulnerability"):
        text = (root / f"{chapter}.md").read_text(encoding="utf-8")
        for question in QUESTION_IDS:
            anchor = f"({chapter}-reflect-{question.replace('_', '-')})="
            section = text[text.index(anchor):]
            section = section[:section.index("\n#", len(anchor) + 5)]
            assert f"```{{journal}} {question}\n- " in section, (chapter, question)
            assert not re.search(r"^- ", section.split("```{journal}")[0], re.M)


def test_prompts_keep_straight_quotes_where_the_book_turns_smartquotes_off(tmp_path):
    src = copy_book(tmp_path, {"book/reflect.md": JOURNAL})
    html = built_page(build(src, smartquotes=False), "book/reflect")
    assert [b["prompt"] for b in _boxes(html)][:2] == [
        p.replace("“", '"').replace("”", '"').replace("’", "'") for p in PROMPTS]
