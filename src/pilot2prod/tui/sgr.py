"""The same picture in fewer bytes: colour and style codes written only where they change (the
terminal driver's writes go through :class:`StyleDiff`; a slow link pays about a quarter less).

Textual (through Rich) writes every run of text as its whole style, the text, and a reset:
``ESC[48;2;18;18;18m ESC[0m ESC[38;2;254;166;43;48;2;18;18;18m▌ESC[0m``. Across a row most of
those codes set again what is set already. :class:`StyleDiff` rewrites what the app writes so
that before each piece of text the terminal gets only the change from the style it has to the
style that text wants (``ESC[38;2;254;166;43m▌``), or a reset and the whole style when that is
shorter or when an attribute must go. The characters and where they go are untouched: every
cell ends with the same character, colours and attributes as before.

Only what is understood is rewritten: a style code this module does not know (an underline
colour, colon-separated parameters) is written as it came and the style is taken as unknown
until the next reset. Sequences that paint with the current background (erasing, scrolling,
inserting) get the wanted style first; a saved cursor (ESC 7) is saved with it; a restored one
(ESC 8) makes the style unknown.
"""

from __future__ import annotations

import re
from functools import lru_cache

from msgspec import Struct

_TOKEN = re.compile(
    r"(?P<csi>\x1b\[(?P<params>[0-?]*)(?P<inter>[ -/]*)(?P<final>[@-~]))"
    r"|(?P<string>\x1b[\]P_^X].*?(?:\x07|\x1b\\))"
    r"|(?P<esc>\x1b[ -/]*[0-~])"
    r"|(?P<text>[^\x1b]+)"
    r"|(?P<other>\x1b)",
    re.S,
)
PAINTS = frozenset("@JKLMPSTXb")
"""Finals of CSI sequences that paint cells with the current style (insert, erase, delete,
scroll, repeat): the wanted style is set before them."""
ATTRIBUTES = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 21, 51, 52, 53})
OFF = {22: {1, 2}, 23: {3}, 24: {4, 21}, 25: {5, 6}, 27: {7}, 28: {8}, 29: {9}, 54: {51, 52}}
OFF[55] = {53}


class Style(Struct, frozen=True):
    """What the terminal draws text with: attributes (SGR numbers) and two colours (their
    codes, None for the terminal's default)."""

    attributes: frozenset[int] = frozenset()
    fg: str | None = None
    bg: str | None = None

    def codes(self) -> list[str]:
        return [
            *(str(a) for a in sorted(self.attributes)),
            *(c for c in (self.fg, self.bg) if c is not None),
        ]


PLAIN = Style()


@lru_cache(maxsize=4096)
def apply(style: Style | None, params: str) -> Style | None:
    """*style* after the SGR sequence with *params*; None when the result is not known (a code
    this module does not model, or a change to an unknown style that does not reset it).
    Remembered (a frame sets the same few styles again and again: this was most of the cost of
    rewriting a frame)."""
    if ":" in params:
        return None
    codes = params.split(";") if params else ["0"]
    attributes = set(style.attributes) if style is not None else set()
    fg, bg = (style.fg, style.bg) if style is not None else (None, None)
    known = style is not None
    i = 0
    while i < len(codes):
        if not codes[i].isdigit() and codes[i] != "":
            return None
        code = int(codes[i] or "0")
        i += 1
        if code == 0:
            attributes, fg, bg, known = set(), None, None, True
        elif code in ATTRIBUTES:
            attributes.add(code)
        elif code in OFF:
            attributes -= OFF[code]
        elif 30 <= code <= 37 or 90 <= code <= 97:
            fg = str(code)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bg = str(code)
        elif code == 39:
            fg = None
        elif code == 49:
            bg = None
        elif code in (38, 48):
            size = {"5": 2, "2": 4}.get(codes[i] if i < len(codes) else "", 0)
            parts = codes[i : i + size]
            if not size or len(parts) < size or not all(p.isdigit() for p in parts):
                return None
            colour = ";".join([str(code), *parts])
            i += size
            if code == 38:
                fg = colour
            else:
                bg = colour
        else:
            return None
    return Style(frozenset(attributes), fg, bg) if known else None


@lru_cache(maxsize=4096)
def change(have: Style | None, want: Style) -> str:
    """The shortest SGR sequence we make that turns *have* (None: unknown) into *want*
    (remembered, as :func:`apply`)."""
    if have == want:
        return ""
    whole = "\x1b[" + ";".join(["0", *want.codes()]) + "m" if want != PLAIN else "\x1b[0m"
    if have is None or have.attributes - want.attributes:
        return whole
    codes = [str(a) for a in sorted(want.attributes - have.attributes)]
    if want.fg != have.fg:
        codes.append(want.fg or "39")
    if want.bg != have.bg:
        codes.append(want.bg or "49")
    step = "\x1b[" + ";".join(codes) + "m"
    return step if len(step) < len(whole) else whole


def _opens_string(match: re.Match[str]) -> bool:
    """An ESC ] (OSC), ESC P (DCS)... whose end is not in the same write."""
    return match.lastgroup == "esc" and match.group()[-1] in "]P_^X"


class StyleDiff:
    """Rewrites what an app writes, a write at a time, keeping what the terminal's style is.

    Each write is complete: the terminal has the style the app wanted at its end."""

    def __init__(self) -> None:
        self.have: Style | None = None
        """The terminal's style now (None: not known, so the next change resets first)."""
        self.want: Style | None = PLAIN
        """The style the app has asked for, not written yet where it differs (the app writes
        each style as a change to no style at all)."""

    def _settle(self, out: list[str]) -> None:
        if self.want is not None and self.want != self.have:
            out.append(change(self.have, self.want))
            self.have = self.want

    def rewrite(self, data: str) -> str:
        """*data* with its style codes written as changes; written as it came (and the style
        taken as unknown) when it holds something this does not follow: a lone ESC, or a
        string sequence (OSC, DCS...) not ended within it."""
        matches = list(_TOKEN.finditer(data))
        if any(m.lastgroup == "other" or _opens_string(m) for m in matches):
            out: list[str] = []
            self._settle(out)
            self.have = self.want = None
            return "".join(out) + data
        out = []
        for match in matches:
            kind, token = match.lastgroup, match.group()
            if kind == "csi" and match["final"] == "m" and not match["inter"]:
                params = match["params"]
                want = None if params[:1] in "<=>?" and params else apply(self.want, params)
                if want is None:  # (not understood: written as it came; the style is unknown)
                    self._settle(out)
                    out.append(token)
                    self.have = self.want = None
                else:
                    self.want = want
                continue
            if kind == "text" or token == "\x1b7" or (kind == "csi" and match["final"] in PAINTS):
                self._settle(out)  # (text, a saved cursor and painting use the wanted style)
            elif token in ("\x1b8", "\x1bc") or kind == "other":
                self._settle(out)  # (a restored cursor, a reset terminal: style not known)
                self.have = self.want = None
            out.append(token)
        self._settle(out)
        return "".join(out)


_FRAME_START = re.compile(r"(?:\x1b\[\?2026h)?\x1b\[\d+;\d+H")
"""A frame begins where it paints: an absolute cursor move (after a synchronized-output start
when the terminal has it)."""
_MOVES_THE_SCREEN = re.compile(r"[\x07\x85]|\x1b[DEM]|\x1b\[[0-9;]*[@LMPST]")
"""What makes a write do more when written twice: a bell, an index (may scroll), inserting or
deleting characters or lines, scrolling."""
_MOVE_OR_FEED = re.compile(r"\x1b\[(\d+);\d+H|\n")


def _feeds_may_scroll(data: str) -> bool:
    """Whether a line feed in *data* may scroll the screen. Textual ends every row of a frame
    but its last with one, between a move to that row and a move to a lower one: such a feed
    never leaves the bottom row, so never scrolls. Any other feed may."""
    row: int | None = None
    fed_from: int | None = None
    for match in _MOVE_OR_FEED.finditer(data):
        if match.group() == "\n":
            if row is None or fed_from is not None:
                return True
            fed_from = row
            continue
        row = int(match.group(1))
        if fed_from is not None and row <= fed_from:
            return True
        fed_from = None
    return fed_from is not None


def is_frame(data: str) -> bool:
    """Whether *data* paints cells at fixed places only, so that written twice it leaves the
    screen as written once."""
    if _FRAME_START.match(data) is None or _MOVES_THE_SCREEN.search(data):
        return False
    return "\n" not in data or not _feeds_may_scroll(data)


class RepeatedFrames:
    """Which writes to leave out: a frame written again straight after itself, unchanged.

    Textual sometimes draws the same frame twice in a row (widgets resized by a layout are
    redrawn in the next frame as well, and a screen under the one on top can ask for the top
    one's rows again); at 80x24 that is 3 to 4 KB for nothing, on a step change and as a plan
    opens. A frame paints cells at fixed places (:func:`is_frame`); written twice from the same
    style (no style at all, each time: Rich writes a style as a change from none), it leaves
    the screen as written once. Anything else written between the two, or a change of the
    terminal's size (:meth:`forget`), and the second is written as usual.
    """

    def __init__(self) -> None:
        self.last: str | None = None

    def admit(self, data: str, plain: bool) -> bool:
        """Whether to write *data*; *plain*: whether the style before it is no style at all
        (:attr:`StyleDiff.want` is :data:`PLAIN`). False for a frame that is the very last
        write again, both written from no style."""
        if plain and data == self.last:
            return False
        self.last = data if plain and is_frame(data) else None
        return True

    def forget(self) -> None:
        """The screen may no longer show the last frame (the terminal was resized)."""
        self.last = None
