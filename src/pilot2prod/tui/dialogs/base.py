"""The base of every dialog: a centred box whose title stays at the top and buttons at the
bottom, and the yes-or-no question it asks itself before discarding typed text."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from pilot2prod.tui.keys import bindings
from pilot2prod.tui.render import SHORT_BELOW, apply_blink, keep_focus_in_view, plain


class DialogBody(VerticalScroll, can_focus=False):
    """A dialog's text and fields: scrolls when they do not fit, never takes the focus itself."""

    _height = 0

    def on_resize(self, event: Resize) -> None:
        if 0 < event.size.height < self._height:  # shorter: a notice took rows of the screen
            keep_focus_in_view(self)
        self._height = event.size.height


class Dialog(ModalScreen[Any]):
    """Base: a centred box. Its title stays at the top and its buttons at the bottom, always in
    view; the body between them scrolls. Enter in any one-line field confirms the dialog.
    Escape or Cancel closes it, but asks first when its fields hold text the person typed."""

    BINDINGS = bindings("dialog")
    DISCARD = "Discard what you typed?"
    AUTO_FOCUS = ""
    """The focus is given in on_mount, without scrolling: given before the dialog is laid out,
    Textual's own would centre the field and scroll the text above it out of view."""

    def on_mount(self) -> None:
        apply_blink(self)
        self._fit(self.app.size.height)
        self._opened_with = self.opened_with()
        first = self.first_focus()
        if first is not None and self.focused is None:
            first.focus(scroll_visible=False)
        self.call_after_refresh(self._show_focus)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """Under 24 rows, fields and buttons without borders: a dialog shows three fields
        and its buttons at 60x18 instead of one field."""
        if not hasattr(self, "_roomy"):  # the fields and buttons made with borders
            self._roomy = [w for w in (*self.query(Input), *self.query(Button)) if not w.compact]
        short = height < SHORT_BELOW
        self.set_class(short, "-short")
        for widget in self._roomy:
            widget.compact = short

    def first_focus(self) -> Widget | None:
        """Where the focus starts: the first widget that takes it."""
        return next((w for w in self.query("*") if w.focusable), None)

    def _show_focus(self) -> None:
        if self.focused is not None:
            self.focused.scroll_visible(animate=False)

    def opened_with(self) -> dict[Input, str]:
        """Each one-line field's text as the dialog opened: what does not count as typed."""
        return {field: field.value for field in self.query(Input)}

    def has_typed_text(self) -> bool:
        """Whether any one-line field holds other text than it opened with."""
        opened = getattr(self, "_opened_with", {})
        return any(field.value != opened.get(field, "") for field in self.query(Input))

    def action_cancel(self) -> None:
        """Close without an answer; with text typed, only once the person says to discard it."""
        if not self.has_typed_text():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(Confirm(self.DISCARD, yes="Discard", no="Keep editing"), answer)

    def buttons(self, ok: str, *, compact: bool = False) -> ComposeResult:
        """The error line and OK / Cancel, docked at the dialog's bottom: never scrolled away."""
        with Vertical(classes="dialog-foot"):
            yield Static("", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(ok, variant="primary", id="ok", compact=compact)
                yield Button("Cancel", id="cancel", compact=compact)

    def show_problem(self, problem: str) -> None:
        """Say what stops the dialog from closing, on the line above its buttons."""
        error = self.query_one(".dialog-error", Static)
        error.update(plain(f"⚠ {problem}" if problem else ""))
        error.display = bool(problem)

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    @on(Button.Pressed, "#ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter in any one-line field confirms the dialog (Tab moves between fields)."""
        event.stop()
        self.submit()

    def submit(self) -> None:
        raise NotImplementedError


class Confirm(Dialog):
    """Yes or no. Returns True only for an explicit yes; the focus starts on no."""

    BINDINGS = bindings("confirm")

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            with DialogBody(classes="dialog-body"):
                yield Static(plain(self.question), classes="dialog-text")
            with Vertical(classes="dialog-foot"), Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="ok")
                yield Button(f"{self.no} (n)", id="cancel")

    def first_focus(self) -> Widget | None:
        return self.query_one("#cancel", Button)

    def action_yes(self) -> None:
        self.dismiss(True)

    def submit(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
