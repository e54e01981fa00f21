"""A repeatable list (a register): a table of rows, each added and edited in a dialog."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, DataTable, Static

from pilot2prod import values
from pilot2prod.bank import Question
from pilot2prod.text import show_invisible
from pilot2prod.tui.dialogs import Confirm, RowEditor
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.render import TYPED_KINDS, plain
from pilot2prod.tui.widgets.fields.base import QuestionField, as_text
from pilot2prod.values import describe


def fit_columns(natural: list[int], labels: list[int], room: int, widest: int) -> list[int]:
    """Column widths that fit *room* when they can: the widest columns give way first, and no
    column is narrower than its label (past that, the table scrolls sideways)."""
    wanted = [min(n, max(widest, label)) for n, label in zip(natural, labels, strict=True)]
    if sum(wanted) <= room:
        return wanted
    low, high = 0, max(wanted)
    while low < high:  # the largest cap on data width that still fits
        cap = (low + high + 1) // 2
        fits = sum(min(w, max(label, cap)) for w, label in zip(wanted, labels, strict=True))
        if fits <= room:
            low = cap
        else:
            high = cap - 1
    return [min(w, max(label, low)) for w, label in zip(wanted, labels, strict=True)]


def _cell(value: Any) -> str:
    """One table cell on one line."""
    return " ".join(as_text(value).split())


class RowTable(DataTable[Text]):
    """A list's table: the list's one Tab stop. Arrows move between rows; Enter or Space edits
    the highlighted row (adds one when there is none); a printable key starts a new row with
    that key as the start of its first column, so a sentence typed here is never lost."""

    class StartRow(Message):
        """Open a new row with *text* typed into its first column ("" for an empty row)."""

        def __init__(self, table: RowTable, text: str) -> None:
            super().__init__()
            self.table = table
            self.text = text

        @property
        def control(self) -> RowTable:
            return self.table

    BINDINGS = bindings("rows")

    def action_select_cursor(self) -> None:
        if self.row_count:
            super().action_select_cursor()
        else:
            self.post_message(self.StartRow(self, ""))

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.character != " ":
            event.stop()
            event.prevent_default()
            self.post_message(self.StartRow(self, event.character))


class MouseButton(Button, can_focus=False):
    """A button for the mouse only: the keyboard does the same from the table (one Tab stop
    for the whole list, so typed text never lands on a button)."""


class ListField(QuestionField):
    """A repeatable list: a table of rows, each added and edited in a dialog.

    The table is the list's only Tab stop. Typing on it starts a new row with what was typed
    in the row's first column (Tab moves between columns, Enter saves the row and comes back
    here); Enter or Space edits the highlighted row, Insert adds an empty one, Delete removes
    one after asking. The buttons under the table do the same with the mouse. The line under
    the table shows the highlighted row in full, every column, at any width.
    """

    BINDINGS = bindings("list")
    WIDEST = 28
    """A column is at most this wide (its label and the detail line show the rest)."""

    def __init__(self, question: Question, value: Any, **options: Any) -> None:
        """*options* as :class:`QuestionField` takes them (draft, currency, sureness, graded)."""
        super().__init__(question, value, **options)
        rows = value if isinstance(value, list) else []
        self.rows: list[Any] = list(rows)
        """Every row as found; rows that are not tables are kept and shown as they are."""

    def compose_editor(self) -> ComposeResult:
        yield RowTable(cursor_type="row", zebra_stripes=True, show_cursor=True)
        yield Static("", classes="row-detail")
        with Horizontal(classes="list-buttons"):
            yield MouseButton("Add row", id="add", compact=True)
            yield MouseButton("Edit row", id="edit", compact=True)
            yield MouseButton("Remove row", id="remove", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        if self.query(DataTable):  # (none when the wizard closed as the field was being built)
            self.refresh_table()

    def _shown(self, row: Any, column_id: str, kind: str) -> str:
        if not isinstance(row, dict):
            return _cell(row) if column_id == self.question.columns[0].id else ""
        value = row.get(column_id)
        if value is None:
            return ""
        if kind in TYPED_KINDS and not values.type_problem(kind, value):
            return describe(kind, value, self.currency)
        return _cell(value)

    def on_resize(self) -> None:
        super().on_resize()
        if self.size.width and self.size.width != getattr(self, "_fitted_to", None):
            self.refresh_table(self.cursor if self.rows else None)

    def refresh_table(self, cursor: int | None = None) -> None:
        table = self.query_one(DataTable)
        columns = self.question.columns
        natural = [
            max([len(c.label), *(len(self._shown(r, c.id, c.kind)) for r in self.rows)])
            for c in columns
        ]
        labels = [len(c.label) for c in columns]
        self._fitted_to = self.size.width
        # Each cell has one column of padding either side; leave room for the scrollbar.
        room = (self.size.width or self.app.size.width) - 2 * len(columns) - 4
        widths = fit_columns(natural, labels, room, self.WIDEST)
        table.clear(columns=True)
        for column, width in zip(columns, widths, strict=True):
            table.add_column(Text(show_invisible(column.label)), key=column.id, width=width)
        for row in self.rows:  # (a cell cut to its column ends with "…": the cut shows)
            cells = [Text(show_invisible(self._shown(row, c.id, c.kind))) for c in columns]
            for cell, width in zip(cells, widths, strict=True):
                cell.truncate(width, overflow="ellipsis")  # (by cells: wide letters count two)
            table.add_row(*cells)
        if cursor is not None and self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1), animate=False)
        self.query_one("#add", Button).label = "Add another row" if self.rows else "Add row"
        self.query_one("#edit", Button).disabled = not self.rows
        self.query_one("#remove", Button).disabled = not self.rows
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one(".row-detail", Static)
        if not self.rows:
            detail.update(
                plain("No rows yet: type the first one here (Enter or Insert opens one).")
            )
            return
        index = self.cursor
        row = self.rows[index]
        parts = [
            f"{c.label}: {self._shown(row, c.id, c.kind) or '—'}" for c in self.question.columns
        ]
        detail.update(plain(f"Row {index + 1} of {len(self.rows)} · " + " · ".join(parts)))

    @property
    def cursor(self) -> int:
        return min(max(self.query_one(DataTable).cursor_row, 0), max(len(self.rows) - 1, 0))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    @on(Button.Pressed, "#add")
    def action_add_row(self) -> None:
        self._edit(None)

    @on(RowTable.StartRow)
    def _start_row(self, event: RowTable.StartRow) -> None:
        event.stop()
        self._edit(None, event.text)

    @on(Button.Pressed, "#edit")
    def action_edit_row(self) -> None:
        if self.rows:
            self._edit(self.cursor)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._edit(event.cursor_row if self.rows else None)

    @on(Button.Pressed, "#remove")
    def action_remove_row(self) -> None:
        if not self.rows:
            return
        index = self.cursor
        first = self._shown(self.rows[index], self.question.columns[0].id, "text")
        what = f"row {index + 1}" + (f" (“{first}”)" if first else "")

        def answer(yes: bool | None) -> None:
            if not yes or index >= len(self.rows):
                return
            del self.rows[index]
            self.refresh_table(index)
            self.post(list(self.rows) or None)
            self.query_one(DataTable).focus()

        self.app.push_screen(Confirm(f"Remove {what} from this table?", yes="Remove"), answer)

    def _edit(self, index: int | None, typed: str = "") -> None:
        """Edit row *index* in the row editor, or a new row (starting with *typed* in its
        first column)."""
        current = self.rows[index] if index is not None else {}
        if typed:
            current = {self.question.columns[0].id: typed}

        def done(row: dict[str, Any] | None) -> None:
            if row is None:
                return
            if index is None:
                self.rows.append(row)
                position = len(self.rows) - 1
            else:
                self.rows[index] = row
                position = index
            self.refresh_table(position)
            self.post(list(self.rows))
            # Back on the table: typing starts the next row, Tab goes on to the next question.
            self.query_one(DataTable).focus()
            self.call_after_refresh(self._show_row, position)

        editable_row = current if isinstance(current, dict) else {}
        typed_cells = {self.question.columns[0].id} if typed else set()
        editor = RowEditor(self.question, editable_row, self.currency, typed=typed_cells)
        self.app.push_screen(editor, done)

    def _show_row(self, position: int) -> None:
        """Bring a row just saved into view: in the table, and the table on the page."""
        table = self.query_one(DataTable)
        if position < table.row_count:
            table.move_cursor(row=position, animate=False, scroll=True)
        self.query_one(".list-buttons").scroll_visible(animate=False)


FIELD = ListField
