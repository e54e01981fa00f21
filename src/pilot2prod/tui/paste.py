"""Pastes are text, never keys: no control characters, and every line kept. A field that holds
one line gets the lines joined with spaces (and the person is told)."""

from __future__ import annotations

from pilot2prod.text import clean


def pasted_text(text: str, *, one_line: bool) -> tuple[str, bool]:
    """*text* as it goes into a field (*one_line*: a field that holds one line), and whether
    several lines were joined into one."""
    text = clean(text)
    if not one_line:
        return text, False
    lines = [" ".join(line.split()) for line in text.split("\n")]
    joined = " ".join(line for line in lines if line)
    several = sum(1 for line in lines if line) > 1
    return (joined if "\n" in text else text.replace("\t", " ")), several
