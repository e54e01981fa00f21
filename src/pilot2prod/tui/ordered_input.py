"""Key order is sacred: every key goes to the widget that has focus when that key's turn comes.

Textual routes a key to the focused widget the moment the app reads it. When several keys
arrive in one read (a fast typist, a paste of keystrokes, SSH delivering a burst), the keys after
a Tab, an Enter that moves to the next field, a PageDown or a palette jump are all handed to the
widget that had focus *before* that key took effect: ``one<Tab>two`` lands in one field.

:class:`OrderedInputApp` fixes this once, for the whole app. An input event (key, paste, mouse
button) is handled at once when everything the previous one set off has finished; otherwise it
waits in a queue, in order, until the app has settled: every message pump of the app and of the
screen on top is idle (its queue empty and its task waiting for more), and the command palette
is not still searching. Then the next event is routed, as Textual would route it, from the app's
own task. Keys typed at a human pace never wait; a burst is replayed one event at a time.

Whether a pump is idle is something Textual keeps private: it is asked through
:mod:`pilot2prod.tui.compat`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.command import CommandPalette
from textual.worker import WorkerState

from pilot2prod.tui import compat
from pilot2prod.tui.compat import frames, renders

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

ReturnType = TypeVar("ReturnType")

MAX_WAIT = 3.0
"""Seconds an event waits for the app to settle before it is routed anyway (never stuck)."""
TURNS = 16
"""Turns of the event loop a held event waits for the app to settle before the wait backs off
to short sleeps. What a key sets off (the editor takes it, its field tells the page, a repaint
is marked) is over within about eight turns; a sleep, however short, lasts a whole millisecond
when nothing else is ready (the loop's poll counts in milliseconds): waiting by sleeps made a
burst of a hundred keys a quarter slower once a key set off less work."""
FRAME_GAP = 0.1
"""While keys wait their turn, frames are drawn at most this often (a burst shows its progress
ten times a second, not after every key: :mod:`pilot2prod.tui.compat.frames`)."""

_ORDERED = (events.Key, events.Paste, events.MouseDown, events.MouseUp)
"""Events whose target depends on what the events before them did."""
_INPUT = (events.InputEvent, events.Paste)
_TYPED = (events.Key, events.Paste)
"""What holds frames while it waits (:meth:`OrderedInputApp.frames_held`)."""
_UNFINISHED = (WorkerState.PENDING, WorkerState.RUNNING)


_EDITING_KEYS = frozenset({"backspace", "delete", "left", "right", "home", "end", "space"})


def _edits_text(event: events.Event | None) -> bool:
    """A key that only edits the text of a field (it does not act on what the field shows)."""
    return isinstance(event, events.Key) and (event.is_printable or event.key in _EDITING_KEYS)


class OrderedInputApp(compat.CleanShutdownApp[ReturnType]):
    """An App whose input events are handled strictly one after another (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        compat.tell_puts()  # (before any queue is made: a busy pump is found among a few)
        super().__init__(*args, **kwargs)
        self._held: deque[events.Event] = deque()
        self._drain_task: asyncio.Task[None] | None = None
        self._last_busy: MessagePump | None = None
        self._refused_before = float("-inf")
        self._frame_drawn = float("-inf")
        frames.hold_frames()
        renders.draw_only_what_shows()  # (a frame asks only what shows there)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _INPUT) and not event.is_forwarded:
            ordered = isinstance(event, _ORDERED)
            # Anything behind a held event waits its turn, mouse moves included, so nothing
            # overtakes; an ordered event also waits while the app is still busy.
            if self._held or (ordered and not self.is_settled(event, inside_app=True)):
                self._held.append(event)
                self._start_drain()
                return
            await self._deliver(event)
            return
        await super().on_event(event)

    async def _deliver(self, event: events.Event) -> None:
        """Route an input event as Textual does, after :meth:`prepare_input` had its say."""
        if isinstance(event, _ORDERED) and event.time < self._refused_before:
            self.input_refused(event)
            return
        self._refused_before = float("-inf")  # a key typed since: the refusal is over
        await super().on_event(self.prepare_input(event))

    def prepare_input(self, event: events.Event) -> events.Event:
        """Adjust an input event just before it is routed (the focus is now final)."""
        return event

    def refuse_input_typed_before_now(self) -> None:
        """Drop the keys (and clicks) typed before this moment that are still waiting their
        turn: they were aimed at something that has gone (a jump landed somewhere else than
        where the person typing expected). Input made from now on is handled as usual."""
        self._refused_before = events.Event().time  # the clock input events are stamped with

    def input_refused(self, event: events.Event) -> None:
        """An input event was dropped by :meth:`refuse_input_typed_before_now`."""

    @property
    def input_waiting(self) -> bool:
        """Whether input is held until the app settles. Work done in the background (laying
        out a long document) should pause while it is: the held key goes once the screen is
        quiet, and background work that never stops keeps it from ever being quiet."""
        return bool(self._held)

    # --- Settling ----------------------------------------------------------------------------

    def is_settled(self, event: events.Event | None = None, *, inside_app: bool = False) -> bool:
        """True when nothing set off by earlier input is still being handled, so *event* may go.

        *inside_app* is True when called from the app's own task (while it handles an event):
        the app's own queue is then not asked (what waits behind that event waits its turn
        anyway), only whether a callback it set off with call_next is still to run.
        """
        if inside_app:
            if compat.callbacks_waiting(self):
                return False
        elif not compat.is_idle(self):
            return False
        # A worker started by the last key (a flow that opens a dialog) and not begun yet
        # is about to push its screen: the next key is for that screen.
        if any(worker.state is WorkerState.PENDING for worker in self.workers):
            return False
        try:
            screen = self.screen
        except Exception:  # no screen yet, or the app is shutting down
            return True
        last = self._last_busy
        if last is not None and not compat.is_idle(last):
            return False
        busy = compat.first_busy(screen)
        self._last_busy = busy
        if busy is not None:
            return False
        # A screen may still be putting together what keys go to (the wizard's first page of
        # a session, whose questions that did not fit at once come a moment later): nothing
        # is queued meanwhile, so only the screen can say.
        ready = getattr(screen, "ready_for_keys", None)
        if ready is not None and not ready():
            return False
        if isinstance(screen, CommandPalette) and not _edits_text(event):
            return not self._palette_searching(screen)
        return True

    def _palette_searching(self, palette: CommandPalette) -> bool:
        """The palette gathers its hits in a worker; Enter must wait for the hits it asked for."""
        return any(
            worker.node is palette and worker.state in _UNFINISHED for worker in self.workers
        )

    # --- Frames while keys wait ----------------------------------------------------------------

    def frames_held(self) -> bool:
        """Whether to leave the next frame undrawn: keys (or a paste) wait their turn, and a
        frame was drawn less than :data:`FRAME_GAP` ago. What changed is drawn with the first
        frame after that, or once the last key has gone (see
        :mod:`pilot2prod.tui.compat.frames`). Mouse events waiting alone hold nothing."""
        now = time.monotonic()
        if now - self._frame_drawn < FRAME_GAP and any(
            isinstance(event, _TYPED) for event in self._held
        ):
            return True
        self._frame_drawn = now
        return False

    # --- Replaying held events ---------------------------------------------------------------

    def _start_drain(self) -> None:
        if self._drain_task is None or self._drain_task.done():
            self._drain_task = asyncio.create_task(self._drain(), name="pilot2prod-input-order")

    async def _drain(self) -> None:
        """Wait until the app settles, route the oldest held event, and repeat."""
        while self._held and self.is_running:
            deadline = time.monotonic() + MAX_WAIT
            pause, turns = 0.0, 0
            while not self.is_settled(self._held[0]) and time.monotonic() < deadline:
                await asyncio.sleep(pause)
                turns += 1
                if turns >= TURNS:  # (something waits on a timer: back off)
                    pause = min(0.004, pause * 2 or 0.0005)
            routed = asyncio.Event()
            if not self.call_later(self._route_held, routed):
                return  # the app is closing
            await routed.wait()

    async def _route_held(self, routed: asyncio.Event) -> None:
        """Route one held event from the app's own task, exactly as Textual would have."""
        try:
            if self._held:
                await self._deliver(self._held.popleft())
        finally:
            routed.set()

    async def before_shutdown(self) -> None:
        """Stop replaying held events before Textual closes the widgets they would go to."""
        if self._drain_task is not None:
            self._drain_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._drain_task
        self._held.clear()
        await super().before_shutdown()
