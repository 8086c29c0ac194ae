"""The reflection journal on the built site's chapters (the ``{journal}`` directive and
``pe_journal.js``) in headless Chromium: what is typed is kept in this browser across a
reload, exported as the journal's Markdown, shown only as text, cleared only after the
learner confirms; reachable by keyboard, axe-clean, readable without JavaScript, and honest
when the browser refuses to keep text. Each test has a fresh browser context, so a fresh
localStorage; the conftest fails a test whose page asks any host but 127.0.0.1.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pe_course.journal import Entry, Journal
from pe_course.render.journal import DOWNLOAD_NAME, journal_markdown
from pe_course.statements import get_statement

from .axe import format_violations, run_axe

CHAPTER = "vulnerability"
OTHER = "check_mark"
SAVED = "Saved in this browser"
NOT_SAVED = "Not saved: this browser does not let the page keep text"
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
MAX_TABS = 80

# Every journal answer this browser keeps (key -> the stored JSON).
_STORED = """() => Object.fromEntries(Object.keys(localStorage)
    .filter(k => k.startsWith('pe-journal:')).map(k => [k, JSON.parse(localStorage[k])]))"""


def _url(site_url: str, statement: str) -> str:
    return site_url + get_statement(statement).chapter + ".html"


def _open(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    page.wait_for_load_state("networkidle")


def _blocks(page):
    return page.locator(".pe-journal")


def _box(page, n: int = 0):
    return page.locator("textarea.pe-journal-box").nth(n)


def _status_of(box):
    return box.locator("xpath=ancestor::div[contains(@class, 'pe-journal')][1]"
                       "//p[contains(@class, 'pe-journal-status')]")


def _type(page, box, text: str) -> None:
    box.click()
    page.keyboard.type(text)


def _wait_saved(box) -> None:
    status = _status_of(box)
    status.page.wait_for_function("el => el.textContent.trim() !== ''",
                                  arg=status.element_handle(), timeout=5000)
    assert status.inner_text().strip() == SAVED


def _prompt_of(box) -> str:
    box_id = box.get_attribute("id")
    return box.page.locator(f'label[for="{box_id}"]').inner_text().strip()


def _title(page) -> str:
    return page.evaluate("""() => { const h = document.querySelector('article h1').cloneNode(true);
        h.querySelectorAll('.headerlink').forEach(a => a.remove());
        return h.textContent.trim(); }""")


def test_each_prompt_has_a_labelled_box_and_ids_are_unique(site_url, page):
    _open(page, _url(site_url, CHAPTER))
    assert _blocks(page).count() == 4
    assert [b.get_attribute("data-pe-journal") for b in _blocks(page).all()] == [
        "feedback", "thoughtful_questions", "safer_spaces", "sharing_power"]
    boxes = page.locator("textarea.pe-journal-box")
    assert boxes.count() == 8
    for box in boxes.all():
        assert box.is_visible()
        label = page.locator(f'label[for="{box.get_attribute("id")}"]')
        assert label.count() == 1 and label.is_visible() and label.inner_text().strip()
    ids = page.evaluate("() => Array.from(document.querySelectorAll('[id]'), e => e.id)")
    assert len(ids) == len(set(ids))
    assert _box(page).get_attribute("id") == "pe-journal-book-vulnerability-feedback-1"
    for block in _blocks(page).all():
        status = block.locator(".pe-journal-status")
        assert status.get_attribute("role") == "status"
        assert status.get_attribute("aria-live") == "polite"
        assert block.get_by_role("button", name="Export my journal").is_visible()
        assert block.get_by_role("button", name="Clear this page's answers").is_visible()


def test_typed_text_is_kept_after_a_reload(site_url, page):
    url = _url(site_url, CHAPTER)
    _open(page, url)
    box = _box(page, 1)
    _type(page, box, "We asked Sam how it felt.\nThen we changed the agenda.")
    _wait_saved(box)
    prompt = _prompt_of(box)

    page.reload(wait_until="load")
    box = _box(page, 1)
    assert box.input_value() == "We asked Sam how it felt.\nThen we changed the agenda."
    assert _status_of(box).inner_text().strip() == SAVED
    assert _box(page, 0).input_value() == ""
    stored = page.evaluate(_STORED)
    entry = stored["pe-journal:book/vulnerability:feedback:2"]
    assert entry["text"] == "We asked Sam how it felt.\nThen we changed the agenda."
    assert entry["prompt"] == prompt and entry["question"] == "feedback"
    assert entry["page"] == "book/vulnerability" and entry["title"] == _title(page)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["time"])
    assert list(stored) == ["pe-journal:book/vulnerability:feedback:2"]


def test_export_downloads_the_whole_journal_as_its_markdown(site_url, page, tmp_path):
    # an answer written earlier on another chapter, then two on this one
    _open(page, _url(site_url, OTHER))
    other_box = page.locator('textarea[data-pe-key$=":sharing_power:1"]')
    _type(page, other_box, "Partners chair every other meeting.")
    _wait_saved(other_box)
    other_title, other_prompt = _title(page), _prompt_of(other_box)
    page.evaluate("""() => { const k = 'pe-journal:book/check_mark:sharing_power:1';
        const e = JSON.parse(localStorage[k]); e.time = '2024-05-01T09:00:00Z';
        localStorage[k] = JSON.stringify(e); }""")

    _open(page, _url(site_url, CHAPTER))
    first, later = _box(page, 0), page.locator('textarea[data-pe-key$=":safer_spaces:1"]')
    _type(page, later, "Everyone may pass.")
    _type(page, first, "We weigh it as evidence.")  # not saved yet: export saves it first
    with page.expect_download() as info:
        _blocks(page).nth(2).get_by_role("button", name="Export my journal").click()
    download = info.value
    assert download.suggested_filename == DOWNLOAD_NAME
    text = Path(download.path()).read_text(encoding="utf-8")

    assert "Partners chair every other meeting." in text and other_prompt in text
    assert f"*Prompt:* {_prompt_of(first)}" in text and "We weigh it as evidence." in text
    assert f"(from the page “{other_title}”)" in text
    assert f"(from the page “{_title(page)}”)" in text
    # by reflection question in the course's order, not in the order they were written
    assert text.index("## 1. ") < text.index("We weigh it as evidence.") \
        < text.index("## 3. ") < text.index("Everyone may pass.") \
        < text.index("## 4. ") < text.index("Partners chair every other meeting.")
    assert "## 2. " not in text
    # exactly what the Python journal writes for the same entries
    stored = page.evaluate(_STORED)
    assert len(stored) == 3
    entries = [Entry(e["question"], e["text"], e["time"], e["prompt"], e["title"])
               for e in sorted(stored.values(), key=lambda e: (e["time"], e["page"],
                                                               e["number"]))]
    assert text == journal_markdown(Journal(tmp_path / "unused.json", tuple(entries)))
    status = _blocks(page).nth(2).locator(".pe-journal-status").inner_text()
    assert status == f"Exported 3 answers from every page to {DOWNLOAD_NAME}"


def test_learner_text_is_only_ever_text(site_url, page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, _url(site_url, CHAPTER))
    images_before = page.locator("img").count()
    for n, payload in enumerate(PAYLOADS):
        _type(page, _box(page, n), payload)
    page.keyboard.press("Tab")  # leaving the box saves it at once
    _wait_saved(_box(page, 1))
    page.reload(wait_until="load")
    for n, payload in enumerate(PAYLOADS):
        assert _box(page, n).input_value() == payload
    with page.expect_download() as info:
        _blocks(page).first.get_by_role("button", name="Export my journal").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert all(payload in text for payload in PAYLOADS)
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator(".pe-journal img, .pe-journal script").count() == 0
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("img").count() == images_before


def test_clear_asks_first_and_deletes_only_this_pages_answers(site_url, page):
    _open(page, _url(site_url, OTHER))
    other = _box(page, 0)
    _type(page, other, "Kept on the other page.")
    _wait_saved(other)
    _open(page, _url(site_url, CHAPTER))
    for n in (0, 3):
        _type(page, _box(page, n), f"Answer {n}.")
    page.keyboard.press("Tab")
    _wait_saved(_box(page, 3))
    assert len(page.evaluate(_STORED)) == 3
    clear = _blocks(page).nth(1).get_by_role("button", name="Clear this page's answers")

    messages: list[str] = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    clear.click()
    assert messages and "on this page" in messages[0] and "other pages are kept" in messages[0]
    assert _box(page, 0).input_value() == "Answer 0." and _box(page, 3).input_value() == "Answer 3."
    assert len(page.evaluate(_STORED)) == 3

    page.once("dialog", lambda dialog: dialog.accept())
    clear.click()
    page.wait_for_function("() => document.querySelector('textarea.pe-journal-box').value === ''")
    assert all(box.input_value() == "" for box in page.locator("textarea.pe-journal-box").all())
    assert list(page.evaluate(_STORED)) == ["pe-journal:book/check_mark:feedback:1"]
    assert "Cleared" in _blocks(page).nth(1).locator(".pe-journal-status").inner_text()
    page.reload(wait_until="load")
    assert _box(page, 0).input_value() == ""


def _focus(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className || '',
                text: (e.innerText || '').trim(),
                block: e.closest('.pe-journal') ? [...document.querySelectorAll('.pe-journal')]
                    .indexOf(e.closest('.pe-journal')) : -1,
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }""")


def test_tab_reaches_every_box_and_both_buttons_with_a_visible_focus(site_url, page):
    _open(page, _url(site_url, CHAPTER))
    wanted = {(b, box.get_attribute("id")) for b, block in enumerate(_blocks(page).all())
              for box in block.locator("textarea").all()}
    wanted |= {(b, name) for b in range(4)
               for name in ("Export my journal", "Clear this page's answers")}
    # start from the link just before the first journal block (the quote's citation)
    page.locator(".pe-journal").first.locator("xpath=preceding::a[1]").focus()
    reached: set = set()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = _focus(page)
        if now["block"] < 0:
            if reached and len(reached) == len(wanted):
                break
            continue
        assert now["outline"], f"no visible focus on {now}"
        reached.add((now["block"], now["id"] if now["tag"] == "textarea" else now["text"]))
    assert reached == wanted
    # a button works from the keyboard: Enter on Export downloads the file
    focused_button = page.locator(".pe-journal-export").last
    focused_button.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == DOWNLOAD_NAME


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_with_its_journal_passes_axe(site_url, page, scheme):
    page.emulate_media(color_scheme=scheme)
    _open(page, _url(site_url, CHAPTER))
    _type(page, _box(page, 0), "Something to save.")
    _wait_saved(_box(page, 0))
    violations = run_axe(page)
    assert not violations, format_violations(violations, f"{CHAPTER} ({scheme})")


def test_without_javascript_the_prompts_are_text_and_a_note_says_why_no_boxes(
        site_url, js_disabled_page):
    page = js_disabled_page
    _open(page, _url(site_url, CHAPTER))
    labels = page.locator(".pe-journal-prompt")
    assert labels.count() == 8 and all(label.is_visible() for label in labels.all())
    assert labels.first.inner_text().startswith("When a partner disagrees with the professionals")
    notes = page.locator(".pe-journal noscript .pe-journal-noscript")  # text search skips these
    assert notes.count() == 4 and all(note.is_visible() for note in notes.all())
    assert notes.first.inner_text().startswith("The boxes to write your answers in need "
                                               "JavaScript")
    assert not any(box.is_visible() for box in page.locator("textarea").all())
    assert not page.get_by_role("button", name="Export my journal").first.is_visible()


def test_a_browser_that_refuses_storage_is_told_so(site_url, page):
    page.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); }});""")
    _open(page, _url(site_url, CHAPTER))
    box = _box(page, 0)
    assert _status_of(box).inner_text().strip() == NOT_SAVED
    _type(page, box, "Will not be kept.")
    page.keyboard.press("Tab")
    assert _status_of(box).inner_text().strip() == NOT_SAVED
    # the export still has what is on the page
    with page.expect_download() as info:
        _blocks(page).first.get_by_role("button", name="Export my journal").click()
    assert "Will not be kept." in Path(info.value.path()).read_text(encoding="utf-8")


def test_the_reflection_chapter_has_a_journal_for_each_question_in_order(site_url, page):
    from pe_course.statements import QUESTION_IDS

    _open(page, site_url + "book/reflection.html")
    blocks = _blocks(page)
    assert [blocks.nth(i).get_attribute("data-pe-journal")
            for i in range(blocks.count())] == list(QUESTION_IDS)
    for i in range(blocks.count()):  # three or more prompts, each with its own box
        assert blocks.nth(i).locator("textarea.pe-journal-box").count() >= 3
    box = page.locator('textarea[data-pe-key="pe-journal:book/reflection:sharing_power:2"]')
    _type(page, box, "A partner co-chairs from June.")
    _wait_saved(box)
    page.reload(wait_until="load")
    box = page.locator('textarea[data-pe-key="pe-journal:book/reflection:sharing_power:2"]')
    assert box.input_value() == "A partner co-chairs from June."
