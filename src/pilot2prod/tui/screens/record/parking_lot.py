"""The parking lot (F6): points the room parked; resolve, turn into an action, move to an
answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from pilot2prod import record
from pilot2prod.tui.dialogs import ActionDialog
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.keys import shown as key_of
from pilot2prod.tui.render import plain
from pilot2prod.tui.screens.record.common import Target, highlighted_key
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession


class ParkingLotScreen(Screen[Target | None]):
    """Points the room parked: resolve one, turn it into an action, or move it to an answer."""

    BINDINGS = bindings("parking_lot")

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
            parks = key_of(self.app, "wizard.park")
            table.add_row(
                Text(""),
                Text(f"Nothing parked: {parks} in the wizard parks a point."),
            )
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
                self.notify(
                    f"Now an action ({key_of(self.app, 'wizard.actions')} lists the actions)."
                )

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
