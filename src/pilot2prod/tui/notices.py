"""Notices (``app.notify``) as this app shows them: the same notice is never shown twice at once
(asked for again, it is renewed), and the rows notices take at the bottom of the screen (a
split, see styles/base.tcss) are given back once the last notice has gone
(:func:`pilot2prod.tui.compat.toasts.tidy_after`: the wizard's timer posts notices too)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from pilot2prod.tui.compat import notifications
from pilot2prod.tui.compat.toasts import take_back, tidy_after

if TYPE_CHECKING:
    from textual.app import App


class NoticesShown:
    """The notices on screen now, and when each goes.

    The same notice asked for again while it shows is not shown twice. While more than half
    its time is left (one burst of keys setting it off several times, a key held down), it is
    left as it is; after that it is *renewed*: the one on screen makes way for a fresh one with
    its full time, so that a notice about what was just done never goes a moment after it
    (five gates have the same hidden question; jumping to the next one said nothing when the
    last one's notice was about to go).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._shown: dict[str, tuple[float, float]] = {}  # text: (until, wait)

    def ask(self, text: str, wait: float) -> Literal["show", "keep", "renew"]:
        """What to do with *text* asked for now, to show for *wait* seconds: ``show`` it (it is
        not on screen), ``keep`` the one on screen (more than half its time left), or ``renew``
        it (take the one on screen off and show it again)."""
        now = self._clock()
        until, was = self._shown.get(text, (0.0, 0.0))
        if until - now > was / 2:
            return "keep"
        self._shown = {k: v for k, v in self._shown.items() if v[0] > now} | {
            text: (now + wait, wait)
        }
        return "renew" if until > now else "show"

    def admit(self, app: App[Any], text: str, wait: float) -> bool:
        """Whether *app* is to show the notice *text* now (see :meth:`ask`); when it renews
        one, the one on screen is taken off first. A notice to show gives its rows back once
        it has gone (:func:`~pilot2prod.tui.compat.toasts.tidy_after`)."""
        todo = self.ask(text, wait)
        if todo == "renew":
            for old in [n for n in notifications(app) if n.message == text]:
                take_back(app, old)
        if todo != "keep":
            tidy_after(app, wait)
        return todo != "keep"
