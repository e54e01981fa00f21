"""What a hidden container holds, laid out and drawn ahead of time, so that showing it is quick.

Showing a step's page for the first time costs the layout and the drawing of every widget on
it: about half of a step change at 80x24. Textual keeps both once done, for as long as nothing
changes: a container's arrangement for a size (``Widget._arrangement_cache``) and the rows each
widget drew (its ``_styles_cache``, kept by width, line by line, until the widget is refreshed
or resized). :func:`warm` does both for what a hidden container holds, while the app is idle,
at the size the container will have when shown, and hands each widget in it its size as a
layout would (``Widget._size_updated``): the layout that shows the container finds every size
as it was, so nothing is marked to draw again, and the frame takes the rows drawn here.

The container itself is left as it was: it is handed its size by the layout that shows it
(whether a step's page scrolls is decided as before, :mod:`pilot2prod.tui.wizard.step_page`).
So is every scrolling view inside it (a ``ScrollView``: a text box, a table, a list of
options, an input) and what it holds: such a widget works out what it shows for its size when
told of it (its Resize handler: a text box wraps its text again), which a hidden widget is
not, so it is drawn as it shows, as before.

What changes meanwhile is drawn anew as ever: a widget refreshed (an answer, a restyle, a
theme, the focus) drops the rows it drew, and a widget handed another size than it was
drawn at does too (the container shown narrower, with a scrollbar it was not drawn with).

It is done in one go: arranging a page measures every question on it, 5 to 25 ms for a step
of the built-in bank at 80x24 and 30 to 55 ms for a step of twenty questions; a key that
comes meanwhile waits for it (the idle builder checks for keys between its turns).

Relies on ``Compositor._arrange_root`` (the layout of one widget's tree, as a screen's is
made), ``Compositor._full_map`` and ``Compositor._full_map_invalidated`` (the map a widget's
``region`` is looked up in, set to that layout), ``Screen._compositor`` (swapped for the time
the drawing takes, so that each widget's ``region`` is where it was laid out here),
``Widget._size_updated`` and what ``Widget.render_lines`` keeps; see the registry in
:mod:`pilot2prod.tui.compat`.
"""

from __future__ import annotations

from typing import Any

from textual._compositor import Compositor
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarCorner
from textual.widget import Widget


def warm(screen: Screen[Any], container: Widget, size: Size) -> int:
    """Lay out what *container* (hidden, on *screen*) holds as if it were shown at *size*,
    and draw what of it would show at the top of it; return how many widgets were drawn."""
    if not size or not container.is_attached or screen._compositor is None:
        return 0
    compositor = Compositor()
    arranged, _ = compositor._arrange_root(container, size, visible_only=False)
    compositor.root = container
    compositor.size = size
    compositor._full_map = arranged
    compositor._full_map_invalidated = False
    inside = [
        (widget, geometry)
        for widget, geometry in arranged.items()
        if widget is not container and not _in_scroll_view(widget, container)
    ]
    for widget, (region, _order, _clip, virtual_size, container_size, *_) in inside:
        widget._size_updated(region.size, virtual_size, container_size, layout=False)
    drawn = 0
    real = screen._compositor
    screen._compositor = compositor
    try:
        for widget, (region, _order, clip, *_) in inside:
            shown = region.intersection(clip).intersection(size.region)
            if shown:
                widget.render_lines(shown.translate(-region.offset))
                drawn += 1
    finally:
        screen._compositor = real
    return drawn


def _in_scroll_view(widget: Widget, container: Widget) -> bool:
    """Whether *widget* is a ScrollView or inside one (a scrollbar), below *container*, or
    one of *container*'s own scrollbars (it shows them as it decides them)."""
    if widget.parent is container and isinstance(widget, ScrollBar | ScrollBarCorner):
        return True
    for node in widget.ancestors_with_self:
        if node is container:
            return False
        if isinstance(node, ScrollView):
            return True
    return False
