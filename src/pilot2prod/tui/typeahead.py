"""No key vanishes in silence: a printable key that reached something that takes no text.

Text typed on a choice, a list of options, a button or the end of a step used to disappear.
Here such a key does what a person expects of a list (moves the highlight to the next option
starting with that letter: the highlight only, never the answer) or, when it cannot, a notice
says where typing goes. Several printable keys in one burst (a sentence meant for a text box)
give one notice, never a string of highlight jumps.

The app calls :meth:`StrayKeys.handle` for every printable key that no widget took and no
binding wants. A widget may say what a stray key means on it with a ``stray_key_notice``
attribute (the wizard's "Next step" button does).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList

from pilot2prod.tui import compat
from pilot2prod.tui.keys import shown as key_of

if TYPE_CHECKING:
    from textual.widgets import RadioSet

BURST_GAP = 0.05
"""Seconds: printable keys closer together than this came in one burst (one terminal read, a
paste of keystrokes, a fast link); no person types two different keys that fast on purpose."""

CHOICE_NOTICE = "This question takes a choice: ↑ ↓ and Space"
LIST_NOTICE = "A list takes no typing: ↑ ↓ move, Enter picks, a letter jumps to an item."
BUTTON_NOTICE = "Buttons take no typing: Enter presses one, Tab moves on."


def nowhere_notice(help_keys: str) -> str:
    return f"Nothing here takes typing: {help_keys} lists the keys."


def takes_text(widget: Widget | None) -> bool:
    """True for the widgets that keep what is typed into them: Input and TextArea (a TextArea
    exists only once its module is loaded: a plan with no long text never loads it)."""
    if isinstance(widget, Input):
        return True
    text_area = compat.loaded_text_area_class()
    return text_area is not None and isinstance(widget, text_area)


def _initial(label: str) -> str:
    """The first letter or digit of an option's label, folded for comparison."""
    for char in label:
        if char.isalnum():
            return char.casefold()
    return ""


def _next_match(labels: list[str], current: int | None, character: str) -> int | None:
    """The index of the next label after *current* (wrapping) that starts with *character*."""
    if not labels:
        return None
    wanted = character.casefold()
    start = -1 if current is None else current
    for step in range(1, len(labels) + 1):
        index = (start + step) % len(labels)
        if _initial(labels[index]) == wanted:
            return index
    return None


def _radio_labels(radio_set: RadioSet) -> list[str]:
    from textual.widgets import RadioButton

    return [str(button.label) for button in radio_set.query_children(RadioButton)]


def jump(widget: Widget, character: str) -> bool:
    """Move *widget*'s highlight to the next option starting with *character*.

    Only the highlight moves: Space or Enter still choose. Returns False when *widget* has no
    options or none starts with *character*.
    """
    from textual.widgets import RadioButton, RadioSet  # (loaded once a choice is shown)

    if isinstance(widget, RadioSet):
        buttons = list(widget.query_children(RadioButton))
        labels = [str(button.label) for button in buttons]
        current = next((i for i, b in enumerate(buttons) if compat.is_highlighted(b)), None)
        target = _next_match(labels, current, character)
        if target is None:
            return False
        # RadioSet moves its highlight one enabled button at a time.
        for _ in range(len(buttons)):
            if compat.is_highlighted(buttons[target]):
                break
            widget.action_next_button()
        return True
    if isinstance(widget, OptionList):
        labels = [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
        target = _next_match(labels, widget.highlighted, character)
        if target is None:
            return False
        widget.highlighted = target
        return True
    if isinstance(widget, Button) and widget.parent is not None:
        row = [
            b for b in widget.parent.children if isinstance(b, Button) and b.focusable and b.display
        ]
        labels = [str(b.label) for b in row]
        current = row.index(widget) if widget in row else None
        target = _next_match(labels, current, character)
        if target is None:
            return False
        row[target].focus()
        return True
    return False


def notice_for(widget: Widget) -> str:
    """What a stray key on *widget* is told: the widget's own words, or its kind's."""
    for node in widget.ancestors_with_self:
        own = getattr(node, "stray_key_notice", None)
        if isinstance(own, str) and own:
            return own
    from textual.widgets import RadioSet

    if isinstance(widget, RadioSet | OptionList):
        in_a_question = any(getattr(node, "question", None) for node in widget.ancestors)
        return CHOICE_NOTICE if in_a_question else LIST_NOTICE
    if isinstance(widget, Button):
        return BUTTON_NOTICE
    return nowhere_notice(key_of(node.app, "app.help"))


class StrayKeys:
    """Acts on printable keys nothing took: a highlight jump, or one notice per burst."""

    def __init__(
        self, notify: Callable[[str], None], help_keys: Callable[[], str] = lambda: "F1"
    ) -> None:
        self._notify = notify
        self._help_keys = help_keys
        self._last_key = float("-inf")
        """When the last stray key was made (its event's time)."""
        self._told = float("-inf")
        """When the last notice was given, so a burst gives one."""

    def in_burst(self, event: events.Key) -> bool:
        """True when *event* came in the same burst as the last stray key."""
        return event.time - self._last_key < BURST_GAP

    def handle(self, focused: Widget | None, event: events.Key) -> None:
        """*event* is a printable key that reached the app untaken, with *focused* focused."""
        burst = self.in_burst(event)
        self._last_key = event.time
        character = event.character or ""
        own_notice = getattr(focused, "stray_key_notice", "")
        if focused is not None and not burst and not own_notice and jump(focused, character):
            return
        if burst and event.time - self._told < 2 * BURST_GAP:
            self._told = event.time  # the same burst: told once already
            return
        self._told = event.time
        self._notify(
            notice_for(focused) if focused is not None else nowhere_notice(self._help_keys())
        )
