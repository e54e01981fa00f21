"""The wizard's keys."""

from __future__ import annotations

from textual.binding import BindingType

from pilot2prod.tui.keys import bindings

BINDINGS: list[BindingType] = bindings("wizard")
"""The wizard's keys, from the key table (pilot2prod.keymap, ids ``wizard.*``)."""

PALETTE: list[tuple[str, str]] = [
    # What the command palette offers in the wizard: its text and the action's id (the key
    # it shows is the action's key now).
    ("Review answers and gaps", "wizard.review"),
    ("Preview the plan (and export it)", "wizard.preview"),
    ("Export the plan to Markdown", "wizard.export"),
    ("Dashboard: risk, readiness, budget, verdict", "wizard.dashboard"),
    ("Conflicts: answers changed in two windows at once", "wizard.conflicts"),
    ("Capture an action here", "wizard.capture_action"),
    ("Park a point for later", "wizard.park"),
    ("Actions: sort, edit, mark done", "wizard.actions"),
    ("Parking lot", "wizard.parking_lot"),
    ("How sure is this answer (fact, estimate, assumption)", "wizard.sureness"),
    ("Presenter view for the room", "wizard.present"),
    ("Workshop agenda: steps and time boxes", "wizard.agenda"),
    ("Undo the last change of this answer", "wizard.undo_answer"),
    ("History: the plan's versions and what changed", "wizard.history"),
    ("Keep this version of the plan (with a label)", "wizard.keep_version"),
    ("Start or stop the workshop timer", "wizard.workshop"),
    ("Silent vote: everyone answers on their own, then the spread", "wizard.vote"),
]
