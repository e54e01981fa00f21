"""Terminal input that keeps pastes as text: the driver the app uses on Linux and macOS.

Textual's parser reads a bracketed paste (``ESC [200~ … ESC [201~``) character by character and
still acts on an ESC inside it: pasting ``before<ESC><ESC>after`` sends Escape (home), a BEL after
an OSC opens the palette, ``<ESC><Ctrl+Q>`` quits. :class:`PasteSafeParser` cuts every bracketed
paste out of the input before Textual's parser sees it and hands it on as one
:class:`~textual.events.Paste` with its control characters removed (tab and newline kept; the
field decides what to do with them). Everything else goes to Textual's own parser unchanged.

:class:`TerminalDriver` is Textual's Linux driver with that parser and a decoder that drops
bytes which are not UTF-8 (a stray 8-bit control over SSH) instead of ending the input thread.
Every write goes out with its style codes written only where the style changes (a slow link
pays about a third less for a typed character). What of Textual's this needs that Textual keeps
private (its parser, the driver's input loop) is
reached through :mod:`pilot2prod.tui.compat.terminal`.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterable
from typing import Any

from textual import constants, events
from textual.driver import Driver
from textual.message import Message

from pilot2prod.text import clean
from pilot2prod.tui.compat.terminal import InputThreadDriver, XTermParser
from pilot2prod.tui.sgr import PLAIN, RepeatedFrames, StyleDiff

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
PASTE_TIMEOUT = 5.0
"""Seconds without input after which an unfinished paste is handed on as it stands."""
ESCAPE = "\x1b"
SEQUENCE_STARTS = frozenset("[O]P_^\\")
"""What follows Escape at the start of a terminal's escape sequence (CSI, SS3, OSC, DCS, APC,
PM, ST); Escape and any other printable character are two keys."""


def _held_back(data: str, marker: str) -> int:
    """How many characters at the end of *data* could be the start of *marker*."""
    for size in range(min(len(marker) - 1, len(data)), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


class PasteSafeParser:
    """Textual's XTerm parser, with bracketed pastes taken out of the stream first."""

    def __init__(self, debug: bool = False) -> None:
        self._inner = XTermParser(debug)
        self._paste: list[str] | None = None
        """The paste being read, or None outside a paste."""
        self._tail = ""
        """The end of the last chunk, held back because it may begin a paste marker."""
        self._tail_since = 0.0
        self._paste_since = 0.0

    def feed(self, data: str) -> Iterable[Message]:
        """Parse *data*; an empty string means the input ended."""
        if not data:
            return self._finish()
        return self._feed(data)

    def _keys(self, text: str) -> list[Message]:
        """Textual's parser on *text*, but Escape and a printable key right after it (within
        the escape delay, or in one write over SSH) stay two keys, in order. Textual reads
        them as Alt and that key (which the app never binds), and Escape, a key, then another
        Escape as ``^`` and the key: typed into a text box."""
        out: list[Message] = []
        start = 0
        at = text.find(ESCAPE)
        while at != -1 and at + 1 < len(text):
            after = text[at + 1]
            if after.isprintable() and after not in SEQUENCE_STARTS:
                if at > start:  # (an empty feed would mean the end of the input)
                    out.extend(self._inner.feed(text[start:at]))
                out.append(events.Key("escape", ESCAPE))
                start = at + 1
            at = text.find(ESCAPE, at + 1)
        if start < len(text):
            out.extend(self._inner.feed(text[start:]))
        return out

    def _feed(self, data: str) -> list[Message]:
        out: list[Message] = []
        data, self._tail = self._tail + data, ""
        while data:
            if self._paste is None:
                start = data.find(PASTE_START)
                if start < 0:
                    keep = _held_back(data, PASTE_START)
                    head, self._tail = data[: len(data) - keep], data[len(data) - keep :]
                    if head:
                        out.extend(self._keys(head))
                    break
                if start:
                    out.extend(self._keys(data[:start]))
                data = data[start + len(PASTE_START) :]
                self._paste = []
                self._paste_since = time.monotonic()
            else:
                end = data.find(PASTE_END)
                if end < 0:
                    keep = _held_back(data, PASTE_END)
                    self._paste.append(data[: len(data) - keep])
                    self._tail = data[len(data) - keep :]
                    break
                self._paste.append(data[:end])
                data = data[end + len(PASTE_END) :]
                out.append(self._take_paste())
        if self._tail:
            self._tail_since = time.monotonic()
        if self._paste is not None:
            self._paste_since = time.monotonic()
        return out

    def tick(self) -> Iterable[Message]:
        """Called when no input came for a while: time out what is waiting for more."""
        out = list(self._inner.tick())
        now = time.monotonic()
        if self._paste is None and self._tail and now - self._tail_since >= constants.ESCAPE_DELAY:
            tail, self._tail = self._tail, ""
            if tail == ESCAPE:
                out.append(events.Key("escape", ESCAPE))  # the Escape key on its own
            else:
                out.extend(self._keys(tail))
        elif self._paste is not None and now - self._paste_since >= PASTE_TIMEOUT:
            self._paste.append(self._tail)  # the terminal never ended the paste: keep its text
            self._tail = ""
            out.append(self._take_paste())
        return out

    def _take_paste(self) -> events.Paste:
        text = clean("".join(self._paste or ()))
        self._paste = None
        return events.Paste(text)

    def _finish(self) -> list[Message]:
        out: list[Message] = []
        if self._paste is not None:
            self._paste.append(self._tail)
            self._tail = ""
            out.append(self._take_paste())
        elif self._tail:
            out.extend(self._keys(self._tail))
            self._tail = ""
        out.extend(self._inner.feed(""))
        return out


SYNC_START = "\x1b[?2026h"
SYNC_END = "\x1b[?2026l"
"""What Textual writes before and after each frame, as writes of their own, to a terminal that
has synchronized output (most modern terminal emulators): the terminal shows the frame whole
at its end."""


class TerminalDriver(InputThreadDriver):
    """Textual's Linux/macOS driver, reading input through :class:`PasteSafeParser` and writing
    each style as a change from the one before (:class:`~pilot2prod.tui.sgr.StyleDiff`).

    A frame written again straight after itself is left out (:class:`RepeatedFrames`), in a
    terminal with synchronized output too: there Textual brackets each frame in writes of
    their own (:data:`SYNC_START`, :data:`SYNC_END`), so no frame came straight after another
    and none was left out (3 KB more for opening a plan). The opening bracket waits for the
    frame: both go, and the closing one after it, or none of the three."""

    _styles: StyleDiff | None = None
    _frames: RepeatedFrames | None = None
    _bracket = ""
    """Within a synchronized frame: "held" (its opening bracket not written yet), "written",
    or "left out" (the frame was); "" outside one."""

    def make_parser(self, debug: bool) -> PasteSafeParser:
        return PasteSafeParser(debug)

    def write(self, data: str) -> None:
        if self._styles is None:
            self._styles, self._frames = StyleDiff(), RepeatedFrames()
        if data == SYNC_START:
            self._bracket = "held"
            return
        if data == SYNC_END:
            if self._bracket == "written":
                super().write(SYNC_END)
            self._bracket = ""
            return
        plain = self._styles.want == PLAIN
        if self._frames is not None and not self._frames.admit(data, plain):
            if self._bracket == "held":
                self._bracket = "left out"
            return  # (the same frame again, straight after itself: already on the screen)
        if self._bracket in ("held", "left out"):  # (what follows a frame left out goes too)
            super().write(SYNC_START)
            self._bracket = "written"
        super().write(self._styles.rewrite(data))

    def start_application_mode(self) -> None:
        super().start_application_mode()
        self.watch_resizes()

    def watch_resizes(self) -> None:
        """Forget the last frame whenever the terminal is resized (SIGWINCH): a resized
        terminal may not show it any more, so the next one is always written. The handler
        installed before (Textual's, which tells the app) is called as before."""
        before = signal.getsignal(signal.SIGWINCH)

        def resized(signum: int, frame: Any) -> None:
            if self._frames is not None:
                self._frames.forget()
            if callable(before):
                before(signum, frame)

        signal.signal(signal.SIGWINCH, resized)

    def process_message(self, message: Message) -> None:
        if isinstance(message, events.Resize) and self._frames is not None:
            self._frames.forget()  # (a size reported in the input, by terminals that can)
        super().process_message(message)


def driver_for(default: type[Driver]) -> type[Driver]:
    """The driver to use where Textual would use *default*: :class:`TerminalDriver` in place
    of Textual's Linux/macOS driver, Textual's own anywhere else (Windows)."""
    if sys.platform != "win32":
        from textual.drivers.linux_driver import LinuxDriver

        if default is LinuxDriver:
            return TerminalDriver
    return default
