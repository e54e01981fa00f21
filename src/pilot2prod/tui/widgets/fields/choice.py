"""One answer out of a few, as radio buttons."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import RadioButton, RadioSet

from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.fields.base import QuestionField


class ChoiceButton(RadioButton):
    """A radio button that says whether it is chosen in its glyph, ``(•)`` or ``( )``, not only
    in its colour: readable without colour, in a text dump, and by the colour-blind."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.styled("(•)" if self.value else "( )", style)


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
