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
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession


FIRST_CHARS = 2500
"""About this much of the document is laid out before the preview shows: a screen or two."""


def first_screenful(document: str) -> tuple[str, list[str]]:
    """The document's opening sections (at least the title and details), and the rest as one
    piece per second-level section."""
    sections = re.split(r"(?m)^(?=## )", document)
    first = sections.pop(0)
    while sections and len(first) < FIRST_CHARS:
        first += sections.pop(0)
    return first, sections


class PreviewScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+o,ctrl+e", "export", "Export to file"),
    ]

    def __init__(self, session: PlanSession) -> None:
        super().__init__()
        self.session = session
        self.document = export_markdown(session.bank, session.plan)
        self._first, self._rest = first_screenful(self.document)

    def compose(self) -> ComposeResult:
        yield Static(plain(f" Preview · {self.session.plan.name}"), id="preview-header")
        with VerticalScroll(id="preview-scroll"):
            yield Markdown(self._first, open_links=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#preview-scroll").focus()
        self.call_after_refresh(self._append_next)

    async def _append_next(self) -> None:
        """The rest of the document, one section per idle moment (a whole plan takes a second
        to lay out; its first screen shows at once and keys are never kept waiting long)."""
        if not self._rest or not self.is_attached:
            return
        section = self._rest.pop(0)
        await self.query_one(Markdown).append(section)
        self.call_after_refresh(self._append_next)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_export(self) -> None:
        from pilot2prod.tui.export_flow import ask_and_export

        ask_and_export(self.app, self.session.plan.name, self.document, Path.cwd())
