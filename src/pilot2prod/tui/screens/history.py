"""A plan's history: its saved versions, and what changed from each one to the next (or to the
plan as it is now). The same comparison as ``pilot2prod diff`` (changes.py)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from pilot2prod import insight
from pilot2prod.bank import Bank
from pilot2prod.changes import compare, diff_lines
from pilot2prod.errors import PlanFileError
from pilot2prod.store import Store, Version
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.keys import shown as key_of
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.keybar import KeyBar


class HistoryScreen(Screen[None]):
    """Versions, newest first; the highlighted one is compared with the one after it."""

    BINDINGS = bindings("history")

    def __init__(self, store: Store, bank: Bank, path: Path) -> None:
        super().__init__()
        self.store = store
        self.bank = bank
        self.path = path
        self.versions: list[Version] = []

    def compose(self) -> ComposeResult:
        yield Static(id="history-header", classes="screen-header")
        with Vertical(id="history-body"):
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="history-diff-box"):
                yield Static(id="history-diff")
        yield KeyBar()

    def on_mount(self) -> None:
        self.versions = list(reversed(self.store.versions(self.path)))
        name = self.path.stem
        count = len(self.versions)
        self.query_one("#history-header", Static).update(
            plain(f" History · {count} version{'s' if count != 1 else ''} · {name}")
        )
        table = self.query_one("#history", DataTable)
        for label in ("Version", "Saved (UTC)", "Progress", "Ready", "Label"):
            table.add_column(label, key=label.lower())
        for version in self.versions:
            try:
                if version.problem:
                    raise PlanFileError(version.file, version.problem)
                summary = insight.summary(self.bank, self.store.version_plan(version))
            except PlanFileError as exc:
                table.add_row(
                    Text(str(version.number)),
                    Text(version.at.replace("T", " ").removesuffix("Z")[:16] or "-"),
                    Text(""),
                    Text(""),
                    Text(f"(cannot read: {exc.reason})"),
                    key=str(version.number),
                )
                continue
            table.add_row(
                Text(str(version.number)),
                Text(version.at.replace("T", " ").removesuffix("Z")[:16]),
                Text(f"{summary['progress']}%"),
                Text(insight.ready_text(summary)),
                Text(version.label),
                key=str(version.number),
            )
        if not self.versions:
            self.query_one("#history-diff", Static).update(
                plain(
                    "No versions yet. One is kept when a wizard session that changed the plan "
                    f"ends; {key_of(self.app, 'app.command_palette')} › Keep this version keeps "
                    "one with a label."
                )
            )
        table.focus()

    @on(DataTable.RowHighlighted, "#history")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = event.cursor_row
        if not 0 <= index < len(self.versions):
            return
        version = self.versions[index]
        try:
            before = self.store.version_plan(version)
            if index == 0:
                after, name = self.store.load(self.path), "the plan now"
            else:
                newer = self.versions[index - 1]
                after, name = self.store.version_plan(newer), f"version {newer.number}"
        except PlanFileError as exc:
            self.query_one("#history-diff", Static).update(plain(f"⚠ {exc}"))
            return
        lines = [
            f"From version {version.number} to {name}:",
            *diff_lines(compare(self.bank, before, after)),
        ]
        self.query_one("#history-diff", Static).update(plain("\n".join(lines)))

    def action_back(self) -> None:
        self.dismiss(None)
