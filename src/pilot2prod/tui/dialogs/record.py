"""Record: the base of the workshop record's dialogs (an action, a parked point, how sure)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, RadioSet, Static

from pilot2prod import values
from pilot2prod.tui.compat.widgets import LeanInput
from pilot2prod.tui.dialogs.base import Dialog, DialogBody
from pilot2prod.tui.dialogs.choice_button import ChoiceButton
from pilot2prod.tui.render import plain, reading_text


class Record(Dialog):
    """Base of the workshop record's dialogs: labelled one-line fields, a set of choices, an
    error line and Save / Cancel. Subclasses say what the fields are and what to return."""

    TITLE_TEXT = ""
    CHOICES: dict[str, str] = {}
    CHOICES_LABEL = ""
    CHOICES_FIRST = False
    """Whether the choices are shown (and focused) before the one-line fields."""

    def __init__(
        self,
        values_in: dict[str, str],
        *,
        about: str = "",
        title: str | None = None,
        choice: str | None = None,
    ) -> None:
        super().__init__()
        self.values_in = values_in
        self.about = about
        self.title_text = title or self.TITLE_TEXT
        self.choice = choice
        self._due_edited = False
        """Whether the due date was typed here (not only as the file had it)."""

    def fields(self) -> list[tuple[str, str, str]]:
        """(id, label, placeholder) of each one-line field, in order."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog record-dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            with DialogBody(classes="dialog-body"):
                if self.about:
                    yield Static(plain(self.about), classes="dialog-about")
                if self.CHOICES_FIRST:
                    yield from self._choices()
                for field_id, label, placeholder in self.fields():
                    yield Label(plain(label), classes="cell-label")
                    with Horizontal(classes="line-row"):
                        value = self.values_in.get(field_id, "")
                        yield LeanInput(value, placeholder=placeholder, id=field_id)
                        if field_id == "due":
                            yield Static(self._reading(value), id="due-reading", classes="reading")
                if not self.CHOICES_FIRST:
                    yield from self._choices()
            yield from self.buttons("Save")

    def first_focus(self) -> Widget | None:
        if self.CHOICES_FIRST:
            return self.query_one("#choice", RadioSet)
        return self.query(Input).first()

    def _choices(self) -> ComposeResult:
        if self.CHOICES:
            yield Label(plain(self.CHOICES_LABEL), classes="cell-label")
            with RadioSet(compact=True, id="choice"):
                for key, label in self.CHOICES.items():
                    yield ChoiceButton(plain(label), value=key == self.choice, name=key)

    def _due(self, typed: str) -> values.Reading:
        """A due date: the next ``15 Jan`` on or after today; counted from today only once
        typed here (a due date kept in the file as ``next Friday`` is not dated today)."""
        return values.read("date", typed, due=True, relative=self._due_edited)

    def _reading(self, typed: str) -> Content:
        reading = self._due(typed)
        return plain(reading_text("date", reading, "")) if reading.ok else Content("")

    @on(Input.Changed, "#due")
    def _due_typed(self, event: Input.Changed) -> None:
        if event.value != self.values_in.get("due", ""):
            self._due_edited = True
        self.query_one("#due-reading", Static).update(self._reading(event.value))

    def chosen(self) -> str | None:
        if not self.CHOICES:
            return None
        pressed = self.query_one("#choice", RadioSet).pressed_button
        return pressed.name if pressed is not None else None

    def typed(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def fail(self, problem: str, field_id: str | None = None) -> None:
        self.show_problem(problem)
        if field_id is not None:
            self.query_one(f"#{field_id}", Input).focus()
