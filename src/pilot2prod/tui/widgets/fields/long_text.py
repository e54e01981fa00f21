"""Several lines of text, wrapped."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import TextArea

from pilot2prod.tui.compat.text_area import LeanTextArea
from pilot2prod.tui.widgets.fields.base import QuestionField


class LongTextField(QuestionField):
    def compose_editor(self) -> ComposeResult:
        text = self.initial if isinstance(self.initial, str | int | float) else ""
        yield LeanTextArea(
            str(text),
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=self.question.placeholder,
            highlight_cursor_line=False,
            compact=True,
        )

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post(event.text_area.text)


FIELD = LongTextField
