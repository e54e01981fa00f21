"""A radio button whose glyph says whether it is chosen."""

from __future__ import annotations

from textual.content import Content

from pilot2prod.tui.compat.radio import DrawnRadioButton


class ChoiceButton(DrawnRadioButton):
    """A radio button that says whether it is chosen in its glyph, ``(•)`` or ``( )``, not only
    in its colour: readable without colour, in a text dump, and by the colour-blind."""

    def draw_button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.styled("(•)" if self.value else "( )", style)
