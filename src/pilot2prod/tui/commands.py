"""Command palette: what the screen on top offers (its actions, steps and questions).

The provider knows no screen: it asks the screen for its entries (``command_entries()``), so
screens import this module and never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

Entry = tuple[str, Callable[[], Any], str]
"""(what the palette shows, what it runs, a short help text or "")."""

DISCOVER = 5
"""How many entries show before anything is typed: the screen's own actions."""


class ScreenCommands(Provider):
    """The entries of the screen on top, when it offers any."""

    def _entries(self) -> list[Entry]:
        offer = getattr(self.screen, "command_entries", None)
        return offer() if callable(offer) else []

    async def discover(self) -> Hits:
        for text, command, help_text in self._entries()[:DISCOVER]:
            yield DiscoveryHit(text, command, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, help=help_text or None)
