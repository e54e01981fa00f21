"""The table of plans on home: its columns, one line per plan from 110 columns on, two below."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from pilot2prod.store import Listed
from pilot2prod.text import for_terminal, one_line, show_invisible
from pilot2prod.tui.render import progress_bar

ONE_LINE_FROM = 110
"""From this width on, each plan takes one line with every column; below, two lines."""
ONE_LINE_COLUMNS = [
    ("Plan", "name"),
    ("Progress", "progress"),
    ("Ready", "ready"),
    ("Top risk", "risk"),
    ("Updated (UTC)", "updated"),
    ("Organisation", "org"),
]
TWO_LINE_COLUMNS = [
    ("Progress", "progress"),
    ("Ready", "ready"),
    ("Top risk", "risk"),
    ("Updated", "updated"),
]
TWO_LINE_WIDTHS = [8, 5, 8, 10]
"""The two-line layout's fixed columns: what their widest value and heading need."""


def two_lines(width: int) -> bool:
    """Whether a table *width* columns wide lays each plan out on two lines."""
    return width < ONE_LINE_FROM


def fill(table: DataTable[Any], entries: list[Listed], width: int) -> None:
    """The plans as table rows. Below :data:`ONE_LINE_FROM` columns each plan takes two
    lines (the organisation under the name, the time under the date), so every column
    still fits in 80. The cursor stays on the row it was on (or the last one)."""
    row = table.cursor_row
    table.clear(columns=True)
    # Plans of more than one question bank: each says its bank.
    several = len({e.bank[0] for e in entries if e.error is None}) > 1
    if two_lines(width):
        # The verdict's words are the bank's own ("NOT READY YET"): the column fits them.
        widths = list(TWO_LINE_WIDTHS)
        spare = width - 2 * 5 - 2 - sum(widths) - NAME_AT_LEAST  # (with the name's least room)
        wanted = max(map(verdict_width, entries), default=0)
        widths[1] += max(0, min(VERDICT_AT_MOST, wanted, widths[1] + spare) - widths[1])
        # What is left once the fixed columns, the cell padding and the scrollbar are in.
        room = max(NAME_AT_LEAST, width - 2 * 5 - 2 - sum(widths))
        heading = "Plan / organisation" if room >= len("Plan / organisation") else "Plan"
        table.add_column(heading, key="name", width=room)
        for (label, key), fixed in zip(TWO_LINE_COLUMNS, widths, strict=True):
            table.add_column(label, key=key, width=fixed)
        for entry in entries:
            table.add_row(
                *cells(entry, room, bank=several, verdict_room=widths[1]),
                key=str(entry.path),
                height=2,
            )
    else:
        for label, key in ONE_LINE_COLUMNS + [("Bank", "bank")] * several:
            table.add_column(label, key=key)
        for entry in entries:
            bank = [Text(for_terminal(entry.bank[0]), "dim")] * several
            problem_room = PROBLEM_AT_MOST + width - ONE_LINE_FROM  # (wider: more of it)
            table.add_row(*cells(entry, problem_room=problem_room), *bank, key=str(entry.path))
    if entries:
        table.move_cursor(row=min(max(row, 0), len(entries) - 1))


NAME_AT_LEAST = 16
"""The least room the two-line layout leaves the plan's name."""
VERDICT_AT_MOST = 14
"""The widest the two-line layout's Ready column grows for a bank's own verdict words."""


def verdict_width(entry: Listed) -> int:
    """How wide *entry*'s verdict is (0 without one)."""
    return len(str((entry.summary or {}).get("verdict") or ""))


def cells(
    entry: Listed,
    room: int | None = None,
    *,
    bank: bool = False,
    verdict_room: int = 5,
    problem_room: int = 0,
) -> list[Text]:
    """One plan's cells: name, progress, readiness, top risk, updated, organisation; with
    *room* (the name column's width), two lines each and the organisation under the name
    (and, with *bank*, the plan's bank after it)."""
    if entry.error is not None or entry.summary is None:
        reason = entry.error.reason if entry.error else "cannot be read"
        name = f"⚠ {for_terminal(entry.path.name)}"
        return _problem(name, f"cannot be read: {for_terminal(reason)}", room, problem_room)
    summary = entry.summary
    if "bank_missing" in summary:
        name = entry.name or for_terminal(entry.path.name)
        problem = f"its bank '{for_terminal(str(summary['bank_missing']))}' is not here"
        return _problem(name, problem, room, problem_room)
    percent = int(summary["progress"])
    ready = summary["readiness"]
    top = summary["highest_risk"]
    verdict = summary.get("verdict") or ""  # none: the plan's bank has no checklist
    readiness = "" if not verdict else "n/a" if ready is None else f"{ready}%"
    risk = str(top["level"]).upper() if top else ""
    organisation = show_invisible(str(summary["organisation"]))
    day, _, time = entry.updated.replace("T", " ")[:16].partition(" ")
    if room is not None:
        name = one_line(entry.name or "", room)
        # (the bank is named as one, as the wider layout's Bank column and `list` name it:
        # alone under the name, it read as the organisation)
        bank_id = f"bank {for_terminal(entry.bank[0])}" if bank else ""
        under = " · ".join(p for p in (organisation, bank_id) if p)
        return [
            Text.assemble(name, "\n", (one_line(under, room), "dim")),
            Text(f"{percent:>3}%\n{progress_bar(percent, 8)}"),
            Text(f"{readiness}{entry.direction}\n{one_line(verdict, verdict_room)}"),
            Text(risk),
            Text(f"{day}\n{time} UTC" if time else day),
        ]
    return [
        Text(entry.name or ""),
        Text(f"{progress_bar(percent, 8)} {percent:>3}%"),
        Text(f"{readiness:>4}{entry.direction} {verdict}".rstrip()),
        Text(risk),
        Text(f"{day} {time}".strip()),
        Text(organisation),
    ]


PROBLEM_AT_MOST = 32
"""The most of a plan's problem the one-line layout shows at its narrowest (ONE_LINE_FROM
columns), in the Progress column, which grows to fit it (a whole parser message pushed every
column after it off the screen); each column more gives it one more. Enter on the plan says it
whole."""


def _problem(name: str, problem: str, room: int | None, problem_room: int) -> list[Text]:
    """The cells of a plan that cannot be shown: its name and what is wrong, cut to fit."""
    if room is not None:
        cell = Text.assemble(one_line(name, room), "\n", (one_line(problem, room), "italic"))
        return [cell, *(Text("") for _ in TWO_LINE_COLUMNS)]
    cut = Text(one_line(problem, max(PROBLEM_AT_MOST, problem_room)), "italic")
    return [Text(name), cut, *(Text("") for _ in ONE_LINE_COLUMNS[2:])]
