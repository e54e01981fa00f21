"""``pilot2prod ask NAME``: walk a plan as plain lines (line mode: screen readers, slow links,
logs, scripts). Never imports Textual."""

from __future__ import annotations

import argparse

from pilot2prod.cli.common import AddCommand, plan_bank, store_for


def add_ask(add: AddCommand) -> None:
    sub = add(
        "ask",
        "walk a plan question by question as plain lines (for screen readers, slow links, "
        "logs and scripts: 'pilot2prod ask NAME < answers.txt')",
        cmd_ask,
    )
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")


def cmd_ask(args: argparse.Namespace) -> int:
    from pilot2prod.line.opening import walk_plan  # deferred: only this command walks

    store = store_for(args)
    path = store.find(args.name)
    bank = plan_bank(args, store, store.load(path))
    return walk_plan(store, bank, path)
