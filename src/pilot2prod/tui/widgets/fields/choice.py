"""One answer out of a few, as radio buttons."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import RadioButton, RadioSet

from pilot2prod.tui.compat import is_highlighted
from pilot2prod.tui.compat.layout import restyle_later
from pilot2prod.tui.dialogs import ChoiceButton
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.fields.base import QuestionField


class ChoiceSet(RadioSet):
    """A question's radio buttons. As the focus comes or goes, only what it changes is
    restyled: the set, and the button its highlight is on (no rule, Textual's or ours, styles
    another button by the set's ``:focus`` or ``:blur``: tests/test_redraw.py reads them all).
    Textual's own watcher, replaced here, restyles every button: a millisecond or more at each
    step change to a step that starts with a choice. The other buttons are drawn again all
    the same, as the set's background changes under them. A set that loses the focus on a
    page just hidden is restyled by the screen, with all it holds, once the new page is on
    screen."""

    def watch_has_focus(self, _has_focus: bool) -> None:
        if not restyle_later(self):  # (on a page just left: the screen restyles it later)
            highlighted = [
                b for b in self.children if isinstance(b, RadioButton) and is_highlighted(b)
            ]
            self.app.stylesheet.update_nodes([self, *highlighted])


class ChoiceField(QuestionField):
    def compose_editor(self) -> ComposeResult:
        with ChoiceSet(compact=True):
            for choice in self.question.choices:
                yield ChoiceButton(plain(choice.label), value=choice.value == self.initial)

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.post(self.question.choices[event.index].value)


FIELD = ChoiceField
