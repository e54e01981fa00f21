"""Preview: the Markdown export rendered in the app, with export to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from pilot2prod.export import export_markdown
from pilot2prod.tui.widgets.questions import plain

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession


class PreviewScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+o,ctrl+e", "export", "Export to file"),
    ]

    def __init__(self, session: PlanSession) -> None:
        super().__init__()
        self.session = session
        self.document = export_markdown(session.bank, session.plan)

    def compose(self) -> ComposeResult:
        yield Static(plain(f" Preview · {self.session.plan.name}"), id="preview-header")
        with VerticalScroll(id="preview-scroll"):
            yield Markdown(self.document, open_links=False)
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.query_one("#preview-scroll").focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_export(self) -> None:
        from pilot2prod.tui.export_flow import ask_and_export

        ask_and_export(self.app, self.session.plan.name, self.document, Path.cwd())
