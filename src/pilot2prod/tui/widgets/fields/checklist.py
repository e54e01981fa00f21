"""A readiness checklist item: its status, who owns it, the evidence for it and how that
evidence is graded (F8: claimed, documented, demonstrated)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label

from pilot2prod import record
from pilot2prod.bank import CHECKLIST_STATUSES
from pilot2prod.tui.compat.widgets import LeanInput
from pilot2prod.tui.dialogs import Choose
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.fields.base import QuestionField, as_text


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
    BINDINGS = bindings("checklist")
    stray_key_notice = "A status is a choice: Enter or Space lists the statuses."

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
            yield LeanInput(
                as_text(item.get("owner")),
                placeholder="who answers for it",
                classes="owner",
                select_on_focus=False,
                compact=True,
            )
        with Horizontal(classes="checklist-row"):
            yield Label("Evidence", classes="field-label")
            yield LeanInput(
                as_text(item.get("evidence")),
                placeholder="what shows it is true",
                classes="evidence",
                select_on_focus=False,
                compact=True,
            )
            yield Label(plain(self.grade_text(self.graded)), classes="grade")

    @staticmethod
    def grade_text(graded: record.Grade | None) -> str:
        """The row's grade in words (read without colour): ``◆ Demonstrated, tested …``."""
        return f"◆ {graded.words if graded else 'not graded'}"

    def show_grade(self, graded: record.Grade | None) -> None:
        """Show how the item's evidence is graded (the wizard calls this; F8 changes it)."""
        label = self.query_one(".grade", Label)
        text = self.grade_text(graded)
        if str(label.content) != text:
            label.update(plain(text))

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


FIELD = ChecklistField
