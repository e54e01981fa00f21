"""One widget per question kind, built from the bank.

Every field posts :class:`QuestionField.Changed` with a value ready to store (or ``None`` to clear
it). A value that fails validation is flagged under the field and never posted.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from pilot2prod.bank import CHECKLIST_STATUSES, NUMERIC_KINDS, Column, Question
from pilot2prod.export import format_number
from pilot2prod.plan import parse_date, parse_number


def apply_blink(root: Widget) -> None:
    """Turn the cursor blink of the fields under *root* off when the app asks for that."""
    if getattr(root.app, "cursor_blink", True):
        return
    for editor in root.query("Input, TextArea"):
        editor.cursor_blink = False  # type: ignore[attr-defined]


def plain(value: str) -> Content:
    """User or bank text as display content: never parsed as markup."""
    return Content(value)


class Parses(Validator):
    """Accepts what :func:`parse_number` / :func:`parse_date` accept for a kind."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            parse_value(self.kind, value)
        except ValueError as exc:
            return self.failure(str(exc))
        return self.success()


def parse_value(kind: str, raw: str) -> Any:
    if not raw.strip():
        return None
    if kind == "date":
        return parse_date(raw)
    if kind in NUMERIC_KINDS:
        return parse_number(raw, kind)
    return raw


def show_value(kind: str, value: Any) -> str:
    """How a stored value is put back into a one-line field."""
    if value is None:
        return ""
    if kind in NUMERIC_KINDS and isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, "number")
    return str(value)


HINTS = {
    "number": "a number",
    "money": "an amount, e.g. 120,000",
    "percent": "0 to 100",
    "date": "YYYY-MM-DD",
    "person": "name and role",
}


class QuestionField(Vertical):
    """A question: its prompt, its editor, and a line for validation errors."""

    DEFAULT_CSS = """
    QuestionField { height: auto; margin: 0 0 1 0; }
    QuestionField > .prompt { width: 1fr; text-style: bold; }
    QuestionField > .error { color: $text-error; display: none; }
    QuestionField.-has-error > .error { display: block; }
    """

    class Changed(Message):
        def __init__(self, field: QuestionField, value: Any) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> QuestionField:
            return self.field

    def __init__(self, question: Question, value: Any) -> None:
        super().__init__(id=f"q-{question.id}", classes=f"kind-{question.kind}")
        self.question = question
        self.initial = value
        self._reveal_when_sized = False

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
        yield Static("", classes="error")

    def compose_editor(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        apply_blink(self)

    def post(self, value: Any) -> None:
        self.post_message(self.Changed(self, value))

    def show_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-has-error")
        self.query_one(".error", Static).update(plain(f"⚠ {message}" if message else ""))

    @property
    def has_error(self) -> bool:
        return self.has_class("-has-error")

    def focus_first(self) -> None:
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return


class LineField(QuestionField):
    """text, person, number, money, percent, date: one Input, validated for typed kinds."""

    def compose_editor(self) -> ComposeResult:
        kind = self.question.kind
        validators = [Parses(kind)] if kind in (*NUMERIC_KINDS, "date") else None
        yield Input(
            show_value(kind, self.initial),
            placeholder=self.question.placeholder or HINTS.get(kind, ""),
            validators=validators,
            valid_empty=True,
            select_on_focus=False,
            compact=True,
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        result = event.validation_result
        if result is not None and not result.is_valid:
            self.show_error(f"{result.failure_descriptions[0]}; not saved")
            return
        self.show_error(None)
        self.post(parse_value(self.question.kind, event.value))


class LongTextField(QuestionField):
    def compose_editor(self) -> ComposeResult:
        yield TextArea(
            str(self.initial or ""),
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
        self.post([c.value for c in self.question.choices if c.value in selected])


class ChecklistField(QuestionField):
    """A readiness item: status, owner and evidence."""

    def compose_editor(self) -> ComposeResult:
        item = self.initial if isinstance(self.initial, dict) else {}
        status = item.get("status")
        known = {value for value, _ in CHECKLIST_STATUSES}
        with Horizontal(classes="checklist-row"):
            yield Select(
                [(plain(label), value) for value, label in CHECKLIST_STATUSES],
                prompt="Status…",
                value=status if status in known else Select.NULL,
                classes="status",
                compact=True,
            )
            yield Label("Owner", classes="field-label")
            yield Input(
                str(item.get("owner", "")),
                placeholder="who answers for it",
                classes="owner",
                select_on_focus=False,
                compact=True,
            )
        with Horizontal(classes="checklist-row"):
            yield Label("Evidence", classes="field-label")
            yield Input(
                str(item.get("evidence", "")),
                placeholder="what shows it is true",
                classes="evidence",
                select_on_focus=False,
                compact=True,
            )

    def value(self) -> dict[str, str]:
        status = self.query_one(Select).value
        item = {
            "status": status if isinstance(status, str) else "",
            "owner": self.query_one(".owner", Input).value,
            "evidence": self.query_one(".evidence", Input).value,
        }
        return {k: v for k, v in item.items() if v.strip()}

    @on(Select.Changed)
    @on(Input.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self.post(self.value() or None)


class ListField(QuestionField):
    """A repeatable list: a small table with add, edit and remove."""

    BINDINGS = [
        ("a", "add_row", "Add row"),
        ("e", "edit_row", "Edit row"),
        ("delete", "remove_row", "Remove row"),
    ]

    def __init__(self, question: Question, value: Any) -> None:
        super().__init__(question, value)
        rows = value if isinstance(value, list) else []
        self.rows: list[dict[str, Any]] = [r for r in rows if isinstance(r, dict)]

    def compose_editor(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        for column in self.question.columns:
            table.add_column(plain(column.label), key=column.id)
        yield table
        with Horizontal(classes="list-buttons"):
            yield Button("Add row", id="add", compact=True)
            yield Button("Edit", id="edit", compact=True)
            yield Button("Remove", id="remove", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_table()

    def refresh_table(self, cursor: int | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in self.rows:
            table.add_row(*(Text(show_value(c.kind, row.get(c.id))) for c in self.question.columns))
        if not self.rows:
            table.add_row(*(Text("") for _ in self.question.columns), key="empty")
        if cursor is not None and self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        self.query_one("#edit", Button).disabled = not self.rows
        self.query_one("#remove", Button).disabled = not self.rows

    @property
    def cursor(self) -> int:
        return self.query_one(DataTable).cursor_row

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
        if self.rows:
            self._edit(event.cursor_row)
        else:
            self._edit(None)

    @on(Button.Pressed, "#remove")
    def action_remove_row(self) -> None:
        if not self.rows:
            return
        index = self.cursor
        del self.rows[index]
        self.refresh_table(index)
        self.post(list(self.rows) or None)

    def _edit(self, index: int | None) -> None:
        from pilot2prod.tui.screens.modals import RowEditor

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
            self.query_one(DataTable).focus()
            self.post(list(self.rows))

        self.app.push_screen(RowEditor(self.question, current), done)


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


def make_field(question: Question, value: Any) -> QuestionField:
    return FIELD_CLASSES[question.kind](question, value)


def column_value(column: Column, raw: str) -> Any:
    """Parse one cell typed in the row editor (numbers and dates are checked)."""
    return parse_value(column.kind, raw) if column.kind != "text" else raw
