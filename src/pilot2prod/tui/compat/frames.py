"""Frames left undrawn while a burst of keys is replayed, and drawn together after it.

A burst (keys typed faster than the app handles them, keys SSH delivers in one write, a paste
of keystrokes) is replayed one key at a time (:mod:`pilot2prod.tui.ordered_input`). Textual
draws a frame whenever something changed and its 60-a-second update timer fires: in a burst,
almost one frame per key, each rendered and written for the next key to replace at once (half
of the app's work per key, and most of the bytes a burst sends back over a slow link).

While keys wait their turn, the top screen's frames are left undrawn for up to ``gap``
seconds: layout, focus, scrolling and callbacks after a refresh all go on as usual, only the
drawing waits; what changed stays marked (Textual keeps adding to the same set of dirty
regions), and the next frame drawn draws all of it, so nothing is lost and no frame shows half
of a change. Relies on ``Screen._compositor_refresh`` (replaced on the class, for apps that
ask), ``Screen._compositor``, ``Screen._dirty_widgets`` and ``Compositor.update_widgets``
(see the registry in :mod:`pilot2prod.tui.compat`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App


class HoldsFrames(Protocol):
    """An app that may ask for frames to wait (an app without ``frames_held`` never does)."""

    def frames_held(self) -> bool:
        """True to leave the top screen's next frame undrawn (it is asked once per frame)."""
        ...


_draw = Screen._compositor_refresh


def _compositor_refresh(self: Screen[Any]) -> None:
    app = self.app
    held = getattr(app, "frames_held", None)
    if held is not None and self is app.screen and not app.is_inline and held():
        return  # (the dirty regions stay: drawn with the next frame)
    _draw(self)


def hold_frames() -> None:
    """Let apps with a ``frames_held()`` method leave frames undrawn (see the module). Once per
    process; other apps draw exactly as before."""
    Screen._compositor_refresh = _compositor_refresh  # type: ignore[method-assign]


def draw_held(app: App[Any]) -> None:
    """Draw now what the top screen left undrawn (the keys of the burst have all gone): the
    widgets refreshed since its last frame, and the regions already marked."""
    try:
        screen = app.screen
    except Exception:  # no screen yet, or the app is closing
        return
    if not screen.is_attached or app.is_inline:
        return
    if screen._dirty_widgets:
        screen._compositor.update_widgets(screen._dirty_widgets)
    _draw(screen)
