"""Preview: the Markdown export rendered in the app, with export to a file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, Static

from pilot2prod.export import export_markdown
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.ordered_input import OrderedInputApp
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from pilot2prod.tui.session import PlanSession


FIRST_CHARS = 2500
"""About this much of the document is laid out before the preview shows: a screen or two."""
END_CHARS = 6000
"""After End, sections are laid out together up to about this much text: each piece laid out
lays out all of the document above it again, so fewer pieces reach the end sooner (the
example plan: 5.4 s of CPU in 21 pieces, 3.2 s in 7), and a key after End waits for less."""
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
    """The document, laid out as the reader scrolls towards it; keys typed after leaving
    never wait for it.

    Laying out a whole plan takes about two seconds, and a key waits until the screen is
    quiet (key order): the rest of the document is laid out a section at a time, only while
    less than a screen of it is left below the view (End lays out all of it), and never while
    a key waits. Nothing inside the document takes the focus: a focused widget is restyled
    with everything inside it when the focus leaves (with the whole plan laid out, about 900
    widgets, that took a second on Escape). The screen's own keys scroll it.
    """

    BINDINGS = bindings("preview")

    def __init__(self, session: PlanSession, document: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.document = document or export_markdown(session.bank, session.plan)
        self._first, self._rest = first_screenful(self.document)
        self.closing = False
        """Set on leaving: the rest of the document is no longer laid out (until the preview
        is shown again: the wizard keeps it while the plan is unchanged)."""
        self._busy = False
        """A section is being laid out (or waits for a key to go first)."""
        self._to_end = False
        """End was pressed: lay out all of it, then show its end."""
        self._waiting: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(plain(f" Preview · {self.session.plan.name}"), id="preview-header")
        with VerticalScroll(id="preview-scroll", can_focus=False):
            yield Markdown(self._first, open_links=False)
        yield KeyBar()

    def on_mount(self) -> None:
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        self.watch(scroll, "scroll_y", self._scrolled, init=False)
        self.watch(scroll, "virtual_size", self._more, init=False)

    def on_screen_resume(self) -> None:
        """Shown again (the plan has not changed since): go on laying out as it is read."""
        if self.closing:
            self.closing = False
            self._more()

    def _scrolled(self, old: float, new: float) -> None:
        if new < old:
            self._to_end = False  # the reader went back up: End no longer holds
        self._more()

    @property
    def laying_out(self) -> bool:
        """Whether sections of the document are still waiting to be laid out."""
        return bool(self._rest) and not self.closing

    def _wanted(self) -> bool:
        """Whether to lay out the next section now: End was pressed, or less than a screen
        of laid-out document is left below the view."""
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        below = scroll.virtual_size.height - scroll.scroll_y - scroll.size.height
        return self._to_end or below < scroll.size.height

    def _more(self) -> None:
        if self._to_end and not self._rest:
            self._scroll_end()  # End, and the document is still growing as it is laid out
            return
        if self.laying_out and not self._busy and self.is_attached and self._wanted():
            self._busy = True
            self.call_after_refresh(self._append_next)

    async def _append_next(self) -> None:
        """The next section, when still wanted; while a key waits for the screen to be
        quiet, the section waits for it."""
        self._waiting = None
        if not self.laying_out or not self.is_attached or not self._wanted():
            self._busy = False
            return
        if isinstance(self.app, OrderedInputApp) and self.app.input_waiting:
            self._waiting = self.set_timer(YIELD, self._append_next, name="preview-layout")
            return
        section = self._rest.pop(0)
        while self._to_end and self._rest and len(section) + len(self._rest[0]) <= END_CHARS:
            section += self._rest.pop(0)
        await self.query_one(Markdown).append(section)
        self.call_after_refresh(self._append_next)

    def _scroll_end(self) -> None:
        self.query_one("#preview-scroll", VerticalScroll).scroll_end(animate=False)

    def action_scroll(self, how: str) -> None:
        self._to_end = how == "end"  # the end is where the last section will be
        self._more()
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)

    def action_back(self) -> None:
        """Leave at once: nothing more is laid out while the preview is away (a callback
        already queued finds ``closing`` set and does nothing)."""
        self.closing = True
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        self.app.pop_screen()

    def action_export(self) -> None:
        from pilot2prod.tui.export_flow import ask_and_export

        ask_and_export(self.app, self.session.plan.name, self.document, Path.cwd())
