"""A frame asks only the widgets that show in it to draw, and only the rows it shows of them.

To draw the regions of the screen marked dirty, Textual's compositor takes the rectangle
around them and asks each widget on screen whose *container* overlaps that rectangle for all
its rows (``Compositor._get_renders``), then keeps the rows and columns inside the dirty
regions, front to back, the first widget to give a cell keeping it. A key typed into a field
marks one row of it dirty, and every widget of the page, the header and the key bar answered
with every row it has; a whole frame (a plan's first, a step change) had each container draw
all its rows too, rows its children then covered: about a millisecond of the first frame's ten.

Here a widget is asked for the rows of what shows of it (its region inside its container's)
inside that rectangle, and not at all when nothing of it shows there, or when the widgets in
front of it (asked before it) already give every cell of those rows: it has nothing the frame
keeps. A widget that draws less than it was asked (it draws as wide as its region in the
screen's current map, which can be narrower than in the map the frame was laid out with) leaves
the cells it did not give to the widgets behind it, as in Textual. Relies on
``Compositor._get_renders`` (replaced on the class) yielding, front to back, each widget's
region, clip and rows as ``_render_chops`` uses them (only the rows and cuts inside the region
within the clip, each row's cells given by the first widget that has them), and on
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
    given = _Cells()  # (the cells of the widgets asked so far: in front of the next one)
    for widget, (region, clip) in self.visible_widgets.items():
        shown = region.intersection(clip)
        if crop is not None:
            if not crop.overlaps(shown):
                continue
            # (its rows inside the frame, all their width: the frame keeps whole cuts)
            top, bottom = max(shown.y, crop.y), min(shown.bottom, crop.bottom)
            shown = Region(shown.x, top, shown.width, bottom - top)
        if not shown:
            continue
        for band in given.bands_missing(shown):
            # (its rows in the frame that no widget in front gives, from its own top left)
            part = Region(band.x - region.x, band.y - region.y, band.width, band.height)
            strips = widget.render_lines(part)
            yield region, band, strips
            given.add_drawn(band, strips)


class _Cells:
    """Cells of the screen, a row at a time: a byte per column, 1 where a cell is here."""

    def __init__(self) -> None:
        self.rows: dict[int, bytearray] = {}

    def bands_missing(self, region: Region) -> Iterable[Region]:
        """The bands of *region*'s rows (each as wide as it) that miss a cell of it here."""
        start, end = region.x, region.right
        top: int | None = None
        for y in range(region.y, region.bottom):
            row = self.rows.get(y)
            if row is not None and len(row) >= end and 0 not in row[start:end]:
                if top is not None:
                    yield Region(start, top, region.width, y - top)
                    top = None
            elif top is None:
                top = y
        if top is not None:
            yield Region(start, top, region.width, region.bottom - top)

    def add_drawn(self, band: Region, strips: list[Strip]) -> None:
        """Add the cells of *band* a widget drew as *strips* (a strip per row, from the top):
        the rows it gave whole. A widget draws as wide as its region in the screen's current
        map, which can be narrower than the region the frame was laid out with (the map made
        again since, as widgets mounted or a page's scrollbar came): the cells it left are
        drawn by the widgets behind it, as in Textual, where every widget draws all its rows
        (a cell no widget gives would end the app)."""
        width = band.width
        if len(strips) >= band.height and all(s.cell_length >= width for s in strips):
            self.add(band)
            return
        for y, strip in zip(range(band.y, band.bottom), strips, strict=False):
            if strip.cell_length >= width:
                self.add(Region(band.x, y, width, 1))

    def add(self, region: Region) -> None:
        """Add every cell of *region*."""
        start, end = region.x, region.right
        cells = b"\x01" * region.width
        for y in range(region.y, region.bottom):
            row = self.rows.get(y)
            if row is None:
                row = self.rows[y] = bytearray(end)
            elif len(row) < end:
                row.extend(bytes(end - len(row)))
            row[start:end] = cells


def draw_only_what_shows() -> None:
    """Ask only the widgets showing in a frame to draw, and only the rows of them it keeps (see
    the module). Once per process; refuses to replace a method put on the class after this
    module was imported."""
    why = "every widget on screen would draw all its rows for every frame"
    replace_once(Compositor, "_get_renders", _get_renders, _renders_shown_in, why)
