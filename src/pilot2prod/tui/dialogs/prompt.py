"""Prompt: one line of text, checked before the dialog closes."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from pilot2prod.tui.compat.widgets import LeanInput
from pilot2prod.tui.dialogs.base import Dialog, DialogBody
from pilot2prod.tui.render import plain


class Prompt(Dialog):
    """Ask for one line of text; *check* returns an error sentence or None."""

    def __init__(
        self,
        title: str,
        label: str,
        value: str = "",
        ok: str = "OK",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.ok = ok
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            with DialogBody(classes="dialog-body"):
                yield Label(plain(self.label))
                yield LeanInput(self.value, id="value")
            yield from self.buttons(self.ok)

    def submit(self) -> None:
        value = self.query_one("#value", Input).value
        problem = self.check(value) if self.check else None
        if problem:
            self.show_problem(problem)
            return
        self.dismiss(value)
