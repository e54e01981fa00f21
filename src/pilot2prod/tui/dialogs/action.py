"""ActionDialog: an action of the workshop record."""

from __future__ import annotations

from textual.widgets import RadioSet

from pilot2prod.tui.dialogs.choice_button import ChoiceButton
from pilot2prod.tui.dialogs.record import Record
from pilot2prod.tui.render import HINTS


class ActionDialog(Record):
    """An action: what, who owns it, by when, and its status. Returns a dict of those, the due
    date as YYYY-MM-DD (typed the way people say dates)."""

    TITLE_TEXT = "Action"
    CHOICES = {"open": "Open", "done": "Done", "dropped": "Dropped"}
    CHOICES_LABEL = "Status"

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("what", "What is to be done", "e.g. Name the on-call owner"),
            ("owner", "Owner (a name)", "who does it"),
            ("due", "Due date", HINTS["date"]),
        ]

    def on_mount(self) -> None:
        super().on_mount()
        if self.choice is None:
            self.query_one("#choice", RadioSet).query(ChoiceButton).first().value = True

    def submit(self) -> None:
        what = self.typed("what")
        if not what:
            self.fail("say what is to be done", "what")
            return
        due = self._due(self.typed("due"))
        if not due.ok:
            self.fail(f"{due.problem}", "due")
            return
        if isinstance(due.value, str) and len(due.value) == 7:
            self.fail("give a day, not only a month (e.g. 15 Jan 2027)", "due")
            return
        self.dismiss(
            {
                "what": what,
                "owner": self.typed("owner"),
                "due": due.value or "",
                "status": self.chosen() or "open",
            }
        )
