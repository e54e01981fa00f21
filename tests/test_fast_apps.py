"""The test-only shortcuts of fast_apps hide nothing a test should see."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static


class Breaks(Static):
    DEFAULT_CSS = "Breaks { width: 10; height: 1; }"  # (so that laying out never draws it)
    broken = False

    def render(self) -> str:
        if self.broken:
            raise RuntimeError("cannot draw this")
        return "fine"


class Drawn(App[None]):
    def compose(self) -> ComposeResult:
        yield Breaks()


async def test_a_screen_that_cannot_be_drawn_fails_the_test() -> None:
    # Frames of headless apps are not drawn while a test runs (Textual throws them away), so
    # the screen a test ends on is drawn once at its end: a widget that fails to draw still
    # fails the test.
    with pytest.raises(RuntimeError, match="cannot draw this"):
        async with Drawn().run_test() as pilot:
            widget = pilot.app.query_one(Breaks)
            widget.broken = True
            widget.refresh()
            await pilot.pause()


async def test_a_test_that_fails_is_not_drawn_again() -> None:
    with pytest.raises(ZeroDivisionError):
        async with Drawn().run_test() as pilot:
            pilot.app.query_one(Breaks).broken = True
            1 / 0  # noqa: B018
