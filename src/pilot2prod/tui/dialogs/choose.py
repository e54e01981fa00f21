"""Choose: a question with a few answers, each a button."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from pilot2prod.tui.dialogs.base import Dialog, DialogBody
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.render import plain


class Choose(Dialog):
    """A question with a few answers, each a button; returns the chosen answer's key.

    Up and Down move between the answers, Enter picks, 1 to 9 pick directly; Escape returns
    None (the same as the last, cancelling, answer).
    """

    BINDINGS = bindings("choose")

    def __init__(self, title: str, text: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            with DialogBody(classes="dialog-body"):
                yield Static(plain(self.text), classes="dialog-text")
            with Vertical(classes="dialog-foot dialog-choices"):
                for n, (key, label) in enumerate(self.options, start=1):
                    yield Button(
                        plain(f"{n}  {label}"), id=f"choice-{key}", classes="choice", compact=True
                    )

    def first_focus(self) -> Widget | None:
        return self.query(Button).first()

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.options):
            self.dismiss(self.options[number - 1][0])

    @on(Button.Pressed, ".choice")
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def submit(self) -> None:
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
