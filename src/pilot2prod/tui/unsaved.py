"""Answers that could not be saved, on the way out.

- Leaving a plan or quitting while a window's answers are not saved, :func:`ask_about_unsaved`
  asks what to do with them (try saving again, save a copy elsewhere, or lose them), again until
  one of those is done or the person cancels.
- When the app stops anyway (a hangup, an unexpected error), :func:`keep_unsaved` writes them to
  recovery files (the next start offers them back) and notes what to tell; :func:`say` tells it
  on stderr once the terminal is given back.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from textual.app import App

from pilot2prod.text import for_terminal
from pilot2prod.tui.session import PlanSession


def ask_about_unsaved(app: App[Any], session: PlanSession, then: Callable[[], Any]) -> None:
    """Answers could not be saved: retry, save a copy elsewhere, or lose them (in words),
    asked again until one of those is done. *then* runs once the answers are saved, copied or
    given up; Cancel stays.

    (Callbacks, not a worker awaiting each dialog: keys typed with the Ctrl+Q that asks, in one
    write, go to the question, and a worker on the app would let them reach the field first.)
    """
    from pilot2prod.tui.dialogs import Choose, Prompt

    def chosen(choice: str | None) -> None:
        if choice == "retry":
            if session.flush():
                app.notify(f"Saved {session.path.name}.")
                app.call_later(then)
            else:
                ask_about_unsaved(app, session, then)
        elif choice == "copy":
            app.push_screen(
                Prompt(
                    "Save a copy elsewhere",
                    "File to save this window's answers to",
                    str(copy_place(session.path)),
                    ok="Save the copy",
                ),
                lambda where: save_copy(where),
            )
        elif choice == "lose":
            session.discarded = True
            app.call_later(then)

    def save_copy(where: str | None) -> None:
        if not where:
            ask_about_unsaved(app, session, then)
            return
        target = Path(where).expanduser()
        try:
            session.save_copy(target)
        except OSError as exc:
            app.notify(f"cannot save {target} ({exc.strerror or exc})", severity="error")
            ask_about_unsaved(app, session, then)
            return
        app.notify(f"This window's answers are saved in {target}.")
        app.call_later(then)

    app.push_screen(
        Choose(
            "These answers are not saved",
            f"{session.error or 'Saving failed'}.",
            [
                ("retry", "Try saving again"),
                ("copy", "Save a copy elsewhere…"),
                ("lose", "Quit and lose these answers"),
                ("cancel", "Cancel (stay here)"),
            ],
        ),
        chosen,
    )


def copy_place(path: Path) -> Path:
    """Where to suggest saving a copy: the home folder if it can be written, else temp."""
    import tempfile

    home = Path.home()
    folder = home if os.access(home, os.W_OK) else Path(tempfile.gettempdir())
    return folder / f"{path.stem}-unsaved.toml"


class Leaving(Protocol):
    """What :func:`keep_unsaved` reads of the app."""

    sessions: list[PlanSession]
    """Every plan opened in this run."""
    exit_messages: list[str]
    """Lines for stderr once the terminal is given back."""


def keep_unsaved(app: Leaving) -> None:
    """Write the answers no save could keep to recovery files, and note what to tell."""
    for session in app.sessions:
        if session.answers_dirty and not session.discarded and not session.flush():
            file = session.write_recovery()
            if file is not None:
                app.exit_messages.append(
                    f"pilot2prod: {session.path.name} could not be saved; its unsaved answers "
                    f"are in {file} (the next start offers to restore them)"
                )
            else:
                app.exit_messages.append(
                    f"pilot2prod: {session.path.name} could not be saved, and no recovery file "
                    "could be written either; the answers typed since the last save are lost"
                )


def say(lines: list[str]) -> None:
    """Tell *lines* on stderr (the terminal is the person's again), as plain text."""
    for line in lines:
        with contextlib.suppress(OSError, ValueError):
            print(for_terminal(line), file=sys.stderr, flush=True)


def ask_before_quitting(app: App[Any], quit: Callable[[], Awaitable[None]]) -> bool:
    """When the screen shown asks before quitting (its ``QUIT_QUESTION``: a voter's ballot,
    where Ctrl+Q is not the facilitator's), ask it; *quit* runs on yes. True when asked."""
    question = getattr(app.screen, "QUIT_QUESTION", "")
    if not question:
        return False
    from pilot2prod.tui.dialogs import Confirm

    def answered(yes: bool | None) -> None:
        if yes:
            app.run_worker(quit())

    app.push_screen(Confirm(question, yes="Quit"), answered)
    return True
