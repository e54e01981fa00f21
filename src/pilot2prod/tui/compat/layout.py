"""One layout where Textual would make two: sizes taken in a layout ask for no other.

In a layout, Textual hands every widget on screen its region and virtual (scrollable) size
(``Widget._size_updated``, called from ``Screen._refresh_layout``). A widget whose virtual
size changed sets it through its ``virtual_size`` reactive, which asks for a layout and a
repaint: every widget of a page shown for the first time does, so the screen was laid out a
second time and each of those widgets written to the terminal again, unchanged, a frame
after the page (3 KB of a first visit to a step's 7 at 80x24). The layout that handed the
sizes has already placed and drawn everything by them, and a scrollbar that must appear or go
asks for its own layout (``_scroll_update``, which still runs).

On a :class:`OneLayoutScreen`, a widget takes the size a layout hands it as Textual takes it
while scrolling (``layout=False``: the value is set, no layout or repaint is asked for, and
watchers of ``virtual_size`` are not called). Other screens lay out as Textual does (the
preview watches its document's virtual size). Relies on ``Widget._size_updated`` (replaced on
the class, doing exactly what it did for every other screen) and ``Screen._refresh_layout``
(see the registry in :mod:`pilot2prod.tui.compat`).

Nor does a widget inside a hidden one (``display: none``) lay the screen out. A widget asks
for a layout by posting ``messages.Layout`` to its screen (``Widget._check_refresh``): each
field the wizard builds while idle, into a page not shown, laid the whole screen out (about
5 ms at 80x24, twice per field), though nothing inside a hidden widget is arranged. Showing a
hidden widget asks for a layout of its own, and a layout here is always whole, so what it
holds is arranged then. (A widget that is itself hidden still asks: it may have been on screen
until now.) Its repaints (``messages.Update``) still go: a widget hidden and shown again
between two layouts is not redrawn by the layout (nothing of it moved), so what changed
inside it meanwhile must have been marked for drawing.

Nor is a widget inside a hidden one restyled at once (:func:`restyle_later`). Textual restyles
a widget and all it holds whenever its classes or pseudo-classes change (``App.update_styles``):
on every step change the field that had the focus, on the page just hidden, lost it and was
restyled before the new page's first frame (2 to 5 ms for a text box or a set of choices,
which restyle a style per part). What is hidden shows nothing: such a restyle is held by the
screen and done once the frame is drawn, or before a layout that shows the widget, whichever
comes first. (A widget that is itself hidden is restyled at once: its new style may show it.)
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual import messages
from textual.dom import DOMNode
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget

from pilot2prod.tui.compat import replace_once

_size_updated = Widget._size_updated
_quiet = False
"""True while a :class:`OneLayoutScreen` lays out (layouts are synchronous, one at a time)."""


def _size_updated_once(
    self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
) -> bool:
    return _size_updated(self, size, virtual_size, container_size, layout and not _quiet)


def _install() -> None:
    """Put the replacement on the class, once per process; refuse to replace a method put on
    the class by something else after this module was imported (it would be lost)."""
    why = "layouts could not be kept to one"
    replace_once(Widget, "_size_updated", _size_updated, _size_updated_once, why)


ResultType = TypeVar("ResultType")


class OneLayoutScreen(Screen[ResultType], Generic[ResultType]):
    """A screen whose layouts never ask for another layout by the sizes they hand out, and
    which widgets inside a hidden one never lay out (see the module)."""

    def post_message(self, message: Message) -> bool:
        if isinstance(message, messages.Layout) and inside_hidden(message.widget, self):
            return True  # (nothing of it is arranged: showing what hides it lays it out)
        return super().post_message(message)

    def __init__(
        self, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        _install()
        super().__init__(name, id, classes)
        self._held: dict[DOMNode, None] = {}
        """Widgets inside a hidden one whose restyle waits (:func:`restyle_later`), in order."""

    def hold_restyle(self, node: DOMNode) -> None:
        """Restyle *node* (inside a hidden widget) once the next frame is drawn, or before a
        layout that shows it."""
        if not self._held:
            self.call_after_refresh(self.restyle_held)
        self._held[node] = None

    def restyle_held(self, shown_only: bool = False) -> None:
        """Restyle the widgets held (only those no longer hidden, with *shown_only*)."""
        for node in list(self._held):
            if shown_only and inside_hidden(node, self):
                continue
            del self._held[node]
            if node.is_attached:  # (what App.update_styles does for a widget)
                self.app.stylesheet.update_nodes(node.walk_children(with_self=True))

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        global _quiet
        if self._held:
            self.restyle_held(shown_only=True)  # (what this layout shows, in its style)
        previous, _quiet = _quiet, True
        try:
            # Always a whole layout, never Textual's scroll-only one: that compares with the
            # last scroll-only layout, so after a whole one (every step change) it marks every
            # row to draw again, and rows a step change uncovered after a scroll went unwritten
            # (test_pty: ..._leaves_none_of_its_fix_on_screen).
            super()._refresh_layout(size, scroll=False)
        finally:
            _quiet = previous


def restyle_later(node: DOMNode) -> bool:
    """Whether *node*'s restyle is held (see the module): True when it is inside a hidden
    widget of a :class:`OneLayoutScreen`, which then restyles it later; False: restyle now."""
    hidden = False
    parent = node.parent
    while parent is not None:
        if isinstance(parent, OneLayoutScreen):
            if hidden:
                parent.hold_restyle(node)
            return hidden
        hidden = hidden or not parent.display
        parent = parent.parent
    return False


def inside_hidden(widget: DOMNode, screen: Screen[Any]) -> bool:
    """Whether *widget* is inside a widget of *screen* that is hidden (``display: none``)."""
    node = widget.parent
    while node is not None and node is not screen:
        if not node.display:
            return True
        node = node.parent
    return False
