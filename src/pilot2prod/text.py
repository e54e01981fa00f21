"""Text hygiene shared by every layer: what is stored and shown is safe for a terminal.

Three kinds of function:

* :func:`clean` normalises text on its way *in* (into a plan file): CRLF and lone CR become LF,
  and every control character other than tab and newline is removed (C0, DEL, C1), as are lone
  surrogates, which no file encoding can hold.
* :func:`for_terminal` makes any text safe to print on one line, e.g. a file name in an error
  message: controls are shown as ``\\xNN`` escapes rather than interpreted by the terminal.
* :func:`strip_invisible` removes invisible and bidirectional-control characters (zero-width
  spaces, U+202E, byte-order marks) from names; :func:`show_invisible` shows them in any other
  text as ``<U+202E>``, so an answer can never hide or reorder what a reader sees; and
  :func:`escape_invisible` writes them as ``\\u202e`` in JSON, which keeps the text.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What :func:`clean`, :func:`for_terminal` and the invisible-character functions look
    for, compiled when first needed: the ranges of surrogates and tags make them slow to
    compile (most of a millisecond at every start), and most text never needs them."""
    return (
        # C0 controls except TAB (09) and LF (0A); DEL; C1 controls; lone surrogates.
        re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"),
        # The same with TAB and LF.
        re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]"),
        # Zero-width and joiner characters, direction marks and overrides, word joiners,
        # invisible operators, the byte-order mark, interlinear annotation and tag characters.
        re.compile(
            "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
            "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
        ),
    )


def _plain(text: str) -> bool:
    """Whether *text* has none of the characters the patterns look for, but maybe tabs and
    newlines: each of those is a control, a format character or a surrogate, which
    ``str.isprintable`` is false for (a test checks every one). Most text is, and needs no
    pattern."""
    return text.isprintable() or text.replace("\n", " ").replace("\t", " ").isprintable()


def strip_invisible(text: str) -> str:
    """*text* without invisible or bidirectional-control characters (for names)."""
    return text if _plain(text) else _patterns()[2].sub("", text)


def show_invisible(text: str) -> str:
    """*text* with each invisible or bidirectional-control character shown as ``<U+XXXX>``."""
    if _plain(text):
        return text
    return _patterns()[2].sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def escape_invisible(json_text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with each invisible or
    bidirectional-control character written as a ``\\uXXXX`` escape: the same data, which no
    viewer can show reordered or hidden. Characters beyond U+FFFF become surrogate pairs."""

    def escape(match: re.Match[str]) -> str:
        data = match.group().encode("utf-16-be")
        units = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
        return "".join(f"\\u{unit:04x}" for unit in units)

    return json_text if _plain(json_text) else _patterns()[2].sub(escape, json_text)


def clean(text: str) -> str:
    """Return *text* with newlines normalised to LF and unsafe control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if _plain(text) else _patterns()[0].sub("", text)


def for_terminal(text: str) -> str:
    """Return *text* on one line, with every control character shown as a visible escape."""
    if text.isprintable():
        return text

    def _escape(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\n":
            return "\\n"
        if char == "\t":
            return "\\t"
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return show_invisible(_patterns()[1].sub(_escape, text))


def one_line(value: str, width: int | None = None) -> str:
    """*value* on one line (each run of whitespace folded to a space), cut to *width*
    characters with an ellipsis when it is longer."""
    line = " ".join(value.split())
    if width is None or len(line) <= width:
        return line
    return line[: max(0, width - 1)] + "…"


def short_path(path: object) -> str:
    """A path for display: under the home folder as ``~/…``, and safe for a terminal."""
    from pathlib import Path

    full = Path(str(path))
    try:
        shown = "~/" + str(full.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        shown = str(full)
    return for_terminal(shown)
