"""NewPlan: the name and organisation of a new plan, and the method it follows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioSet

from pilot2prod.tui.compat import is_highlighted
from pilot2prod.tui.compat.widgets import LeanInput
from pilot2prod.tui.dialogs.base import Dialog, DialogBody
from pilot2prod.tui.dialogs.choice_button import ChoiceButton
from pilot2prod.tui.render import plain


class MethodChoice(RadioSet):
    """The methods as radio buttons that ↑ and ↓ choose at once, as a browser's radio group
    does: leaving with Tab keeps the method the highlight is on, never the one chosen before."""

    def action_next_button(self) -> None:
        super().action_next_button()
        self._choose_highlighted()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._choose_highlighted()

    def _choose_highlighted(self) -> None:
        for button in self.query(ChoiceButton):
            if is_highlighted(button) and not button.value:
                button.value = True


class NewPlan(Dialog):
    """Name, organisation and method of a new plan. Returns (name, organisation, method id).

    *methods* are the question banks a plan can follow, as (id, title), the one chosen at first
    first; with only one, nothing is asked about it."""

    def __init__(
        self, check: Callable[[str], str | None], methods: Sequence[tuple[str, str]] = ()
    ) -> None:
        super().__init__()
        self.check = check
        self.methods = list(methods)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New plan", classes="dialog-title")
            with DialogBody(classes="dialog-body"):
                yield Label("Plan name")
                yield LeanInput(placeholder="e.g. Acme claims triage", id="name")
                yield Label("Organisation")
                yield LeanInput(placeholder="who will run it in production", id="organisation")
                if len(self.methods) > 1:
                    yield Label("Method (↑ ↓ to choose)")
                    with MethodChoice(compact=True, id="method"):
                        for index, (method_id, title) in enumerate(self.methods):
                            yield ChoiceButton(plain(title), value=index == 0, name=method_id)
            yield from self.buttons("Create")

    def chosen(self) -> str:
        """The id of the method chosen (the first one when nothing is asked)."""
        if len(self.methods) > 1:
            pressed = self.query_one("#method", RadioSet).pressed_button
            if pressed is not None and pressed.name:
                return pressed.name
        return self.methods[0][0] if self.methods else ""

    def submit(self) -> None:
        name = self.query_one("#name", Input).value
        problem = self.check(name)
        if problem:
            self.show_problem(problem)
            self.query_one("#name", Input).focus()
            return
        self.dismiss((name, self.query_one("#organisation", Input).value, self.chosen()))
