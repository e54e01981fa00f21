"""The pages next to the step on screen, built while the app is idle; keys go first."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.timer import Timer

from pilot2prod.tui.compat import is_closing
from pilot2prod.tui.ordered_input import OrderedInputApp
from pilot2prod.tui.wizard import flows
from pilot2prod.tui.wizard.pages import StepPages, freeze_garbage

KEYS_FIRST = 0.05
"""Seconds the building waits, and waits again, while keys wait their turn."""
TURN = 0.008
"""Seconds a turn goes on building fields of a page not on screen, a field at a time, while
no key waits: a turn ends with a frame (a sixtieth of a second at most), and a page of twenty
questions built a field a turn was not whole after the third of a second a person spends on a
step before the next (a step change then builds the rest)."""


class IdleBuilder:
    """Builds the pages next to the step on screen while the app is idle, a turn at a time
    (:meth:`StepPages.build_more`), each turn once the frame of the one before is drawn; then
    loads the dashboard's code and freezes long-lived objects out of the collector's full
    passes.

    Keys go first. A key that comes while the app is busy waits until it settles, and a
    builder that always set off its next turn kept it busy until both neighbouring pages were
    whole (a fifth of a second for a step of twenty questions). While a key waits, the
    building waits: a key waits for the field being built, never for whole pages. The page on
    screen is the exception: keys wait for it to be whole (:meth:`StepPages.ready_for_keys`),
    so it is completed anyway.
    """

    def __init__(self, screen: Screen[Any], pages: Callable[[], StepPages]) -> None:
        self.screen = screen
        self._pages = pages
        self.index = 0
        """The step on screen, which the pages next to it are built for."""
        self.built = asyncio.Event()
        """Set once the pages near the step on screen are built (none is mounted then while
        idle)."""
        self._waiting: Timer | None = None

    def stop(self) -> None:
        """A step change begins: nothing more is built until :meth:`start`."""
        self.built.clear()
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None

    def start(self, index: int) -> None:
        """Build around step *index*, now on screen, once its frame is drawn."""
        self.index = index
        self.screen.call_after_refresh(self.turn)

    async def turn(self) -> None:
        """One turn: a little more built, and the next turn set off after the next frame."""
        self._waiting = None
        screen = self.screen
        if not screen.is_attached or is_closing(screen):
            return
        pages = self._pages()
        app = screen.app
        if isinstance(app, OrderedInputApp) and app.input_waiting and pages.ready_for_keys():
            self._waiting = screen.set_timer(KEYS_FIRST, self.turn, name="idle-builder")
            return
        deadline = time.monotonic() + TURN

        def more() -> bool:
            waiting = isinstance(app, OrderedInputApp) and app.input_waiting
            return not waiting and time.monotonic() < deadline

        if await pages.build_more(self.index, more):
            screen.call_after_refresh(self.turn)
            return
        self.built.set()
        flows.load_dashboard()  # (before the freeze: what it loads lives as long as the app)
        freeze_garbage()
