"""Lines in: what someone typed, or a file of answers, one line at a time.

The rules are the same for both, so a file of answers is the lines someone would type:

* A line ending in ``\\`` goes on on the next line (the answer holds a newline there); a line
  ending in ``\\\\`` ends in one backslash.
* A command is a line of its own: ``:help`` (or ``?``), ``:back`` (``<``), ``:skip`` (``>``),
  ``:goto TEXT``, ``:review``, ``:dashboard``, ``:action``, ``:park``, ``:quit`` and ``:clear``.
* A line starting with ``\\`` is always an answer, without that backslash (``\\?`` answers
  "?", ``\\:back`` answers ":back").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from msgspec import Struct

COMMANDS: dict[str, str] = {
    "help": "the question's help, and these commands",
    "back": "the question before",
    "skip": "the next question (this answer stays as it is)",
    "goto": "go to a step or question: its number, or words of its title (:goto budget)",
    "review": "what is answered, what is open, what is to fix",
    "dashboard": "the plan's figures",
    "action": "note an action (what, owner, due date)",
    "park": "park a point for later",
    "clear": "clear this answer",
    "quit": "save and stop",
}
"""Every command (``:NAME``) and what it does, in the order :help lists them."""

SHORT = {"?": "help", "<": "back", ">": "skip"}
"""One-character commands."""


class Line(Struct, frozen=True):
    """One answer or command, as read."""

    number: int
    """The line of the input it started on (1 for the first)."""
    text: str
    """The answer (escape removed, continued lines joined by newlines), or the command's
    argument (``:goto TEXT``: TEXT)."""
    command: str | None = None
    """A name of :data:`COMMANDS`, ``"unknown"`` for ``:WORD`` that names none (*text* is
    then the whole line), or None for an answer."""

    raw: str = ""
    """The line as it was read (the first one, for an answer that goes on)."""

    @property
    def is_answer(self) -> bool:
        return self.command is None


def command_of(raw: str) -> tuple[str, str] | None:
    """(command, argument) when *raw* (one line, as typed) is a command, else None."""
    stripped = raw.strip()
    if stripped in SHORT:
        return SHORT[stripped], ""
    if not stripped.startswith(":") or len(stripped) < 2 or not stripped[1].isalpha():
        return None
    word, _, argument = stripped[1:].partition(" ")
    name = word.lower()
    if name in COMMANDS:
        return name, argument.strip()
    return "unknown", stripped


class LineSource:
    """Reads lines from *stream* (a terminal, a file, a pipe); :meth:`next` gives each answer or
    command, None at the end of the input. *more* is called before a continued line is read
    (at a terminal, to show that the answer goes on)."""

    def __init__(self, stream: TextIO, more: Callable[[], None] | None = None) -> None:
        self.stream = stream
        self.more = more
        self.number = 0
        """The last line read."""
        self.ended = False

    def _raw(self) -> str | None:
        if self.ended:
            return None
        raw = self.stream.readline()
        if not raw:
            self.ended = True
            return None
        self.number += 1
        return raw.removesuffix("\n").removesuffix("\r")

    def next(self) -> Line | None:
        raw = self._raw()
        if raw is None:
            return None
        start, first = self.number, raw
        if not raw.startswith("\\"):
            command = command_of(raw)
            if command is not None:
                return Line(start, command[1], command[0], raw)
        else:
            raw = raw[1:]
        parts: list[str] = []
        while True:
            if raw.endswith("\\\\"):
                parts.append(raw[:-1])
                break
            if not raw.endswith("\\"):
                parts.append(raw)
                break
            parts.append(raw[:-1])
            if self.more is not None:
                self.more()
            following = self._raw()
            if following is None:
                break
            raw = following
        return Line(start, "\n".join(parts), raw=first)
