"""The QR code that points a phone at the vote, as modules and as text for a terminal.

segno (pure Python) draws the code; it is imported on the first call, so importing this module
costs nothing. The terminal picture packs two module rows into each line with the half blocks
" ▀▄█", so a version 2 or 3 code (a vote's URL) takes 33 or 37 columns and 17 or 19 lines.
"""

from __future__ import annotations

from typing import Literal

QUIET_ZONE = 4
"""Light modules around the code on every side, as the QR standard asks."""

_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def modules(text: str) -> list[list[bool]]:
    """*text*'s QR code, True for a dark module, with its quiet zone (all light at the edges):
    the smallest version that holds it, at the highest error level that version allows; never a
    Micro QR (many phones cannot read those)."""
    import segno

    code = segno.make(text, error="l", boost_error=True, micro=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(border=QUIET_ZONE)]


def half_blocks(modules: list[list[bool]], *, ink: Literal["dark", "light"] = "dark") -> list[str]:
    """*modules* (as :func:`modules` gives them) as text, two module rows per line. With
    ``ink="dark"`` a character's drawn part (its foreground) is the dark modules: show it dark
    on a light background. With ``ink="light"`` the drawn part is the light modules, for a
    terminal whose own colours are light text on a dark background (NO_COLOR), so the code
    still reads dark on light. An odd last row is paired with a light row."""
    draw_dark = ink == "dark"
    width = len(modules[0]) if modules else 0
    rows = [list(row) for row in modules]
    if len(rows) % 2:
        rows.append([False] * width)
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append(
            "".join(
                _BLOCKS[(upper == draw_dark, lower == draw_dark)]
                for upper, lower in zip(top, bottom, strict=True)
            )
        )
    return lines


def size(text: str) -> tuple[int, int]:
    """(columns, lines) the :func:`half_blocks` picture of *text*'s code takes."""
    side = len(modules(text))
    return side, (side + 1) // 2
