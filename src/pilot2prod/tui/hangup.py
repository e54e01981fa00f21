"""The terminal going away: SIGHUP, SIGTERM, or a terminal that vanished without a signal (its
tty reads EOF or fails). The app then saves everything and leaves promptly
(``Pilot2ProdApp.terminate``); if it has not stopped within :data:`EXIT_GRACE` seconds, the
process says its last word and ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from textual.app import App

EXIT_GRACE = 1.5
"""Seconds the app may take to shut down after SIGHUP/SIGTERM before it is ended outright."""


class TerminalWatch:
    """Calls *lost* when the process is told to hang up or terminate, or once its terminal has
    gone (looked at once a second, on *app*'s timer)."""

    def __init__(self, app: App[Any], lost: Callable[[], None]) -> None:
        self.app = app
        self.lost = lost
        self._terminal_fd: int | None = None

    def start(self) -> None:
        """Watch from now on (call it from inside the running app)."""
        self._install_signal_handlers()
        self._watch_terminal()

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.lost)

    def _watch_terminal(self) -> None:
        """Notice a terminal that vanished without a signal (its tty reads EOF or fails)."""
        try:
            import termios

            fd = sys.__stdin__.fileno() if sys.__stdin__ else -1
            if fd < 0 or not os.isatty(fd):
                return
            termios.tcgetattr(fd)
        except (ImportError, OSError, ValueError):
            return
        self._terminal_fd = fd
        self.app.set_interval(1.0, self._check_terminal)

    def _check_terminal(self) -> None:
        import termios

        if self._terminal_fd is None:
            return
        try:
            termios.tcgetattr(self._terminal_fd)
        except (termios.error, OSError):
            self._terminal_fd = None
            self.lost()


def end_after(seconds: float, status: int, last_word: Callable[[], None]) -> None:
    """Unless the process has ended by then, in *seconds* say *last_word* and end it with
    *status* (the app did not stop in time)."""

    def end() -> None:
        last_word()
        os._exit(status)

    watchdog = threading.Timer(seconds, end)
    watchdog.daemon = True
    watchdog.start()
