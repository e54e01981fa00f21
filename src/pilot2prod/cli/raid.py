"""The ``raid`` command: a plan's RAID log (risks, assumptions, issues, dependencies) with what
moved since a version, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pilot2prod.cli.common import (
    AddCommand,
    plan_bank,
    print_columns,
    say,
    spreadsheet_safe,
    store_for,
    version_named,
    visible_json,
)
from pilot2prod.plan import Plan
from pilot2prod.store import Store
from pilot2prod.text import for_terminal, one_line, show_invisible


def add_raid(add: AddCommand) -> None:
    sub = add(
        "raid",
        "a plan's RAID log: risks, assumptions, issues and dependencies, and what moved",
        cmd_raid,
    )
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    formats = sub.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print a JSON list instead")
    formats.add_argument(
        "--csv", action="store_true", help="print CSV (a header row, ISO dates) for a tracker"
    )
    sub.add_argument(
        "--since",
        metavar="VERSION",
        help="mark what changed since that version (a number or label; 'pilot2prod history'); "
        "default: the last labelled version, else the version before the plan now",
    )


def since_version(store: Store, path: Path, plan: Plan, wanted: str | None) -> tuple[Plan, str]:
    """The earlier version to mark changes against, and its name: *wanted* (a number or
    label), else the last labelled version, else the latest version that is not the plan as it
    is now (one kept as the last session ended holds the same answers), else none."""
    from pilot2prod.errors import PlanFileError
    from pilot2prod.merge import same_content

    if wanted is not None:
        version = store.find_version(path, wanted)  # one sentence when there is none
        return store.version_plan(version), version_named(version)
    readable = [v for v in store.versions(path) if not v.problem]
    labelled = [v for v in readable if v.label]
    for version in reversed(labelled[-1:] or readable):
        try:
            earlier = store.version_plan(version)
        except PlanFileError:
            continue
        if labelled or not same_content(earlier, plan):
            return earlier, version_named(version)
    raise LookupError


def cmd_raid(args: argparse.Namespace) -> int:
    from pilot2prod import insight, raid

    store = store_for(args)
    path = store.find(args.name)
    plan = store.load(path)
    bank = plan_bank(args, store, plan)
    try:
        before, before_name = since_version(store, path, plan, args.since)
    except LookupError:
        before, before_name = None, ""
    rows = [row.as_dict() for row in raid.raid_log(bank, plan, before)]
    if args.json:
        print(visible_json(rows))
        return 0
    if args.csv:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=raid.FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: spreadsheet_safe(show_invisible(v)) for k, v in row.items()})
        return 0
    today = insight.current_date().isoformat()
    against = f"; changes since {before_name}" if before is not None else ""
    say(for_terminal(f"RAID log of '{plan.name}' as of {today}{against}:"))
    if not rows:
        say("Nothing to log: no risk above LOW, no assumption, nothing blocking go-live, ")
        say("no dependency named.")
        return 0
    marks = before is not None
    table = [
        ("CHANGE",) * marks + ("KIND", "LEVEL", "STATUS", "OWNER", "DUE", "NEXT ACTION", "ITEM")
    ]
    for row in rows:
        table.append(
            (raid.CHANGES.get(row["change"], "-"),) * marks
            + (
                raid.KINDS[row["kind"]],
                row["level"].upper() or "-",
                row["status"] or raid.OPEN,
                one_line(row["owner"], 24) or "no owner yet",
                row["due"] or "-",
                one_line(row["next_action"], 40) or "-",
                one_line(row["title"], 70),
            )
        )
    print_columns(table)
    return 0
