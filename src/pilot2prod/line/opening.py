"""Opening a plan in line mode with the wizard's safety: the recovery offer, the edit lock, and
"follow or edit as well" when another window edits it; then the walk.

At a terminal each of these is a numbered question. From a file or a pipe nothing is asked: a
recovery file is left for later (and said so on stderr), and the plan is edited as well as in
any other window (answers merge per answer, as between two windows).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TextIO

from msgspec import Struct

from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.line.output import Output, plain_text
from pilot2prod.line.reading import LineSource
from pilot2prod.line.walk import Position, Walk
from pilot2prod.session import PlanSession, recovery_text
from pilot2prod.store import Store

EXIT_OK, EXIT_FAILURE = 0, 1


class Lines(Struct):
    """Line mode's streams: lines in, lines out, problems out; *interactive* at a terminal."""

    source: LineSource
    out: Output
    err: TextIO
    interactive: bool

    @classmethod
    def standard(cls) -> Lines:
        """The process's own streams (stdin undecodable bytes read as U+FFFD, never a crash)."""
        stdin = sys.stdin
        with contextlib.suppress(AttributeError, ValueError):
            stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
        out = Output(sys.stdout)
        interactive = stdin.isatty()
        source = LineSource(stdin, more=(lambda: out.prompt("... ")) if interactive else None)
        return cls(source, out, sys.stderr, interactive)

    def choose(self, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
        """A numbered question: the key of the option chosen; None at the end of the input or
        for ``:quit`` (each caller takes None as leaving the question unanswered)."""
        self.out.say("")
        self.out.say(title)
        if text:
            self.out.say(text)
        self.out.items([label for _, label in options])
        numbers = f"a number between 1 and {len(options)}"
        while True:
            self.out.prompt(f"Enter {numbers}: ")
            line = self.source.next()
            if line is None:
                return None
            if not self.interactive:
                self.out.echo(line.raw or line.text)
            if line.command == "quit":
                return None
            answer = line.text.strip().rstrip(".")
            if line.is_answer and answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1][0]
            typed = (line.raw or line.text).strip()
            if line.command == "help" or not typed:
                self.out.items([label for _, label in options])
                self.out.say(f"Type {numbers} and Enter, or :quit to leave this question.")
            else:
                self.out.say(f"'{typed}' is not one of them: type {numbers}, or :quit to leave.")


def offer_recovery(store: Store, bank: Bank, path: Path, lines: Lines) -> None:
    """Answers a window could not save in the plan, offered back one file at a time (at a
    terminal); from a pipe they are left for later, and said so."""
    for recovery in store.recoveries(path):
        if not lines.interactive:
            lines.err.write(
                plain_text(
                    f"pilot2prod: unsaved answers to this plan are kept in {recovery.file}; "
                    "open it at a terminal to restore them"
                ).replace("\n", " ")
                + "\n"
            )
            continue
        choice = lines.choose(
            "Unsaved answers were kept",
            recovery_text(bank, recovery),
            [
                ("restore", "Restore them into the plan"),
                ("later", "Not now (ask again next time)"),
                ("discard", "Discard them"),
            ],
        )
        if choice == "restore":
            try:
                store.restore(recovery, bank.order)
            except (Pilot2ProdError, OSError) as exc:
                lines.out.say(f"Could not restore them: {exc}")
            else:
                count = len(recovery.changed)
                lines.out.say(f"Restored {count} answer{'s' if count != 1 else ''}.")
        elif choice == "discard":
            store.discard(recovery)


def open_session(store: Store, bank: Bank, path: Path, lines: Lines) -> PlanSession | None:
    """Take the plan's edit lock and open its session; when another window edits it, ask (at a
    terminal) whether to follow it read-only or edit as well. None when cancelled."""
    lock, holder = store.take_edit_lock(path)
    read_only = False
    if holder is not None and lines.interactive:
        choice = lines.choose(
            "This plan is open in another window",
            f"{path.name} is being edited {holder.describe()}. Answers from both windows are "
            "merged as they are saved; an answer changed in both is kept from the later one, "
            "and the other is listed as a conflict.",
            [
                ("follow", "Follow it read-only (its answers show here as they are saved)"),
                ("edit", "Edit here as well"),
                ("cancel", "Cancel"),
            ],
        )
        if choice not in ("follow", "edit"):
            return None
        read_only = choice == "follow"
    try:
        return PlanSession.open(store, bank, path, read_only=read_only, lock=lock)
    except Pilot2ProdError:
        if lock is not None:
            lock.release()
        raise


def walk_plan(
    store: Store,
    bank: Bank,
    path: Path,
    lines: Lines | None = None,
    start: Position | None = None,
) -> int:
    """Open the plan at *path* (with *bank*, its own) and walk it; the exit status."""
    lines = lines or Lines.standard()
    offer_recovery(store, bank, path, lines)
    session = open_session(store, bank, path, lines)
    if session is None:
        lines.out.say("Cancelled.")
        return EXIT_OK
    walk = Walk(session, lines.source, lines.out, lines.err, interactive=lines.interactive)
    return walk.run(start)
