"""The ``keys`` command: every action's id, its keys now and what it does (``[keys]`` in
settings.toml changes them)."""

from __future__ import annotations

import argparse
import sys

from pilot2prod.cli.common import AddCommand, print_columns, say, store_for, visible_json
from pilot2prod.keymap import listing
from pilot2prod.text import for_terminal


def add_keys(add: AddCommand) -> None:
    sub = add(
        "keys",
        "list every key: its action's id, its keys and what it does ([keys] in settings.toml "
        "changes them)",
        cmd_keys,
    )
    sub.add_argument(
        "--json",
        action="store_true",
        help="print JSON: a list of objects with id, keys and description",
    )


def cmd_keys(args: argparse.Namespace) -> int:
    store = store_for(args)
    keymap = store.keymap()
    for refused in keymap.refused:  # (the keys listed are those in use: the default stays)
        print(f"pilot2prod: {for_terminal(refused)}", file=sys.stderr)
    listed = list(listing(keymap))
    if args.json:
        rows = [{"id": a.id, "keys": keys, "description": a.description} for a, keys in listed]
        say(visible_json(rows))
        return 0
    print_columns(
        [("ACTION", "KEYS", "WHAT IT DOES")]
        + [(a.id, ", ".join(keys), a.description) for a, keys in listed]
    )
    say()
    say(f"Change a key in {for_terminal(str(store.settings_path))}, e.g.")
    say("  [keys]")
    say('  "wizard.next_step" = "f12"')
    return 0
