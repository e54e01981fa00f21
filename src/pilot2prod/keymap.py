"""Every key of the app as data: one table of actions (an id, default keys, the key bar's word
and what the key does), read by the TUI for its bindings, key bar, palette and help, and by
``pilot2prod keys``; and the user's own keys from ``[keys]`` in ``settings.toml``, checked.

An action's id is ``SCOPE.NAME``: the scope says where the key works (``app`` everywhere,
``wizard``, ``home``, a dialog, a screen, a kind of field). A new key is a new row here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from msgspec import Struct, field

RESERVED = {
    "ctrl+b": "tmux's prefix",
    "ctrl+s": "flow control (it freezes many terminals)",
    "ctrl+z": "job control (it suspends the app)",
}
"""Keys never bound, so tmux, the terminal and the shell keep them (the README promises it)."""


class Action(Struct, frozen=True):
    """One thing a key does."""

    id: str
    """``scope.name``, what ``[keys]`` in settings.toml names."""
    keys: str
    """The default keys, comma-separated, as Textual names them (``ctrl+r``, ``pagedown``)."""
    label: str
    """The key bar's word for it."""
    help: str = ""
    """What it does, for F1 and ``pilot2prod keys`` (else the label)."""
    action: str = ""
    """The Textual action it runs (else the name part of the id)."""
    show: bool = True
    """Shown in the key bar."""
    priority: bool = False
    """Acts even inside a text box (a function key, PgDn)."""
    typing: bool = False
    """Active while someone types an answer or a name: a printable key would take a letter
    from them, so it may never have one."""
    display: str | None = None
    """How the default key is shown, when not by its name (``PgDn``)."""

    @property
    def scope(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    @property
    def runs(self) -> str:
        return self.action or self.name

    @property
    def description(self) -> str:
        return self.help or self.label


def _a(id: str, keys: str, label: str, help: str = "", **more: object) -> Action:
    return Action(id, keys, label, help, **more)  # type: ignore[arg-type]


ACTIONS: tuple[Action, ...] = (
    # --- Everywhere ---
    _a("app.quit", "ctrl+q", "Quit", "save and quit", priority=True, typing=True),
    _a("app.help", "f1", "Help", "this help", typing=True),
    _a(
        "app.select_answer",
        "ctrl+l",
        "Select all",
        "select the whole answer in a text box, so what you type replaces it",
        show=False,
        typing=True,
    ),
    _a(
        "app.command_palette",
        "ctrl+p",
        "Palette",
        "command palette (also: switch theme)",
        show=False,
        priority=True,
        typing=True,
    ),
    # --- The wizard ---
    _a(
        "wizard.next_step",
        "pagedown",
        "Next",
        "next step (from anywhere, even inside a text box)",
        priority=True,
        typing=True,
        display="PgDn",
    ),
    _a(
        "wizard.previous_step",
        "pageup",
        "Back",
        "previous step",
        priority=True,
        typing=True,
        display="PgUp",
    ),
    _a(
        "wizard.goto",
        "ctrl+g",
        "Go to",
        "go to any step or question by typing part of its title",
        show=False,
        typing=True,
    ),
    _a("wizard.review", "ctrl+r", "Review", "review: every answer and every gap", typing=True),
    _a(
        "wizard.preview",
        "ctrl+o",
        "Preview",
        "preview the plan as a document, and export it to Markdown",
        typing=True,
    ),
    _a(
        "wizard.dashboard",
        "f2",
        "Dashboard",
        "dashboard: stall risk, readiness, budget, the go / no-go verdict",
        priority=True,
        typing=True,
    ),
    _a(
        "wizard.capture_action",
        "f3",
        "Action",
        "capture an action (what, owner, due date) on this question or stall reason",
        priority=True,
        typing=True,
    ),
    _a(
        "wizard.park",
        "f4",
        "Park",
        "park a point for later, linked to this question",
        priority=True,
        typing=True,
    ),
    _a(
        "wizard.actions",
        "f5",
        "Actions",
        "the actions: sort, edit, done",
        show=False,
        priority=True,
        typing=True,
    ),
    _a(
        "wizard.parking_lot",
        "f6",
        "Parked",
        "the parking lot",
        show=False,
        priority=True,
        typing=True,
    ),
    _a(
        "wizard.workshop",
        "f7",
        "Timer",
        "start (or stop) the workshop timer: time left per agenda block, time spent",
        show=False,
        priority=True,
        typing=True,
    ),
    _a(
        "wizard.sureness",
        "f8",
        "Sure?",
        "mark this answer a fact, an estimate or an assumption, with its source; on a "
        "checklist item, grade its evidence: claimed, documented or demonstrated",
        show=False,
        priority=True,
        typing=True,
    ),
    _a(
        "wizard.toggle_steps",
        "ctrl+t",
        "Steps",
        "show or hide the step list",
        show=False,
        typing=True,
    ),
    _a(
        "wizard.present",
        "f9",
        "Present",
        "presenter view for the room: this step, its answers, the headline figures",
        show=False,
        priority=True,
        typing=True,
    ),
    _a(
        "wizard.vote",
        "ctrl+n",
        "Vote",
        "silent vote: everyone answers this stall reason's signs (or every stall reason's, or "
        "this step's questions with options) on their own, then the room sees the spread",
        show=False,
        priority=True,
        typing=True,
    ),
    _a("wizard.home", "escape", "Home", "back to the list of plans", typing=True),
    # --- Dialogs (a dialog may hold a text box: its keys are typing keys) ---
    _a(
        "dialog.cancel",
        "escape",
        "Cancel",
        "close the dialog without saving (asks first)",
        typing=True,
    ),
    _a("confirm.no", "n", "No", "answer no (Escape too)", action="cancel"),
    _a("confirm.yes", "y", "Yes", "answer yes", action="yes"),
    _a(
        "choose.previous",
        "up",
        "Previous",
        "the choice above",
        action="app.focus_previous",
        show=False,
    ),
    _a("choose.next", "down", "Next", "the choice below", action="app.focus_next", show=False),
    *(
        _a(f"choose.pick_{n}", str(n), "", f"choice {n}", action=f"pick({n})", show=False)
        for n in range(1, 10)
    ),
    # --- The list of plans (letters act on the list; the filter box takes its own) ---
    _a("home.new", "n", "New", "new plan"),
    _a("home.filter", "slash", "Filter", "filter by name or organisation", display="/"),
    _a(
        "home.open",
        "o",
        "Open",
        "open the selected plan where it was left (Enter too)",
        show=False,
    ),
    _a("home.rename", "r", "Rename", "rename the selected plan"),
    _a("home.duplicate", "d", "Copy", "duplicate (copy) the selected plan"),
    _a(
        "home.new_from",
        "f",
        "New from",
        "new plan from the selected one: only what the method marks reusable, never the "
        "client's name or people",
        show=False,
    ),
    _a(
        "home.delete", "delete", "Delete", "move the selected plan to the trash folder (asks first)"
    ),
    _a("home.export", "e", "Export", "export the selected plan to Markdown"),
    _a("home.example", "x", "Example", "open the example plan"),
    _a("home.dashboard", "f2", "Dashboard", "dashboard of the selected plan"),
    _a("home.history", "h", "History", "the selected plan's versions and what changed"),
    # --- The dashboard ---
    _a("dashboard.back", "escape,f2", "Back", "back"),
    _a("dashboard.capture", "f3", "Action", "an action on the highlighted question"),
    _a("dashboard.park", "f4", "Park", "park a point about the highlighted question"),
    _a(
        "dashboard.page_down",
        "pagedown",
        "Page down",
        "",
        action="page(1)",
        show=False,
        priority=True,
    ),
    _a("dashboard.page_up", "pageup", "Page up", "", action="page(-1)", show=False, priority=True),
    # --- The presenter view ---
    _a(
        "presenter.next_step",
        "right,pagedown",
        "Next",
        "next step, on its own (stops following)",
        display="→",
    ),
    _a(
        "presenter.previous_step",
        "left,pageup",
        "Back",
        "previous step, on its own (stops following)",
        display="←",
    ),
    _a("presenter.next_question", "down", "Next question", "", show=False, display="↓"),
    _a("presenter.previous_question", "up", "Previous question", "", show=False, display="↑"),
    _a(
        "presenter.follow",
        "escape",
        "Follow",
        "follow the scribe again (when following, from F9: back to the wizard)",
    ),
    _a("presenter.close", "f9", "Wizard", "back to the wizard (when opened with F9)"),
    # --- The preview ---
    _a("preview.back", "escape", "Back", "back"),
    _a("preview.export", "ctrl+o,ctrl+e", "Export to file", "export the plan to a Markdown file"),
    _a("preview.scroll_down", "down", "Scroll down", "", action="scroll('down')", show=False),
    _a("preview.scroll_up", "up", "Scroll up", "", action="scroll('up')", show=False),
    _a("preview.page_down", "pagedown", "Page down", "", action="scroll('page_down')", show=False),
    _a("preview.page_up", "pageup", "Page up", "", action="scroll('page_up')", show=False),
    _a("preview.top", "home", "Top", "", action="scroll('home')", show=False),
    _a("preview.end", "end", "End", "", action="scroll('end')", show=False),
    # --- The silent vote (the facilitator's screen, a voter's ballot, the screen between) ---
    _a("vote.next_voter", "v", "Next voter", "the next person votes on this laptop"),
    _a(
        "vote.network",
        "n",
        "Phones on/off",
        "phones on the local network vote too (again: the laptop only)",
    ),
    _a("vote.reveal", "r", "Reveal", "reveal the ballots: the room's spread, question by question"),
    _a(
        "vote.accept",
        "a,enter",
        "Accept",
        "the highlighted question takes the room's answer",
        priority=True,
    ),
    _a("vote.keep", "k", "Keep", "the highlighted question keeps the answer it has"),
    _a(
        "vote.accept_all",
        "t",
        "Take all",
        "each question not decided yet takes the room's answer, where it has one",
    ),
    _a("vote.capture", "f3", "Action", "an action on the highlighted question"),
    _a("vote.park", "f4", "Park", "park the highlighted disagreement for later"),
    _a(
        "vote.close", "escape", "Close", "close the vote and go back (asks first before the reveal)"
    ),
    _a(
        "ballot.send",
        "ctrl+g",
        "Send",
        "send this ballot (nobody sees it until the reveal)",
        typing=True,
    ),
    _a("ballot.cancel", "escape", "Cancel", "leave without voting (asks first)", typing=True),
    _a("pass_on.next", "enter", "Next voter", "the next person votes"),
    _a("pass_on.done", "escape", "Done", "back to the facilitator's screen"),
    # --- The other screens ---
    _a("review.back", "escape", "Back to the step", "back to the step"),
    _a(
        "review.checked",
        "x",
        "Mark checked",
        "the highlighted answer's texts copied from another plan are checked: no longer listed",
    ),
    _a("history.back", "escape", "Back", "back"),
    _a("help.close", "escape,f1,q", "Close", "close the help"),
    _a("actions.back", "escape,f5", "Back", "back to the step"),
    _a("actions.edit", "e", "Edit", "edit the highlighted action (Enter too)"),
    _a("actions.done", "x", "Done", "mark the highlighted action done (again: open)"),
    _a("actions.sort", "s", "Sort", "sort by due date, then owner, then status"),
    _a("actions.new", "n", "New", "a new action"),
    _a("actions.go", "g", "Go to", "go to the question the action came from"),
    _a("parking_lot.back", "escape,f6", "Back", "back to the step"),
    _a("parking_lot.resolve", "r", "Resolve", "mark the point resolved (again: open)"),
    _a("parking_lot.to_action", "a", "Action", "turn the point into an action"),
    _a("parking_lot.to_answer", "m", "To answer", "add the point to its question's answer (text)"),
    _a("parking_lot.go", "g", "Go to", "go to the question the point is about"),
    _a("agenda.back", "escape", "Back", "back to the step"),
    _a("agenda.edit", "e", "Minutes", "change the highlighted step's time box (Enter too)"),
    _a("agenda.drop", "delete", "Leave out", "leave the highlighted step out"),
    _a("agenda.defaults", "d", "Defaults", "every step, with its default time box"),
    # --- Fields (typing on a list starts a row; a letter on a checklist row is its status) ---
    _a(
        "checklist.status",
        "enter,space",
        "Status",
        "choose the item's status",
        action="choose",
        show=False,
        typing=True,
    ),
    _a(
        "rows.edit",
        "space",
        "Edit row",
        "edit the highlighted row (Enter too)",
        action="select_cursor",
        show=False,
        typing=True,
    ),
    _a("list.add_row", "insert", "Add row", "add a row", show=False, typing=True),
    _a(
        "list.remove_row",
        "delete",
        "Remove row",
        "remove the highlighted row",
        show=False,
        typing=True,
    ),
)

TOGETHER: dict[str, frozenset[str]] = {
    # Scopes whose keys can be active at the same moment, besides the app's (a screen and the
    # fields or dialogs on it): one key in two of them is a clash.
    "wizard": frozenset({"checklist", "list", "rows"}),
    "checklist": frozenset({"wizard"}),
    "list": frozenset({"wizard", "rows"}),
    "rows": frozenset({"wizard", "list"}),
    "confirm": frozenset({"dialog"}),
    "choose": frozenset({"dialog"}),
    "dialog": frozenset({"confirm", "choose"}),
}

BY_ID: dict[str, Action] = {action.id: action for action in ACTIONS}


def together(one: str, other: str) -> bool:
    """Whether keys of scopes *one* and *other* can be active at the same time."""
    return one == other or "app" in (one, other) or other in TOGETHER.get(one, frozenset())


# --- Key names ---------------------------------------------------------------------------------

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super")
NAMED = frozenset(
    {
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "pageup",
        "pagedown",
        "insert",
        "delete",
        "backspace",
        "tab",
        "enter",
        "escape",
        "space",
        *(f"f{n}" for n in range(1, 25)),
    }
)
PUNCTUATION = {
    # The names Textual gives printable keys that are not letters or digits.
    "!": "exclamation_mark",
    '"': "quotation_mark",
    "#": "number_sign",
    "$": "dollar_sign",
    "%": "percent_sign",
    "&": "ampersand",
    "'": "apostrophe",
    "(": "left_parenthesis",
    ")": "right_parenthesis",
    "*": "asterisk",
    "+": "plus",
    ",": "comma",
    "-": "minus",
    ".": "full_stop",
    "/": "slash",
    ":": "colon",
    ";": "semicolon",
    "<": "less_than_sign",
    "=": "equals_sign",
    ">": "greater_than_sign",
    "?": "question_mark",
    "@": "at",
    "[": "left_square_bracket",
    "\\": "backslash",
    "]": "right_square_bracket",
    "^": "circumflex_accent",
    "_": "underscore",
    "`": "grave_accent",
    "{": "left_curly_bracket",
    "|": "vertical_line",
    "}": "right_curly_bracket",
    "~": "tilde",
}
PRINTABLE_NAMES = frozenset(PUNCTUATION.values()) | {"space"}


def normal_key(text: str) -> str | None:
    """*text* as Textual names the key (``Ctrl+R`` is ``ctrl+r``, ``?`` is ``question_mark``,
    ``ctrl+plus`` is Ctrl and the + sign), or None when it names no key."""
    text = text.strip()
    if text in PUNCTUATION:
        return PUNCTUATION[text]
    *mods, base = text.split("+")
    mods = [m.strip().lower() for m in mods]
    base = base.strip()
    if not base or any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return None
    if base in PUNCTUATION:
        base = PUNCTUATION[base]
    elif len(base) == 1 and base.isprintable():
        base = base.lower() if mods else base
    elif base.lower() in NAMED or base.lower() in PRINTABLE_NAMES:
        base = base.lower()
    else:
        return None
    return "+".join([*(m for m in MODIFIERS if m in mods), base])


TEXT_BOX_KEYS = frozenset(
    {
        # What a text box does with a key (Textual's Input and TextArea), besides typing: an
        # action that works while people type must leave these to it. (PgUp, PgDn, F6 and F7
        # are taken from a text box on purpose: the wizard's own keys.)
        "backspace",
        "delete",
        "left",
        "right",
        "up",
        "down",
        "home",
        "end",
        "enter",
        "tab",
        "shift+tab",
        "ctrl+a",
        "ctrl+e",
        "ctrl+k",
        "ctrl+u",
        "ctrl+w",
        "ctrl+d",
        "ctrl+x",
        "ctrl+v",
        "ctrl+y",
        "ctrl+left",
        "ctrl+right",
        "ctrl+backspace",
        "shift+left",
        "shift+right",
        "shift+up",
        "shift+down",
        "shift+home",
        "shift+end",
        "ctrl+shift+left",
        "ctrl+shift+right",
    }
)


def never_arrives(key: str) -> str:
    """Why a terminal never sends *key* to the app as that key (or ""): Alt and Meta arrive as
    Escape and then the key, Ctrl+Shift+letter as Ctrl+letter, Shift+letter as the capital."""
    *mods, base = key.split("+")
    if {"alt", "meta", "super"} & set(mods):
        return "a terminal sends Alt (or Meta) and a key as Escape, then the key"
    if "ctrl" in mods and len(base) == 1 and not base.isalpha():
        return f"a terminal does not send Ctrl with {base!r} as a key of its own"
    if "ctrl" in mods and "shift" in mods and (len(base) == 1 or base in PRINTABLE_NAMES):
        return "a terminal sends Ctrl+Shift and a letter as Ctrl and the letter"
    if mods == ["shift"] and len(base) == 1:
        return f"Shift and a letter is the capital: write {base.upper()!r}"
    if mods == ["ctrl"] and base in ("i", "m"):
        return f"a terminal sends Ctrl+{base.upper()} as {'Tab' if base == 'i' else 'Enter'}"
    if key == "ctrl+c":
        return "ctrl+c copies, in a text box"
    return ""


def is_printable(key: str) -> bool:
    """A key that types a character (a letter, a digit, a sign, Space; Shift does not change
    that)."""
    *mods, base = key.split("+")
    if any(m != "shift" for m in mods):
        return False
    return len(base) == 1 or base in PRINTABLE_NAMES


# --- The user's keys ---------------------------------------------------------------------------


class Keymap(Struct):
    """The keys in use: the defaults, with the user's own keys where they were accepted."""

    own: dict[str, str] = field(default_factory=dict)
    """Action id → its keys (comma-separated), for the actions the user rebound."""
    refused: list[str] = field(default_factory=list)
    """One sentence per entry of ``[keys]`` that was refused (the default stays)."""

    def keys(self, action_id: str) -> list[str]:
        """The keys of *action_id* now."""
        keys = self.own.get(action_id) or BY_ID[action_id].keys
        return [k.strip() for k in keys.split(",") if k.strip()]


def read_keymap(table: object, source: str = "settings.toml") -> Keymap:
    """Check the ``[keys]`` table of *source* and keep what can be used: each entry maps an
    action id to one key or several (comma-separated). Refused, with one sentence each: an
    unknown id, a name that is no key, a key kept free for the terminal, a printable key for
    an action that works while people type, and a key another action already has there."""
    found = Keymap()
    if table is None:
        return found
    where = f"{source} [keys]"
    if not isinstance(table, Mapping):
        found.refused.append(f'{where} must be a table of action = "key"; it is ignored.')
        return found
    wanted: dict[str, tuple[str, list[str]]] = {}  # id -> (as written, keys)
    entries: list[tuple[str, object]] = []
    for name, value in table.items():
        if isinstance(value, Mapping):  # wizard.next_step = "f12" without quotes: a table
            entries += [(f"{name}.{sub}", inner) for sub, inner in value.items()]
        else:
            entries.append((str(name), value))
    for action_id, value in entries:
        action = BY_ID.get(str(action_id))
        if action is None:
            found.refused.append(
                f"{where}: {str(action_id)!r} is not an action (`pilot2prod keys` lists them)."
            )
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            problem, keys = _check(action, ",".join(value))
            if problem:
                found.refused.append(f"{where}: {action.id} = {value!r} is refused: {problem}.")
            else:
                wanted[action.id] = (",".join(value), keys)
        elif isinstance(value, str) and not value.strip():
            found.refused.append(
                f'{where}: {action.id} = {value!r} names no key; give one, such as "f12" or '
                '"ctrl+k".'
            )
        elif not isinstance(value, str):
            found.refused.append(
                f'{where}: {action.id} must be a key in quotes, such as "f12" or "ctrl+k".'
            )
        else:
            problem, keys = _check(action, value)
            if problem:
                found.refused.append(f"{where}: {action.id} = {value!r} is refused: {problem}.")
            else:
                wanted[action.id] = (value, keys)
    # A key may move from one action to another in one go (two keys swapped); what clashes
    # once every accepted change is made is refused, until nothing clashes.
    while True:
        current = {a.id: wanted[a.id][1] if a.id in wanted else a.keys.split(",") for a in ACTIONS}
        clashes = {
            action_id: clash for action_id in wanted if (clash := _clash(BY_ID[action_id], current))
        }
        if not clashes:
            break
        for action_id, clash in clashes.items():
            value = wanted.pop(action_id)[0]
            found.refused.append(f"{where}: {action_id} = {value!r} is refused: {clash}.")
    found.own = {action_id: ",".join(keys) for action_id, (_, keys) in wanted.items()}
    return found


def _check(action: Action, value: str) -> tuple[str, list[str]]:
    """What is wrong with *value* as *action*'s keys (or ""), and the keys it names."""
    keys: list[str] = []
    for text in value.split(","):
        key = normal_key(text)
        if key is None:
            return f"{text.strip()!r} is not a key name", []
        if key in RESERVED:
            return f"{key} is kept free for {RESERVED[key]}", []
        if why := never_arrives(key):
            return why, []
        if action.typing and is_printable(key):
            return f"{key} types a character, and this key works while an answer is typed", []
        if action.typing and key in TEXT_BOX_KEYS:
            return f"{key} edits the text in a text box, and this key works while one is used", []
        if key not in keys:
            keys.append(key)
    return "", keys


def _clash(action: Action, current: Mapping[str, list[str]]) -> str:
    """Another action that has one of *action*'s keys where both can work at once, or ""."""
    mine = set(current[action.id])
    for other in ACTIONS:
        if other.id != action.id and together(action.scope, other.scope):
            taken = mine & set(current[other.id])
            if taken:
                return f"{sorted(taken)[0]} is already the key of {other.id}"
    return ""


def listing(keymap: Keymap) -> Iterable[tuple[Action, list[str]]]:
    """Every action with its keys now, in the table's order."""
    for action in ACTIONS:
        yield action, keymap.keys(action.id)
