"""The commands that manage plans: ``new``, ``list``, ``import`` and ``path``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pilot2prod.bank import Bank
from pilot2prod.cli.common import (
    PROG,
    AddCommand,
    given_bank,
    keep_bank,
    need_terminal,
    open_wizard,
    order_of,
    plan_bank,
    print_columns,
    say,
    store_for,
    visible_json,
)
from pilot2prod.errors import UsageError
from pilot2prod.plan import Plan
from pilot2prod.store import (
    SORTS,
    check_name,
    copied_label,
    read_plan,
    sort_listed,
    start_from,
    to_check,
)
from pilot2prod.summaries import ready_text, summary_key
from pilot2prod.text import for_terminal


def add_new(add: AddCommand) -> None:
    sub = add("new", "create a plan and open it in the wizard", cmd_new)
    sub.add_argument("name", metavar="NAME", help='the plan\'s name, e.g. "Acme claims triage"')
    sub.add_argument(
        "--no-open",
        action="store_true",
        help="print the new file's path and exit (with --from, the copied texts to check on "
        "stderr)",
    )
    sub.add_argument(
        "--from",
        dest="source",
        metavar="OTHER",
        help="start from another plan (its name) or a plan or template file: only what the "
        "question bank marks reusable, without the client's name and people; the copied "
        "texts are listed to check",
    )
    start = sub.add_mutually_exclusive_group()
    start.add_argument(
        "--keep-all",
        action="store_true",
        help="with --from: copy every answer and note, the client's too (none listed to check)",
    )
    start.add_argument("--blank", action="store_true", help="with --from: copy nothing")


def add_list(add: AddCommand) -> None:
    sub = add("list", "list the plans with their progress", cmd_list)
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sub.add_argument(
        "--sort",
        choices=SORTS,
        default="updated",
        help="last update first (the default, as home), name, least ready first, or highest risk",
    )


def add_import(add: AddCommand) -> None:
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


def add_path(add: AddCommand) -> None:
    add("path", "print the data directory", cmd_path)


def cmd_new(args: argparse.Namespace) -> int:
    name = check_name(args.name)
    store = store_for(args, tidy=args.no_open)  # (else open_wizard tidies it)
    store.check()
    if (args.keep_all or args.blank) and not args.source:
        raise UsageError("--keep-all and --blank go with --from OTHER")
    if not args.no_open:
        need_terminal("add --no-open to only create the plan", args)
    source = store.load(store.find_source(args.source)) if args.source else None
    # The new plan's bank: --bank, else the bank of the plan it starts from, else the built-in.
    bank = given_bank(args, store)
    if bank is None:
        bank = store.plan_bank(source) if source is not None else store.banks.built_in()
    elif source is not None and source.bank_id and source.bank_id != bank.id:
        # Its answers are another method's: nothing would be copied.
        raise UsageError(
            f"'{for_terminal(source.name)}' follows the method '{for_terminal(source.bank_id)}', "
            f"not '{for_terminal(bank.id)}': a plan started from it follows its method "
            "(leave out --bank)"
        )
    keep_bank(store, bank)
    plan = Plan.new(name, bank)
    if source is not None:
        keep = "all" if args.keep_all else "blank" if args.blank else "reusable"
        plan = start_from(bank, source, name, keep)
    path = store.create(plan, order_of(bank))
    if args.no_open:
        say(for_terminal(str(path)))
        _say_copied(bank, plan)
        return 0
    return open_wizard(store, bank, path, args.theme, args=args)


def _say_copied(bank: Bank, plan: Plan) -> None:
    """The texts a new plan copied, one line each, to check for the other client's details
    (on stderr: the path stays the only line on stdout, for scripts)."""
    copied = to_check(bank, plan)
    if not copied:
        return
    source = for_terminal(copied[0].source)
    count = f"{len(copied)} text{'s' if len(copied) != 1 else ''}"
    lines = [f"Copied from {source}: check for client details ({count}, also in Review):"]
    lines += [f"  {for_terminal(copied_label(bank, c))}: {for_terminal(c.text)}" for c in copied]
    print("\n".join(lines), file=sys.stderr)


def _summarise(bank: Bank, plan: Plan) -> dict[str, object]:
    """A plan's summary, worked out by insight, loaded only now: most come from the index
    (insight takes about 25 ms to load)."""
    from pilot2prod import insight

    return insight.summary(bank, plan)


def cmd_list(args: argparse.Namespace) -> int:
    store = store_for(args)
    given = given_bank(args, store)
    if given is not None:
        keep_bank(store, given)  # (each plan is summed up with its own bank)
    listed = store.listing_per_bank(_summarise, summary_key)
    entries = sort_listed(listed, args.sort)
    fields = ("progress", "readiness", "verdict", "highest_risk", "organisation", "to_fix")
    if args.json:
        rows = []
        for entry in entries:
            row: dict[str, Any] = {"file": str(entry.path), "name": entry.name}
            row["updated"] = entry.updated or None
            summary = entry.summary or {}
            row |= {field: summary.get(field) for field in fields}
            bank_id, version, _ = entry.bank
            row["bank"] = {"id": bank_id, "version": version} if entry.error is None else None
            row["error"] = entry.error.reason if entry.error else _bank_missing(summary)
            rows.append(row)
        print(visible_json(rows))
        return 0
    if not entries:
        say(f"No plans yet in {for_terminal(str(store.plans_dir))}.")
        say(f'Create one with: {PROG} new "Plan name"')
        return 0
    # The BANK column shows when the plans were made with more than one bank.
    banks = {e.bank[0] for e in entries if e.error is None}
    several = len(banks) > 1
    heading = ("NAME", "ORGANISATION", "UPDATED (UTC)", "PROGRESS", "READY", "TOP RISK", "FILE")
    table = [heading[:6] + ("BANK",) * several + heading[6:]]
    for entry in entries:
        bank_cell = (f"{entry.bank[0]} {entry.bank[1]}".strip() or "-",) * several
        missing = _bank_missing(entry.summary or {})
        if entry.error is None and missing:
            when = entry.updated.replace("T", " ").removesuffix("Z")
            cells = (entry.name or "", "", when, "", "", missing, *bank_cell, entry.path.name)
            table.append(cells)
        elif entry.error is None and entry.summary is not None:
            summary = entry.summary
            top = summary["highest_risk"]
            table.append(
                (
                    entry.name or "",
                    str(summary.get("organisation") or "-"),
                    entry.updated.replace("T", " ").removesuffix("Z"),
                    f"{summary['progress']}%",
                    ready_text(summary),
                    f"{top['level'].upper()}: {top['reason']}" if top else "",
                    *bank_cell,
                    entry.path.name,
                )
            )
        else:
            reason = entry.error.reason if entry.error else "unreadable"
            line = f", line {entry.error.line}" if entry.error and entry.error.line else ""
            where = f"{entry.path.name}{line}: {reason}"
            table.append(("(cannot read)", "", "", "", "", "", *("",) * several, where))
    print_columns(table)
    return 0


def _bank_missing(summary: dict[str, Any]) -> str | None:
    """What to say of a plan whose bank is not kept here, or None."""
    if "bank_missing" not in summary:
        return None
    return f"bank '{summary['bank_missing']}' not found: open it with --bank FILE"


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    store = store_for(args)
    bank = plan_bank(args, store, read_plan(source))
    path = store.import_file(source, bank, name=args.as_name, keep_invalid=args.keep_invalid)
    say(for_terminal(str(path)))
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    say(for_terminal(str(store_for(args).root)))
    return 0
