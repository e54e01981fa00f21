"""A QR code in the terminal: two rows of modules per line of half blocks, dark modules on light,
with its quiet zone, in every theme.

With colour, the code is drawn in black on white whatever the theme (a phone's camera needs the
contrast, not the theme's colours). Without colour (NO_COLOR, or a terminal with none) the
terminal's own text colour draws the light modules and its background shows the dark ones: on
the usual light-on-dark terminal that is still dark modules on light.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget

DARK = "#000000"
LIGHT = "#ffffff"


class QrCode(Widget):
    """A QR code for *text* (see :mod:`pilot2prod.lan.qr`, loaded only when one is shown)."""

    DEFAULT_CSS = """
    QrCode {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        from pilot2prod.lan import qr

        super().__init__(id=id)
        self.text = text
        self.modules = qr.modules(text)

    def lines(self) -> list[str]:
        from pilot2prod.lan import qr

        return qr.half_blocks(self.modules, ink="light" if self.app.no_color else "dark")

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(self.modules[0]) if self.modules else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return (len(self.modules) + 1) // 2

    def render(self) -> Content:
        body = "\n".join(self.lines())
        if self.app.no_color:
            return Content(body)
        return Content.styled(body, Style.parse(f"{DARK} on {LIGHT}"))
