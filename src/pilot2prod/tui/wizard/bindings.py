"""The wizard's keys."""

from __future__ import annotations

from textual.binding import Binding, BindingType

BINDINGS: list[BindingType] = [
    # The tooltip is what F1 says of the key (the help is made from these). Function keys
    # are priority keys: inside a long text, F6 and F7 would otherwise select text.
    Binding(
        "pagedown",
        "next_step",
        "Next",
        priority=True,
        key_display="PgDn",
        tooltip="next step (from anywhere, even inside a text box)",
    ),
    Binding(
        "pageup",
        "previous_step",
        "Back",
        priority=True,
        key_display="PgUp",
        tooltip="previous step",
    ),
    Binding(
        "ctrl+g",
        "goto",
        "Go to",
        show=False,
        tooltip="go to any step or question by typing part of its title",
    ),
    Binding("ctrl+r", "review", "Review", tooltip="review: every answer and every gap"),
    Binding(
        "ctrl+o",
        "preview",
        "Preview",
        tooltip="preview the plan as a document, and export it to Markdown",
    ),
    Binding(
        "f2",
        "dashboard",
        "Dashboard",
        tooltip="dashboard: stall risk, readiness, budget, the go / no-go verdict",
        priority=True,
    ),
    Binding(
        "f3",
        "capture_action",
        "Action",
        tooltip="capture an action (what, owner, due date) on this question or stall reason",
        priority=True,
    ),
    Binding(
        "f4",
        "park",
        "Park",
        tooltip="park a point for later, linked to this question",
        priority=True,
    ),
    Binding(
        "f5",
        "actions",
        "Actions",
        show=False,
        tooltip="the actions: sort, edit, done",
        priority=True,
    ),
    Binding("f6", "parking_lot", "Parked", show=False, tooltip="the parking lot", priority=True),
    Binding(
        "f7",
        "workshop",
        "Timer",
        show=False,
        tooltip="start (or stop) the workshop timer: time left per agenda block, time spent",
        priority=True,
    ),
    Binding(
        "f8",
        "sureness",
        "Sure?",
        show=False,
        tooltip="mark this answer a fact, an estimate or an assumption, with its source",
        priority=True,
    ),
    Binding("ctrl+t", "toggle_steps", "Steps", show=False, tooltip="show or hide the step list"),
    Binding(
        "f9",
        "present",
        "Present",
        show=False,
        tooltip="presenter view for the room: this step, its answers, the headline figures",
        priority=True,
    ),
    Binding("escape", "home", "Home", tooltip="back to the list of plans"),
]

PALETTE: list[tuple[str, str, str]] = [
    # What the command palette offers in the wizard: its text, the action, the key shown.
    ("Review answers and gaps", "review", "Ctrl+R"),
    ("Preview the plan (and export it)", "preview", "Ctrl+O"),
    ("Export the plan to Markdown", "export", ""),
    ("Dashboard: risk, readiness, budget, verdict", "dashboard", "F2"),
    ("Conflicts: answers changed in two windows at once", "conflicts", ""),
    ("Capture an action here", "capture_action", "F3"),
    ("Park a point for later", "park", "F4"),
    ("Actions: sort, edit, mark done", "actions", "F5"),
    ("Parking lot", "parking_lot", "F6"),
    ("How sure is this answer (fact, estimate, assumption)", "sureness", "F8"),
    ("Presenter view for the room", "present", "F9"),
    ("Workshop agenda: steps and time boxes", "agenda", ""),
    ("Undo the last change of this answer", "undo_answer", ""),
    ("History: the plan's versions and what changed", "history", ""),
    ("Keep this version of the plan (with a label)", "keep_version", ""),
    ("Start or stop the workshop timer", "workshop", "F7"),
]
