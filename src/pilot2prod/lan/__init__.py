"""Phones on the local network for the silent vote: a plain web form served under a random token
(server.py, form.py), the QR code that points phones at it (qr.py), and this machine's addresses
(addresses.py).

Nothing here knows plans or the terminal: the server is handed a
:class:`~pilot2prod.lan.form.BallotForm` and a function that receives each ballot; ballots.py
makes that form from a vote's questions and runs the server (for the full screen and line
mode alike). Tornado and
segno are imported only by the modules that need them, and only when a vote on the network
starts: ``export``, ``list`` and ``questions`` never load them.
"""

from __future__ import annotations

from pilot2prod.errors import Pilot2ProdError, UsageError


class LanError(Pilot2ProdError):
    """The vote cannot be served on the network: an address this machine does not have, a port
    in use. The message is one sentence naming the address and what to try (exit code 1)."""


class ListenValueError(LanError, UsageError):
    """A ``--lan`` value that is not an address and port (exit code 2, as any usage error)."""


__all__ = ["LanError", "ListenValueError"]
