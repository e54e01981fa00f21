"""Home: the plans in the data directory, and what can be done with them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Static

from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.plan import Plan, start_from
from pilot2prod.store import Listed, Store, check_name, sort_listed
from pilot2prod.text import for_terminal, one_line, short_path, show_invisible
from pilot2prod.tui.render import plain, progress_bar
from pilot2prod.tui.widgets.keybar import KeyBar

ONE_LINE_FROM = 110
"""From this width on, each plan takes one line with every column; below, two lines."""
ONE_LINE_COLUMNS = [
    ("Plan", "name"),
    ("Progress", "progress"),
    ("Ready", "ready"),
    ("Top risk", "risk"),
    ("Updated (UTC)", "updated"),
    ("Organisation", "org"),
]
TWO_LINE_COLUMNS = [
    ("Progress", "progress"),
    ("Ready", "ready"),
    ("Top risk", "risk"),
    ("Updated", "updated"),
]
TWO_LINE_WIDTHS = [8, 5, 8, 10]
"""The two-line layout's fixed columns: what their widest value and heading need."""


EMPTY = (
    "pilot2prod walks a team from an AI pilot to a production plan: the questions that "
    "decide whether a pilot reaches production, where the plan will stall, and a Markdown "
    "plan to send.\n\n"
    "There are no plans here yet."
)


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

    BINDINGS = [
        # The tooltip is what F1 says of the key (the help is made from these).
        Binding("n", "new", "New", tooltip="new plan"),
        Binding(
            "o",
            "open",
            "Open",
            show=False,
            tooltip="open the selected plan where it was left (Enter too)",
        ),
        Binding("r", "rename", "Rename", tooltip="rename the selected plan"),
        Binding("d", "duplicate", "Copy", tooltip="duplicate (copy) the selected plan"),
        Binding(
            "f",
            "new_from",
            "New from",
            show=False,
            tooltip="new plan from the selected one: only its reusable answers "
            "(registers, budget lines, checklist owners), not the client's",
        ),
        Binding(
            "delete",
            "delete",
            "Delete",
            tooltip="move the selected plan to the trash folder (asks first)",
        ),
        Binding("e", "export", "Export", tooltip="export the selected plan to Markdown"),
        Binding("x", "example", "Example", tooltip="open the example plan"),
        Binding("f2", "dashboard", "Dashboard", tooltip="dashboard of the selected plan"),
        Binding("h", "history", "History", tooltip="the selected plan's versions and what changed"),
        Binding(
            "slash", "filter", "Filter", key_display="/", tooltip="filter by name or organisation"
        ),
    ]

    def __init__(self, store: Store, bank: Bank) -> None:
        super().__init__()
        self.store = store
        self.bank = bank
        self.order = bank.order
        self.entries: list[Listed] = []
        self._problem: Pilot2ProdError | None = None
        self._shown_once = False
        self.filter = ""
        """What the list is narrowed to (in the plan's name or organisation), or empty."""
        self._two_lines: bool | None = None
        """Whether the table is laid out two lines per plan (None before it is filled)."""
        self._empty: tuple[Vertical, Static, Button] | None = None
        """The view for no plans (its text and first button), once it has been needed."""

    def compose(self) -> ComposeResult:
        # The plans are read before the first frame, so it shows them (not an empty table).
        problem = self._read_entries()
        yield Static(id="home-header")
        filter_box = Input(
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
        self._show_entries(self._read_entries(), select)

    def _read_entries(self) -> Pilot2ProdError | None:
        """Read the list of plans into :attr:`entries`; the problem when it cannot be read."""
        from pilot2prod import insight  # deferred: the summaries usually come from the index

        store, bank = self.store, self.bank
        try:
            self.entries = store.listing(partial(insight.summary, bank), insight.summary_key(bank))
        except Pilot2ProdError as exc:
            self.entries = []
            return exc
        self.entries = sort_listed(self.entries, "updated")
        return None

    def _show_entries(self, problem: Pilot2ProdError | None, select: Path | None = None) -> None:
        if problem is not None:
            self.query_one("#home-header", Static).update(plain(f" pilot2prod · ⚠ {problem}"))
            self._empty_view(f"{problem}.")
            self.query_one("#plans").display = False
            return
        self._show_count()
        self._fill_table()
        table = self.query_one("#plans", DataTable)
        empty = not self.entries
        table.display = not empty
        if empty:
            self.call_after_refresh(self._empty_view().focus)
        else:
            if self._empty is not None:
                self._empty[0].display = False
            table.focus()
            if select is not None:
                keys = [str(e.path) for e in self.shown_entries]
                if str(select) in keys:
                    table.move_cursor(row=keys.index(str(select)))
        self.refresh_bindings()

    def _show_count(self) -> None:
        count = len(self.entries)
        where = short_path(self.store.plans_dir)
        header = f" pilot2prod · {count} plan{'s' if count != 1 else ''} in {where}"
        if self.filter.strip():
            header += f" · {len(self.shown_entries)} match “{self.filter.strip()}”"
        self.query_one("#home-header", Static).update(plain(header))

    def on_resize(self, event: events.Resize) -> None:
        if self._two_lines is not None and self._two_lines != (event.size.width < ONE_LINE_FROM):
            self._fill_table()

    def _fill_table(self) -> None:
        """The plans as table rows. Below :data:`ONE_LINE_FROM` columns each plan takes two
        lines (the organisation under the name, the time under the date), so every column
        still fits in 80."""
        table = self.query_one("#plans", DataTable)
        width = self.size.width or self.app.size.width
        two_lines = width < ONE_LINE_FROM
        self._two_lines = two_lines
        row = table.cursor_row
        table.clear(columns=True)
        if two_lines:
            # What is left once the fixed columns, the cell padding and the scrollbar are in.
            room = max(16, width - 2 * 5 - 2 - sum(TWO_LINE_WIDTHS))
            heading = "Plan / organisation" if room >= len("Plan / organisation") else "Plan"
            table.add_column(heading, key="name", width=room)
            for (label, key), fixed in zip(TWO_LINE_COLUMNS, TWO_LINE_WIDTHS, strict=True):
                table.add_column(label, key=key, width=fixed)
            for entry in self.shown_entries:
                table.add_row(*self._cells(entry, room), key=str(entry.path), height=2)
        else:
            for label, key in ONE_LINE_COLUMNS:
                table.add_column(label, key=key)
            for entry in self.shown_entries:
                table.add_row(*self._cells(entry), key=str(entry.path))
        if self.shown_entries:
            table.move_cursor(row=min(max(row, 0), len(self.shown_entries) - 1))

    @staticmethod
    def _cells(entry: Listed, room: int | None = None) -> list[Text]:
        """One plan's cells: name, progress, readiness, top risk, updated, organisation; with
        *room* (the name column's width), two lines each and the organisation under the name."""
        if entry.error is not None or entry.summary is None:
            reason = entry.error.reason if entry.error else "cannot be read"
            name = f"⚠ {for_terminal(entry.path.name)}"
            problem = f"cannot be read: {for_terminal(reason)}"
            if room is not None:
                cell = Text.assemble(
                    one_line(name, room), "\n", (one_line(problem, room), "italic")
                )
                return [cell, *(Text("") for _ in TWO_LINE_COLUMNS)]
            return [Text(name), Text(problem), *(Text("") for _ in ONE_LINE_COLUMNS[2:])]
        summary = entry.summary
        percent = int(summary["progress"])
        ready = summary["readiness"]
        top = summary["highest_risk"]
        readiness = "n/a" if ready is None else f"{ready}%"
        risk = str(top["level"]).upper() if top else ""
        organisation = show_invisible(str(summary["organisation"]))
        day, _, time = entry.updated.replace("T", " ")[:16].partition(" ")
        if room is not None:
            name = one_line(entry.name or "", room)
            return [
                Text.assemble(name, "\n", (one_line(organisation, room), "dim")),
                Text(f"{percent:>3}%\n{progress_bar(percent, 8)}"),
                Text(f"{readiness}{entry.direction}\n{summary['verdict']}"),
                Text(risk),
                Text(f"{day}\n{time} UTC" if time else day),
            ]
        return [
            Text(entry.name or ""),
            Text(f"{progress_bar(percent, 8)} {percent:>3}%"),
            Text(f"{readiness:>4}{entry.direction} {summary['verdict']}"),
            Text(risk),
            Text(f"{day} {time}".strip()),
            Text(organisation),
        ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in (
            "open",
            "rename",
            "duplicate",
            "new_from",
            "delete",
            "export",
            "dashboard",
            "history",
        ):
            return bool(self.entries)
        return True

    def selected(self) -> Listed | None:
        shown = self.shown_entries
        if not shown:
            return None
        row = self.query_one("#plans", DataTable).cursor_row
        return shown[row] if 0 <= row < len(shown) else None

    @property
    def shown_entries(self) -> list[Listed]:
        """The plans the list shows: all of them, or those the filter matches."""
        wanted = self.filter.casefold().strip()
        if not wanted:
            return self.entries
        return [e for e in self.entries if wanted in _searchable(e)]

    def action_filter(self) -> None:
        """/: narrow the list by typing part of a plan's name or organisation."""
        box = self.query_one("#home-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#home-filter")
    def _filtered(self, event: Input.Changed) -> None:
        self.filter = event.value
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
        if event.key == "escape" and box.display and (box.has_focus or self.filter):
            event.stop()
            box.value = ""
            box.display = False
            self.query_one("#plans", DataTable).focus()

    # --- Actions ------------------------------------------------------------------------------

    def _name_problem(self, name: str, current: str | None = None) -> str | None:
        try:
            cleaned = check_name(name)
        except Pilot2ProdError as exc:
            return str(exc)
        for entry in self.entries:
            clash = entry.name and entry.name.casefold() == cleaned.casefold()
            renaming_itself = current is not None and cleaned.casefold() == current.casefold()
            if clash and not renaming_itself:
                return f"a plan named '{entry.name}' already exists"
        return None

    @on(Button.Pressed, "#empty-new")
    def action_new(self) -> None:
        from pilot2prod.tui.dialogs import NewPlan

        def created(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            name, organisation = result
            plan = Plan.new(name, self.bank)
            question = self.bank.question("organisation")
            if organisation.strip() and question is not None:
                plan.set(question, organisation)
            try:
                path = self.store.create(plan, self.order)
            except (Pilot2ProdError, OSError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.post_message(self.Open(path))

        self.app.push_screen(NewPlan(self._name_problem), created)

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

    def _ask_name(
        self,
        title: str,
        default: str,
        ok: str,
        current: str | None,
        act: Callable[[Path, str], Path],
    ) -> None:
        """Ask for a plan name, then *act* on the selected plan's file with it."""
        from pilot2prod.tui.dialogs import Prompt

        entry = self.selected()
        if entry is None or entry.error is not None:
            return

        def chosen(name: str | None) -> None:
            if name is None:
                return
            try:
                path = act(entry.path, name)
            except (Pilot2ProdError, OSError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.reload(select=path)

        check = lambda v: self._name_problem(v, current)  # noqa: E731
        self.app.push_screen(Prompt(title, "Name:", default, ok, check), chosen)

    def action_rename(self) -> None:
        entry = self.selected()
        if entry is not None and entry.name is not None:
            name = entry.name
            store, order = self.store, self.order
            self._ask_name(
                "Rename plan",
                name,
                "Rename",
                name,
                lambda path, new: store.rename(path, new, order),
            )

    def action_duplicate(self) -> None:
        entry = self.selected()
        if entry is not None and entry.name is not None:
            store, order = self.store, self.order
            self._ask_name(
                "Duplicate plan",
                f"{entry.name} (copy)",
                "Duplicate",
                None,
                lambda path, new: store.duplicate(path, new, order),
            )

    def action_new_from(self) -> None:
        from pilot2prod.tui.dialogs import Prompt

        entry = self.selected()
        if entry is None or entry.name is None:
            return
        source_path = entry.path

        def created(name: str | None) -> None:
            if name is None:
                return
            try:
                source = self.store.load(source_path)
                plan = start_from(self.bank, source, check_name(name))
                path = self.store.create(plan, self.order)
            except (Pilot2ProdError, OSError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.post_message(self.Open(path))

        self.app.push_screen(
            Prompt(
                f"New plan from '{entry.name}'",
                "Name (the registers, budget lines and checklist owners are copied; "
                "the client, people, dates and other answers are not)",
                "",
                ok="Create",
                check=self._name_problem,
            ),
            created,
        )

    def action_delete(self) -> None:
        from pilot2prod.tui.dialogs import Confirm

        entry = self.selected()
        if entry is None:
            return
        label = entry.name or entry.path.name

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                where = self.store.trash(entry.path)
            except Pilot2ProdError as exc:
                self.notify(f"Cannot delete it: {exc}", severity="error")
                return
            except OSError as exc:
                self.notify(
                    f"Cannot move it to the trash ({exc.strerror or exc})", severity="error"
                )
                return
            self.notify(f"Moved to {where}")
            self.reload()

        self.app.push_screen(
            Confirm(
                f"Delete '{label}'? The file moves to the trash folder in the data "
                "directory, where you can get it back.",
                "Delete",
            ),
            confirmed,
        )

    def action_dashboard(self) -> None:
        from pilot2prod.tui.screens.dashboard import DashboardScreen

        plan = self._load_selected()
        entry = self.selected()
        if plan is None or entry is None:
            return

        def jump(target: tuple[str, str] | None) -> None:
            if target:
                self.post_message(self.Open(entry.path, *target))

        self.app.push_screen(DashboardScreen(self.bank, plan), jump)

    def action_history(self) -> None:
        from pilot2prod.tui.screens.history import HistoryScreen

        entry = self.selected()
        if entry is not None and entry.error is None:
            self.app.push_screen(HistoryScreen(self.store, self.bank, entry.path))

    def action_export(self) -> None:
        from pilot2prod.export import export_markdown
        from pilot2prod.tui.export_flow import ask_and_export

        plan = self._load_selected()
        if plan is None:
            return
        document = export_markdown(self.bank, plan)
        ask_and_export(self.app, plan.name, document, Path.cwd())

    def _load_selected(self) -> Plan | None:
        """The selected plan, read now (the list shows summaries from the index)."""
        entry = self.selected()
        if entry is None:
            return None
        try:
            return self.store.load(entry.path)
        except Pilot2ProdError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return None


def _searchable(entry: Listed) -> str:
    """What the filter looks in: the plan's name, its organisation and its file name."""
    organisation = (entry.summary or {}).get("organisation") or ""
    return f"{entry.name or ''} {organisation} {entry.path.name}".casefold()
