"""Textual widgets changed where Textual gives no public hook (see :mod:`..compat`)."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, RadioButton, TextArea


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


class LeanInput(Input):
    """An Input whose typing repaints the Input alone, not the whole screen's layout.

    Textual's Input sets its ``virtual_size`` (the width of its text plus the cursor) on every
    change of its value, and ``Widget.virtual_size`` is a reactive that asks the screen for a
    layout: each key typed reflowed every widget on screen. An Input's virtual size bounds
    only its own horizontal scrolling (``ScrollView._size_updated`` never takes one from the
    layout), so here the same reactive repaints instead. An Input sized by its text (width or
    height ``auto``) still asks for its layout: ``Input._watch_value`` does that itself.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class LeanTextArea(TextArea):
    """A TextArea that works its theme out of its styles only when they changed.

    Textual's TextArea fills in its theme from its styles and its parts' styles (cursor,
    selection, placeholder…) each time it draws (``TextAreaTheme.apply_css`` in
    ``TextArea.render_lines``), and a widget forgets its parts' worked-out styles on every
    repaint: each key typed worked the same six styles out again, about half a millisecond of
    the two a key takes to draw. Here the theme is filled in again when what it is filled from
    may have changed: another theme (the app's or the TextArea's), the TextArea's own style
    with what it takes from above (its ``rich_style``: colours and background), or its parts'
    styles (Textual makes new ones whenever it restyles the TextArea). Relies on
    ``TextArea._theme`` (a copy of its own, filled in place) and ``DOMNode._component_styles``,
    and on ``TextArea.render_lines`` doing nothing but fill the theme in and draw as a
    ScrollView does (see the registry in :mod:`pilot2prod.tui.compat`).
    """

    _theme_from: tuple[Any, ...] = ()
    """What the theme was last filled in from (the parts' styles by identity)."""
    _theme_parts: tuple[Any, ...] = ()
    """The parts' styles it was filled in from, kept so that no new one takes their ids."""

    def render_lines(self, crop: Region) -> list[Strip]:
        theme = self._theme
        if theme:
            parts = tuple(self._component_styles.values())
            source = (theme, self.app.current_theme, self.rich_style, *map(id, parts))
            if source != self._theme_from:
                theme.apply_css(self)
                self._theme_from, self._theme_parts = source, parts
        return ScrollView.render_lines(self, crop)
