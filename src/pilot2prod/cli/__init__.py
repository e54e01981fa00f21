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
adds the command's own arguments to the parser it returns; then list the command's name with
its module in :data:`COMMANDS` below, where it appears in ``--help`` (a command's module loads
only when that command runs). A new module also takes its place in
the import-linter contract for this package (pyproject.toml). Import Textual, and anything slow,
inside the handler, never at the top of a module.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from pilot2prod import __version__
from pilot2prod.cli import wizard
from pilot2prod.cli.common import (
    DESCRIPTION,
    EPILOG,
    PROG,
    AddCommand,
    Handler,
    Parser,
    common_options,
    line_mode,
    theme_for,
    theme_from_environment,
)
from pilot2prod.errors import EXIT_FAILURE, Pilot2ProdError
from pilot2prod.fileio import disk_full
from pilot2prod.text import for_terminal

DRAWS = frozenset({"home", "open", "present", "demo", "new", "vote"})
"""The commands that open the app (``new`` unless ``--no-open``, in line mode none): the only
ones $PILOT2PROD_THEME concerns, checked before they write anything."""

COMMANDS: dict[str, str] = {
    "new": "plans",
    "open": "wizard",
    "demo": "wizard",
    "present": "wizard",
    "ask": "ask",
    "vote": "vote",
    "list": "plans",
    "export": "export",
    "actions": "actions",
    "raid": "raid",
    "history": "history",
    "diff": "history",
    "compare": "history",
    "restore": "history",
    "questions": "questions",
    "banks": "banks",
    "keys": "keys",
    "import": "plans",
    "path": "plans",
    "merge-driver": "git",
}
"""Every command by name, with the module of this package that adds it (its ``add_NAME``, a
dash in the name read as ``_``), in the order ``pilot2prod --help`` lists them. A module is
loaded when its command is run, or when the whole parser is built (for help and errors)."""


def adder(name: str) -> Callable[[AddCommand], None]:
    """The function that adds the command *name* to the parser (its module loads now)."""
    module = importlib.import_module(f"{__name__}.{COMMANDS[name]}")
    add_command: Callable[[AddCommand], None] = getattr(module, f"add_{name.replace('-', '_')}")
    return add_command


VALUED = ("--data-dir", "--bank", "--theme")
"""The options before a command that take a value (the next word, unless given with ``=``)."""
OPTIONS = (*VALUED, "--line", "--help", "--version")
"""Every long option before a command (argparse takes any unambiguous start of one)."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command, or only the command *only* (what running that
    command needs: the others cost a few milliseconds of every start to build)."""
    common = common_options()
    parser = Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG, parents=[common])
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.set_defaults(handler=wizard.cmd_home, command="home")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, parents=[common], epilog=EPILOG
        )
        sub.set_defaults(handler=handler, command=name)
        return sub

    for name in COMMANDS:
        if only is None or name == only:
            adder(name)(add)
    return parser


def command_named(argv: Sequence[str]) -> str | None:
    """The command *argv* runs, when it names one for sure: the first word that is not an
    option or an option's value, where every word before it is ``--line`` or an option that
    takes a value (as argparse reads them: any unambiguous start of one, ``=`` or the next
    word). None otherwise (help, ``--version``, ``-``, ``--``, a word argparse would refuse):
    the whole parser is built then, for the help and the errors, which list every command."""
    words = iter(argv)
    for word in words:
        if not word.startswith("--") or word == "--":
            return word if word in COMMANDS else None  # (-h, -, -1 and the like: None)
        name, equals, _ = word.partition("=")
        matching = [option for option in OPTIONS if option.startswith(name)]
        option = name if name in OPTIONS else matching[0] if len(matching) == 1 else None
        if option in VALUED:
            if not equals:
                next(words, None)  # (its value, even one that looks like a command)
        elif option != "--line" or equals:
            return None
    return None


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
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(command_named(argv)).parse_args(argv)
    try:
        args.theme = theme_for(args)
        if args.command in DRAWS and not line_mode(args) and not getattr(args, "no_open", False):
            args.theme = args.theme or theme_from_environment()
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
