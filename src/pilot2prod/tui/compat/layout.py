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

Nor is a widget inside a hidden one restyled at once (:func:`hold_restyle_if_hidden`, which
the app's ``update_styles`` asks). Textual restyles a widget and all it holds whenever its
classes or pseudo-classes change (``App.update_styles``): on every step change the field that
had the focus, on the page just hidden, lost it and was restyled before the new page's first
frame (2 to 5 ms for a text box or a set of choices, which restyle a style per part). What is
hidden shows nothing: the screen holds such a restyle and does it after its next refresh (the
frame is written then), or first when the widget may show or be measured: a layout that shows
it, and whatever shows or measures a hidden page (:meth:`OneLayoutScreen.restyle_held`). A
widget hidden itself, with nothing above it hidden, is restyled at once: its new style may
show it. A widget not in the app yet is not restyled at all (:func:`restyle_later`): mounting
it styles it in full (``App._register``), whatever classes it was given before, so a restyle
asked before is thrown away (every long answer's TextArea, made compact, asked one from its
constructor: a millisecond and more each).

And a layout marks to draw again what moved since the last layout, always. Textual's
compositor compares a new layout with the map it holds of every widget's place
(``Compositor._full_map``), and rebuilds that map from the widgets as they are now whenever
something asks where a widget is after the map went out of date (a widget refreshed out of
sight, a scroll): a map rebuilt after a scroll and before the layout that follows it already
has the rows in their new places, so the layout found nothing moved and the terminal kept the
rows where they were. In a burst of keys, a Tab scrolls to the next field and a step change
scrolls back to the top before the next frame: a mix of two steps, or of a page's rows, stayed
on screen until something else changed there (tests/test_frames_add_up.py). The screen keeps
the map its last layout made and the compositor compares with that one.

A layout draws whole what it placed, moved or resized, so what those widgets had marked for
repainting before is forgotten then (``Widget._repaint_regions``): a widget resized marks all
of itself without asking for a repaint, and Textual kept that mark until its next repaint,
which then drew it whole again (the first Tab on a step wrote its first question twice).
"""

from __future__ import annotations

from collections.abc import Iterable
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
    """A screen whose layouts never ask for another layout by the sizes they hand out, which
    widgets inside a hidden one never lay out, and whose widgets inside a hidden one are
    restyled later (see the module)."""

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
        """Widgets inside a hidden one whose restyle waits (:func:`hold_restyle_if_hidden`)."""
        self._restyle_due = False
        """Whether :meth:`restyle_held` is set to run after the next refresh."""
        self._arranged: dict[Widget, Any] | None = None
        """The map of every widget's place the last layout made (see the module)."""

    def hold_restyle(self, node: DOMNode) -> None:
        """Restyle *node* (inside a hidden widget) after the screen's next refresh (the frame
        is written then), or before that if it is shown (:meth:`restyle_held`)."""
        self._held[node] = None
        if not self._restyle_due:
            self._restyle_due = self.call_after_refresh(self._restyle_after_refresh)

    def _restyle_after_refresh(self) -> None:
        self._restyle_due = False
        self.restyle_held()

    def restyle_held(self, shown_only: bool = False) -> bool:
        """Restyle the widgets held now (only those no longer inside a hidden widget, with
        *shown_only*): what whatever shows them or measures them must do first. Each is
        restyled with all it holds, as ``App.update_styles`` does, in one pass (a widget held
        inside another held one once; a hidden widget is never animated, so nor is this).
        True when a widget was restyled: what it changes in its container's layout is known
        once the widget has had its turn (Textual's ``_check_refresh``), not at once."""
        if not self._held:
            return False
        nodes = [n for n in self._held if not (shown_only and inside_hidden(n, self))]
        for node in nodes:
            del self._held[node]
        held = set(nodes)
        tops = [n for n in nodes if n.is_attached and held.isdisjoint(n.ancestors)]
        if tops:
            self.app.stylesheet.update_nodes(
                [each for top in tops for each in top.walk_children(with_self=True)]
            )
        return bool(tops)

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        global _quiet
        self.restyle_held(shown_only=True)  # (what this layout shows, in its style)
        compositor = self._compositor
        held, arranged = compositor._full_map, self._arranged
        if arranged is not None:
            # Compare with what the last layout arranged, not with a map rebuilt since (see
            # the module): the compositor marks to draw again only what differs from the map
            # it holds.
            compositor._full_map = arranged
        previous, _quiet = _quiet, True
        try:
            # Always a whole layout, never Textual's scroll-only one: that compares with the
            # last scroll-only layout, so after a whole one (every step change) it marks every
            # row to draw again, and rows a step change uncovered after a scroll went unwritten
            # (test_pty: ..._leaves_none_of_its_fix_on_screen).
            super()._refresh_layout(size, scroll=False)
        finally:
            _quiet = previous
            if compositor._full_map is arranged:  # (no layout made: an empty screen)
                compositor._full_map = held
            else:
                self._arranged = compositor._full_map
                if arranged is not None:  # (what it put or moved, drawn whole by it)
                    now = self._arranged
                    _forget_repaints_of(
                        w
                        for w, place in now.items()
                        if w._repaint_regions and arranged.get(w) != place
                    )


def _forget_repaints_of(widgets: Iterable[Widget]) -> None:
    """Forget the repaints *widgets* asked for before a layout that put them on screen, moved
    or resized them: it draws each of them whole. (Textual keeps the parts a widget marks for
    repainting until it next asks for a repaint, and a widget whose size changes marks all of
    itself without asking: a question laid out narrower as its page's scrollbar came, or
    drawn ahead while its page was hidden, kept that mark, and the first Tab on the step wrote
    the whole question again, not only its edge.) Done as the layout returns: its frame is
    drawn by then, or waits for the batch with the areas the layout marked; nothing between
    asks for a repaint (Textual's signal after a layout clears a tooltip, by a layout).
    Relies on ``Widget._repaint_regions``."""
    for widget in widgets:
        widget._repaint_regions.clear()


def restyle_later(node: DOMNode) -> bool:
    """Whether *node*'s restyle is not for now (see the module): it is not in the app yet, or
    no longer (nothing to do; once ``exit()`` is called, no node counts as in the app: nothing
    is drawn again), or :func:`hold_restyle_if_hidden` holds it."""
    return not (node.is_attached or node.is_dom_root) or hold_restyle_if_hidden(node)


def hold_restyle_if_hidden(node: DOMNode) -> bool:
    """Hold *node*'s restyle when it is inside a hidden widget (``display: none``) of a
    :class:`OneLayoutScreen`, which restyles it later (see the module), and say so; False:
    restyle it now (it is on no such screen, or nothing above it is hidden)."""
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
