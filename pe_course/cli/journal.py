"""``pe-course journal add|list|export``: the private reflection journal, kept in a file.

A thin shell over ``pe_course.journal``: every check and every write happens there.
Nothing is ever sent anywhere. A journal that cannot be read is never overwritten:
``add`` refuses (exit 2) unless ``--new`` is given, which first moves it aside.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pe_course.cli import print_text
from pe_course.errors import EXIT_OK


def _path(args: argparse.Namespace) -> Path:
    from pe_course.journal import default_path

    return Path(args.journal).expanduser() if args.journal else default_path()


def _add(args: argparse.Namespace) -> int:
    from pe_course.journal import UnreadableJournalError, add_entry, move_aside
    from pe_course.statements import get_question

    path = _path(args)
    text = sys.stdin.read() if args.text == "-" else args.text

    def add():
        return add_entry(path, args.question, text, prompt=args.prompt, chapter=args.chapter)

    try:
        entry = add()
    except UnreadableJournalError as exc:
        if not args.new:
            raise UnreadableJournalError(
                f"{exc} Nothing was added. To keep that file as it is and start a new "
                "journal with this entry, run the same command with --new.") from None
        aside = move_aside(path)
        print(f"The journal could not be read, so it was moved, unchanged, to {aside}")
        entry = add()
    title = get_question(entry.question).title
    print(f"Saved your entry on “{title}” in your journal: {path}")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from pe_course.journal import read_journal
    from pe_course.statements import get_question

    journal = read_journal(_path(args))
    count = len(journal.entries)
    if not count:
        print(f"Your journal ({journal.path}) has no entries yet. Add one with: "
              "pe-course journal add --question ID --text TEXT")
        return EXIT_OK
    lines = [f"Your journal: {journal.path} ({count} {'entry' if count == 1 else 'entries'})"]
    for number, entry in enumerate(journal.entries, 1):
        when = entry.time.replace("T", " ").replace("Z", " UTC")
        where = f", from the page {entry.chapter}" if entry.chapter else ""
        lines += ["", f"{number}. {get_question(entry.question).title} ({when}{where})"]
        if entry.prompt:
            lines.append(f"   Prompt: {entry.prompt}")
        lines += [f"   {line}" if line else "" for line in entry.text.strip("\n").splitlines()]
    print_text("\n".join(lines))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from pe_course.journal import read_journal
    from pe_course.render.journal import journal_html, journal_markdown

    journal = read_journal(_path(args))
    print_text((journal_html if args.format == "html" else journal_markdown)(journal))
    return EXIT_OK


def _journal_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--journal", metavar="PATH",
                        help="the journal file (default: $PE_COURSE_JOURNAL, or "
                             "~/pe-course/journal.json)")


def register(subparsers: argparse._SubParsersAction) -> None:
    from pe_course.statements import QUESTION_IDS

    p = subparsers.add_parser(
        "journal", help="your private reflection journal: add, list and export entries",
        description="Keep your answers to the reflection questions in a file on your own "
                    "computer. Nothing is sent anywhere. Exit 0; 2 if the input or the "
                    "journal file has a problem (the message names the file and the problem).")
    sub = p.add_subparsers(dest="action", required=True)
    p_add = sub.add_parser("add", help="add an entry to your journal",
                           description="Add an entry. A journal file that cannot be read is "
                                       "never overwritten: add refuses, unless --new.")
    p_add.add_argument("--question", required=True, metavar="ID",
                       help=f"which reflection question: {', '.join(QUESTION_IDS)}")
    p_add.add_argument("--text", required=True, help="what you want to write ('-' reads it "
                                                     "from standard input)")
    p_add.add_argument("--prompt", help="the prompt you are answering (optional)")
    p_add.add_argument("--chapter", help="the page you wrote it from, such as vulnerability")
    _journal_option(p_add)
    p_add.add_argument("--new", action="store_true",
                       help="if the journal cannot be read, keep it under a new name and "
                            "start a new journal with this entry")
    p_add.set_defaults(func=_add)
    p_list = sub.add_parser("list", help="show your entries, numbered, as plain text")
    _journal_option(p_list)
    p_list.set_defaults(func=_list)
    p_export = sub.add_parser("export", help="print your whole journal as Markdown or HTML, "
                                             "by reflection question")
    p_export.add_argument("--format", choices=["md", "html"], default="md")
    _journal_option(p_export)
    p_export.set_defaults(func=_export)
