"""NewPlan: the name and organisation of a new plan."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from pilot2prod.tui.dialogs.base import Dialog, DialogBody


class NewPlan(Dialog):
    """Name and organisation of a new plan. Returns (name, organisation)."""

    def __init__(self, check: Callable[[str], str | None]) -> None:
        super().__init__()
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New plan", classes="dialog-title")
            with DialogBody(classes="dialog-body"):
                yield Label("Plan name")
                yield Input(placeholder="e.g. Acme claims triage", id="name")
                yield Label("Organisation")
                yield Input(placeholder="who will run it in production", id="organisation")
            yield from self.buttons("Create")

    def submit(self) -> None:
        name = self.query_one("#name", Input).value
        problem = self.check(name)
        if problem:
            self.show_problem(problem)
            self.query_one("#name", Input).focus()
            return
        self.dismiss((name, self.query_one("#organisation", Input).value))
