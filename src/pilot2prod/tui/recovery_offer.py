"""The recovery offer: answers a window could not save were kept in recovery files; they are
offered back one file at a time, saying what each holds: restore them into the plan, not now
(asked again at the next start), or discard them.

Offered by every way into a plan (see :mod:`pilot2prod.tui.opening`) and, for every plan of the
data directory, when the list of plans first shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.session import recovery_text
from pilot2prod.store import Recovery, Store


class RecoveryOffer:
    """Offers recovery files back, and keeps the ones someone said "not now" to for this run."""

    def __init__(self, app: App[Any], store: Store, bank: Bank) -> None:
        self.app = app
        self.store = store
        self.bank = bank
        self.not_now: set[Path] = set()
        """Recovery files someone said "not now" to: asked about again at the next start."""

    def offer(self, recoveries: list[Recovery], then: Callable[[], None] | None = None) -> None:
        """Offer back answers kept in recovery files, one file at a time, saying what each
        holds: restore them into the plan, not now (asked again next time), or discard them.
        *then* runs once every one has been answered (at once when there are none).

        (Callbacks, not a worker: the first question must be on screen before the app's first
        frame when a plan is opened at start, and before the notice of a too small window.)
        """
        recoveries = [r for r in recoveries if r.file not in self.not_now]
        if not recoveries:
            if then is not None:
                then()
            return
        from pilot2prod.tui.dialogs import Choose  # deferred: needed only when there are some

        recovery, rest = recoveries[0], recoveries[1:]
        bank = self.bank_of(recovery)

        def chosen(choice: str | None) -> None:
            if choice == "restore":
                try:
                    self.store.restore(recovery, bank.order)
                except (Pilot2ProdError, OSError) as exc:
                    self.app.notify(f"Could not restore them: {exc}", severity="error", timeout=12)
                else:
                    count = len(recovery.changed)
                    what = "1 answer" if count == 1 else f"{count} answers"
                    self.app.notify(f"Restored {what} into {recovery.plan_file.name}.")
            elif choice == "discard":
                self.store.discard(recovery)
            else:
                self.not_now.add(recovery.file)
            self.offer(rest, then)

        self.app.push_screen(
            Choose(
                "Unsaved answers were kept",
                recovery_text(bank, recovery),
                [
                    ("restore", "Restore them into the plan"),
                    ("later", "Not now (ask again next time)"),
                    ("discard", "Discard them"),
                ],
            ),
            chosen,
        )

    def bank_of(self, recovery: Recovery) -> Bank:
        """The recovered plan's own bank (the app's when it cannot be found: the answers are
        offered all the same, named by their ids where that bank does not know them)."""
        try:
            return self.store.plan_bank(recovery.plan, at_hand=self.bank)
        except Pilot2ProdError:
            return self.bank
