"""Shown instead of any screen while the window is smaller than the app can lay out."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 60, 18
"""The smallest window every screen is laid out for (a zoomed font on a laptop is about this)."""


def too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def fit_window(app: App[Any], size: Size, *, started: bool) -> None:
    """Below the smallest size the screens are laid out for, say so instead of showing a
    broken screen; take the notice away once the window is big enough again. Before the
    app's first screen is *started* (drawn), only over a screen already pushed."""
    shown = app.screen if isinstance(app.screen, TooSmall) else None
    if too_small(size):
        if shown is None:
            if started or len(app.screen_stack) > 1:
                app.push_screen(TooSmall(size))
        else:
            shown.show_size(size)
    elif shown is not None:
        app.pop_screen()


class TooSmall(ModalScreen[None]):
    """Says the window is too small, and how small, until it grows (then it goes by itself).
    Nothing under it can be typed into meanwhile; Ctrl+Q still saves and quits."""

    DEFAULT_CSS = """
    TooSmall {
        align: center middle;
        background: $background;
    }
    TooSmall > Static {
        width: 1fr;
        height: auto;
        padding: 0 1;
        text-align: center;
        text-style: bold;
    }
    """

    def __init__(self, size: Size) -> None:
        super().__init__()
        self.shown_size = size

    def compose(self) -> ComposeResult:
        yield Static(self.message(self.shown_size))

    def on_screen_resume(self) -> None:
        # Back on top (a dialog opened over it has closed) in a window that grew meanwhile.
        if not too_small(self.app.size):
            self.dismiss(None)

    def show_size(self, size: Size) -> None:
        self.shown_size = size
        self.query_one(Static).update(self.message(size))

    @staticmethod
    def message(size: Size) -> str:
        return (
            f"Window too small ({size.width}×{size.height}, needs {MIN_WIDTH}×{MIN_HEIGHT}). "
            "Make it larger or the font smaller; nothing is lost meanwhile. Ctrl+Q quits."
        )
