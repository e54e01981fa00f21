"""The actions screen (F5): every action of the plan; sort, edit, mark done, add."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from pilot2prod import record
from pilot2prod.text import one_line
from pilot2prod.tui.dialogs import ActionDialog
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.render import plain
from pilot2prod.tui.screens.record.common import Target, highlighted_key
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession

SORTS = ("due", "owner", "status")


def action_values(action: record.Action) -> dict[str, str]:
    return {"what": action.what, "owner": action.owner, "due": action.due}


class ActionsScreen(Screen[Target | None]):
    """Every action of the plan: sort, edit, mark done, add."""

    BINDINGS = bindings("actions")

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
