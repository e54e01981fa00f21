"""The smallest window the screens are laid out for, and what happens below it.

Checked at every start and resize; the notice itself (:mod:`.too_small`, a screen) is loaded
only once a window is too small, not by every start (half a millisecond).
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.geometry import Size

MIN_WIDTH, MIN_HEIGHT = 60, 18
"""The smallest window every screen is laid out for (a zoomed font on a laptop is about this)."""
NOTICE_ID = "too-small"
"""The id of the screen that says the window is too small."""


def too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def fit_window(app: App[Any], size: Size, *, started: bool) -> None:
    """Below the smallest size the screens are laid out for, say so instead of showing a
    broken screen; take the notice away once the window is big enough again. Before the
    app's first screen is *started* (drawn), only over a screen already pushed."""
    shown = app.screen.id == NOTICE_ID
    if too_small(size):
        from pilot2prod.tui.screens.too_small import TooSmall

        if isinstance(app.screen, TooSmall):
            app.screen.show_size(size)
        elif started or len(app.screen_stack) > 1:
            app.push_screen(TooSmall(size, needs=Size(MIN_WIDTH, MIN_HEIGHT), id=NOTICE_ID))
    elif shown:
        app.pop_screen()
