"""The silent vote in line mode: not made yet. Said in one sentence, exit 2, so a script or a
screen reader knows at once (the vote needs the full screen for now)."""

from __future__ import annotations

from pathlib import Path

from pilot2prod.bank import Bank
from pilot2prod.errors import UsageError
from pilot2prod.store import Store
from pilot2prod.vote import Request


def run_vote(store: Store, bank: Bank, path: Path, vote: Request) -> int:
    """Refuse, saying what to do instead."""
    raise UsageError(
        "the silent vote needs the full screen for now: run 'pilot2prod vote' without --line, "
        "ACCESSIBLE or TERM=dumb"
    )
