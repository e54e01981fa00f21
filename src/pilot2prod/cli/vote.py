"""``pilot2prod vote NAME [--step STEP_ID] [--lan [ADDRESS[:PORT]]]``: open a plan straight into
a silent vote (the wizard's vote key does the same from inside)."""

from __future__ import annotations

import argparse

from pilot2prod.cli.common import AddCommand, bank_for, open_wizard, plan_bank, store_for
from pilot2prod.errors import UsageError
from pilot2prod.text import for_terminal
from pilot2prod.vote import all_signs, step_questions


def add_vote(add: AddCommand) -> None:
    sub = add(
        "vote",
        "open a plan into a silent vote: everyone answers on their own, then the room sees "
        "where it disagrees",
        cmd_vote,
    )
    sub.add_argument("name", metavar="NAME", help="the plan's name (or its file name)")
    sub.add_argument(
        "--step",
        metavar="STEP_ID",
        help="vote on this step's questions with options (a stall reason: its warning signs); "
        "without it, on every stall reason's signs ('pilot2prod questions' lists the steps)",
    )
    sub.add_argument(
        "--lan",
        nargs="?",
        const="",
        default=None,
        metavar="ADDRESS[:PORT]",
        help="phones on the local network vote too, on a web form at this address (default: "
        "this machine's own, port 8765; 127.0.0.1:0 picks a free port on this machine only)",
    )


def cmd_vote(args: argparse.Namespace) -> int:
    store = store_for(args)
    path = store.find(args.name)
    bank = plan_bank(args, store, store.load(path))
    if args.step is not None:
        step = next((s for s in bank.steps if s.id == args.step), None)
        if step is None:
            raise UsageError(
                f"'{for_terminal(args.step)}' is not a step of this plan's method: "
                "'pilot2prod questions' lists them."
            )
        if not step_questions(step):
            raise UsageError(
                f"The step '{for_terminal(args.step)}' has no question with options to vote on."
            )
    elif not all_signs(bank):
        raise UsageError(
            "This plan's method has no stall reasons to vote on: name a step with --step."
        )
    listen: str | bool | None = False
    if args.lan is not None:
        from pilot2prod.lan.addresses import parse_listen  # (stdlib only: checks the value now)

        parse_listen(args.lan)
        listen = args.lan or None
    step_id = args.step
    home = bank_for(args, store)
    return open_wizard(
        store, home, path, args.theme, vote=(step_id, listen), plan_bank=bank, args=args
    )
