"""The commands that open the wizard: home (no command), ``open``, ``demo`` and ``present``."""

from __future__ import annotations

import argparse

from pilot2prod import resources
from pilot2prod.cli.common import (
    AddCommand,
    bank_for,
    need_terminal,
    open_wizard,
    order_of,
    store_for,
)


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
    store = store_for(args)
    store.check()  # a plans folder that cannot be read is said here, before the screen is taken
    return open_wizard(store, bank_for(args), None, args.theme)


def cmd_open(args: argparse.Namespace) -> int:
    bank = bank_for(args)
    store = store_for(args)
    path = store.find(args.name)
    store.load(path)  # an unreadable plan is reported here, before the screen is taken over
    return open_wizard(store, bank, path, args.theme, workshop=args.workshop)


def cmd_present(args: argparse.Namespace) -> int:
    bank = bank_for(args)
    store = store_for(args)
    path = store.find(args.name)
    store.load(path)  # an unreadable plan is reported here, before the screen is taken over
    return open_wizard(store, bank, path, args.theme, present=True)


def cmd_demo(args: argparse.Namespace) -> int:
    need_terminal("'pilot2prod export --example' prints the example")
    bank = bank_for(args)
    store = store_for(args)
    path = store.demo(resources.example_path(), order_of(bank))
    return open_wizard(store, bank, path, args.theme)
