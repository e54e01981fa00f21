"""What F1 lists: the keys of each place (the wizard, the list of plans, the presenter view, a
dialog) and the keys that work everywhere, made from the key table as it is bound now, so that
the help never disagrees with the keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import App

from pilot2prod.tui.keys import help_rows, remapped, shown


def help_sections(app: App[Any]) -> list[tuple[str, Sequence[tuple[str, str]]]]:
    """The help's sections of keys, the app's own keys last."""
    wizard = [
        ("Tab / Shift+Tab", "next / previous field (they stop at a step's ends)"),
        ("Enter", "next field (in a one-line field); on 'Next step ›', the next step"),
        ("Typing on a list", "starts a new row with what you type"),
        ("A letter on a choice", "moves to the next option starting with it"),
        *help_rows(app, "wizard"),
    ]
    picks = [f"choose.pick_{n}" for n in range(1, 10)]
    numbers = (
        ", ".join(shown(app, pick) for pick in picks)
        if any(remapped(app, pick) for pick in picks)
        else "1-9"
    )
    moves = f"{shown(app, 'choose.previous', '↑')} / {shown(app, 'choose.next', '↓')}"
    dialog = [
        ("Tab / Shift+Tab", "next / previous field"),
        ("Enter", "confirm, from any one-line field (the row editor saves the row)"),
        (
            shown(app, "dialog.cancel", "Escape"),
            "cancel; when something was typed, it asks before discarding it",
        ),
        (
            f"{shown(app, 'confirm.yes', 'Y')} / {shown(app, 'confirm.no', 'N')}",
            "yes / no, in a yes-or-no question",
        ),
        (f"{numbers}, {moves}", "pick an answer, in a question with several"),
    ]
    return [
        ("In the wizard", wizard),
        ("On the list of plans", help_rows(app, "home")),
        ("In the presenter view", help_rows(app, "presenter")),
        ("In a silent vote", help_rows(app, "vote")),
        ("On a voter's ballot", help_rows(app, "ballot")),
        ("Between two voters", help_rows(app, "pass_on")),
        ("In a dialog", dialog),
        ("Everywhere", help_rows(app, "app")),
    ]
