"""Textual's RadioButton changed where Textual gives no public hook (see :mod:`..compat`): a
module of its own, so that only what shows a choice loads RadioButton (a plan whose first step
asks no choice opens without it)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton


class DrawnRadioButton(RadioButton):
    """A RadioButton whose button part (what shows before the label) is :meth:`draw_button`'s.

    Relies on ``ToggleButton._button``, the property Textual draws the button part from.
    """

    def draw_button(self) -> Content:
        """The button part as Textual draws it; a subclass gives its own."""
        return super()._button

    @property
    def _button(self) -> Content:
        return self.draw_button()
