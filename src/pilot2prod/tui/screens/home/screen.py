"""Home: the plans in the data directory, and what can be done with them."""

from __future__ import annotations

from pathlib import Path

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Static

from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.plan import Plan
from pilot2prod.store import Listed, Store
from pilot2prod.text import short_path
from pilot2prod.tui.compat.widgets import LeanInput
from pilot2prod.tui.keys import bindings, shown
from pilot2prod.tui.render import plain
from pilot2prod.tui.screens.home import plan_files, plan_table
from pilot2prod.tui.screens.home.plan_list import PlanList
from pilot2prod.tui.widgets.keybar import KeyBar

EMPTY = (
    "pilot2prod walks a team from an AI pilot to a production plan: the questions that "
    "decide whether a pilot reaches production, where the plan will stall, and a Markdown "
    "plan to send.\n\n"
    "There are no plans here yet."
)

ON_THE_SELECTED_PLAN = frozenset(
    ["open", "rename", "duplicate", "new_from", "delete", "export", "dashboard", "history"]
)
"""The actions on the selected plan: not offered while there is none."""


class HomeScreen(Screen[None]):
    """The plans of the data directory. It reads and writes plans through the store it is
    given, and asks the app to open one with a message (it never reaches into the app)."""

    class Open(Message):
        """Open this plan (at this step and question, when given)."""

        def __init__(
            self, path: Path, step_id: str | None = None, question_id: str | None = None
        ) -> None:
            super().__init__()
            self.path = path
            self.step_id = step_id
            self.question_id = question_id

    class OpenExample(Message):
        """Open the data directory's copy of the bundled example."""

    class Recover(Message):
        """Offer back the answers kept in this data directory's recovery files."""

    BINDINGS = bindings("home")

    def __init__(self, store: Store, bank: Bank) -> None:
        super().__init__()
        self.store = store
        self.bank = bank
        self.order = bank.order
        self.plans = PlanList(store, bank)
        """The plans listed, and what the filter narrows them to."""
        self._problem: Pilot2ProdError | None = None
        self._shown_once = False
        self._two_lines: bool | None = None
        """Whether the table is laid out two lines per plan (None before it is filled)."""
        self._empty: tuple[Vertical, Static, Button] | None = None
        """The view for no plans (its text and first button), once it has been needed."""

    def compose(self) -> ComposeResult:
        # The plans are read before the first frame, so it shows them (not an empty table).
        problem = self.plans.read()
        yield Static(id="home-header")
        filter_box = LeanInput(
            placeholder="Filter: part of a name or organisation (Enter or ↓: list, Escape: all)",
            id="home-filter",
        )
        filter_box.display = False
        yield filter_box
        yield DataTable(id="plans", cursor_type="row", zebra_stripes=True)
        yield KeyBar()
        self._problem = problem

    def on_mount(self) -> None:
        self._show_entries(self._problem)
        self.call_after_refresh(self.post_message, self.Recover())

    def on_screen_resume(self) -> None:
        """Shown again (after a plan, a dialog): the list as the files are now. Home under a
        plan opened from the command line is built only when someone comes back to it."""
        if self.is_current and self._shown_once:
            self.reload()
        self._shown_once = True

    def _empty_view(self, text: str = EMPTY) -> Button:
        """Show the words and buttons for no plans (made the first time they are needed);
        returns the "New plan" button."""
        if self._empty is None:
            words = Static(id="empty-text")
            new = Button("New plan (n)", id="empty-new", variant="primary")
            example = Button("Open the example (x)", id="empty-example")
            view = Vertical(words, Center(Horizontal(new, example, id="empty-buttons")), id="empty")
            self.mount(view, before="#plans")
            self._empty = (view, words, new)
        view, words, new = self._empty
        words.update(plain(text))
        view.display = True
        return new

    def reload(self, select: Path | None = None) -> None:
        """Read the plans again and show them (with *select* highlighted, when given)."""
        self._show_entries(self.plans.read(), select)

    def _show_entries(self, problem: Pilot2ProdError | None, select: Path | None = None) -> None:
        if problem is not None:
            self.query_one("#home-header", Static).update(plain(f" pilot2prod · ⚠ {problem}"))
            self._empty_view(f"{problem}.")
            self.query_one("#plans").display = False
            return
        self._show_count()
        self._fill_table()
        table = self.query_one("#plans", DataTable)
        empty = not self.plans.entries
        table.display = not empty
        if empty:
            self.call_after_refresh(self._empty_view().focus)
        else:
            if self._empty is not None:
                self._empty[0].display = False
            table.focus()
            if select is not None:
                keys = [str(e.path) for e in self.plans.shown]
                if str(select) in keys:
                    table.move_cursor(row=keys.index(str(select)))
        self.refresh_bindings()

    def _show_count(self) -> None:
        count = len(self.plans.entries)
        where = short_path(self.store.plans_dir)
        header = f" pilot2prod · {count} plan{'s' if count != 1 else ''} in {where}"
        wanted = self.plans.filter.strip()
        if wanted:
            matching = len(self.plans.shown)
            said = (
                "none match" if not matching else f"{matching} match{'es' if matching == 1 else ''}"
            )
            header += f" · {said} “{wanted}”"
        self.query_one("#home-header", Static).update(plain(header))

    def on_resize(self, event: events.Resize) -> None:
        if self._two_lines is not None and self._two_lines != plan_table.two_lines(
            event.size.width
        ):
            self._fill_table()

    def _fill_table(self) -> None:
        width = self.size.width or self.app.size.width
        self._two_lines = plan_table.two_lines(width)
        plan_table.fill(self.query_one("#plans", DataTable), self.plans.shown, width)

    @property
    def stray_key_notice(self) -> str:
        """What a printable key nothing takes is told while no plan is listed ("/" to filter,
        a name typed): a letter still moves to the button it starts; with plans, the list's own
        words (see :mod:`pilot2prod.tui.typeahead`)."""
        if self.plans.entries:
            return ""
        new, example = shown(self.app, "home.new"), shown(self.app, "home.example")
        return f"No plans yet to filter or open: {new} starts one, {example} opens the example."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needs_plans = action in ON_THE_SELECTED_PLAN or action == "filter"
        return bool(self.plans.entries) if needs_plans else True

    def selected(self) -> Listed | None:
        shown = self.plans.shown
        if not shown:
            return None
        row = self.query_one("#plans", DataTable).cursor_row
        return shown[row] if 0 <= row < len(shown) else None

    def action_filter(self) -> None:
        """/: narrow the list by typing part of a plan's name or organisation."""
        box = self.query_one("#home-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#home-filter")
    def _filtered(self, event: Input.Changed) -> None:
        self.plans.filter = event.value
        self._fill_table()
        self._show_count()

    @on(Input.Submitted, "#home-filter")
    def _to_the_list(self) -> None:
        self.query_one("#plans", DataTable).focus()

    def on_key(self, event: events.Key) -> None:
        box = self.query_one("#home-filter", Input)
        if event.key == "down" and box.has_focus:
            # Down from the filter goes to the list, as Enter does: the letter keys then act
            # on the list again (they were typed into the filter).
            event.stop()
            self._to_the_list()
            return
        if event.key == "escape" and box.display and (box.has_focus or self.plans.filter):
            event.stop()
            box.value = ""
            box.display = False
            self.query_one("#plans", DataTable).focus()

    # --- Actions (those that ask first are flows in plan_files.py, run in a worker) ----------

    @on(Button.Pressed, "#empty-new")
    @work
    async def action_new(self) -> None:
        path = await plan_files.create(self, self.plans)
        if path is not None:
            self.post_message(self.Open(path))

    @on(DataTable.RowSelected, "#plans")
    def action_open(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.error:
            self.notify(str(entry.error), severity="error", timeout=10)
            return
        self.post_message(self.Open(entry.path))

    @on(Button.Pressed, "#empty-example")
    def action_example(self) -> None:
        self.post_message(self.OpenExample())

    @work
    async def action_rename(self) -> None:
        entry = self.selected()
        if entry is not None and entry.name is not None and entry.error is None:
            path = await plan_files.rename(self, self.plans, entry)
            if path is not None:
                self.reload(select=path)

    @work
    async def action_duplicate(self) -> None:
        entry = self.selected()
        if entry is not None and entry.name is not None and entry.error is None:
            path = await plan_files.duplicate(self, self.plans, entry)
            if path is not None:
                self.reload(select=path)

    @work
    async def action_new_from(self) -> None:
        entry = self.selected()
        if entry is not None and entry.name is not None:
            path = await plan_files.new_from(self, self.plans, entry)
            if path is not None:
                self.post_message(self.Open(path))

    @work
    async def action_delete(self) -> None:
        entry = self.selected()
        if entry is not None and await plan_files.delete(self, self.plans, entry):
            self.reload()

    def action_dashboard(self) -> None:
        from pilot2prod.tui.screens.dashboard import DashboardScreen

        loaded = self._load_selected()
        entry = self.selected()
        if loaded is None or entry is None:
            return

        def jump(target: tuple[str, str] | None) -> None:
            if target:
                self.post_message(self.Open(entry.path, *target))

        self.app.push_screen(DashboardScreen(*loaded), jump)

    def action_history(self) -> None:
        from pilot2prod.tui.screens.history import HistoryScreen

        entry, loaded = self.selected(), self._load_selected()
        if entry is not None and loaded is not None:
            self.app.push_screen(HistoryScreen(self.store, loaded[0], entry.path))

    def action_export(self) -> None:
        from pilot2prod.export import export_markdown
        from pilot2prod.tui.export_flow import ask_and_export

        loaded = self._load_selected()
        if loaded is None:
            return
        document = export_markdown(*loaded)
        ask_and_export(self.app, loaded[1].name, document, Path.cwd())

    def _load_selected(self) -> tuple[Bank, Plan] | None:
        """The selected plan, read now (the list shows summaries from the index), and its own
        bank; None (said in a notice) when either cannot be had."""
        entry = self.selected()
        if entry is None:
            return None
        try:
            plan = self.store.load(entry.path)
            return self.store.plan_bank(plan, at_hand=self.bank), plan
        except Pilot2ProdError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return None
