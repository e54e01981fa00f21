"""Small typed dialogs: each returns its answer through ``dismiss``."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from pilot2prod import values
from pilot2prod.bank import Question
from pilot2prod.tui.render import (
    HINTS,
    SHORT_BELOW,
    TYPED_KINDS,
    apply_blink,
    keep_focus_in_view,
    plain,
    reading_text,
)
from pilot2prod.values import editable

DIALOG_KEYS = [
    ("Tab / Shift+Tab", "next / previous field"),
    ("Enter", "confirm, from any one-line field (the row editor saves the row)"),
    ("Escape", "cancel; when something was typed, it asks before discarding it"),
    ("Y / N", "yes / no, in a yes-or-no question"),
    ("1-9, ↑ / ↓", "pick an answer, in a question with several"),
]
"""The keys every dialog shares, for the help."""


class ChoiceButton(RadioButton):
    """A radio button that says whether it is chosen in its glyph, ``(•)`` or ``( )``, not only
    in its colour: readable without colour, in a text dump, and by the colour-blind."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.styled("(•)" if self.value else "( )", style)


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

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
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

    BINDINGS = [
        Binding("escape,n", "cancel", "No"),
        Binding("y", "yes", "Yes"),
    ]

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


class Choose(Dialog):
    """A question with a few answers, each a button; returns the chosen answer's key.

    Up and Down move between the answers, Enter picks, 1 to 9 pick directly; Escape returns
    None (the same as the last, cancelling, answer).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "app.focus_previous", "Previous", show=False),
        Binding("down", "app.focus_next", "Next", show=False),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

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


class Prompt(Dialog):
    """Ask for one line of text; *check* returns an error sentence or None."""

    def __init__(
        self,
        title: str,
        label: str,
        value: str = "",
        ok: str = "OK",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.ok = ok
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            with DialogBody(classes="dialog-body"):
                yield Label(plain(self.label))
                yield Input(self.value, id="value")
            yield from self.buttons(self.ok)

    def submit(self) -> None:
        value = self.query_one("#value", Input).value
        problem = self.check(value) if self.check else None
        if problem:
            self.show_problem(problem)
            return
        self.dismiss(value)


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
                        yield Input(
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
            self.query_one(f"#reading-{column_id}", Static).update(plain(shown))
        error = self.query_one(f"#error-{column_id}", Static)
        error.update(plain(f"⚠ {reading.problem}" if reading.problem else ""))
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
                        yield Input(value, placeholder=placeholder, id=field_id)
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


class ActionDialog(Record):
    """An action: what, who owns it, by when, and its status. Returns a dict of those, the due
    date as YYYY-MM-DD (typed the way people say dates)."""

    TITLE_TEXT = "Action"
    CHOICES = {"open": "Open", "done": "Done", "dropped": "Dropped"}
    CHOICES_LABEL = "Status"

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("what", "What is to be done", "e.g. Name the on-call owner"),
            ("owner", "Owner (a name)", "who does it"),
            ("due", "Due date", HINTS["date"]),
        ]

    def on_mount(self) -> None:
        super().on_mount()
        if self.choice is None:
            self.query_one("#choice", RadioSet).query(ChoiceButton).first().value = True

    def submit(self) -> None:
        what = self.typed("what")
        if not what:
            self.fail("say what is to be done", "what")
            return
        due = self._due(self.typed("due"))
        if not due.ok:
            self.fail(f"{due.problem}", "due")
            return
        if isinstance(due.value, str) and len(due.value) == 7:
            self.fail("give a day, not only a month (e.g. 15 Jan 2027)", "due")
            return
        self.dismiss(
            {
                "what": what,
                "owner": self.typed("owner"),
                "due": due.value or "",
                "status": self.chosen() or "open",
            }
        )


class ParkDialog(Record):
    """A point for the parking lot: what, and who raised it. Returns a dict."""

    TITLE_TEXT = "Park a point"

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("text", "The point", "what to come back to"),
            ("raised_by", "Raised by", "a name"),
        ]

    def submit(self) -> None:
        point = self.typed("text")
        if not point:
            self.fail("say what the point is", "text")
            return
        self.dismiss({"text": point, "raised_by": self.typed("raised_by")})


class SurenessDialog(Record):
    """How sure an answer is: fact, estimate, assumption or not marked, and where it comes
    from. Returns {"level": ... or "", "source": ...}."""

    TITLE_TEXT = "How sure is this answer?"
    CHOICES = {"fact": "Fact", "estimate": "Estimate", "assumption": "Assumption", "": "Not marked"}
    CHOICES_LABEL = "It is"

    def fields(self) -> list[tuple[str, str, str]]:
        return [("source", "Source (who said it, or where it comes from)", "optional")]

    CHOICES_FIRST = True

    def submit(self) -> None:
        self.dismiss({"level": self.chosen() or "", "source": self.typed("source")})
