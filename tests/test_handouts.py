"""The facilitator kit's handouts, evaluation form, commands and zip.

- The handouts' pages: every word of a scenario's cards comes from its file; the page
  counts the PDFs are checked against.
- The evaluation form's file: every problem named with its line and field.
- ``pe-course present``, ``handouts`` and ``dist``, with their bad-input paths.
- The PDFs' page: A4's width by US Letter's height, holding a sheet inside the margins, so
  one PDF prints on both papers; ``write_pdfs`` prints it and clears the old a4/ and letter/.
- The built site's PDFs (``site`` tests): one per handout, beside its page, with the
  expected number of pages, every page 595.3 x 792.0 pt (210 mm x 279.4 mm, within 0.5 pt),
  and its text has every step prompt; no a4/ or letter/ folder is left.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path

import pytest
import yaml

from pe_course.cli import main
from pe_course.dist import HOW_TO_OPEN, DistError, make_dist, missing_parts
from pe_course.errors import DataError
from pe_course.evaluation import load_form
from pe_course.kit import OLD_PDF_DIRS, PDF_PAGE, KitError, write_handouts, write_pdfs
from pe_course.render.handouts import (
    CSS,
    action_plan_sheet,
    all_handouts,
    evaluation_form,
    reflection_worksheet,
    scenario_cards,
    voting_cards,
)
from pe_course.scenarios import list_scenarios, load_scenario
from pe_course.statements import QUESTIONS, STATEMENTS

from .built_site import resolve_site_dir, skip_or_fail

PT_PER_MM = 72 / 25.4
# The two papers (portrait, mm), and the PDFs' page in points: 210 mm by 279.4 mm
# (Chromium makes 594.96 x 792.0, on its 0.96 pt steps: within the 0.5 pt allowed).
PAPERS_MM = {"A4": (210.0, 297.0), "US Letter": (215.9, 279.4)}
PDF_POINTS = (595.3, 792.0)
SHEET_MM = (182.0, 251.0)  # what every sheet fits (pe_course.render.handouts)


def _mm(size: str) -> float:
    assert size.endswith("mm"), size
    return float(size.removesuffix("mm"))


def _assert_pdf_pages(path: Path, pages: int):
    """The PDF at ``path`` has ``pages`` pages, each 595.3 by 792.0 points (within 0.5);
    returns its reader."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) == pages, \
        f"{path}: {len(reader.pages)} pages, expected {pages} (a sheet overflows?)"
    for number, pdf_page in enumerate(reader.pages, 1):
        box = pdf_page.mediabox
        size = (float(box.width), float(box.height))
        assert all(abs(got - want) <= 0.5 for got, want in zip(size, PDF_POINTS, strict=True)), \
            f"{path}, page {number}: {size[0]:.1f} x {size[1]:.1f} pt, expected " \
            f"{PDF_POINTS[0]} x {PDF_POINTS[1]} (210 mm x 279.4 mm)"
    return reader


def _text(html: str) -> str:
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _squash(text: str) -> str:
    """Text without whitespace or soft hyphens, ligatures undone (a PDF's "ﬁ" is "fi"):
    how a PDF's extracted text compares."""
    return re.sub(r"[\s\u00ad]+", "", unicodedata.normalize("NFKC", text))


# ---------------------------------------------------------------------------------------
# The pages


@pytest.mark.parametrize("scenario", list_scenarios(), ids=lambda s: s.id)
def test_scenario_cards_have_every_step_choice_and_ending(scenario):
    handout = scenario_cards(scenario)
    assert handout.name == f"cards-{scenario.id}"
    assert handout.pages == 2 + 2 * len(scenario.steps)  # cover, card + what happens, endings
    assert handout.html.count('class="sheet"') == handout.pages
    text = _text(handout.html)
    for step in scenario.steps:
        assert " ".join(step.prompt.split()) in text
        for choice in step.choices:
            assert " ".join(choice.label.split()) in text
            assert " ".join(choice.feedback.split()) in text
    for ending in scenario.endings:
        assert " ".join(ending.title.split()) in text


def test_consequences_come_on_the_page_after_the_card():
    scenario = load_scenario("grant-deadline")
    sheets = scenario_cards(scenario).html.split('<section class="sheet"')[1:]
    step = scenario.first_step
    card, back = sheets[1], sheets[2]
    label, feedback, pressure = (escape(t) for t in (step.choices[0].label,
                                                     step.choices[0].feedback, step.pressure))
    assert label in card and feedback not in card and feedback in back
    assert pressure not in card and pressure in back


def test_the_other_handouts():
    worksheet = _text(reflection_worksheet().html)
    assert all(q.question in worksheet for q in QUESTIONS)
    assert reflection_worksheet().pages == 4
    votes = voting_cards()
    assert votes.pages == 4
    assert re.findall(r'class="vote-letter"[^>]*>([A-D])<', votes.html) == list("ABCD")
    plan = action_plan_sheet()
    assert plan.pages == len(STATEMENTS)
    assert all(s.title in plan.html for s in STATEMENTS)
    for label in ("Start doing", "Stop doing", "Keep doing", "Owner", "By when"):
        assert plan.html.count(label) == len(STATEMENTS)
    form = load_form()
    evaluation = _text(evaluation_form().html)
    assert all(" ".join(q.text.split()) in evaluation for q in form.questions)


def test_handouts_load_nothing_and_link_their_pdfs():
    for handout in all_handouts():
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", handout.html), handout.name
        assert "<script" not in handout.html
        assert f'href="{handout.name}.pdf"' in handout.html, handout.name
        assert "a4/" not in handout.html and "letter/" not in handout.html, handout.name


# ---------------------------------------------------------------------------------------
# The PDFs' page


def test_the_pdf_page_prints_on_a4_and_us_letter():
    width, height = (_mm(size) for size in PDF_PAGE)
    assert (width, height) == (210.0, 279.4)  # A4's width, US Letter's height
    assert (round(width * PT_PER_MM, 1), round(height * PT_PER_MM, 1)) == PDF_POINTS
    # the smaller paper in each direction: printed at full size on both, never shrunk
    assert width == min(w for w, _h in PAPERS_MM.values())
    assert height == min(h for _w, h in PAPERS_MM.values())
    # and inside the handouts' @page margins it holds a sheet (182 mm wide, fixed)
    margin = float(re.search(r"@page\s*\{\s*margin:\s*([\d.]+)mm;\s*\}", CSS).group(1))
    assert re.search(rf"\.sheet \{{ width: {SHEET_MM[0]:g}mm;", CSS)
    assert width - 2 * margin == SHEET_MM[0] and height - 2 * margin >= SHEET_MM[1]
    # the HTML handouts set no paper size: a browser prints them on its printer's paper
    assert re.findall(r"@page\s*\{[^}]*\}", CSS) == ["@page { margin: 14mm; }"]


def test_write_pdfs_prints_one_pdf_beside_each_page_and_clears_the_old_folders(tmp_path):
    from pe_course.kit import chromium_path

    try:
        chromium_path()
    except KitError as exc:
        skip_or_fail(f"no Chromium to print with: {exc}")
    handouts = [voting_cards(), action_plan_sheet()]
    write_handouts(tmp_path, handouts)
    for old in OLD_PDF_DIRS:  # what an earlier build left
        (tmp_path / old).mkdir()
        for handout in handouts:
            (tmp_path / old / f"{handout.name}.pdf").write_bytes(b"%PDF-1.4 old")
    (tmp_path / "letter" / "notes.txt").write_text("not ours", encoding="utf-8")
    # in a thread of its own: Playwright's sync API refuses a thread with an event loop,
    # and the browser tests keep one open in this one for the whole session
    with ThreadPoolExecutor(max_workers=1) as pool:
        written = pool.submit(write_pdfs, tmp_path, handouts).result()
    assert written == [tmp_path.resolve() / f"{h.name}.pdf" for h in handouts]
    for handout in handouts:
        _assert_pdf_pages(tmp_path / f"{handout.name}.pdf", handout.pages)
    assert not (tmp_path / "a4").exists()
    # a file that is not a PDF of ours stays, and so does its folder
    assert sorted(p.name for p in (tmp_path / "letter").iterdir()) == ["notes.txt"]


# ---------------------------------------------------------------------------------------
# The evaluation form's file


def _form_file(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "form.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_shipped_form_is_anonymous_and_valid():
    form = load_form()
    assert 2 <= len(form.questions)
    words = " ".join(q.text for q in form.questions).lower()
    assert "your name" not in words and "diagnos" not in words


def test_a_bad_form_names_every_problem(tmp_path):
    path = _form_file(tmp_path, {
        "title": "T", "intro": "I", "colour": "red",
        "questions": [
            {"id": "a", "text": "Q?", "kind": "scale", "options": ["only one"]},
            {"id": "a", "text": "Q2?", "kind": "text", "lines": 40},
            {"id": "c", "text": "Q3?", "kind": "poll"},
            {"id": "d", "text": "Q4?", "kind": "text", "lines": 2, "options": ["x", "y"]},
        ]})
    with pytest.raises(DataError) as caught:
        load_form(path)
    message = str(caught.value)
    assert str(path) in message
    assert "colour: unknown field" in message
    assert "questions[0].options: expected a list of 2 to 6 texts" in message
    assert "questions[1].id: 'a' is used twice" in message
    assert "questions[1].lines: 40 is out of range; expected 1 to 10" in message
    assert "questions[2].kind: expected one of scale, choice, text, got text 'poll'" in message
    assert "questions[3].options: a text question has no options" in message
    assert re.search(r"line \d+, questions\[2\]\.kind", message)


def test_a_form_that_is_not_a_mapping(tmp_path):
    with pytest.raises(DataError, match="expected a mapping with title, intro and questions"):
        load_form(_form_file(tmp_path, ["a", "b"]))


# ---------------------------------------------------------------------------------------
# The commands and the zip


def test_pe_course_present_writes_one_page_per_scenario(tmp_path, capsys):
    assert main(["present", "grant-deadline", "research-day", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grant-deadline.html",
                                                          "research-day.html"]
    assert main(["present", "no-such-scenario", "--out", str(tmp_path)]) == 2
    assert "no scenario with id 'no-such-scenario'" in capsys.readouterr().err


def test_pe_course_present_names_a_broken_scenario_file(tmp_path, capsys, good_raw,
                                                        write_yaml):
    del good_raw["steps"][0]["prompt"]
    assert main(["present", str(write_yaml(good_raw)), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "scenario.yaml" in err and "prompt" in err
    assert not (tmp_path / "out").exists()


def test_handouts_without_chromium_say_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PE_COURSE_CHROMIUM", str(tmp_path / "no-chromium"))
    assert main(["handouts", str(tmp_path / "h")]) == 2
    err = capsys.readouterr().err
    assert "PE_COURSE_CHROMIUM" in err and "apt-get install chromium" in err
    # the printable pages were still written
    assert len(list((tmp_path / "h").glob("*.html"))) == len(all_handouts())
    assert main(["handouts", str(tmp_path / "pages"), "--no-pdf"]) == 0
    assert not list((tmp_path / "pages").rglob("*.pdf"))


def test_pdfs_need_the_pages_first(tmp_path):
    with pytest.raises(KitError, match="no printable page for voting-cards"):
        write_pdfs(tmp_path, [voting_cards()])


def _fake_site(root: Path) -> Path:
    site = root / "site"
    for name in missing_parts(site):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x", encoding="utf-8")
    (site / ".doctrees").mkdir()
    (site / ".doctrees" / "env.pickle").write_text("x")
    return site


def test_dist_refuses_an_incomplete_site(tmp_path, capsys):
    assert main(["dist", str(tmp_path), "--out", str(tmp_path / "d")]) == 2
    assert "no built site here" in capsys.readouterr().err
    site = _fake_site(tmp_path)
    (site / "present" / "grant-deadline.html").unlink()
    (site / "handouts" / "voting-cards.pdf").unlink()
    with pytest.raises(DistError) as caught:
        make_dist(site, tmp_path / "d", "1.0")
    assert "present/grant-deadline.html" in str(caught.value)
    assert "handouts/voting-cards.pdf" in str(caught.value)
    assert not (tmp_path / "d").exists() or not list((tmp_path / "d").iterdir())


def test_dist_zips_the_site_with_how_to_open_it(tmp_path, capsys):
    site = _fake_site(tmp_path)
    assert main(["dist", str(site), "--out", str(tmp_path / "d"), "--version", "1.2.3"]) == 0
    target = tmp_path / "d" / "pe-course-site-1.2.3.zip"
    assert str(target) in capsys.readouterr().out
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        how = archive.read("pe-course-site-1.2.3/HOW-TO-OPEN.txt").decode()
        page = archive.read("pe-course-site-1.2.3/HOW-TO-OPEN.html").decode()
    assert "pe-course-site-1.2.3/site/index.html" in names
    assert "pe-course-site-1.2.3/site/present/grant-deadline.html" in names
    assert not any(".doctrees" in n for n in names)
    assert how == HOW_TO_OPEN.format(version="1.2.3")
    assert "double-click index.html" in how and "pe-course serve site" in how
    assert 'href="site/index.html"' in page and "pe-course serve site --host 0.0.0.0" in page
    with pytest.raises(DistError, match="without spaces or slashes"):
        make_dist(site, tmp_path / "d", "1.0/../x")


# ---------------------------------------------------------------------------------------
# The built site's PDFs


@pytest.fixture(scope="module")
def handouts_dir() -> Path:
    return resolve_site_dir() / "handouts"


@pytest.mark.site
def test_every_handout_pdf_has_its_pages_and_its_words(handouts_dir):
    for handout in all_handouts():
        path = handouts_dir / f"{handout.name}.pdf"
        assert path.is_file(), f"{path} is missing: run `make site` (or pe-course handouts)"
        reader = _assert_pdf_pages(path, handout.pages)
        text = _squash(" ".join(page.extract_text() or "" for page in reader.pages))
        if handout.scenario_id:
            scenario = load_scenario(handout.scenario_id)
            for step in scenario.steps:
                assert _squash(step.prompt) in text, f"{path}: step {step.id}'s prompt"
                for choice in step.choices:
                    assert _squash(choice.label) in text, f"{path}: {choice.id}"
        elif handout.name == "reflection-worksheet":
            assert all(_squash(q.question) in text for q in QUESTIONS)
        elif handout.name == "voting-cards":
            assert all(letter in text for letter in "ABCD")


@pytest.mark.site
def test_the_site_has_one_pdf_per_handout_and_no_old_paper_folders(handouts_dir):
    assert sorted(p.name for p in handouts_dir.glob("*.pdf")) == \
        sorted(f"{h.name}.pdf" for h in all_handouts())
    folders = sorted(p.name for p in handouts_dir.iterdir() if p.is_dir())
    assert not folders, f"{handouts_dir}: folders left from an old build: {folders}"


@pytest.mark.site
def test_the_site_has_the_handout_pages(handouts_dir, tmp_path):
    for handout in all_handouts():
        page = handouts_dir / f"{handout.name}.html"
        assert page.read_text(encoding="utf-8") == handout.html, page
    # the site build and the command write the same pages
    write_handouts(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        sorted(p.name for p in handouts_dir.glob("*.html"))
