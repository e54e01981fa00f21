"""The ``actions`` command: a plan's actions (from the workshop record) as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import sys

from pilot2prod.cli.common import (
    AddCommand,
    plan_bank,
    print_columns,
    say,
    spreadsheet_safe,
    store_for,
    visible_json,
)
from pilot2prod.text import for_terminal, show_invisible

ACTION_FIELDS = ("id", "what", "owner", "due", "status", "source", "source_id")
"""The columns of ``actions --csv`` and the keys of ``actions --json``."""


def add_actions(add: AddCommand) -> None:
    sub = add("actions", "list a plan's actions (owner, due date, status, where from)", cmd_actions)
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    formats = sub.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print a JSON list instead")
    formats.add_argument(
        "--csv", action="store_true", help="print CSV (a header row, ISO dates) for a tracker"
    )


def cmd_actions(args: argparse.Namespace) -> int:
    from pilot2prod import record

    store = store_for(args)
    plan = store.load(store.find(args.name))
    bank = plan_bank(args, store, plan)
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
            writer.writerow({k: spreadsheet_safe(show_invisible(v)) for k, v in row.items()})
        return 0
    if not rows:
        say(f"No actions yet in '{for_terminal(plan.name)}'. In the wizard, F3 captures one.")
        return 0
    table = [("DUE", "OWNER", "STATUS", "ACTION")]
    table += [
        (row["due"] or "-", row["owner"] or "(no owner)", row["status"], row["what"])
        for row in sorted(rows, key=lambda r: (not r["due"], r["due"], r["owner"].lower()))
    ]
    print_columns(table)
    return 0
