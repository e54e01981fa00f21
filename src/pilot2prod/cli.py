"""The ``pilot2prod`` command line (argparse).

Only the commands that open the wizard import Textual; ``list``, ``export``, ``questions``,
``import``, ``path`` and ``new --no-open`` never do, so they start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from pilot2prod import __version__, resources
from pilot2prod.bank import Bank, load_bank
from pilot2prod.errors import (
    EXIT_FAILURE,
    EXIT_USAGE,
    NoHistoryError,
    OutputExistsError,
    Pilot2ProdError,
    PlanFileError,
    UsageError,
)
from pilot2prod.fileio import disk_full
from pilot2prod.plan import Plan, start_from
from pilot2prod.store import SORTS, Store, check_name, dumps, read_plan, sort_listed, write_atomic
from pilot2prod.text import escape_invisible, for_terminal, one_line, show_invisible

PROG = "pilot2prod"
EXPORT_FORMATS = ("md", "html", "json")
"""export --format (report.FORMATS; kept here so the command line starts without Markdown)."""

DESCRIPTION = (
    "Take a team from an AI pilot to a production plan: answer the questions phase by phase, "
    "see where the plan will stall, and export it as Markdown."
)
EPILOG = (
    "Plans are TOML files in <data dir>/plans/. The data dir is --data-dir, else "
    "$PILOT2PROD_DATA_DIR, else your user data directory ('pilot2prod path' prints it)."
)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors ending in one sentence that says where to look."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {for_terminal(message)}\n")


def _common() -> argparse.ArgumentParser:
    """--data-dir and --bank, accepted before or after the command name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep plans in DIR/plans instead of the user data directory",
    )
    common.add_argument(
        "--bank",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="use the question bank in FILE instead of the built-in one",
    )
    common.add_argument(
        "--theme",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="colours for this run, e.g. 'projector' for a projected screen (default: "
        "$PILOT2PROD_THEME, else the theme last chosen in the app)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG, parents=[common])
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.set_defaults(handler=cmd_home)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, parents=[common], epilog=EPILOG
        )
        sub.set_defaults(handler=handler)
        return sub

    sub = add("new", "create a plan and open it in the wizard", cmd_new)
    sub.add_argument("name", metavar="NAME", help='the plan\'s name, e.g. "Acme claims triage"')
    sub.add_argument("--no-open", action="store_true", help="print the new file's path and exit")
    sub.add_argument(
        "--from",
        dest="source",
        metavar="OTHER",
        help="start from another plan (its name) or a plan or template file: only what the "
        "question bank marks reusable (registers, budget lines, checklist owners)",
    )
    start = sub.add_mutually_exclusive_group()
    start.add_argument(
        "--keep-all", action="store_true", help="with --from: copy every answer and note"
    )
    start.add_argument("--blank", action="store_true", help="with --from: copy nothing")

    sub = add("open", "open a plan in the wizard where it was left", cmd_open)
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    sub.add_argument(
        "--workshop",
        action="store_true",
        help="start the workshop timer: time left per agenda block, time spent per step",
    )

    add("demo", "open a copy of the bundled example plan in the wizard", cmd_demo)

    sub = add(
        "present",
        "show a plan for the room (read-only), following the window that edits it",
        cmd_present,
    )
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")

    sub = add("list", "list the plans with their progress", cmd_list)
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sub.add_argument(
        "--sort",
        choices=SORTS,
        default="updated",
        help="last update first (the default, as home), name, least ready first, or highest risk",
    )

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
        "--since",
        metavar="VERSION",
        help="add what changed since that version (a number or label; 'pilot2prod history')",
    )

    sub = add("actions", "list a plan's actions (owner, due date, status, where from)", cmd_actions)
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    formats = sub.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print a JSON list instead")
    formats.add_argument(
        "--csv", action="store_true", help="print CSV (a header row, ISO dates) for a tracker"
    )

    sub = add("history", "list a plan's saved versions (and keep one with --save)", cmd_history)
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    sub.add_argument(
        "--save",
        metavar="LABEL",
        help='keep the plan as it is now as a version, e.g. "after workshop 2"',
    )

    sub = add(
        "diff",
        "what changed between two versions: answers and figures (no versions: the last two)",
        cmd_diff,
    )
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    sub.add_argument("since", metavar="FROM", nargs="?", help="a version number or label")
    sub.add_argument(
        "until", metavar="TO", nargs="?", help="a version number or label (default: the plan now)"
    )

    sub = add(
        "compare",
        "two plans side by side: figures and the answers that differ (NAME@VERSION for a version)",
        cmd_compare,
    )
    sub.add_argument("first", metavar="A", help="a plan's name, or NAME@VERSION")
    sub.add_argument("second", metavar="B", help="another plan, or NAME@VERSION")

    sub = add("restore", "bring back a version of a plan (itself kept as a version)", cmd_restore)
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    sub.add_argument("version", metavar="VERSION", help="a version number or label")

    sub = add("questions", "show the question bank: phases, steps and questions", cmd_questions)
    sub.add_argument("--json", action="store_true", help="print JSON instead of text")

    sub = add(
        "import", "check a plan file from elsewhere and copy it into the data dir", cmd_import
    )
    sub.add_argument("file", metavar="FILE", help="the plan file (TOML) to import")
    sub.add_argument(
        "--as", dest="as_name", metavar="NAME", help="import the plan under this name instead"
    )
    sub.add_argument(
        "--keep-invalid",
        action="store_true",
        help="import answers of the wrong type too, kept as they are as answers to fix",
    )

    add("path", "print the data directory", cmd_path)

    sub = add(
        "merge-driver",
        "merge two versions of a plan answer by answer (a git merge driver: %%O %%A %%B)",
        cmd_merge_driver,
    )
    sub.add_argument("base", metavar="BASE", help="the common ancestor (git's %%O)")
    sub.add_argument("ours", metavar="OURS", help="our version; the result is written here (%%A)")
    sub.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    sub.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="the file's path in the repository, for messages (git's %%P)",
    )
    return parser


# --- Helpers -------------------------------------------------------------------------------------


def _store(args: argparse.Namespace) -> Store:
    override = getattr(args, "data_dir", None)
    if override is not None and not str(override).strip():
        raise UsageError("--data-dir needs a folder, not an empty value")
    store = Store.open(override)
    store.tidy()  # temp files a killed save left behind, once they are old enough
    return store


def _bank(args: argparse.Namespace) -> Bank:
    path = getattr(args, "bank", None)
    if path is not None and not str(path).strip():
        raise UsageError("--bank needs a file, not an empty value")
    return load_bank(Path(path) if path else None)


def _order(bank: Bank) -> list[str]:
    return [q.id for q in bank.questions()]


def _say(line: str = "") -> None:
    print(line)


def _print_columns(table: Sequence[Sequence[str]]) -> None:
    """Rows as aligned columns, safe for a terminal; the last column is not padded."""
    rows = [[for_terminal(" ".join(c.split())) for c in row] for row in table]
    columns = len(rows[0]) - 1
    widths = [max(len(row[i]) for row in rows) for i in range(columns)]
    for row in rows:
        padded = "  ".join(c.ljust(w) for c, w in zip(row[:columns], widths, strict=True))
        _say(f"{padded}  {row[columns]}".rstrip())


def _need_terminal(hint: str = "use 'pilot2prod list' or 'pilot2prod export' in scripts") -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(f"the wizard needs a terminal; {hint}")
    term = os.environ.get("TERM", "")
    if sys.platform != "win32" and term in ("", "dumb"):
        shown = f"TERM={term}" if term else "TERM is not set"
        raise UsageError(
            f"this terminal cannot show the wizard ({shown}); set TERM (e.g. xterm-256color), "
            "or use 'pilot2prod list' and 'pilot2prod export'"
        )


def _theme(args: argparse.Namespace) -> str | None:
    """The theme asked for (--theme, else $PILOT2PROD_THEME), checked; None for the saved one."""
    name = getattr(args, "theme", None) or os.environ.get("PILOT2PROD_THEME") or None
    if name is None:
        return None
    from pilot2prod.tui.themes import theme_names  # deferred: only a theme asked for needs it

    names = theme_names()
    if name not in names:
        raise UsageError(f"unknown theme '{for_terminal(name)}'; the themes are {', '.join(names)}")
    return name


def _open_wizard(
    store: Store,
    bank: Bank,
    plan_path: Path | None,
    theme: str | None = None,
    *,
    present: bool = False,
    workshop: bool = False,
) -> int:
    """Open the full-screen app (home, the plan at *plan_path*, or its presenter view)."""
    _need_terminal()
    from pilot2prod.tui.app import run_app  # deferred: the other commands never load Textual

    return run_app(store, bank, plan_path, theme=theme, present=present, workshop=workshop)


# --- Commands ------------------------------------------------------------------------------------


def cmd_home(args: argparse.Namespace) -> int:
    store = _store(args)
    store.check()  # a plans folder that cannot be read is said here, before the screen is taken
    return _open_wizard(store, _bank(args), None, args.theme)


def cmd_new(args: argparse.Namespace) -> int:
    name = check_name(args.name)
    bank = _bank(args)
    store = _store(args)
    store.check()
    if (args.keep_all or args.blank) and not args.source:
        raise UsageError("--keep-all and --blank go with --from OTHER")
    if not args.no_open:
        _need_terminal("add --no-open to only create the plan")
    plan = Plan.new(name, bank)
    if args.source:
        source = store.load(store.find_source(args.source))
        keep = "all" if args.keep_all else "blank" if args.blank else "reusable"
        plan = start_from(bank, source, name, keep)
    path = store.create(plan, _order(bank))
    if args.no_open:
        _say(for_terminal(str(path)))
        return 0
    return _open_wizard(store, bank, path, args.theme)


def cmd_open(args: argparse.Namespace) -> int:
    bank = _bank(args)
    store = _store(args)
    path = store.find(args.name)
    store.load(path)  # an unreadable plan is reported here, before the screen is taken over
    return _open_wizard(store, bank, path, args.theme, workshop=args.workshop)


def cmd_present(args: argparse.Namespace) -> int:
    bank = _bank(args)
    store = _store(args)
    path = store.find(args.name)
    store.load(path)  # an unreadable plan is reported here, before the screen is taken over
    return _open_wizard(store, bank, path, args.theme, present=True)


def cmd_demo(args: argparse.Namespace) -> int:
    _need_terminal("'pilot2prod export --example' prints the example")
    bank = _bank(args)
    store = _store(args)
    path = store.demo(resources.example_path(), _order(bank))
    return _open_wizard(store, bank, path, args.theme)


def cmd_list(args: argparse.Namespace) -> int:
    from pilot2prod import insight  # deferred: opening a plan does not need it to start

    bank = _bank(args)
    store = _store(args)
    listed = store.listing(partial(insight.summary, bank), insight.summary_key(bank))
    entries = sort_listed(listed, args.sort)
    fields = ("progress", "readiness", "verdict", "highest_risk", "organisation", "to_fix")
    if args.json:
        rows = []
        for entry in entries:
            row: dict[str, Any] = {"file": str(entry.path), "name": entry.name}
            row["updated"] = entry.updated or None
            summary = entry.summary or {}
            row |= {field: summary.get(field) for field in fields}
            row["error"] = entry.error.reason if entry.error else None
            rows.append(row)
        print(visible_json(rows))
        return 0
    if not entries:
        _say(f"No plans yet in {for_terminal(str(store.plans_dir))}.")
        _say(f'Create one with: {PROG} new "Plan name"')
        return 0
    table = [("NAME", "ORGANISATION", "UPDATED (UTC)", "PROGRESS", "READY", "TOP RISK", "FILE")]
    for entry in entries:
        if entry.error is None and entry.summary is not None:
            summary = entry.summary
            ready = summary["readiness"]
            top = summary["highest_risk"]
            table.append(
                (
                    entry.name or "",
                    str(summary.get("organisation") or "-"),
                    entry.updated.replace("T", " ").removesuffix("Z"),
                    f"{summary['progress']}%",
                    f"{'n/a' if ready is None else f'{ready}%'} {summary['verdict']}",
                    f"{top['level'].upper()}: {top['reason']}" if top else "",
                    entry.path.name,
                )
            )
        else:
            reason = entry.error.reason if entry.error else "unreadable"
            line = f", line {entry.error.line}" if entry.error and entry.error.line else ""
            where = f"{entry.path.name}{line}: {reason}"
            table.append(("(cannot read)", "", "", "", "", "", where))
    _print_columns(table)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from pilot2prod import insight

    bank = _bank(args)
    store = _store(args)
    path = store.find(args.name)
    if args.save is not None:
        if not args.save.strip():
            raise UsageError("--save needs a label, e.g. --save 'after workshop 2'")
        kept = store.snapshot(path, _order(bank), args.save)
        assert kept is not None
        _say(f"Kept as version {kept.number}: {for_terminal(kept.label)}")
        return 0
    versions = store.versions(path)
    if not versions:
        store.find_version(path, "")  # says there is no history, in one sentence
    table = [("VERSION", "SAVED (UTC)", "PROGRESS", "READY", "LABEL")]
    for version in versions:
        try:
            if version.problem:
                raise PlanFileError(version.file, version.problem)
            summary = insight.summary(bank, store.version_plan(version))
        except PlanFileError as exc:
            line = f"line {exc.line}: " if exc.line is not None else ""
            problem = f"(cannot read: {line}{exc.reason})"
            table.append((str(version.number), version.at or "-", "", "", problem))
            continue
        ready = summary["readiness"]
        table.append(
            (
                str(version.number),
                version.at.replace("T", " ").removesuffix("Z"),
                f"{summary['progress']}%",
                f"{'n/a' if ready is None else f'{ready}%'} {summary['verdict']}",
                version.label,
            )
        )
    _print_columns(table)
    return 0


def _versions_to_compare(
    store: Store, path: Path, since: str | None, until: str | None
) -> tuple[Plan, str, Plan, str]:
    """(before, its name, after, its name) for ``diff`` and ``export --since``."""
    if since is None:
        versions = store.versions(path)
        if len(versions) < 2:
            store.find_version(path, "")  # no history at all: one sentence
            raise NoHistoryError(
                f"'{for_terminal(path.stem)}' has only one version so far; give the version "
                "to compare the plan with (pilot2prod diff NAME 1)"
            )
        first, second = versions[-2], versions[-1]
        return (
            store.version_plan(first),
            _named(first),
            store.version_plan(second),
            _named(second),
        )
    before_version = store.find_version(path, since)
    before = store.version_plan(before_version)
    if until is None or until.strip().lower() == "now":
        return before, _named(before_version), store.load(path), "the plan now"
    after_version = store.find_version(path, until)
    return before, _named(before_version), store.version_plan(after_version), _named(after_version)


def _named(version: Any) -> str:
    label = f" ({version.label})" if version.label else ""
    return f"version {version.number}{label}, {version.at.replace('T', ' ').removesuffix('Z')}"


def cmd_diff(args: argparse.Namespace) -> int:
    from pilot2prod.changes import compare, diff_lines

    bank = _bank(args)
    store = _store(args)
    path = store.find(args.name)
    before, before_name, after, after_name = _versions_to_compare(
        store, path, args.since, args.until
    )
    _say(for_terminal(f"From {before_name} to {after_name}:"))
    for line in diff_lines(compare(bank, before, after)):
        _say(for_terminal(line))
    return 0


def _plan_or_version(store: Store, given: str) -> tuple[Plan, str]:
    """``NAME`` (the plan now) or ``NAME@VERSION`` (a version of it), and how to call it."""
    name, at, version = given.rpartition("@") if "@" in given else (given, "", "")
    path = store.find(name)
    plan = store.load(path)
    if not at:
        return plan, plan.name
    found = store.find_version(path, version)
    return store.version_plan(found), f"{plan.name} v{found.number}"


def cmd_compare(args: argparse.Namespace) -> int:
    from pilot2prod.changes import side_by_side

    bank = _bank(args)
    store = _store(args)
    one, one_name = _plan_or_version(store, args.first)
    other, other_name = _plan_or_version(store, args.second)
    figures, answers = side_by_side(bank, one, other)
    _print_columns([("FIGURE", one_name, other_name), *figures])
    _say()
    if not answers:
        _say("Every answer is the same.")
        return 0
    _say("1 answer differs:" if len(answers) == 1 else f"{len(answers)} answers differ:")
    for label, first, second in answers:
        _say(for_terminal(f"- {label}"))
        _say(for_terminal(f"    {one_name}: {one_line(first, 100)}"))
        _say(for_terminal(f"    {other_name}: {one_line(second, 100)}"))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    bank = _bank(args)
    store = _store(args)
    path = store.find(args.name)
    version = store.find_version(path, args.version)
    kept = store.restore_version(path, version, _order(bank))
    _say(
        f"Restored version {version.number}; the plan as it was is kept in the history, and "
        f"the restored plan is version {kept.number}."
    )
    return 0


ACTION_FIELDS = ("id", "what", "owner", "due", "status", "source", "source_id")
"""The columns of ``actions --csv`` and the keys of ``actions --json``."""


def _spreadsheet_safe(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a quote.
    (Invisible and bidi-control characters are shown as ``<U+202E>`` before this, as in every
    other output.)"""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def cmd_actions(args: argparse.Namespace) -> int:
    from pilot2prod import record

    bank = _bank(args)
    store = _store(args)
    plan = store.load(store.find(args.name))
    rows = [
        {
            "id": action.id,
            "what": action.what,
            "owner": action.owner,
            "due": action.due,
            "status": action.status,
            "source": record.source_label(bank, action.source),
            "source_id": action.source,
        }
        for action in record.actions(plan)
    ]
    if args.json:
        print(visible_json(rows))
        return 0
    if args.csv:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=ACTION_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _spreadsheet_safe(show_invisible(v)) for k, v in row.items()})
        return 0
    if not rows:
        _say(f"No actions yet in '{for_terminal(plan.name)}'. In the wizard, F3 captures one.")
        return 0
    table = [("DUE", "OWNER", "STATUS", "ACTION")]
    table += [
        (row["due"] or "-", row["owner"] or "(no owner)", row["status"], row["what"])
        for row in sorted(rows, key=lambda r: (not r["due"], r["due"], r["owner"].lower()))
    ]
    _print_columns(table)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pilot2prod.export import export_markdown
    from pilot2prod.report import export_html, export_json, format_for

    if args.example and args.name:
        raise UsageError("give a plan name or --example, not both")
    if not args.example and not args.name:
        raise UsageError("name the plan to export, or use --example")
    bank = _bank(args)
    since = None
    if args.example:
        if args.since:
            raise UsageError("--since needs a plan with a history, not --example")
        plan = read_plan(resources.example_path())
    else:
        store = _store(args)
        path = store.find(args.name)
        plan = store.load(path)
        if args.since:
            before, name, _, _ = _versions_to_compare(store, path, args.since, None)
            since = (before, name)
    chosen = format_for(args.format, args.output)
    if chosen == "html":
        document = export_html(bank, plan, since=since)
    elif chosen == "json":
        if since is not None:
            raise UsageError("--since adds a section to a document: use it with md or html")
        document = export_json(bank, plan)
    else:
        document = export_markdown(bank, plan, since=since)
    if args.output and args.output != "-":
        target = Path(args.output)
        if target.is_dir():
            raise UsageError(f"{target} is a folder; give a file name for the export")
        if not target.parent.is_dir():
            raise UsageError(f"the folder {target.parent} does not exist")
        if target.exists() and not args.force:
            raise OutputExistsError(f"{target} already exists; add --force to overwrite it")
        try:
            write_atomic(target, document.encode("utf-8"))
        except OSError as exc:
            full = ": the disk is full" if disk_full(exc) else ""
            raise Pilot2ProdError(f"cannot write {target}{full} ({exc.strerror or exc})") from None
        print(f"Exported to {for_terminal(str(target))}", file=sys.stderr)
    else:
        sys.stdout.write(document)
    return 0


def _bank_json(bank: Bank) -> dict[str, Any]:
    def question(q: Any) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": q.id,
            "kind": q.kind,
            "prompt": q.prompt,
            "required": q.required,
        }
        if q.help:
            item["help"] = q.help
        if q.choices:
            item["choices"] = [{"value": c.value, "label": c.label} for c in q.choices]
        if q.columns:
            item["columns"] = [{"id": c.id, "label": c.label, "kind": c.kind} for c in q.columns]
        if q.when:
            item["when"] = {k: v for k, v in vars(q.when).items() if v not in (None, ())}
        return item

    return {
        "id": bank.id,
        "version": bank.version,
        "title": bank.title,
        "phases": [
            {
                "id": p.id,
                "kind": p.kind,
                "number": p.number,
                "title": p.title,
                "steps": [
                    {
                        "id": s.id,
                        "title": s.title,
                        **({"fix": s.fix} if s.fix else {}),
                        "questions": [question(q) for q in s.questions],
                    }
                    for s in p.steps
                ],
            }
            for p in bank.phases
        ],
    }


def cmd_questions(args: argparse.Namespace) -> int:
    bank = _bank(args)
    if args.json:
        print(visible_json(_bank_json(bank)))
        return 0
    count = sum(1 for _ in bank.questions())
    _say(f"{bank.title} (bank '{bank.id}', version {bank.version}): {count} questions")
    width = max(len(q.id) for q in bank.questions())
    for phase in bank.phases:
        _say()
        _say(phase.label.upper())
        for step in phase.steps:
            _say(f"  {step.title}")
            for q in step.questions:
                flag = "*" if q.required else " "
                _say(f"   {flag} {q.id.ljust(width)}  {q.kind.ljust(12)}  {q.prompt}")
            if step.fix:
                _say(f"     {'fix'.ljust(width)}  {'':12}  {step.fix}")
    _say()
    _say("* required")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    bank = _bank(args)
    source = Path(args.file)
    path = _store(args).import_file(source, bank, name=args.as_name, keep_invalid=args.keep_invalid)
    _say(for_terminal(str(path)))
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    """git's merge driver: answers changed on one side merge; the same answer changed on both
    keeps ours and records theirs in [[conflicts]] (exit 1, so git reports a conflict).

    An empty or missing base (both branches added the file) is no common base: every answer
    merges the same way, one set on both sides differently being a conflict. A side that is not
    a readable plan leaves git's own conflict: both versions, with markers, in the file."""
    from pilot2prod.merge import merge
    from pilot2prod.plan import now_iso

    bank = _bank(args)
    paths = [Path(args.base), Path(args.ours), Path(args.theirs)]
    shown = for_terminal(args.path or str(paths[1]))
    plans: list[Plan] = []
    for side, path in zip(("base", "our", "their"), paths, strict=True):
        if side == "base" and _no_base(path):
            plans.append(Plan(name="", created=""))
            continue
        try:
            plans.append(read_plan(path))
        except PlanFileError as exc:
            line = f", line {exc.line}" if exc.line is not None else ""
            _leave_conflict(*paths)
            print(
                f"{PROG}: cannot merge {shown}: {side} version{line}: {for_terminal(exc.reason)}; "
                "both versions are left in the file with conflict markers",
                file=sys.stderr,
            )
            return EXIT_FAILURE
    base, ours, theirs = plans
    merged = merge(base, ours, theirs, at=now_iso(), by="git merge (their branch)")
    write_atomic(paths[1], dumps(merged.plan, _order(bank)).encode("utf-8"))
    if merged.conflicts:
        names = ", ".join(str(c.get("question")) for c in merged.conflicts)
        print(
            f"{PROG}: {shown}: both branches changed {for_terminal(names)}; ours is kept "
            "and theirs is recorded under [[conflicts]] (open the plan to pick)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return 0


def _no_base(path: Path) -> bool:
    """Whether git gave no common version (an empty file when both branches added one)."""
    try:
        return not path.read_bytes().strip()
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _leave_conflict(base: Path, ours: Path, theirs: Path) -> None:
    """Put both versions in *ours* with conflict markers, as git does without a driver: its own
    line merge (``git merge-file``) when that finds a conflict, else each whole version."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is not None:
        base_file = str(base) if base.exists() else os.devnull
        labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(
                [git, "merge-file", "-p", *labels, str(ours), base_file, str(theirs)],
                capture_output=True,
                timeout=60,
                check=False,
            )
            if 0 < done.returncode < 128:  # the number of conflicts (255: an error)
                write_atomic(ours, done.stdout)
                return
    sides = []
    for path in (ours, theirs):
        try:
            content = path.read_bytes()
        except OSError:
            content = b""
        sides.append(content if not content or content.endswith(b"\n") else content + b"\n")
    write_atomic(ours, b"<<<<<<< ours\n" + sides[0] + b"=======\n" + sides[1] + b">>>>>>> theirs\n")


def visible_json(data: Any) -> str:
    """JSON with invisible and bidi-control characters written as \\u escapes (same data)."""
    return escape_invisible(json.dumps(data, indent=2, ensure_ascii=False))


def cmd_path(args: argparse.Namespace) -> int:
    _say(for_terminal(str(_store(args).root)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    # Starting up allocates tens of thousands of objects that live as long as the program:
    # the garbage collector's passes over them take about a third of the wizard's start-up and
    # free nothing. The wizard turns collection back on once its first screen is drawn
    # (Pilot2ProdApp.resume_collection); the other commands are short.
    gc.disable()
    try:
        return _run(argv)
    finally:
        gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.theme = _theme(args)
        return int(args.handler(args))
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): that is the reader's choice, not a failure.
        # Point stdout at nothing, so the flush at exit cannot complain either.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Pilot2ProdError as exc:
        lines = str(exc).split("\n")
        for i, line in enumerate(lines):
            prefix = f"{PROG}: " if i == 0 else ""
            print(prefix + for_terminal(line), file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        # A file system refusal nothing above turned into a sentence (permissions, a full disk).
        where = for_terminal(f" {exc.filename}" if exc.filename else "")
        if disk_full(exc):
            said = f"cannot write{where}: the disk is full ({exc.strerror or exc})"
        else:
            said = f"cannot use{where}: {exc.strerror or exc}"
        print(f"{PROG}: {said}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
