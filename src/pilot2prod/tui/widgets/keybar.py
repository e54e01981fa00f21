"""The line of keys at the bottom of every screen: one line of text, not a widget per key.

Textual's Footer remounts a widget for every key whenever the focus or the bindings change,
twice on every step change; on a wizard that is most of the cost of moving on. The key bar is
one Static: it is rebuilt as text when the screen's bindings change and repainted only when that
text differs. Clicking a key runs it, as in the Footer.
"""

from __future__ import annotations

from msgspec import Struct
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.style import Style as VisualStyle
from textual.widgets import Static


class Shown(Struct, frozen=True):
    """A key shown in the bar: the columns it takes, and the action (and where it runs)."""

    start: int
    end: int
    action: str
    namespace: DOMNode


class KeyBar(Static):
    """The keys the focused widget and its screen offer, as one line: ``PgDn Next  ^r Review``."""

    COMPONENT_CLASSES = {"keybar--key"}
    """A key (the description after it has the bar's own style)."""

    DEFAULT_CSS = """
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
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
        self._entries: list[tuple[str, str]] = []
        self._gap = ""
        self._drawn: tuple[VisualStyle, Content] | None = None
        """The keys' style and the bar drawn with it (drawn again in another style)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self._changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._changed(self.screen)

    def _changed(self, screen: Screen[object]) -> None:
        entries: list[Entry] = []
        seen: set[str] = set()
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
            entries.append((key, binding.description, binding.action, node))
        entries, gap = _fit(entries, self.size.width or self.app.size.width)
        spans: list[Shown] = []
        position = 0
        for key, description, action, namespace in entries:
            width = len(key) + 1 + len(description)
            spans.append(Shown(position, position + width, action, namespace))
            position += width + len(gap)
        text = gap.join(f"{key} {description}" for key, description, _, _ in entries)
        self._spans = spans
        if text == self._text:
            return
        self._text = text
        self._entries = [(key, description) for key, description, _, _ in entries]
        self._gap = gap
        self._drawn = None
        self.refresh()

    def render(self) -> Content:
        # The keys' style as a style, not as text naming a theme variable: Textual reads text
        # styles through every variable of the theme, once, about a millisecond of a plan's
        # first frame. Read as it is drawn: a new theme restyles the bar and draws it again.
        style = self.get_visual_style("keybar--key", partial=True)
        if self._drawn is None or self._drawn[0] != style:
            content = Content(self._gap).join(
                Content.assemble((key, style), " ", description)
                for key, description in self._entries
            )
            self._drawn = (style, content)
        return self._drawn[1]

    @property
    def text(self) -> str:
        """The keys as plain text (what a screen reader or a text dump shows)."""
        return self._text

    async def on_click(self, event: events.Click) -> None:
        for span in self._spans:
            if span.start <= event.x < span.end:
                await self.app.run_action(span.action, span.namespace)
                return


def _declared_order(screen: Screen[object]) -> dict[str, int]:
    """Each action's place in the screen's BINDINGS, then the app's."""
    rank: dict[str, int] = {}
    for node in (screen, screen.app):
        for binding in type(node).BINDINGS:
            action = binding.action if isinstance(binding, Binding) else binding[1]
            rank.setdefault(action, len(rank))
    return rank


ESSENTIAL = frozenset(
    {"next_step", "previous_step", "home", "back", "close", "cancel", "quit", "help"}
)
"""Actions the key bar keeps at any width (moving on and back, leaving, quitting, help)."""

Entry = tuple[str, str, str, DOMNode]
"""(key, description, action, the node whose namespace runs the action)."""


def _fit(entries: list[Entry], width: int) -> tuple[list[Entry], str]:
    """The keys that fit in *width* and the gap between them: the other keys go first, from
    the right; then the gap narrows to one space. What is essential is never dropped (it may
    still be cut at the very edge of a tiny window)."""

    def length(kept: list[Entry], gap: str) -> int:
        return sum(len(k) + 1 + len(d) for k, d, _, _ in kept) + len(gap) * (len(kept) - 1)

    kept = list(entries)
    while length(kept, "  ") > width:
        optional = [i for i, entry in enumerate(kept) if entry[2] not in ESSENTIAL]
        if not optional:
            break
        del kept[optional[-1]]
    if length(kept, "  ") <= width:
        return kept, "  "
    return kept, " "
