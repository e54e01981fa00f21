"""Any number of answers out of a few, as a list of boxes to tick."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import SelectionList

from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.fields.base import QuestionField


class MultiChoiceField(QuestionField):
    def compose_editor(self) -> ComposeResult:
        chosen = self.initial if isinstance(self.initial, list) else []
        yield SelectionList[str](
            *((plain(c.label), c.value, c.value in chosen) for c in self.question.choices),
            compact=True,
        )

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        selected = set(event.selection_list.selected)
        # Values this bank does not offer are kept as they were (another bank's choices).
        offered = {c.value for c in self.question.choices}
        kept = (
            [v for v in self.initial if v not in offered] if isinstance(self.initial, list) else []
        )
        self.post([c.value for c in self.question.choices if c.value in selected] + kept)


FIELD = MultiChoiceField
