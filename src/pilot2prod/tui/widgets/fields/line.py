"""One line of text: text, person, number, amount, percentage or date."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from pilot2prod import values
from pilot2prod.tui.compat.widgets import LeanInput
from pilot2prod.tui.render import (
    HINTS,
    TYPED_KINDS,
    apply_blink,
    fix_message,
    reading_text,
    show_line,
)
from pilot2prod.tui.widgets.fields.base import QuestionField
from pilot2prod.values import editable


class LineField(QuestionField):
    """text, person, number, money, percent, date: one Input.

    For numbers, amounts, percentages and dates, what the text means is shown beside it as it is
    typed (``= GBP 250,000``); text that cannot be read is kept as typed, as a draft to fix.
    """

    def compose_editor(self) -> ComposeResult:
        kind = self.question.kind
        text = self.draft if self.draft is not None else editable(kind, self.initial)
        self._handled = text
        """The text last read: the Input also reports its first value, which is no edit."""
        editor = LeanInput(
            text,
            placeholder=self.question.placeholder or HINTS.get(kind, ""),
            select_on_focus=False,
            compact=True,
        )
        if kind not in TYPED_KINDS:
            yield editor  # plain text needs no reading beside it: one widget fewer
            return
        with Horizontal(classes="line-row"):
            yield editor
            yield Static("", classes="reading")

    def on_mount(self) -> None:
        apply_blink(self)
        editor = self.query(Input).first() if self.query(Input) else None
        if self.question.kind not in TYPED_KINDS or editor is None:
            return  # (no editor: the field was removed while it was being mounted)
        # What the field starts with was typed another day (a draft) or comes from the file:
        # it is not dated from today (``next Friday`` stays a draft until typed again).
        reading = self._read(editor.value, relative=False)
        if self.draft is not None and reading.ok:
            # A draft the plan can read now (its currency was set since): keep the value.
            self.post(reading.value)

    def set_currency(self, currency: str) -> None:
        """The plan's currency changed: read the amount again (a draft may become valid)."""
        if self.currency == currency or self.question.kind != "money":
            return
        self.currency = currency
        self._answer(self.query_one(Input).value)

    def _read(self, text: str, *, relative: bool = True) -> values.Reading:
        """Read *text* and show what it means, or what is wrong with it."""
        kind = self.question.kind
        reading = values.read(kind, text, self.currency, relative=relative)
        show_line(self.query_one(".reading", Static), reading_text(kind, reading, self.currency))
        self.show_error(None if reading.ok else fix_message(reading.problem or ""))
        self.set_class(not reading.ok, "-to-fix")
        return reading

    def _answer(self, text: str) -> None:
        if self.question.kind not in TYPED_KINDS:
            self.show_error(None)
            self.post(text)
            return
        reading = self._read(text)
        if reading.ok:
            self.post(reading.value)
        else:
            self.post_draft(text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == self._handled:
            return  # not an edit: a value found in the file stays as it is until changed
        self._handled = event.value
        self._answer(event.value)


FIELD = LineField
