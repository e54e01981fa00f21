"""A voter's turn on the laptop passed round: the ballot (a name or none, each question with
nothing chosen), then a screen that hides it before the next person sees the keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, RadioSet, Static

from pilot2prod.tui.compat.widgets import LeanInput
from pilot2prod.tui.dialogs import ChoiceButton, Confirm
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.keys import shown as key_of
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pilot2prod.bank import Question

Ballot = dict[str, Any]
"""``{"name": str, "answers": {question id: option}}``."""


QUIT_QUESTION = "Quit pilot2prod? This ballot is not sent; the ballots sent are kept."


class BallotScreen(Screen[Ballot | None]):
    """One person's ballot: nothing chosen, no counts, nobody else's answers. Returns the
    ballot, or None when the voter leaves without sending."""

    BINDINGS = bindings("ballot")
    QUIT_QUESTION = QUIT_QUESTION
    """The app asks this before quitting from here (a voter's Ctrl+Q is not the facilitator's)."""

    def __init__(self, title: str, questions: list[Question], headings: dict[str, str]) -> None:
        super().__init__()
        self.title_text = title
        self.questions = questions
        self.headings = headings
        """Question id -> a heading shown above it (the stall reason it belongs to)."""

    def compose(self) -> ComposeResult:
        yield Static(
            plain(f" Silent vote · your ballot · {self.title_text}"),
            classes="screen-header",
        )
        with VerticalScroll(id="ballot-body"):
            yield Static(
                plain(
                    "Answer on your own: nobody sees this ballot, and the room sees only the "
                    "counts once everyone has voted. Leave a question if you have no view."
                ),
                id="ballot-intro",
            )
            yield LeanInput(
                placeholder="Your name, or leave it empty to stay anonymous",
                id="ballot-name",
                max_length=60,
            )
            for n, question in enumerate(self.questions, start=1):
                if question.id in self.headings:
                    yield Static(plain(self.headings[question.id]), classes="ballot-heading")
                with Vertical(classes="ballot-question"):
                    yield Static(plain(f"{n}. {question.prompt}"), classes="ballot-prompt")
                    with RadioSet(id=f"ballot-{question.id}", compact=True):
                        for choice in question.choices:
                            yield ChoiceButton(plain(choice.label), value=False)
            with Horizontal(id="ballot-buttons"):
                yield Button("Send my ballot", id="ballot-send", variant="primary")
                yield Button("Cancel", id="ballot-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#ballot-name", Input).focus()

    def ballot(self) -> Ballot:
        answers = {}
        for question in self.questions:
            radio = self.query_one(f"#ballot-{question.id}", RadioSet)
            index = radio.pressed_index
            if index >= 0:
                answers[question.id] = question.choices[index].value
        return {"name": self.query_one("#ballot-name", Input).value, "answers": answers}

    @on(Input.Submitted, "#ballot-name")
    def _name_given(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#ballot-send")
    def action_send(self) -> None:
        ballot = self.ballot()
        if not ballot["answers"]:
            self.notify("Choose at least one answer, or Cancel to leave without voting.")
            return
        self.dismiss(ballot)

    @on(Button.Pressed, "#ballot-cancel")
    def action_cancel(self) -> None:
        ballot = self.ballot()
        if not (ballot["answers"] or ballot["name"].strip()):
            self.dismiss(None)
            return

        def leave(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(Confirm("Leave without voting? What you chose is not kept."), leave)


class PassOnScreen(Screen[bool]):
    """Between two voters: the last ballot is gone from the screen. Returns True when the next
    person votes, False to go back to the facilitator's screen."""

    BINDINGS = bindings("pass_on")
    QUIT_QUESTION = "Quit pilot2prod? The ballots sent are kept."

    def compose(self) -> ComposeResult:
        yield Static(plain(" Silent vote · pass it on"), classes="screen-header")
        with Vertical(id="pass-on"):
            yield Static(
                plain(
                    "Thank you: your ballot is in, and hidden until the reveal."
                    "\n\nPass the laptop to the next person."
                ),
                id="pass-on-text",
            )
            with Horizontal(id="pass-on-buttons"):
                yield Button("Next voter", id="pass-on-next", variant="primary")
                yield Button("Everyone has voted", id="pass-on-done")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#pass-on-next", Button).focus()
        done = key_of(self.app, "pass_on.done")
        self.query_one("#pass-on-done", Button).label = plain(f"Everyone has voted ({done})")

    @on(Button.Pressed, "#pass-on-next")
    def action_next(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#pass-on-done")
    def action_done(self) -> None:
        self.dismiss(False)
