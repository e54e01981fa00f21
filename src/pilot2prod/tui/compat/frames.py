"""Frames left undrawn while a burst of keys is replayed, and drawn together after it.

A burst (keys typed faster than the app handles them, keys SSH delivers in one write, a paste
of keystrokes) is replayed one key at a time (:mod:`pilot2prod.tui.ordered_input`). Textual
draws a frame whenever something changed and its 60-a-second update timer fires: in a burst,
almost one frame per key, each rendered and written for the next key to replace at once (half
of the app's work per key, and most of the bytes a burst sends back over a slow link).

While keys wait their turn, the top screen's frames are left undrawn for up to a gap the app
sets: layout, focus, scrolling and callbacks after a refresh all go on as usual, only the
drawing waits. What changed stays marked (the compositor adds to the same set of dirty
regions until a frame is rendered from them), and the screen marks itself dirty again once the
update timer's turn is over, so the timer keeps coming back (a layout empties the screen's set
of dirty widgets, and with it nothing would bring the timer back). The first frame Textual may
draw, once the gap has passed or the last key has gone, draws all of it, through Textual's own
path (so never while updates are batched, never for a screen no longer on top, never before a
pending layout). Relies on ``Screen._compositor_refresh`` (replaced on the class, for apps that
ask) and ``Screen._dirty_widgets`` (see the registry in :mod:`pilot2prod.tui.compat`).
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from pilot2prod.tui.compat import replace_once

_draw = Screen._compositor_refresh


def _compositor_refresh(self: Screen[Any]) -> None:
    app = self.app
    held = getattr(app, "frames_held", None)
    if held is not None and self is app.screen and not app.is_inline and held():
        # (After the timer's turn, which may empty the set: the screen's idle handler then
        # finds it dirty and brings the timer back; the screen adds no region of its own.)
        self.call_next(_mark_dirty, self)
        return
    _draw(self)


def _mark_dirty(screen: Screen[Any]) -> None:
    screen._dirty_widgets.add(screen)


def hold_frames() -> None:
    """Let apps with a ``frames_held()`` method leave frames undrawn (see the module); other
    apps draw exactly as before. Once per process; refuses to replace a drawing method put on
    the class after this module was imported (it would be lost)."""
    replace_once(
        Screen, "_compositor_refresh", _draw, _compositor_refresh, "frames could not be held"
    )
