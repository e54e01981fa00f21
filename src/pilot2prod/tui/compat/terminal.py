"""Textual's terminal input, reached from one place: its parser and its driver's input loop.

:class:`XTermParser` is Textual's own parser of terminal input (a private module).
:class:`InputThreadDriver` is Textual's Linux/macOS driver with its input loop
(``LinuxDriver.run_input_thread``) copied here, so that a subclass chooses the parser
(:meth:`InputThreadDriver.make_parser`), and with a decoder that drops bytes which are not
UTF-8 (a stray 8-bit control over SSH) instead of ending the input thread. The copy is pinned:
``tests/test_compat.py`` fails when Textual's own loop changes, so the copy is read again.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Iterable
from typing import Protocol

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

__all__ = ["InputThreadDriver", "Parser", "XTermParser"]


class Parser(Protocol):
    """What the input loop needs of a parser (Textual's XTermParser has it)."""

    def feed(self, data: str) -> Iterable[Message]:
        """Parse *data*; an empty string means the input ended."""
        ...

    def tick(self) -> Iterable[Message]:
        """Called when no input came for a while."""
        ...


class InputThreadDriver(LinuxDriver):
    """Textual's Linux/macOS driver, reading its input through :meth:`make_parser`'s parser.

    Relies on ``Driver._debug`` and on Textual's input thread calling
    ``self.run_input_thread()``, whose body (Textual 8.2.8) is copied here.
    """

    def make_parser(self, debug: bool) -> Parser:
        """The parser of this driver's input: Textual's own unless a subclass says otherwise."""
        return XTermParser(debug)

    def run_input_thread(self) -> None:
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = self.make_parser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="ignore").decode

        def read_ready(ready: list[tuple[selectors.SelectorKey, int]], final: bool) -> None:
            for _key, mask in ready:
                if mask & selectors.EVENT_READ:
                    data = os.read(self.fileno, 1024 * 4)
                    text = decode(data, final=final)
                    if not data:
                        break  # stdin is a pipe that ended
                    for message in parser.feed(text) if text else ():
                        self.process_message(message)
            for message in parser.tick():
                self.process_message(message)

        try:
            while not self.exit_event.is_set():
                read_ready(selector.select(0.1), final=False)
            selector.unregister(self.fileno)
            read_ready(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _message in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
