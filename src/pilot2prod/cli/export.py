"""The ``export`` command: a plan as Markdown, one HTML page, or JSON."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pilot2prod import resources
from pilot2prod.bank import Bank
from pilot2prod.cli.common import AddCommand, plan_bank, store_for
from pilot2prod.cli.history import versions_to_compare
from pilot2prod.errors import OutputExistsError, Pilot2ProdError, UsageError
from pilot2prod.fileio import disk_full
from pilot2prod.plan import Plan
from pilot2prod.store import read_plan, write_atomic
from pilot2prod.text import for_terminal

EXPORT_FORMATS = ("md", "html", "json")
"""export --format (report.FORMATS; kept here so the command line starts without Markdown)."""


def add_export(add: AddCommand) -> None:
    sub = add("export", "export a plan as a Markdown document", cmd_export)
    sub.add_argument("name", metavar="NAME", nargs="?", help="the plan's name")
    sub.add_argument("--example", action="store_true", help="export the bundled example plan")
    sub.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    sub.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    sub.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="md (Markdown), html (one self-contained page for a board; print it to PDF) or "
        "json (the plan, its figures and its actions); default: from FILE's extension, else md",
    )
    sub.add_argument(
        "--board",
        action="store_true",
        help="only the board page: one printed page (A4 or Letter) to decide from; html by "
        "default, md with --format md or -o FILE.md",
    )
    sub.add_argument(
        "--since",
        metavar="VERSION",
        help="add what changed since that version (a number or label; 'pilot2prod history')",
    )


def cmd_export(args: argparse.Namespace) -> int:
    from pilot2prod.export import export_markdown
    from pilot2prod.report import export_html, export_json, format_for

    if args.example and args.name:
        raise UsageError("give a plan name or --example, not both")
    if not args.example and not args.name:
        raise UsageError("name the plan to export, or use --example")
    if args.board and args.since:
        raise UsageError("--since adds a section to the full report; the board page has none")
    if args.output == "":
        raise UsageError("-o needs a file name (or '-' for the standard output)")
    since = None
    store = store_for(args)
    if args.example:
        if args.since:
            raise UsageError("--since needs a plan with a history, not --example")
        plan = read_plan(resources.example_path())
    else:
        path = store.find(args.name)
        plan = store.load(path)
    bank = plan_bank(args, store, plan)  # the plan's own (--bank must be of the same id)
    if not args.example and args.since:
        before, name, _, _ = versions_to_compare(store, path, args.since, None)
        since = (before, name)
    chosen = format_for(args.format, args.output)
    if args.board:
        document = _board(bank, plan, args, chosen)
    elif chosen == "html":
        document = export_html(bank, plan, since=since)
    elif chosen == "json":
        if since is not None:
            raise UsageError("--since adds a section to a document: use it with md or html")
        document = export_json(bank, plan)
    else:
        document = export_markdown(bank, plan, since=since)
    _write(document, args.output, args.force)
    return 0


def _board(bank: Bank, plan: Plan, args: argparse.Namespace, chosen: str) -> str:
    """The board page: HTML unless Markdown is asked for (by --format or the file's name)."""
    from pilot2prod import board, insight
    from pilot2prod.plan import currency
    from pilot2prod.values import format_number

    if chosen == "json":
        raise UsageError("the board page is html or md, not json")
    named_md = (args.output or "").lower().endswith((".md", ".markdown"))
    fmt = "md" if args.format == "md" or (not args.format and named_md) else "html"
    code = currency(bank, plan)
    found = insight.assess(bank, plan, None, lambda v: format_number(v, "money", code))
    return board.export_board(found, fmt)


def _write(document: str, output: str | None, force: bool) -> None:
    """Write *document* to *output* (stdout for none or '-').

    A file is replaced atomically (an existing one only with *force*); a pipe, a terminal or
    a device (``/dev/stdout``, a named pipe) is written into, as a shell redirection would:
    replacing it would put a plain file where it was."""
    if not output or output == "-" or _is_stdout(Path(output)):
        sys.stdout.write(document)  # (-o /dev/stdout into a file: that file, not a new one)
        return
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name for the export")
    if target.parent.exists() and not target.parent.is_dir():
        raise UsageError(f"{target.parent} is a file, not a folder")
    if not target.parent.is_dir():
        raise UsageError(f"the folder {target.parent} does not exist")
    special = target.exists() and not target.is_file()
    if target.exists() and not special and not force:
        raise OutputExistsError(f"{target} already exists; add --force to overwrite it")
    try:
        if special:
            with target.open("wb") as stream:  # (into it: never replaced by a plain file)
                stream.write(document.encode("utf-8"))
        else:
            write_atomic(target, document.encode("utf-8"))
    except OSError as exc:
        full = ": the disk is full" if disk_full(exc) else ""
        raise Pilot2ProdError(f"cannot write {target}{full} ({exc.strerror or exc})") from None
    print(f"Exported to {for_terminal(str(target))}", file=sys.stderr)


def _is_stdout(path: Path) -> bool:
    """Whether *path* is the standard output itself (``/dev/stdout`` when the output goes to a
    file): replacing that file would leave the shell writing to one no longer there."""
    try:
        named, ours = path.stat(), os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # (no such file; a stdout without a file)
        return False
    return (named.st_dev, named.st_ino) == (ours.st_dev, ours.st_ino)
