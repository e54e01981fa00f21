"""Tab and Shift+Tab in the page's order, stopping at the ends of the step."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget


def page_chain(screen: Screen[Any]) -> list[Widget]:
    """What Tab visits on *screen*, in the order of the page.

    Textual orders its focus chain by where widgets were last laid out; a question shown a
    moment ago (an answer made it visible) has not been laid out yet, and keys that arrive
    together would skip it or visit it out of turn. The page's own order does not wait for a
    layout.
    """

    def place(widget: Widget) -> tuple[int, ...]:
        path: list[int] = []
        node: Widget = widget
        while node is not screen and isinstance(node.parent, Widget):
            parent = node.parent
            path.append(parent.children.index(node))
            node = parent
        return tuple(reversed(path))

    return sorted(screen.focus_chain, key=place)


def move_focus(screen: Screen[Any], direction: int) -> Widget | None:
    """Focus the next (+1) or previous (-1) widget of the page; at either end of the step
    the focus stays (no wrap: PgDn goes on)."""
    chain = page_chain(screen)
    if not chain:
        return None
    focused = screen.focused
    if focused not in chain:
        target = chain[0] if direction > 0 else chain[-1]
    else:
        index = chain.index(focused) + direction
        if not 0 <= index < len(chain):
            return focused
        target = chain[index]
    # (the page scrolls the field into view itself, just enough: Textual would centre it)
    target.focus(scroll_visible=False)
    return target
