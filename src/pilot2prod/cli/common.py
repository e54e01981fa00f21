"""What every command shares: the parser, the common options, and small helpers (the data
directory, the question bank, printing safely, opening the wizard)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pilot2prod.bank import Bank
from pilot2prod.cache import cache_folder
from pilot2prod.errors import EXIT_USAGE, UsageError
from pilot2prod.plan import Plan
from pilot2prod.store import Store
from pilot2prod.text import escape_invisible, for_terminal

if TYPE_CHECKING:  # (the vote module loads only for a vote)
    from pilot2prod.vote import Request as VoteRequest

PROG = "pilot2prod"

DESCRIPTION = (
    "Take a team from an AI pilot to a production plan: answer the questions phase by phase, "
    "see where the plan will stall, and export it as Markdown."
)
EPILOG = (
    "Plans are TOML files in <data dir>/plans/. The data dir is --data-dir, else "
    "$PILOT2PROD_DATA_DIR, else your user data directory ('pilot2prod path' prints it)."
)

Handler = Callable[[argparse.Namespace], int]
"""A command: it runs with the parsed arguments and returns the exit status."""
AddCommand = Callable[[str, str, Handler], argparse.ArgumentParser]
"""Adds a command (its name, its help line, its handler) with the common options; returns its
parser, for the command's own arguments."""


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors ending in one sentence that says where to look."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {for_terminal(message)}\n")


def common_options() -> Parser:
    """--data-dir and --bank, accepted before or after the command name."""
    common = Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep plans in DIR/plans instead of the user data directory",
    )
    common.add_argument(
        "--bank",
        metavar="FILE|ID",
        default=argparse.SUPPRESS,
        help="use the question bank in FILE (or a bundled or kept bank by its id, see "
        "'pilot2prod banks') for a new plan; a plan uses its own bank without it",
    )
    common.add_argument(
        "--line",
        action="store_true",
        default=argparse.SUPPRESS,
        help="line mode: plain lines instead of the full screen, for screen readers, slow "
        "links and logs (also ACCESSIBLE=1, or TERM=dumb); see 'pilot2prod ask'",
    )
    common.add_argument(
        "--theme",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="colours for this run, e.g. 'projector' for a projected screen (default: "
        "$PILOT2PROD_THEME, else the theme last chosen in the app)",
    )
    return common


# --- Helpers -------------------------------------------------------------------------------------


def store_for(args: argparse.Namespace, *, tidy: bool = True) -> Store:
    """The store of --data-dir (else the user's data directory), tidied of what killed saves
    and crashed windows left behind; with *tidy* False the caller tidies it (the wizard's
    commands: :func:`open_wizard`, once the first screen is drawn)."""
    override = getattr(args, "data_dir", None)
    if override is not None and not str(override).strip():
        raise UsageError("--data-dir needs a folder, not an empty value")
    store = Store.open(override, cache=cache_folder())
    if tidy:
        store.tidy()  # temp files a killed save left behind, once they are old enough
    return store


def given_bank(args: argparse.Namespace, store: Store | None = None) -> Bank | None:
    """The bank --bank names (a file, or the id of a bundled or kept bank), or None."""
    wanted = getattr(args, "bank", None)
    if wanted is None:
        return None
    if not str(wanted).strip():
        raise UsageError("--bank needs a bank file or a bank id, not an empty value")
    return (store or store_for(args)).named_bank(str(wanted))


def bank_for(args: argparse.Namespace, store: Store | None = None) -> Bank:
    """The bank for a new plan (and home's): --bank, else the built-in one."""
    store = store or store_for(args)
    return given_bank(args, store) or store.banks.built_in()


def keep_bank(store: Store, bank: Bank) -> None:
    """Keep *bank* in the data directory (so the plans made with it find it later); its
    warning, when another content is kept for its version, goes to stderr."""
    warning = store.keep_bank(bank)
    if warning:
        print(f"{PROG}: {for_terminal(warning)}", file=sys.stderr)


def plan_bank(args: argparse.Namespace, store: Store, plan: Plan) -> Bank:
    """*plan*'s own bank; --bank, when given, must be a bank of the same id (it is kept)."""
    given = given_bank(args, store)
    if given is None:
        bank = store.plan_bank(plan)
        kept = store.banks_dir.resolve() in bank.path.resolve().parents  # (not one shipped)
        if kept and plan.bank_version and bank.version != plan.bank_version:
            print(
                f"{PROG}: note: '{for_terminal(plan.name)}' was made with the question bank "
                f"'{for_terminal(bank.id)}' version {for_terminal(plan.bank_version)}, which is "
                f"not kept here; version {for_terminal(bank.version)} is used (answers to "
                "questions it no longer has are kept)",
                file=sys.stderr,
            )
        return bank
    if plan.bank_id and given.id != plan.bank_id:
        raise UsageError(
            f"--bank {for_terminal(str(args.bank))} is the question bank "
            f"'{for_terminal(given.id)}', but '{for_terminal(plan.name)}' was made with "
            f"'{for_terminal(plan.bank_id)}'; leave out --bank to use the plan's own bank"
        )
    keep_bank(store, given)
    return given


def order_of(bank: Bank) -> list[str]:
    return [q.id for q in bank.questions()]


def say(line: str = "") -> None:
    print(line)


def print_columns(table: Sequence[Sequence[str]]) -> None:
    """Rows as aligned columns, safe for a terminal; the last column is not padded. Widths
    are the terminal's cells (日本語 takes six, an accent none of its own), as in the app."""
    from rich.cells import cell_len

    rows = [[for_terminal(" ".join(c.split())) for c in row] for row in table]
    columns = len(rows[0]) - 1
    widths = [max(cell_len(row[i]) for row in rows) for i in range(columns)]
    for row in rows:
        cells = zip(row[:columns], widths, strict=True)
        padded = "  ".join(c + " " * (w - cell_len(c)) for c, w in cells)
        say(f"{padded}  {row[columns]}".rstrip())


def line_mode(args: argparse.Namespace | None = None) -> bool:
    """Whether the wizard's commands use line mode: --line, ACCESSIBLE=1 (huh's convention) or
    a terminal that cannot show the full screen (TERM=dumb)."""
    if args is not None and getattr(args, "line", False):
        return True
    if os.environ.get("ACCESSIBLE", "").strip() not in ("", "0"):
        return True
    return sys.platform != "win32" and os.environ.get("TERM", "") == "dumb"


def need_terminal(
    hint: str = "use 'pilot2prod list' or 'pilot2prod export' in scripts",
    args: argparse.Namespace | None = None,
) -> None:
    if line_mode(args):
        return  # line mode reads any stream and writes plain lines
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(f"the wizard needs a terminal; {hint}")
    term = os.environ.get("TERM", "")
    if sys.platform != "win32" and term in ("", "dumb"):
        shown = f"TERM={term}" if term else "TERM is not set"
        raise UsageError(
            f"this terminal cannot show the wizard ({shown}); set TERM (e.g. xterm-256color), "
            "or use 'pilot2prod list' and 'pilot2prod export'"
        )


def theme_for(args: argparse.Namespace) -> str | None:
    """The theme --theme asks for, checked (a name mistyped on the command line is a usage
    error, whatever the command); None when not given."""
    name = getattr(args, "theme", None) or None
    return None if name is None else _checked_theme(name, "")


def theme_from_environment() -> str | None:
    """$PILOT2PROD_THEME, checked; read only where the app is drawn, so a name mistyped in a
    shell's settings never stops ``list`` or ``export`` in a script."""
    name = os.environ.get("PILOT2PROD_THEME") or None
    return None if name is None else _checked_theme(name, " in $PILOT2PROD_THEME")


def _checked_theme(name: str, where: str) -> str:
    from pilot2prod.tui.themes import theme_names  # deferred: only a theme asked for needs it

    names = theme_names()
    if name not in names:
        raise UsageError(f"unknown theme '{name}'{where}; the themes are {', '.join(names)}")
    return name


def open_wizard(
    store: Store,
    bank: Bank,
    plan_path: Path | None,
    theme: str | None = None,
    *,
    present: bool = False,
    workshop: bool = False,
    vote: VoteRequest | None = None,
    plan_bank: Bank | None = None,
    step_id: str | None = None,
    args: argparse.Namespace | None = None,
) -> int:
    """Open the full-screen app (home, the plan at *plan_path* (at *step_id*), or its presenter
    view). *bank* is for plans made from home; *plan_bank* the bank of the plan at *plan_path*
    (found by its own record when None). In line mode (:func:`line_mode`), the same as lines.
    The store is tidied (:meth:`Store.tidy`) first in line mode, after the first screen is
    drawn in the app: a plan opens half a millisecond sooner."""
    if line_mode(args):
        store.tidy()
        return open_lines(store, bank, plan_path, present=present, vote=vote, plan_bank=plan_bank)
    need_terminal()
    from pilot2prod.tui.run import run_app  # deferred: the other commands never load Textual

    return run_app(
        store,
        bank,
        plan_path,
        step_id,
        theme=theme,
        present=present,
        workshop=workshop,
        vote=vote,
        plan_bank=plan_bank,
        tidy=True,
    )


def open_lines(
    store: Store,
    bank: Bank,
    plan_path: Path | None,
    *,
    present: bool = False,
    vote: VoteRequest | None = None,
    plan_bank: Bank | None = None,
) -> int:
    """Line mode for the wizard's commands: home as a numbered list, a plan walked as lines,
    a vote as lines; the presenter view needs the full screen."""
    if present:
        raise UsageError(
            "the presenter view needs the full screen: run 'pilot2prod present' without "
            "--line, ACCESSIBLE or TERM=dumb"
        )
    if plan_path is None:
        from pilot2prod.line.home import home  # deferred: only line mode loads it

        return home(store, bank)
    plan_bank = plan_bank or store.plan_bank(store.load(plan_path))
    if vote is not None:
        from pilot2prod.line.vote import run_vote

        return run_vote(store, plan_bank, plan_path, vote)
    from pilot2prod.line.opening import walk_plan

    return walk_plan(store, plan_bank, plan_path)


def visible_json(data: Any) -> str:
    """JSON with invisible and bidi-control characters written as \\u escapes (same data); so
    is a lone surrogate (a file name in bytes the system could not decode), never written as
    a byte that is not UTF-8."""
    import json  # (loaded by the commands that print JSON, not by every start)

    dumped = json.dumps(data, indent=2, ensure_ascii=False)
    return escape_invisible(dumped.encode("utf-8", "backslashreplace").decode("utf-8"))


def spreadsheet_safe(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a quote.
    (Invisible and bidi-control characters are shown as ``<U+202E>`` before this, as in every
    other output.)"""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def version_named(version: Any) -> str:
    """A saved version as the commands name it: "version 3 (label), 2026-11-02 10:15:00"."""
    label = f" ({version.label})" if version.label else ""
    return f"version {version.number}{label}, {version.at.replace('T', ' ').removesuffix('Z')}"
