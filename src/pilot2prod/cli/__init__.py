"""The ``pilot2prod`` command line (argparse).

Only the commands that open the wizard import Textual; ``list``, ``export``, ``questions``,
``banks``, ``import``, ``path`` and ``new --no-open`` never do, so they start fast.

One module per command group, each named for it: ``wizard.py`` (home, ``open``, ``demo``,
``present``), ``plans.py`` (``new``, ``list``, ``import``, ``path``), ``export.py``,
``vote.py``, ``ask.py`` (line mode), ``actions.py``, ``raid.py`` (the RAID log),
``history.py`` (``history``, ``diff``, ``compare``, ``restore``),
``questions.py``, ``banks.py``, ``keys.py`` and ``git.py`` (``merge-driver``); ``common.py``
holds what they share.

To add a command: in its group's module (or a new one), write ``cmd_NAME(args) -> int`` and
``add_NAME(add: AddCommand) -> None``, which calls ``add("NAME", "help line", cmd_NAME)`` and
adds the command's own arguments to the parser it returns; then list ``add_NAME`` in
:data:`COMMANDS` below, where it appears in ``--help``. A new module also takes its place in
the import-linter contract for this package (pyproject.toml). Import Textual, and anything slow,
inside the handler, never at the top of a module.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence

from pilot2prod import __version__
from pilot2prod.cli import (
    actions,
    ask,
    banks,
    export,
    git,
    history,
    keys,
    plans,
    questions,
    raid,
    vote,
    wizard,
)
from pilot2prod.cli.common import (
    DESCRIPTION,
    EPILOG,
    PROG,
    AddCommand,
    Handler,
    Parser,
    common_options,
    theme_for,
)
from pilot2prod.errors import EXIT_FAILURE, Pilot2ProdError
from pilot2prod.fileio import disk_full
from pilot2prod.text import for_terminal

COMMANDS: tuple[Callable[[AddCommand], None], ...] = (
    plans.add_new,
    wizard.add_open,
    wizard.add_demo,
    wizard.add_present,
    ask.add_ask,
    vote.add_vote,
    plans.add_list,
    export.add_export,
    actions.add_actions,
    raid.add_raid,
    history.add_history,
    history.add_diff,
    history.add_compare,
    history.add_restore,
    questions.add_questions,
    banks.add_banks,
    keys.add_keys,
    plans.add_import,
    plans.add_path,
    git.add_merge_driver,
)
"""Every command, in the order ``pilot2prod --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG, parents=[common])
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.set_defaults(handler=wizard.cmd_home)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, parents=[common], epilog=EPILOG
        )
        sub.set_defaults(handler=handler)
        return sub

    for add_command in COMMANDS:
        add_command(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    # Starting up allocates tens of thousands of objects that live as long as the program:
    # the garbage collector's passes over them slow the wizard's start-up and
    # free nothing. The wizard turns collection back on once its first screen is drawn
    # (Pilot2ProdApp.resume_collection); the other commands are short. The console script turns it
    # off earlier still, before anything loads (pilot2prod.launch).
    gc.disable()
    try:
        return _run(argv)
    finally:
        gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.theme = theme_for(args)
        return int(args.handler(args))
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): that is the reader's choice, not a failure.
        # Point stdout at nothing, so the flush at exit cannot complain either.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Pilot2ProdError as exc:
        lines = str(exc).split("\n")
        for i, line in enumerate(lines):
            prefix = f"{PROG}: " if i == 0 else ""
            print(prefix + for_terminal(line), file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        # A file system refusal nothing above turned into a sentence (permissions, a full disk).
        where = for_terminal(f" {exc.filename}" if exc.filename else "")
        if disk_full(exc):
            said = f"cannot write{where}: the disk is full ({exc.strerror or exc})"
        else:
            said = f"cannot use{where}: {exc.strerror or exc}"
        print(f"{PROG}: {said}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
