"""One answer out of a few, as radio buttons."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import RadioSet

from pilot2prod.tui.dialogs import ChoiceButton
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.fields.base import QuestionField


class ChoiceField(QuestionField):
    def compose_editor(self) -> ComposeResult:
        with RadioSet(compact=True):
            for choice in self.question.choices:
                yield ChoiceButton(plain(choice.label), value=choice.value == self.initial)

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.post(self.question.choices[event.index].value)


FIELD = ChoiceField
