"""A frame that redraws part of the screen asks only the widgets showing there to draw.

To draw the regions of the screen marked dirty, Textual's compositor takes the rectangle
around them and asks each widget on screen whose *container* overlaps that rectangle for all
its rows (``Compositor._get_renders``), then keeps the rows and columns inside the dirty
regions. A key typed into a field marks one row of it dirty, and every widget of the page,
the header and the key bar answered: fifteen widgets at 80x24, most of them for rows nowhere
near, about 0.07 ms each (a millisecond of the five from a key to its echo).

Here a widget is asked only when what shows of it (its region inside its container's) meets
that rectangle: a widget that shows nowhere in it has no row or column the frame keeps.
Relies on ``Compositor._get_renders`` (replaced on the class) yielding, front to back, each
widget's region, clip and rows as ``_render_chops`` uses them, and on
``Compositor.visible_widgets`` (see the registry in :mod:`pilot2prod.tui.compat`).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

from pilot2prod.tui.compat import replace_once

_get_renders = Compositor._get_renders


def _renders_shown_in(
    self: Compositor, crop: Region | None = None
) -> Iterable[tuple[Region, Region, list[Strip]]]:
    for widget, (region, clip) in self.visible_widgets.items():
        shown = region.intersection(clip)
        if shown and (not crop or crop.overlaps(shown)):
            # (its part on screen, from its own top left)
            part = Region(shown.x - region.x, shown.y - region.y, shown.width, shown.height)
            yield region, clip, widget.render_lines(part)


def draw_only_what_shows() -> None:
    """Ask only the widgets showing in a partial frame to draw (see the module). Once per
    process; refuses to replace a method put on the class after this module was imported."""
    why = "every widget on screen would draw for a partial frame"
    replace_once(Compositor, "_get_renders", _get_renders, _renders_shown_in, why)
