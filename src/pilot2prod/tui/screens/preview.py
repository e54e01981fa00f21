"""Preview: the Markdown export rendered in the app, with export to a file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, Static

from pilot2prod.export import export_markdown
from pilot2prod.tui.ordered_input import OrderedInputApp
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from pilot2prod.tui.session import PlanSession


FIRST_CHARS = 2500
"""About this much of the document is laid out before the preview shows: a screen or two."""
YIELD = 0.05
"""Seconds the rest of the document waits, and waits again, while a key waits for the app."""


def first_screenful(document: str) -> tuple[str, list[str]]:
    """The document's opening sections (at least the title and details), and the rest as one
    piece per second-level section."""
    sections = re.split(r"(?m)^(?=## )", document)
    first = sections.pop(0)
    while sections and len(first) < FIRST_CHARS:
        first += sections.pop(0)
    return first, sections


class PreviewScreen(Screen[None]):
    """The document scrolls with the screen's keys; nothing inside it takes the focus.

    A focused widget is restyled with everything inside it whenever it gains or loses the
    focus: with the whole plan laid out (about 900 widgets) that took a second or more on
    leaving, and keys typed just after Escape waited for it. So the scroll is not focusable,
    and the screen's own keys scroll it.
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+o,ctrl+e", "export", "Export to file"),
        Binding("down", "scroll('down')", "Scroll down", show=False),
        Binding("up", "scroll('up')", "Scroll up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "End", show=False),
    ]

    def __init__(self, session: PlanSession) -> None:
        super().__init__()
        self.session = session
        self.document = export_markdown(session.bank, session.plan)
        self._first, self._rest = first_screenful(self.document)
        self.closing = False
        """Set on leaving: the rest of the document is no longer laid out."""
        self._waiting: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(plain(f" Preview · {self.session.plan.name}"), id="preview-header")
        with VerticalScroll(id="preview-scroll", can_focus=False):
            yield Markdown(self._first, open_links=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.call_after_refresh(self._append_next)

    @property
    def laying_out(self) -> bool:
        """Whether sections of the document are still waiting to be laid out."""
        return bool(self._rest) and not self.closing

    async def _append_next(self) -> None:
        """The rest of the document, one section per idle moment (a whole plan takes a second
        to lay out; its first screen shows at once and keys are never kept waiting long).

        A key waits until the screen is quiet (key order), and a screen that lays out section
        after section is never quiet: while a key waits, the next section waits for it.
        """
        self._waiting = None
        if not self.laying_out or not self.is_attached:
            return
        if isinstance(self.app, OrderedInputApp) and self.app.input_waiting:
            self._waiting = self.set_timer(YIELD, self._append_next, name="preview-layout")
            return
        section = self._rest.pop(0)
        await self.query_one(Markdown).append(section)
        self.call_after_refresh(self._append_next)

    def action_scroll(self, how: str) -> None:
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)

    def action_back(self) -> None:
        """Leave at once: the sections not laid out yet are dropped (a callback already
        queued finds ``closing`` set and does nothing)."""
        self.closing = True
        self._rest.clear()
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        self.app.pop_screen()

    def action_export(self) -> None:
        from pilot2prod.tui.export_flow import ask_and_export

        ask_and_export(self.app, self.session.plan.name, self.document, Path.cwd())
