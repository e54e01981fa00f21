"""Plain lines out: wrapped at words, cleaned of every control character, never redrawn.

Whatever reaches the terminal goes through :func:`plain_text`: control characters (escape
above all) are removed, tabs become spaces and invisible or bidirectional-control characters are
shown as ``<U+202E>``, so no text from a plan, a bank or a person can move the cursor, colour the
screen or reorder what a screen reader says.
"""

from __future__ import annotations

import os
import textwrap
from typing import TextIO

from pilot2prod.text import clean, show_invisible

DEFAULT_WIDTH = 80
"""The width lines are wrapped at when the terminal's is not known (a pipe, a log)."""
NARROWEST = 20
"""Lines are never wrapped narrower than this, however narrow the terminal says it is."""


def plain_text(text: str) -> str:
    """*text* safe for any terminal: no control character but the newline, tabs as spaces."""
    return show_invisible(clean(text)).replace("\t", "    ")


def width_of(stream: TextIO) -> int:
    """The width to wrap at: the terminal's when *stream* is one that knows it, else $COLUMNS,
    else 80. (A terminal that says 0 columns does not know: a serial line, a pty nobody sized.)"""
    try:
        if stream.isatty():
            told = os.get_terminal_size(stream.fileno()).columns
            if told > 0:
                return max(NARROWEST, told)
    except (OSError, ValueError, AttributeError):
        pass
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(NARROWEST, int(columns))
    return DEFAULT_WIDTH


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """*text* (cleaned) as lines of at most *width* characters, broken at words (a word longer
    than a line, such as an address, is kept whole); each paragraph (a newline in *text*)
    starts a line, an empty one stays an empty line. Later lines get *indent*."""
    lines: list[str] = []
    for paragraph in plain_text(text).split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines += textwrap.wrap(
            paragraph,
            width=max(NARROWEST, width),
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    return lines


class Output:
    """Where line mode writes: one stream, a width, and nothing but whole plain lines (a
    prompt for an answer is the only text not ended by a newline)."""

    def __init__(self, stream: TextIO, width: int | None = None) -> None:
        self.stream = stream
        self.width = width or width_of(stream)

    def say(self, text: str = "", indent: str = "") -> None:
        """Print *text*, wrapped; an empty text prints an empty line."""
        for line in wrap(text, self.width, indent) if text else [""]:
            self.stream.write(line.rstrip() + "\n")
        self.stream.flush()

    def items(self, entries: list[str], *, numbered: bool = True) -> None:
        """A list, one entry a line (numbered from 1), wrapped under its own text."""
        for number, entry in enumerate(entries, 1):
            head = f"  {number}. " if numbered else "  - "
            self.say(head + entry, indent=" " * len(head))

    def prompt(self, text: str) -> None:
        """The text before an answer, on the line the answer is typed on (no newline)."""
        self.stream.write(plain_text(text).replace("\n", " "))
        self.stream.flush()

    def echo(self, text: str) -> None:
        """An answer read from a file or a pipe, shown after its prompt as if typed (so a log
        reads as a transcript); the terminal echoes what is typed at it itself."""
        self.stream.write(plain_text(text).replace("\n", " / ") + "\n")
        self.stream.flush()
