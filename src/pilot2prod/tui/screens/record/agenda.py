"""The workshop's agenda: the steps this session covers and a time box for each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from pilot2prod import record
from pilot2prod.text import one_line
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.render import plain
from pilot2prod.tui.screens.record.common import highlighted_key
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession


class AgendaScreen(Screen[None]):
    """The workshop's agenda: the steps this session covers and a time box for each."""

    BINDINGS = bindings("agenda")

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
