"""The silent vote's screens: the facilitator's (``screen``), a voter's ballot and the screen
that hides it (``ballot``), the revealed results (``results``), and phones on the network
(``network``)."""

from __future__ import annotations

from pilot2prod.tui.screens.vote.screen import VoteScreen

__all__ = ["VoteScreen"]
