"""Running the app in the terminal (the wizard's commands: ``open``, ``new``, ``demo``,
home), and what is kept once it stops, however it stops."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.style_cache import StyleCache
from pilot2prod.tui.unsaved import keep_unsaved, say

if TYPE_CHECKING:
    from pilot2prod.bank import Bank
    from pilot2prod.store import Store
    from pilot2prod.vote import Request as VoteRequest

SWITCH_INTERVAL = 0.0005
"""Seconds the app's thread may keep Python's interpreter lock while Textual's output thread,
or its input thread, waits for it (Python's default: 0.005). Textual hands every frame to an
output thread, which needs the lock back after each write to the terminal; the app's thread,
busy with what follows the frame (the next page built while idle, the rest of a burst of
keys), kept it up to 5 ms each time, so a frame reached the terminal 5 to 9 ms after it was
drawn (the opened plan's first question among them), and a key waited as long to be read.
Both threads wait (for a frame to write, for the terminal to send a key) nearly all the time,
so switching sooner costs the app's thread next to nothing the rest of the time."""


def run_app(
    store: Store,
    bank: Bank,
    open_path: Path | None = None,
    step_id: str | None = None,
    *,
    theme: str | None = None,
    present: bool = False,
    workshop: bool = False,
    vote: VoteRequest | None = None,
    plan_bank: Bank | None = None,
    tidy: bool = False,
) -> int:
    """Run the app in the terminal; returns the exit status. *theme* is for this run only;
    *present* shows the plan at *open_path* in the presenter view; *plan_bank* is the bank
    chosen for that plan (else its own is found); *tidy*: tidy the store once the first
    screen is drawn."""
    shown: dict[str, Any] = {"theme": theme, "present": present, "workshop": workshop, "vote": vote}
    shown["tidy_store"] = tidy
    shown["style_cache"] = StyleCache()
    app = Pilot2ProdApp(store, bank, open_path, step_id, plan_bank=plan_bank, **shown)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        app.run()
    finally:
        sys.setswitchinterval(switch_interval)
        # Even after an unexpected error, nothing typed is lost: saved, or kept for recovery.
        if not app.exit_messages:
            keep_unsaved(app)
        for session in app.sessions:
            session.close()
        say(app.exit_messages)
    return 1 if app.exit_messages else app.return_code or 0
