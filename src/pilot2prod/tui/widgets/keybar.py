"""The line of keys at the bottom of every screen: one line of text, not a widget per key.

Textual's Footer remounts a widget for every key whenever the focus or the bindings change,
twice on every step change; on a wizard that is most of the cost of moving on. The key bar is
one Static: it is rebuilt as text when the screen's bindings change and repainted only when that
text differs. Clicking a key runs it, as in the Footer.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


@dataclass(frozen=True)
class Shown:
    start: int
    end: int
    action: str
    namespace: object


class KeyBar(Static):
    """The keys the focused widget and its screen offer, as one line: ``PgDn Next  ^r Review``."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="keybar")
        self._text = ""
        self._spans: list[Shown] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self._changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: Screen) -> None:
        pieces: list[tuple[str, str]] = []
        spans: list[Shown] = []
        seen: set[str] = set()
        position = 0
        # In the order the screen and then the app declare them, whatever has focus: Textual
        # lists a focused editor's own keys first (PgUp before PgDn in a text area), which
        # would shuffle the bar as the focus moves. The focused widget's own keys lead.
        rank = _declared_order(screen)
        active = sorted(
            screen.active_bindings.values(), key=lambda a: rank.get(a.binding.action, -1)
        )
        for node, binding, enabled, _tooltip in active:
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            pieces.append((key, binding.description))
            width = len(key) + 1 + len(binding.description)
            spans.append(Shown(position, position + width, binding.action, node))
            position += width + 2
        text = "  ".join(f"{key} {description}" for key, description in pieces)
        self._spans = spans
        if text == self._text:
            return
        self._text = text
        content = Content("  ").join(
            Content.assemble((key, "bold $footer-key-foreground"), " ", description)
            for key, description in pieces
        )
        self.update(content)

    @property
    def text(self) -> str:
        """The keys as plain text (what a screen reader or a text dump shows)."""
        return self._text

    async def on_click(self, event: events.Click) -> None:
        for span in self._spans:
            if span.start <= event.x < span.end:
                await self.app.run_action(span.action, span.namespace)  # type: ignore[arg-type]
                return


def _declared_order(screen: Screen) -> dict[str, int]:
    """Each action's place in the screen's BINDINGS, then the app's."""
    rank: dict[str, int] = {}
    for node in (screen, screen.app):
        for binding in type(node).BINDINGS:
            action = binding.action if isinstance(binding, Binding) else binding[1]
            rank.setdefault(action, len(rank))
    return rank
