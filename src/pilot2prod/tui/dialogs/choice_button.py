"""A radio button whose glyph says whether it is chosen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton


class ChoiceButton(RadioButton):
    """A radio button that says whether it is chosen in its glyph, ``(•)`` or ``( )``, not only
    in its colour: readable without colour, in a text dump, and by the colour-blind."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.styled("(•)" if self.value else "( )", style)
