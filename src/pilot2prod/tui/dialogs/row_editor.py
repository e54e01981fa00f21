"""RowEditor: one row of a repeatable list, each cell read as it is typed."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from pilot2prod import values
from pilot2prod.bank import Question
from pilot2prod.tui.compat.widgets import LeanInput
from pilot2prod.tui.dialogs.base import Dialog, DialogBody
from pilot2prod.tui.render import HINTS, TYPED_KINDS, plain, reading_text, show_line, show_text
from pilot2prod.values import editable


class RowEditor(Dialog):
    """Edit one row of a repeatable list. Returns the row, or None when cancelled.

    Each cell is read as it is typed (numbers, amounts and dates show what they mean); Save
    refuses while a cell cannot be read. The cells scroll; Save and Cancel always stay in view.
    Enter in any cell saves the row.

    *typed* names the cells whose text the person typed before the editor opened (a key
    pressed on the table starts a new row with it): Escape asks before throwing it away.
    """

    def __init__(
        self,
        question: Question,
        row: dict[str, Any],
        currency: str = "",
        *,
        typed: Collection[str] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.row = row
        self.currency = currency
        self.typed_cells = set(typed or ())
        self._edited: set[str] = set(self.typed_cells)
        """Cells typed in since the editor opened, or just before (the others hold what the
        file had)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide row-editor"):
            yield Label(plain(self.question.prompt), classes="dialog-title")
            with DialogBody(classes="dialog-body"):
                for column in self.question.columns:
                    kind = column.kind
                    yield Label(plain(column.label), classes="cell-label")
                    with Horizontal(classes="line-row"):
                        yield LeanInput(
                            editable(kind, self.row.get(column.id)),
                            placeholder=HINTS.get(kind, ""),
                            id=f"col-{column.id}",
                            select_on_focus=False,
                            compact=True,
                        )
                        if kind in TYPED_KINDS:
                            yield Static("", classes="reading", id=f"reading-{column.id}")
                    yield Static("", classes="cell-error", id=f"error-{column.id}")
            yield from self.buttons("Save row", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        for column in self.question.columns:
            self._check(column.id)

    def opened_with(self) -> dict[Input, str]:
        opened = super().opened_with()
        for column_id in self.typed_cells:
            for field in self.query(f"#col-{column_id}").results(Input):
                opened[field] = ""
        return opened

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("col-"):
            column_id = event.input.id.removeprefix("col-")
            column = next(c for c in self.question.columns if c.id == column_id)
            if event.value != editable(column.kind, self.row.get(column_id)):
                self._edited.add(column_id)
            self._check(column_id)

    def _cell(self, column_id: str) -> values.Reading:
        """One cell read: a date counts from today only once it is typed here, never as the
        file had it (a register's ``next Friday`` stays to fix, not dated today)."""
        column = next(c for c in self.question.columns if c.id == column_id)
        text = self.query_one(f"#col-{column_id}", Input).value
        typed = column_id in self._edited
        return values.read(column.kind, text, self.currency, relative=typed)

    def _check(self, column_id: str) -> str | None:
        """Read one cell and show what it means or what is wrong; return the problem."""
        column = next(c for c in self.question.columns if c.id == column_id)
        reading = self._cell(column_id)
        if column.kind in TYPED_KINDS:
            shown = reading_text(column.kind, reading, self.currency)
            show_line(self.query_one(f"#reading-{column_id}", Static), shown)
        error = self.query_one(f"#error-{column_id}", Static)
        show_text(error, f"⚠ {reading.problem}" if reading.problem else "")
        error.display = bool(reading.problem)
        return reading.problem

    def submit(self) -> None:
        row: dict[str, Any] = dict(self.row)  # keys this bank does not know are kept
        for column in self.question.columns:
            field = self.query_one(f"#col-{column.id}", Input)
            if self._check(column.id):
                self.show_problem(f"{column.label}: fix it first, or clear it")
                field.focus()
                return
            value = self._cell(column.id).value
            if value in (None, ""):
                row.pop(column.id, None)
            else:
                row[column.id] = value
        self.dismiss(row if row else None)
