"""Notices (``app.notify``) as this app shows them: the same notice is never shown twice at once,
and the rows notices take at the bottom of the screen (a split, see styles/base.tcss) are given
back once the last notice has gone."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from textual.screen import Screen


class NoticesShown:
    """The notices on screen now, and when each goes."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    def is_new(self, text: str, wait: float) -> bool:
        """Whether *text* is not on screen now; if not, it counts as shown for *wait* seconds."""
        now = time.monotonic()
        if self._until.get(text, 0.0) > now:
            return False
        self._until = {k: v for k, v in self._until.items() if v > now} | {text: now + wait}
        return True


def hide_empty_racks(screens: Iterable[Screen[Any]]) -> None:
    """A notice removes itself when its time is up and leaves its rack shown with no rows,
    which takes every row from the screen: hide the racks left empty."""
    for screen in screens:
        for rack in screen.query_children("ToastRack"):
            if not rack.children:
                rack.display = False
