"""What the silent vote's tests share: the words on an app's screen, and waiting for a screen."""

from __future__ import annotations

import html
import re


def words_on_screen(app) -> str:
    """Everything the terminal shows now, as text (from the screen's own picture)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def wait_for(pilot, kind, tries: int = 100):
    """The app's screen once it is a *kind* (a few seconds at most)."""
    for _ in range(tries):
        if isinstance(pilot.app.screen, kind):
            return pilot.app.screen
        await pilot.pause(0.02)
    raise AssertionError(f"{kind.__name__} never showed: {type(pilot.app.screen).__name__}")
