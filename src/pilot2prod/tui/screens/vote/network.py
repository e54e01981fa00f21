"""Phones on the local network: the panel that shows phones where to find the vote's web form
(a QR code and the address, other addresses, what to try). The form and its server are
``pilot2prod.lan.ballots``'s (line mode runs them too), re-exported here.

Tornado and segno are loaded here only when a vote on the network starts.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from pilot2prod.lan.ballots import Network, Receive, ballot_form, ballot_headings
from pilot2prod.tui.render import plain

__all__ = ["Network", "NetworkPanel", "Receive", "ballot_form", "ballot_headings"]

QR_SIDE_TEXT = 30
"""Columns the address and advice need beside the QR code."""


class NetworkPanel(Horizontal):
    """Where phones go: the QR code (when the window has room for it) and the address."""

    def compose(self) -> ComposeResult:
        yield Static(id="vote-qr-box")
        yield Static(id="vote-url")

    async def show(self, network: Network, width: int, height: int) -> None:
        from pilot2prod.lan.addresses import CONNECT_HELP
        from pilot2prod.lan.qr import size
        from pilot2prod.tui.widgets.qr import QrCode

        server = network.server
        if server is None:
            self.display = False
            return
        self.display = True
        columns, lines = size(server.qr_text)
        fits = width >= columns + QR_SIDE_TEXT and height >= lines + 4
        box = self.query_one("#vote-qr-box")
        if box.children:
            await box.remove_children()
        box.display = fits
        if fits:
            await box.mount(QrCode(server.qr_text, id="vote-qr"))
        others = [a for a in network.addresses if a != server.host]
        if fits:
            text = ["Phones on the same Wi-Fi as this", "machine: scan the code, or open", ""]
        else:
            text = ["The QR code needs a larger window (80x24).", "Phones on the same Wi-Fi: open"]
        text += [server.url, ""]
        if others:
            text += [f"Other addresses: {', '.join(others)}", "(vote NAME --lan ADDRESS)", ""]
        text += CONNECT_HELP
        self.query_one("#vote-url", Static).update(plain("\n".join(text)))
