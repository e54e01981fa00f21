"""The commands that open the wizard: home (no command), ``open``, ``demo`` and ``present``."""

from __future__ import annotations

import argparse

from pilot2prod import resources
from pilot2prod.cli.common import (
    AddCommand,
    bank_for,
    keep_bank,
    need_terminal,
    open_wizard,
    plan_bank,
    store_for,
)
from pilot2prod.store import read_plan


def add_open(add: AddCommand) -> None:
    sub = add("open", "open a plan in the wizard where it was left", cmd_open)
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    sub.add_argument(
        "--workshop",
        action="store_true",
        help="start the workshop timer: time left per agenda block, time spent per step",
    )


def add_demo(add: AddCommand) -> None:
    add("demo", "open a copy of the bundled example plan in the wizard", cmd_demo)


def add_present(add: AddCommand) -> None:
    sub = add(
        "present",
        "show a plan for the room (read-only), following the window that edits it",
        cmd_present,
    )
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")


def cmd_home(args: argparse.Namespace) -> int:
    store = store_for(args, tidy=False)
    store.check()  # a plans folder that cannot be read is said here, before the screen is taken
    bank = bank_for(args, store)  # for new plans; each plan listed opens with its own
    keep_bank(store, bank)
    return open_wizard(store, bank, None, args.theme, args=args)


def cmd_open(args: argparse.Namespace) -> int:
    store = store_for(args, tidy=False)
    path = store.find(args.name)
    # An unreadable plan, or one whose bank is not here, is reported before the screen is taken.
    bank = plan_bank(args, store, store.load(path))
    home = bank_for(args, store)  # for a plan made from home later
    return open_wizard(
        store, home, path, args.theme, workshop=args.workshop, plan_bank=bank, args=args
    )


def cmd_present(args: argparse.Namespace) -> int:
    store = store_for(args, tidy=False)
    path = store.find(args.name)
    bank = plan_bank(args, store, store.load(path))
    home = bank_for(args, store)
    return open_wizard(store, home, path, args.theme, present=True, plan_bank=bank, args=args)


def cmd_demo(args: argparse.Namespace) -> int:
    need_terminal("'pilot2prod export --example' prints the example", args)
    store = store_for(args, tidy=False)
    bank = plan_bank(args, store, read_plan(resources.example_path()))
    path = store.demo(resources.example_path(), bank.order)
    home = bank_for(args, store)
    return open_wizard(store, home, path, args.theme, plan_bank=bank, args=args)
