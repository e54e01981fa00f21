"""``pilot2prod vote NAME [--step STEP_ID] [--lan [ADDRESS[:PORT]]]``: open a plan straight into
a silent vote (the wizard's vote key does the same from inside)."""

from __future__ import annotations

import argparse

from pilot2prod.cli.common import AddCommand, bank_for, open_wizard, plan_bank, store_for
from pilot2prod.errors import UsageError
from pilot2prod.text import for_terminal


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
        "without it, on every stall reason's signs ('pilot2prod questions --json' lists the "
        "steps' ids)",
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
    # (deferred: every other command starts without the vote module)
    from pilot2prod.vote import Request, all_signs, diagnostic_steps, step_questions

    store = store_for(args, tidy=False)  # (open_wizard tidies it)
    path = store.find(args.name)
    bank = plan_bank(args, store, store.load(path))
    votable = [s for s in bank.steps if step_questions(s)]
    if args.step is not None:
        if args.step not in {s.id for s in votable}:
            known = args.step in {s.id for s in bank.steps}
            step = for_terminal(args.step)
            said = (
                f"step '{step}' has no question with options to vote on"
                if known
                else f"'{step}' is not a step of this plan's method"
            )
            ids = ", ".join(s.id for s in votable) or "none"
            raise UsageError(f"{said}; the steps to vote on are: {ids}.")
    elif not all_signs(bank):
        ids = ", ".join(s.id for s in votable) or "none"
        raise UsageError(
            f"This plan's method has no stall reasons to vote on: name a step with --step ({ids})."
        )
    phones = args.lan is not None
    if phones:
        from pilot2prod.lan.addresses import parse_listen  # (stdlib only: checks the value now)

        parse_listen(args.lan)
    request = Request(args.step, phones, args.lan or None)
    home = bank_for(args, store)
    start = args.step or diagnostic_steps(bank)[0].id
    return open_wizard(
        store, home, path, args.theme, vote=request, plan_bank=bank, step_id=start, args=args
    )
