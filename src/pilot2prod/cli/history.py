"""The commands on a plan's versions: ``history``, ``diff``, ``compare`` and ``restore``."""

from __future__ import annotations

import argparse
from pathlib import Path

from pilot2prod.bank import Bank
from pilot2prod.cli.common import (
    AddCommand,
    given_bank,
    keep_bank,
    order_of,
    plan_bank,
    print_columns,
    say,
    store_for,
    version_named,
)
from pilot2prod.errors import NoHistoryError, PlanFileError, PlanNotFoundError, UsageError
from pilot2prod.plan import Plan
from pilot2prod.store import Store, plan_called
from pilot2prod.text import for_terminal, one_line


def add_history(add: AddCommand) -> None:
    sub = add("history", "list a plan's saved versions (and keep one with --save)", cmd_history)
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    sub.add_argument(
        "--save",
        metavar="LABEL",
        help='keep the plan as it is now as a version, e.g. "after workshop 2"',
    )


def add_diff(add: AddCommand) -> None:
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


def add_compare(add: AddCommand) -> None:
    sub = add(
        "compare",
        "two plans side by side: figures and the answers that differ (NAME@VERSION for a version)",
        cmd_compare,
    )
    sub.add_argument("first", metavar="A", help="a plan's name, or NAME@VERSION")
    sub.add_argument("second", metavar="B", help="another plan, or NAME@VERSION")


def add_restore(add: AddCommand) -> None:
    sub = add("restore", "bring back a version of a plan (itself kept as a version)", cmd_restore)
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    sub.add_argument("version", metavar="VERSION", help="a version number or label")


def cmd_history(args: argparse.Namespace) -> int:
    from pilot2prod import insight

    store = store_for(args)
    path = store.find(args.name)
    bank = plan_bank(args, store, store.load(path))  # every version is shown with it
    if args.save is not None:
        if not args.save.strip():
            raise UsageError("--save needs a label, e.g. --save 'after workshop 2'")
        kept = store.snapshot(path, order_of(bank), args.save)
        assert kept is not None
        say(f"Kept as version {kept.number}: {for_terminal(kept.label)}")
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
        table.append(
            (
                str(version.number),
                version.at.replace("T", " ").removesuffix("Z"),
                f"{summary['progress']}%",
                insight.ready_text(summary),
                version.label,
            )
        )
    print_columns(table)
    return 0


def versions_to_compare(
    store: Store, path: Path, since: str | None, until: str | None
) -> tuple[Plan, str, Plan, str]:
    """(before, its name, after, its name) for ``diff`` and ``export --since``."""
    if since is None:
        versions = store.versions(path)
        if len(versions) < 2:
            if not versions:
                store.find_version(path, "")  # no history at all: one sentence
            name = for_terminal(plan_called(path))
            raise NoHistoryError(
                f"'{name}' has only one version so far; give the version to compare the plan "
                "with (pilot2prod diff NAME 1)"
            )
        first, second = versions[-2], versions[-1]
        return (
            store.version_plan(first),
            version_named(first),
            store.version_plan(second),
            version_named(second),
        )
    before_version = store.find_version(path, since)
    before = store.version_plan(before_version)
    if until is None or until.strip().lower() == "now":
        return before, version_named(before_version), store.load(path), "the plan now"
    after_version = store.find_version(path, until)
    after = store.version_plan(after_version)
    return before, version_named(before_version), after, version_named(after_version)


def cmd_diff(args: argparse.Namespace) -> int:
    from pilot2prod.changes import compare, diff_lines

    store = store_for(args)
    path = store.find(args.name)
    bank = plan_bank(args, store, store.load(path))
    before, before_name, after, after_name = versions_to_compare(
        store, path, args.since, args.until
    )
    say(for_terminal(f"From {before_name} to {after_name}:"))
    for line in diff_lines(compare(bank, before, after)):
        say(for_terminal(line))
    return 0


def _plan_or_version(
    store: Store, given: str, chosen: Bank | None = None
) -> tuple[Plan, str, Bank]:
    """``NAME`` (the plan now) or ``NAME@VERSION`` (a version of it), how to call it, and
    the plan's own bank (*chosen*, when it has the plan's bank id)."""
    name, at, version = given, "", ""
    try:
        path = store.find(given)  # (a plan whose name holds "@" is that plan, now)
    except PlanNotFoundError:
        if "@" not in given:
            raise
        name, at, version = given.rpartition("@")
        path = store.find(name)
    plan = store.load(path)
    own = chosen is not None and plan.bank_id == chosen.id
    bank = chosen if chosen is not None and own else store.plan_bank(plan)
    if not at:
        return plan, plan.name, bank
    found = store.find_version(path, version)
    return store.version_plan(found), f"{plan.name} v{found.number}", bank


def cmd_compare(args: argparse.Namespace) -> int:
    from pilot2prod.changes import side_by_side

    store = store_for(args)
    chosen = given_bank(args, store)  # (for the plans of its id; each other plan uses its own)
    if chosen is not None:
        keep_bank(store, chosen)
    one, one_name, bank = _plan_or_version(store, args.first, chosen)
    other, other_name, other_bank = _plan_or_version(store, args.second, chosen)
    figures, answers = side_by_side(bank, one, other, other_bank=other_bank)
    if bank is not other_bank:
        figures.insert(0, ("Question bank", _bank_label(bank), _bank_label(other_bank)))
    print_columns([("FIGURE", one_name, other_name), *figures])
    say()
    if not answers:
        say("Every answer is the same.")
        return 0
    say("1 answer differs:" if len(answers) == 1 else f"{len(answers)} answers differ:")
    for label, first, second in answers:
        say(for_terminal(f"- {label}"))
        say(for_terminal(f"    {one_name}: {one_line(first, 100)}"))
        say(for_terminal(f"    {other_name}: {one_line(second, 100)}"))
    return 0


def _bank_label(bank: Bank) -> str:
    return f"{bank.title} ({bank.id} {bank.version})"


def cmd_restore(args: argparse.Namespace) -> int:
    store = store_for(args)
    path = store.find(args.name)
    bank = plan_bank(args, store, store.load(path))
    version = store.find_version(path, args.version)
    kept = store.restore_version(path, version, order_of(bank))
    say(
        f"Restored version {version.number}; the plan as it was is kept in the history, and "
        f"the restored plan is version {kept.number}."
    )
    return 0
