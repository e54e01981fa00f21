"""Any number of answers out of a few, as a list of boxes to tick."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.strip import Strip
from textual.widgets import SelectionList

from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.fields.base import QuestionField


class TickList(SelectionList[str]):
    """A selection list whose boxes say whether they are ticked, ``[x]`` or ``[ ]``, not only
    in their colour: readable without colour, in a text dump, and by the colour-blind."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        if len(segments) < 4:
            return line  # a line with no box (past the last option)
        index = self.scroll_offset.y + y
        ticked = self.get_option_at_index(index).value in self.selected
        # Textual draws the box as three cells (edge, mark, edge); the same three cells say it
        # in characters here, and keep the option's number so a click still ticks it.
        style = segments[1].style or Style()
        mark = Segment("[x]" if ticked else "[ ]", style + Style(bold=ticked))
        return Strip([mark, *segments[3:]], line.cell_length)


class MultiChoiceField(QuestionField):
    def compose_editor(self) -> ComposeResult:
        chosen = self.initial if isinstance(self.initial, list) else []
        yield TickList(
            *((plain(c.label), c.value, c.value in chosen) for c in self.question.choices),
            compact=True,
        )

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        selected = set(event.selection_list.selected)
        # Values this bank does not offer are kept as they were (another bank's choices).
        offered = {c.value for c in self.question.choices}
        kept = (
            [v for v in self.initial if v not in offered] if isinstance(self.initial, list) else []
        )
        self.post([c.value for c in self.question.choices if c.value in selected] + kept)


FIELD = MultiChoiceField
