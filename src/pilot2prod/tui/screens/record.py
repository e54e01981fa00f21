"""The workshop record's screens: the actions (F5) and the parking lot (F6).

Both edit the plan through its session (:meth:`PlanSession.edit_record`), so what is changed here
is saved and merged with other windows like an answer. Returning a (step id, question id) jumps
the wizard there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from pilot2prod import record
from pilot2prod.text import one_line
from pilot2prod.tui.dialogs import ActionDialog
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession

Target = tuple[str, str | None]
SORTS = ("due", "owner", "status")


def highlighted_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the table's cursor (None for an empty table)."""
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def action_values(action: record.Action) -> dict[str, str]:
    return {"what": action.what, "owner": action.owner, "due": action.due}


class ActionsScreen(Screen[Target | None]):
    """Every action of the plan: sort, edit, mark done, add."""

    BINDINGS = [
        Binding("escape,f5", "back", "Back", tooltip="back to the step"),
        Binding("e", "edit", "Edit", tooltip="edit the highlighted action (Enter too)"),
        Binding("x", "done", "Done", tooltip="mark the highlighted action done (again: open)"),
        Binding("s", "sort", "Sort", tooltip="sort by due date, then owner, then status"),
        Binding("n", "new", "New", tooltip="a new action"),
        Binding("g", "go", "Go to", tooltip="go to the question the action came from"),
    ]

    def __init__(self, session: PlanSession) -> None:
        super().__init__()
        self.session = session
        self.sort = "due"

    def compose(self) -> ComposeResult:
        yield Static(id="actions-header", classes="screen-header")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#actions", DataTable).focus()

    def on_resize(self) -> None:
        self.show()

    def show(self, select: str | None = None) -> None:
        bank, plan = self.session.bank, self.session.plan
        from pilot2prod import insight

        found = insight.assess(bank, plan)
        everything = record.sort_actions(found.actions, self.sort)
        header = (
            f" Actions · {len(found.open_actions)} open · {len(found.overdue)} overdue · "
            f"{len(found.unowned)} without an owner · sorted by {self.sort} · {plan.name}"
        )
        self.query_one("#actions-header", Static).update(plain(header))
        table = self.query_one("#actions", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        # The action and where it came from share what the fixed columns leave, so every
        # column is in view without scrolling sideways.
        width = self.size.width or self.app.size.width
        room = max(30, width - 2 * 5 - 2 - (10 + 16 + 7))
        what_width, from_width = room * 3 // 5, room - room * 3 // 5
        for label, size in (
            ("Due", 10),
            ("Owner", 16),
            ("Status", 7),
            ("Action", what_width),
            ("From", from_width),
        ):
            table.add_column(label, key=label.lower(), width=size)
        for action in everything:
            status = record.ACTION_STATUSES[action.status]
            if action.overdue(found.today):
                status = "OVERDUE"
            table.add_row(
                Text(action.due or "—"),
                Text(one_line(action.owner or "no owner", 16)),
                Text(status),
                Text(one_line(action.what, what_width)),
                Text(one_line(record.source_label(bank, action.source), from_width)),
                key=action.id,
            )
        if not everything:
            table.add_row(
                Text(""), Text(""), Text(""), Text("No actions yet: N adds one."), Text("")
            )
        keys = [a.id for a in everything]
        if select in keys:
            table.move_cursor(row=keys.index(select))
        elif everything:
            table.move_cursor(row=min(max(row, 0), len(everything) - 1))

    @on(DataTable.RowSelected, "#actions")
    def _selected(self) -> None:
        self.action_edit()

    def highlighted(self) -> record.Action | None:
        key = highlighted_key(self.query_one("#actions", DataTable))
        return next((a for a in record.actions(self.session.plan) if a.id == key), None)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.show()

    def action_new(self) -> None:
        def saved(result: dict[str, Any] | None) -> None:
            if result:
                aid = self.session.edit_record(lambda plan: record.add_action(plan, **result))
                self.show(aid)

        self.app.push_screen(ActionDialog({}, title="New action"), saved)

    def action_edit(self) -> None:
        action = self.highlighted()
        if action is None:
            self.action_new()
            return
        about = record.source_label(self.session.bank, action.source)

        def saved(result: dict[str, Any] | None) -> None:
            if result:
                self.session.edit_record(lambda plan: record.set_action(plan, action.id, **result))
                self.show(action.id)

        dialog = ActionDialog(
            action_values(action), about=about and f"From: {about}", choice=action.status
        )
        self.app.push_screen(dialog, saved)

    def action_done(self) -> None:
        action = self.highlighted()
        if action is None:
            return
        status = "open" if action.status == "done" else "done"
        self.session.edit_record(lambda plan: record.set_action(plan, action.id, status=status))
        self.show(action.id)

    def action_go(self) -> None:
        action = self.highlighted()
        target = record.source_step(self.session.bank, action.source) if action else None
        if target is None:
            self.notify("This action is not linked to a question of this plan.")
            return
        self.dismiss(target)


class ParkingLotScreen(Screen[Target | None]):
    """Points the room parked: resolve one, turn it into an action, or move it to an answer."""

    BINDINGS = [
        Binding("escape,f6", "back", "Back", tooltip="back to the step"),
        Binding("r", "resolve", "Resolve", tooltip="mark the point resolved (again: open)"),
        Binding("a", "to_action", "Action", tooltip="turn the point into an action"),
        Binding(
            "m", "to_answer", "To answer", tooltip="add the point to its question's answer (text)"
        ),
        Binding("g", "go", "Go to", tooltip="go to the question the point is about"),
    ]

    def __init__(self, session: PlanSession) -> None:
        super().__init__()
        self.session = session
        self.changed: set[str] = set()
        """Questions whose answers a point was moved into (the wizard shows them anew)."""

    def compose(self) -> ComposeResult:
        yield Static(id="parked-header", classes="screen-header")
        yield DataTable(id="parked", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#parked", DataTable).focus()

    def show(self, select: str | None = None) -> None:
        bank, plan = self.session.bank, self.session.plan
        points = record.parked(plan)
        still = sum(1 for p in points if p.is_open)
        self.query_one("#parked-header", Static).update(
            plain(f" Parking lot · {still} open of {len(points)} · {plan.name}")
        )
        table = self.query_one("#parked", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for label in ("Status", "Point", "Raised by", "About"):
            table.add_column(label, key=label.lower())
        for point in points:
            question = bank.question(point.question) if point.question else None
            table.add_row(
                Text(record.PARKED_STATUSES[point.status]),
                Text(" ".join(point.text.split())),
                Text(point.raised_by),
                Text(question.prompt if question else ""),
                key=point.id,
            )
        if not points:
            table.add_row(Text(""), Text("Nothing parked: F4 in the wizard parks a point."))
        keys = [p.id for p in points]
        if select in keys:
            table.move_cursor(row=keys.index(select))
        elif points:
            table.move_cursor(row=min(max(row, 0), len(points) - 1))

    def highlighted(self) -> record.Parked | None:
        key = highlighted_key(self.query_one("#parked", DataTable))
        return next((p for p in record.parked(self.session.plan) if p.id == key), None)

    def action_back(self) -> None:
        self.dismiss(None)

    def _set_status(self, point: record.Parked, status: str) -> None:
        self.session.edit_record(lambda plan: record.set_parked(plan, point.id, status=status))
        self.show(point.id)

    def action_resolve(self) -> None:
        point = self.highlighted()
        if point is not None:
            self._set_status(point, "open" if point.status == "resolved" else "resolved")

    def action_to_action(self) -> None:
        point = self.highlighted()
        if point is None:
            return
        source = record.source_of("question", point.question) if point.question else ""

        def saved(result: dict[str, Any] | None) -> None:
            if result:
                self.session.edit_record(
                    lambda plan: record.add_action(plan, source=source, **result)
                )
                self._set_status(point, "action")
                self.notify("Now an action (F5 lists the actions).")

        dialog = ActionDialog({"what": point.text}, about=f"From the parking lot: {point.text}")
        self.app.push_screen(dialog, saved)

    def action_to_answer(self) -> None:
        point = self.highlighted()
        question = self.session.bank.question(point.question) if point else None
        if point is None:
            return
        if question is None or question.kind not in ("text", "long_text"):
            self.notify(
                "Only a point about a text question can be moved into its answer.",
                severity="warning",
            )
            return
        current = self.session.plan.answers.get(question.id)
        joined = f"{current}\n{point.text}" if isinstance(current, str) and current else point.text
        if question.kind == "text":
            joined = " ".join(joined.split())
        self.session.set_answer(question, joined)
        self.changed.add(question.id)
        self._set_status(point, "moved")
        self.notify(f"Added to the answer of '{question.prompt}'.")

    def action_go(self) -> None:
        point = self.highlighted()
        if point is None or not point.question:
            self.notify("This point is not about a question.")
            return
        target = record.source_step(self.session.bank, record.source_of("question", point.question))
        if target is not None:
            self.dismiss(target)


class AgendaScreen(Screen[None]):
    """The workshop's agenda: the steps this session covers and a time box for each."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="back to the step"),
        Binding(
            "e", "edit", "Minutes", tooltip="change the highlighted step's time box (Enter too)"
        ),
        Binding("delete", "drop", "Leave out", tooltip="leave the highlighted step out"),
        Binding("d", "defaults", "Defaults", tooltip="every step, with its default time box"),
    ]

    def __init__(self, session: PlanSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-header", classes="screen-header")
        yield DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#agenda", DataTable).focus()

    def on_resize(self) -> None:
        self.show()

    def minutes(self) -> dict[str, int]:
        """The time box of every step on the agenda (the defaults when none was set)."""
        return dict(record.agenda(self.session.bank, self.session.plan))

    def show(self) -> None:
        bank = self.session.bank
        planned = self.minutes()
        spent = record.spent(self.session.plan)
        total = sum(planned.values())
        self.query_one("#agenda-header", Static).update(
            plain(
                f" Workshop agenda · {len(planned)} steps · {total // 60} h {total % 60:02d} min"
                " · Enter changes a time box, Delete leaves a step out"
            )
        )
        table = self.query_one("#agenda", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        # Fixed widths: a column sized to its cells is measured only once the table is idle,
        # and the rows redrawn before that (coming back from the time-box dialog) stayed as
        # narrow as the header. The step takes what the other two leave, all in view.
        labels = [bank.step_label(step) for step in bank.steps]
        width = self.size.width or self.app.size.width
        room = max(20, width - 2 * 3 - 2 - (7 + 12))
        step_width = min(room, max(len(label) for label in labels))
        for label, size in (("Step", step_width), ("Minutes", 7), ("Spent so far", 12)):
            table.add_column(label, key=label.lower(), width=size)
        for step, label in zip(bank.steps, labels, strict=True):
            minutes = planned.get(step.id)
            table.add_row(
                Text(one_line(label, step_width)),
                Text(f"{minutes:>3}" if minutes else "  —"),
                Text(f"{round(spent.get(step.id, 0) / 60):>3} min" if step.id in spent else ""),
                key=step.id,
            )
        table.move_cursor(row=max(row, 0))

    def highlighted(self) -> str | None:
        return highlighted_key(self.query_one("#agenda", DataTable))

    def _set(self, step_id: str, minutes: int) -> None:
        planned = self.minutes()
        planned[step_id] = minutes
        self.session.edit_record(lambda plan: record.set_agenda(plan, planned))
        self.show()

    @on(DataTable.RowSelected, "#agenda")
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        from pilot2prod.tui.dialogs import Prompt

        step_id = self.highlighted()
        if step_id is None:
            return
        step = next(s for s in self.session.bank.steps if s.id == step_id)
        current = self.minutes().get(step_id, 0)

        def check(typed: str) -> str | None:
            text = typed.strip()
            if not text.isdigit() or int(text) > 480:
                return "give whole minutes, from 0 (leave the step out) to 480"
            return None

        def chosen(typed: str | None) -> None:
            if typed is not None:
                self._set(step_id, int(typed.strip()))

        dialog = Prompt(
            "Time box",
            f"Minutes for {self.session.bank.step_label(step)} (0 leaves it out)",
            str(current),
            ok="Set",
            check=check,
        )
        self.app.push_screen(dialog, chosen)

    def action_drop(self) -> None:
        step_id = self.highlighted()
        if step_id is not None:
            self._set(step_id, 0)

    def action_defaults(self) -> None:
        bank = self.session.bank
        defaults = {s.id: record.default_minutes(bank, s.id) for s in bank.steps}
        self.session.edit_record(lambda plan: record.set_agenda(plan, defaults))
        self.show()

    def action_back(self) -> None:
        self.dismiss(None)
