"""One widget per question kind, built from the bank.

Every field posts :class:`QuestionField.Changed` with a value ready to store (or ``None`` to clear
it), or, for a number, amount, percentage or date that cannot be read yet, with the text exactly
as typed as a draft: it is kept, flagged "to fix", and never turned into a number.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from pilot2prod import values
from pilot2prod.bank import CHECKLIST_STATUSES, Question
from pilot2prod.text import show_invisible
from pilot2prod.tui.dialogs import Choose, Confirm, RowEditor
from pilot2prod.tui.render import (
    HINTS,
    TYPED_KINDS,
    apply_blink,
    fix_message,
    plain,
    reading_text,
)
from pilot2prod.values import describe, editable


class QuestionField(Vertical):
    """A question: its prompt, its editor, and a line for problems ("to fix")."""

    DEFAULT_CSS = """
    QuestionField { height: auto; margin: 0 0 1 0; }
    QuestionField > .prompt { width: 1fr; text-style: bold; }
    QuestionField > .error { color: $text-error; display: none; }
    QuestionField.-has-error > .error { display: block; }
    """

    class Changed(Message):
        """The field's answer changed: a *value* to store, or a *draft* to keep as typed."""

        def __init__(self, field: QuestionField, value: Any, draft: str | None = None) -> None:
            super().__init__()
            self.field = field
            self.value = value
            self.draft = draft

        @property
        def control(self) -> QuestionField:
            return self.field

    def __init__(
        self, question: Question, value: Any, *, draft: str | None = None, currency: str = ""
    ) -> None:
        super().__init__(id=f"q-{question.id}", classes=f"kind-{question.kind}")
        self.question = question
        self.initial = value
        self.draft = draft
        self.currency = currency
        self._reveal_when_sized = False
        self._error: Static | None = None

    def reveal(self) -> None:
        """Scroll this field into view, now or, on a page not laid out yet, once it has a size.

        After a jump from the palette or review the page is laid out a little later, and a
        field without a size cannot be scrolled to.
        """
        if self.size.height:
            self.call_after_refresh(self.scroll_visible, animate=False)
        else:
            self._reveal_when_sized = True

    def on_resize(self) -> None:
        if self._reveal_when_sized and self.size.height:
            self._reveal_when_sized = False
            self.scroll_visible(animate=False)

    def compose(self) -> ComposeResult:
        prompt = self.question.prompt + (" *" if self.question.required else "")
        yield Label(plain(prompt), classes="prompt")
        yield from self.compose_editor()

    def compose_editor(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        apply_blink(self)
        problem = self.file_problem()
        if problem:
            self.show_error(problem)

    def file_problem(self) -> str | None:
        """A problem with the value the plan file holds (shown until the answer is changed)."""
        if self.initial is None:
            return None
        problem = values.type_problem(self.question.kind, self.initial)
        if problem is None:
            return None
        return f"To fix: the file's value {problem}. It is kept until you answer here."

    def post(self, value: Any) -> None:
        self.post_message(self.Changed(self, value))

    def post_draft(self, typed: str) -> None:
        self.post_message(self.Changed(self, None, draft=typed))

    def show_error(self, message: str | None) -> None:
        """Show *message* under the field (None clears it). The line is made the first time
        it is needed: most fields never need one, and every widget costs a step change."""
        self.set_class(bool(message), "-has-error")
        text = plain(f"⚠ {message}" if message else "")
        if self._error is None:
            if not message:
                return
            self._error = Static(text, classes="error")
            self.mount(self._error)
        else:
            self._error.update(text)

    @property
    def has_error(self) -> bool:
        return self.has_class("-has-error")

    def focus_first(self) -> None:
        for widget in self.query("*"):
            if widget.focusable and widget.display:
                widget.focus()
                return


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
        editor = Input(
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
        if self.question.kind not in TYPED_KINDS:
            return
        reading = self._read(self.query_one(Input).value)
        if self.draft is not None and reading.ok:
            # A draft the plan can read now (its currency was set since): keep the value.
            self.post(reading.value)

    def set_currency(self, currency: str) -> None:
        """The plan's currency changed: read the amount again (a draft may become valid)."""
        if self.currency == currency or self.question.kind != "money":
            return
        self.currency = currency
        self._answer(self.query_one(Input).value)

    def _read(self, text: str) -> values.Reading:
        """Read *text* and show what it means, or what is wrong with it."""
        kind = self.question.kind
        reading = values.read(kind, text, self.currency)
        self.query_one(".reading", Static).update(plain(reading_text(kind, reading, self.currency)))
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


class LongTextField(QuestionField):
    def compose_editor(self) -> ComposeResult:
        text = self.initial if isinstance(self.initial, str | int | float) else ""
        yield TextArea(
            str(text),
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=self.question.placeholder,
            highlight_cursor_line=False,
            compact=True,
        )

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post(event.text_area.text)


class ChoiceField(QuestionField):
    def compose_editor(self) -> ComposeResult:
        with RadioSet(compact=True):
            for choice in self.question.choices:
                yield RadioButton(plain(choice.label), value=choice.value == self.initial)

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.post(self.question.choices[event.index].value)


class MultiChoiceField(QuestionField):
    def compose_editor(self) -> ComposeResult:
        chosen = self.initial if isinstance(self.initial, list) else []
        yield SelectionList[str](
            *((plain(c.label), c.value, c.value in chosen) for c in self.question.choices),
            compact=True,
        )

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        selected = set(event.selection_list.selected)
        # Values this bank does not offer are kept as they were (another bank's choices).
        offered = {c.value for c in self.question.choices}
        kept = (
            [v for v in self.initial if v not in offered] if isinstance(self.initial, list) else []
        )
        self.post([c.value for c in self.question.choices if c.value in selected] + kept)


class StatusPicker(Widget, can_focus=True):
    """A checklist item's status, shown as words: ``▾ In progress``. Enter, Space or a click
    offers the statuses in a small dialog (Textual's Select is several widgets per item, and
    a checklist step has many items)."""

    DEFAULT_CSS = """
    StatusPicker {
        width: 34;
        height: 1;
        background: $boost;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    StatusPicker:focus {
        text-style: bold reverse;
    }
    """
    BINDINGS = [Binding("enter,space", "choose", "Status", show=False)]

    class Changed(Message):
        def __init__(self, picker: StatusPicker) -> None:
            super().__init__()
            self.picker = picker

    def __init__(self, options: list[tuple[str, str]], value: str | None, about: str) -> None:
        super().__init__(classes="status")
        self.options = options
        """(stored value, label) pairs."""
        self.value = value
        self.about = about

    def render(self) -> Content:
        label = dict(self.options).get(self.value or "", "")
        return plain(f"▾ {label}" if label else "▾ Status…")

    def on_click(self) -> None:
        self.focus()
        self.action_choose()

    def action_choose(self) -> None:
        def chosen(key: str | None) -> None:
            if key and key != "cancel":
                self.value = key
                self.refresh()
                self.post_message(self.Changed(self))

        options = [
            (value, f"{label}{'  (now)' if value == self.value else ''}")
            for value, label in self.options
        ]
        self.app.push_screen(
            Choose("Status", self.about, [*options, ("cancel", "Keep it as it is")]), chosen
        )


class ChecklistField(QuestionField):
    """A readiness item: status, owner and evidence, each saved on its own.

    A status this bank does not know is kept and shown as it is; keys of the item this version
    does not know (say ``due``) are kept when the item is edited.
    """

    def compose_editor(self) -> ComposeResult:
        item = self.initial if isinstance(self.initial, dict) else {}
        status = item.get("status")
        options = list(CHECKLIST_STATUSES)
        if isinstance(status, str) and status.strip() and status not in dict(CHECKLIST_STATUSES):
            options.append((status, f"{status} (from the file; not a known status)"))
        chosen = status if isinstance(status, str) and status in dict(options) else None
        with Horizontal(classes="checklist-row"):
            yield StatusPicker(options, chosen, self.question.prompt)
            yield Label("Owner", classes="field-label")
            yield Input(
                _text(item.get("owner")),
                placeholder="who answers for it",
                classes="owner",
                select_on_focus=False,
                compact=True,
            )
        with Horizontal(classes="checklist-row"):
            yield Label("Evidence", classes="field-label")
            yield Input(
                _text(item.get("evidence")),
                placeholder="what shows it is true",
                classes="evidence",
                select_on_focus=False,
                compact=True,
            )

    def value(self) -> dict[str, Any]:
        item: dict[str, Any] = dict(self.initial) if isinstance(self.initial, dict) else {}
        item["status"] = self.query_one(StatusPicker).value or ""
        item["owner"] = self.query_one(".owner", Input).value
        item["evidence"] = self.query_one(".evidence", Input).value
        return {k: v for k, v in item.items() if not (isinstance(v, str) and not v.strip())}

    @on(StatusPicker.Changed)
    @on(Input.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self.show_error(None)
        self.post(self.value() or None)


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


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _cell(value: Any) -> str:
    """One table cell on one line."""
    return " ".join(_text(value).split())


class ListField(QuestionField):
    """A repeatable list: a table of rows, each added and edited in a dialog.

    No letter key acts on the table (people type sentences into what looks like a form):
    Enter edits the highlighted row, Insert adds one, Delete removes one after asking. After a
    row is saved, focus moves to "Add another row", where stray typing does nothing. The line
    under the table shows the highlighted row in full, every column, at any width.
    """

    BINDINGS = [
        Binding("insert", "add_row", "Add row", show=False),
        Binding("delete", "remove_row", "Remove row", show=False),
    ]
    WIDEST = 28
    """A column is at most this wide (its label and the detail line show the rest)."""

    def __init__(
        self, question: Question, value: Any, *, draft: str | None = None, currency: str = ""
    ) -> None:
        super().__init__(question, value, draft=draft, currency=currency)
        rows = value if isinstance(value, list) else []
        self.rows: list[Any] = list(rows)
        """Every row as found; rows that are not tables are kept and shown as they are."""

    def compose_editor(self) -> ComposeResult:
        yield DataTable[Text](cursor_type="row", zebra_stripes=True, show_cursor=True)
        yield Static("", classes="row-detail")
        with Horizontal(classes="list-buttons"):
            yield Button("Add row", id="add", compact=True)
            yield Button("Edit row", id="edit", compact=True)
            yield Button("Remove row", id="remove", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
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
            table.add_column(plain(column.label), key=column.id, width=width)
        for row in self.rows:
            cells = (show_invisible(self._shown(row, c.id, c.kind)) for c in columns)
            table.add_row(*(Text(cell) for cell in cells))
        table.display = bool(self.rows)
        if cursor is not None and self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1), animate=False)
        self.query_one("#add", Button).label = "Add another row" if self.rows else "Add row"
        self.query_one("#edit", Button).disabled = not self.rows
        self.query_one("#remove", Button).disabled = not self.rows
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one(".row-detail", Static)
        if not self.rows:
            detail.update(plain("No rows yet: “Add row” (or Insert) adds one."))
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
            target = self.query_one(DataTable) if self.rows else self.query_one("#add")
            target.focus()

        self.app.push_screen(Confirm(f"Remove {what} from this table?", yes="Remove"), answer)

    def _edit(self, index: int | None) -> None:
        current = self.rows[index] if index is not None else {}

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
            # Somewhere typing does nothing: the next key is not an edit of the row just saved.
            add = self.query_one("#add", Button)
            add.focus()
            self.call_after_refresh(self._show_row, position)

        editable_row = current if isinstance(current, dict) else {}
        self.app.push_screen(RowEditor(self.question, editable_row, self.currency), done)

    def _show_row(self, position: int) -> None:
        """Bring a row just saved into view: in the table, and the table on the page."""
        table = self.query_one(DataTable)
        if position < table.row_count:
            table.move_cursor(row=position, animate=False, scroll=True)
        self.query_one(".list-buttons").scroll_visible(animate=False)


FIELD_CLASSES: dict[str, type[QuestionField]] = {
    "text": LineField,
    "person": LineField,
    "number": LineField,
    "money": LineField,
    "percent": LineField,
    "date": LineField,
    "long_text": LongTextField,
    "choice": ChoiceField,
    "multi_choice": MultiChoiceField,
    "checklist": ChecklistField,
    "list": ListField,
}


def make_field(
    question: Question, value: Any, *, draft: str | None = None, currency: str = ""
) -> QuestionField:
    return FIELD_CLASSES[question.kind](question, value, draft=draft, currency=currency)
