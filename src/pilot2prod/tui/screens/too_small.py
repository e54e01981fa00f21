"""Shown instead of any screen while the window is smaller than the app can lay out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmall(ModalScreen[None]):
    """Says the window is too small, and how small, until it grows (then it goes by itself).
    Nothing under it can be typed into meanwhile; Ctrl+Q still saves and quits. Shown by
    :func:`.window_size.fit_window`, which knows how big a window must be (*needs*)."""

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

    def __init__(self, size: Size, *, needs: Size, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown_size = size
        self.needs = needs

    def compose(self) -> ComposeResult:
        yield Static(self.message(self.shown_size))

    def on_screen_resume(self) -> None:
        # Back on top (a dialog opened over it has closed) in a window that grew meanwhile.
        if self.app.size.width >= self.needs.width and self.app.size.height >= self.needs.height:
            self.dismiss(None)

    def show_size(self, size: Size) -> None:
        self.shown_size = size
        self.query_one(Static).update(self.message(size))

    def message(self, size: Size) -> str:
        needs = self.needs
        return (
            f"Window too small ({size.width}×{size.height}, needs {needs.width}×{needs.height}). "
            "Make it larger or the font smaller; nothing is lost meanwhile. Ctrl+Q quits."
        )
