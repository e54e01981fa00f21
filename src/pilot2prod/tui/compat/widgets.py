"""Textual widgets changed where Textual gives no public hook (see :mod:`..compat`)."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from pilot2prod.tui.compat.parts import restyle_keeping_parts


class LeanInput(Input):
    """An Input whose typing repaints the Input alone, not the whole screen's layout.

    Textual's Input sets its ``virtual_size`` (the width of its text plus the cursor) on every
    change of its value, and ``Widget.virtual_size`` is a reactive that asks the screen for a
    layout: each key typed reflowed every widget on screen. An Input's virtual size bounds
    only its own horizontal scrolling (``ScrollView._size_updated`` never takes one from the
    layout), so here the same reactive repaints instead. An Input sized by its text (width or
    height ``auto``) still asks for its layout: ``Input._watch_value`` does that itself.

    As its focus comes and goes, it is restyled without its parts when no rule may style them
    by a focus (:mod:`.parts`).
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Restyle the field as its focus comes and goes, its parts' styles kept while no
        rule may style them by a focus (see :mod:`.parts`)."""
        restyle_keeping_parts(self)
