"""What F1 lists: the keys of each place (the wizard, the list of plans, the presenter view, a
dialog) and the keys that work everywhere, made from the bindings themselves so that the help
never disagrees with them."""

from __future__ import annotations

from collections.abc import Sequence

from pilot2prod.tui.render import key_rows


def help_sections(
    everywhere: list[tuple[str, str]],
) -> list[tuple[str, Sequence[tuple[str, str]]]]:
    """The help's sections of keys, *everywhere* (the app's own keys) last."""
    from pilot2prod.tui.dialogs import DIALOG_KEYS
    from pilot2prod.tui.screens.home import HomeScreen
    from pilot2prod.tui.screens.presenter import PresenterScreen
    from pilot2prod.tui.wizard import WizardScreen

    wizard = [
        ("Tab / Shift+Tab", "next / previous field (they stop at a step's ends)"),
        ("Enter", "next field (in a one-line field); on 'Next step ›', the next step"),
        ("Typing on a list", "starts a new row with what you type"),
        ("A letter on a choice", "moves to the next option starting with it"),
        *key_rows(WizardScreen.BINDINGS),
    ]
    return [
        ("In the wizard", wizard),
        ("On the list of plans", key_rows(HomeScreen.BINDINGS)),
        ("In the presenter view", key_rows(PresenterScreen.BINDINGS)),
        ("In a dialog", DIALOG_KEYS),
        ("Everywhere", everywhere),
    ]
