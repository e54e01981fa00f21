"""The wizard: a step list beside the current step's questions, saving as people type."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import gc
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.events import DescendantBlur, DescendantFocus, Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Input, Static

from pilot2prod.bank import Question, Step
from pilot2prod.plan import currency, is_visible, progress, shown_when, to_fix
from pilot2prod.tui.commands import Entry, ScreenCommands, go_to_palette
from pilot2prod.tui.render import SHORT_BELOW, keep_focus_in_view, plain, progress_bar
from pilot2prod.tui.screens.workshop import WorkshopRecord, WorkshopTimer
from pilot2prod.tui.widgets.fields import QuestionField, make_field, rows_needed
from pilot2prod.tui.widgets.keybar import KeyBar
from pilot2prod.tui.widgets.steplist import StepList
from pilot2prod.values import FORMATS

if TYPE_CHECKING:
    from pilot2prod.tui.screens.preview import PreviewScreen
    from pilot2prod.tui.session import PlanSession

SAVE_DELAY = 0.6
"""Seconds after the last change before it is written (well inside the one-second promise)."""
PAGE_CHROME = 8
"""Rows of a 24-row wizard that are not the page of questions: header, step title and intro,
help line, key bar."""
WATCH_EVERY = 1.0
"""Seconds between looks at the plan file for what another window saved."""
SAVE_AT_MOST = 2.0
"""Seconds a change may wait while someone types without a pause, before it is written anyway."""

UNDO_PAUSE = 2.0
"""Seconds without a change to an answer after which the next change is a new edit to undo."""
UNDO_DEPTH = 20
"""Edits of one answer that can be undone, the latest first."""
WIDE = 100
"""From this width on, the step list shows by default."""


def freeze_garbage() -> None:
    """Move every object alive now out of the garbage collector's reach until unfrozen.

    A wizard keeps thousands of widgets alive for as long as it is open; a full collection
    walks all of them (100 ms or more, at random moments). Frozen, they are skipped.
    """
    gc.freeze()


class PlanHeader(Horizontal):
    """Plan name and place, overall progress, and whether it is saved.

    Each part repaints only when its own text changes, so typing costs no header repaint.
    """

    def compose(self) -> ComposeResult:
        yield Static(id="header-where")
        yield Static(id="header-conflicts")
        yield Static(id="header-fix")
        yield Static(id="header-timer")
        yield Static(id="header-progress")
        yield Static(id="header-saved")

    def show(
        self, name: str, where: str, percent: int, saved: str, fix: int = 0, conflicts: int = 0
    ) -> None:
        self._set("#header-where", f" {name} · {where}")
        self._set("#header-fix", f" ! {fix} to fix " if fix else "")
        self.query_one("#header-fix").display = bool(fix)
        word = "conflict" if conflicts == 1 else "conflicts"
        self._set("#header-conflicts", f" ⚠ {conflicts} {word} " if conflicts else "")
        self.query_one("#header-conflicts").display = bool(conflicts)
        self._set("#header-progress", f" {progress_bar(percent)} {percent:>3}% ")
        self._set("#header-saved", f" {saved} ")

    def show_timer(self, text: str) -> None:
        """The workshop's time (empty: no workshop running)."""
        self._set("#header-timer", f" ⏱ {text} " if text else "")
        self.query_one("#header-timer").display = bool(text)

    def _set(self, selector: str, text: str) -> None:
        part = self.query_one(selector, Static)
        if getattr(part, "_shown", None) != text:
            part._shown = text  # type: ignore[attr-defined]
            part.update(plain(text))


class StepPage(VerticalScroll, can_focus=False):
    """One step's fields. Never focused itself: Tab goes from field to field, and a focused
    field scrolls itself into view (the mouse wheel still scrolls the page)."""

    _height = 0

    def on_resize(self, event: Resize) -> None:
        if 0 < event.size.height < self._height:  # shorter: a notice took rows of the screen
            focused = self.screen.focused
            field = next(
                (a for a in (focused.ancestors if focused else []) if isinstance(a, QuestionField)),
                None,
            )
            if field is not None and field.parent is self:
                field.keep_in_view()
            else:
                keep_focus_in_view(self)
        self._height = event.size.height


class NextStep(Button):
    """The end of a step's page: Tab after the last question stops here, and Enter goes on
    (as PgDn does). Typing here goes nowhere, and says so."""

    stray_key_notice = "End of this step: PgDn or Enter goes on."


class WizardScreen(WorkshopRecord, Screen[None]):
    BINDINGS = [
        # The tooltip is what F1 says of the key (the help is made from these). Function keys
        # are priority keys: inside a long text, F6 and F7 would otherwise select text.
        Binding(
            "pagedown",
            "next_step",
            "Next",
            priority=True,
            key_display="PgDn",
            tooltip="next step (from anywhere, even inside a text box)",
        ),
        Binding(
            "pageup",
            "previous_step",
            "Back",
            priority=True,
            key_display="PgUp",
            tooltip="previous step",
        ),
        Binding(
            "ctrl+g",
            "goto",
            "Go to",
            show=False,
            tooltip="go to any step or question by typing part of its title",
        ),
        Binding("ctrl+r", "review", "Review", tooltip="review: every answer and every gap"),
        Binding(
            "ctrl+o",
            "preview",
            "Preview",
            tooltip="preview the plan as a document, and export it to Markdown",
        ),
        Binding(
            "f2",
            "dashboard",
            "Dashboard",
            tooltip="dashboard: stall risk, readiness, budget, the go / no-go verdict",
            priority=True,
        ),
        Binding(
            "f3",
            "capture_action",
            "Action",
            tooltip="capture an action (what, owner, due date) on this question or stall reason",
            priority=True,
        ),
        Binding(
            "f4",
            "park",
            "Park",
            tooltip="park a point for later, linked to this question",
            priority=True,
        ),
        Binding(
            "f5",
            "actions",
            "Actions",
            show=False,
            tooltip="the actions: sort, edit, done",
            priority=True,
        ),
        Binding(
            "f6", "parking_lot", "Parked", show=False, tooltip="the parking lot", priority=True
        ),
        Binding(
            "f7",
            "workshop",
            "Timer",
            show=False,
            tooltip="start (or stop) the workshop timer: time left per agenda block, time spent",
            priority=True,
        ),
        Binding(
            "f8",
            "sureness",
            "Sure?",
            show=False,
            tooltip="mark this answer a fact, an estimate or an assumption, with its source",
            priority=True,
        ),
        Binding(
            "ctrl+t", "toggle_steps", "Steps", show=False, tooltip="show or hide the step list"
        ),
        Binding(
            "f9",
            "present",
            "Present",
            show=False,
            tooltip="presenter view for the room: this step, its answers, the headline figures",
            priority=True,
        ),
        Binding("escape", "home", "Home", tooltip="back to the list of plans"),
    ]
    COMMANDS = {ScreenCommands}

    def __init__(
        self,
        session: PlanSession,
        step_id: str | None = None,
        question_id: str | None = None,
        *,
        workshop: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.start_workshop = workshop
        self._workshop: WorkshopTimer | None = None
        self.start_question = question_id
        self.bank = session.bank
        self.steps: list[Step] = list(self.bank.steps)
        ids = [s.id for s in self.steps]
        start = step_id or session.position
        self.index = ids.index(start) if start in ids else 0
        self._save_timer: Timer | None = None
        self._waiting_since = 0.0
        self._steps_toggled: bool | None = None
        self._shown_once = False
        self._help_for: str | None = None
        self._undo: dict[str, list[tuple[Any, str | None]]] = {}
        """Per question, its answers before each edit of this session (the last one last)."""
        self._last_edit: dict[str, float] = {}
        self._current_field: QuestionField | None = None
        """The question being answered: the one the focus was last in."""
        self._told: str | None = None  # the last save problem shown, so it is shown once
        self._preview: PreviewScreen | None = None
        """The preview, kept while the plan does not change (see action_preview)."""
        self._building = asyncio.Lock()
        """Held while fields are mounted: the idle builder and a step change never build the
        same page at once (two copies of a field)."""
        self.built = asyncio.Event()
        """Set once the pages near the current one are built (nothing more is mounted while
        idle): what a screenshot waits for."""
        # Which questions' visibility depends on which answers.
        self._dependents: dict[str, list[str]] = {}
        for question in self.bank.questions():
            if question.when:
                self._dependents.setdefault(question.when.question, []).append(question.id)

    # --- Layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield PlanHeader(id="plan-header")
        # The step list is made when it is first shown (not at 80 columns, unless asked for).
        with Horizontal(id="wizard-body"), Vertical(id="step-main"):
            yield Static(id="step-title")
            yield Static(id="step-intro")
            yield Static(id="step-fix")
            yield ContentSwitcher(id="fields")
            yield Static(id="help")
        yield KeyBar()

    async def on_mount(self) -> None:
        sessions = getattr(self.app, "sessions", None)
        if sessions is not None and self.session not in sessions:
            sessions.append(self.session)
        self._fit_steps(self.size.width)
        self.set_class((self.size.height or self.app.size.height) < SHORT_BELOW, "-short")
        await self.show_step(self.index, self.start_question)
        self._others = {h for role, h in self.session.others() if role == "editing"}
        self.set_interval(WATCH_EVERY, self._watch)
        if self.start_workshop:
            self.action_workshop()

    def on_unmount(self) -> None:
        self._drop_preview()
        gc.unfreeze()  # this screen's widgets may be collected now
        self._record_time()
        self.flush()
        if not self.session.unsaved:
            self.session.close()

    # --- Other windows on the same plan -------------------------------------------------------

    async def _watch(self) -> None:
        """Once a second: what another window saved, and whether another window opened."""
        if self.session.check_disk() is not None:
            await self.show_updates()
        editing = {h for role, h in self.session.others() if role == "editing"}
        for holder in editing - self._others:
            self.notify(
                f"Also being edited {holder.describe()}; answers are merged as they are saved.",
                timeout=8,
            )
        self._others = editing

    async def show_updates(self) -> None:
        """Show answers another window saved, and say when both changed the same one."""
        if not self.is_attached or self._closing or getattr(self.app, "_exit", False):
            return  # the screen or the app is going away: the answers are saved already
        for saved in self.session.take_updates():
            await self._refresh_fields(saved.theirs_changed)
            for record in saved.conflicts:
                question = self.bank.question(str(record.get("question", "")))
                about = f"'{question.prompt}'" if question else "an answer"
                self.notify(
                    f"{about[:1].upper()}{about[1:]} was changed in two windows at once: the "
                    "later answer is kept, the other is under Conflicts (Ctrl+P).",
                    severity="warning",
                    timeout=12,
                )
        self._apply_visibility()
        self.refresh_status()

    async def _refresh_fields(self, question_ids: set[str]) -> None:
        """Rebuild the fields of built pages whose answers changed under them."""
        plan = self.session.plan
        code = currency(self.bank, plan)
        for qid in sorted(question_ids):
            try:
                old = self.query_one(f"#q-{qid}", QuestionField)
            except NoMatches:
                continue  # its page is not built yet: it will be built from the plan
            page = old.parent
            if page is None or not page.is_attached or page._closing:
                continue
            question = old.question
            had_focus = old.has_focus_within
            position = page.children.index(old)
            await old.remove()
            new = make_field(
                question, plan.get(question), draft=plan.draft(question), currency=code
            )
            new.disabled = self.session.read_only
            later = page.children[position] if position < len(page.children) else None
            await page.mount(new, before=later)
            if had_focus:
                new.focus_first()

    def command_entries(self) -> list[Entry]:
        """What the command palette offers here: actions, then every step and question."""
        entries: list[Entry] = [
            ("Review answers and gaps", self.action_review, "Ctrl+R"),
            ("Preview the plan (and export it)", self.action_preview, "Ctrl+O"),
            ("Export the plan to Markdown", self.action_export, ""),
            ("Dashboard: risk, readiness, budget, verdict", self.action_dashboard, "F2"),
            ("Conflicts: answers changed in two windows at once", self.action_conflicts, ""),
            ("Capture an action here", self.action_capture_action, "F3"),
            ("Park a point for later", self.action_park, "F4"),
            ("Actions: sort, edit, mark done", self.action_actions, "F5"),
            ("Parking lot", self.action_parking_lot, "F6"),
            ("How sure is this answer (fact, estimate, assumption)", self.action_sureness, "F8"),
            ("Presenter view for the room", self.action_present, "F9"),
            ("Workshop agenda: steps and time boxes", self.action_agenda, ""),
            ("Undo the last change of this answer", self.action_undo_answer, ""),
            ("History: the plan's versions and what changed", self.action_history, ""),
            ("Keep this version of the plan (with a label)", self.action_keep_version, ""),
            ("Start or stop the workshop timer", self.action_workshop, "F7"),
        ]
        for step in self.steps:
            label = f"Go to step: {self.bank.step_label(step)}"
            entries.append(Entry(label, partial(self.go_to, step.id), "", place=True))
        plan = self.session.plan
        for step in self.steps:
            for question in step.questions:
                jump = partial(self.go_to, step.id, question.id)
                if is_visible(self.bank, plan, question):
                    text, about = f"Question: {question.prompt}", step.title
                else:
                    text = f"Question (hidden): {question.prompt}"
                    about = f"{step.title} · {shown_when(self.bank, question)}"
                entries.append(Entry(text, jump, about, place=True))
        return entries

    async def action_conflicts(self) -> None:
        """See the answers changed in two places at once, and pick which to keep."""
        from pilot2prod.tui.screens.conflicts import ConflictsScreen

        self.flush()

        async def picked(choice: tuple[dict, str] | None) -> None:
            if choice is None:
                return
            record, which = choice
            qid = str(record.get("question", ""))
            question = self.bank.question(qid)
            if which == "other" and question is not None:
                if "other_draft" in record:
                    self.session.set_draft(question, str(record["other_draft"]))
                else:
                    self.session.set_answer(question, record.get("other"))
                await self._refresh_fields({qid})
            self.session.drop_conflict(record)
            self.flush()
            self.refresh_status()

        self.app.push_screen(ConflictsScreen(self.bank, self.session.plan.conflicts), picked)

    def on_resize(self, event: Resize) -> None:
        self._fit_steps(event.size.width)
        # A zoomed-in terminal (fewer than 24 rows): smaller text boxes and help, so a long
        # text's question stays in view above its box.
        self.set_class(event.size.height < SHORT_BELOW, "-short")

    def _fit_steps(self, width: int) -> None:
        show = self._steps_toggled if self._steps_toggled is not None else width >= WIDE
        steps = self.step_list
        if steps is not None:
            steps.display = show
        elif show:
            steps = StepList(self.bank, self.session.plan)
            steps.show(self.step.id)
            self.query_one("#wizard-body").mount(steps, before="#step-main")

    @property
    def step_list(self) -> StepList | None:
        """The list of steps, once it has been shown."""
        try:
            return self.query_one("#steps", StepList)
        except NoMatches:
            return None

    def action_toggle_steps(self) -> None:
        steps = self.step_list
        self._steps_toggled = not (steps is not None and steps.display)
        self._fit_steps(self.size.width)
        if self._steps_toggled:
            self.call_after_refresh(self._focus_steps)

    def _focus_steps(self) -> None:
        steps = self.step_list
        if steps is not None:
            steps.focus()

    # --- Moving between steps -----------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    async def show_step(self, index: int, focus_question: str | None = None) -> None:
        self.built.clear()
        self._record_time()
        self.flush()
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.step
        self.session.set_position(step.id)
        switcher = self.query_one("#fields", ContentSwitcher)
        page_id = f"page-{step.id}"
        # Built while idle, or now on a first visit; the very first page of a session shows
        # the questions that fit on the screen at once and gets the rest a moment later.
        at_most = None if self._shown_once else self._fields_that_fit(step, focus_question)
        await self._build_page(step, at_most)
        self._shown_once = True
        # Title, questions and marks change together, in one frame: never a mixed one.
        with self.app.batch_update():
            title = self.bank.step_label(step)
            counter = f"{self.index + 1} / {len(self.steps)}"
            self.query_one("#step-title", Static).update(plain(f"{title}    {counter}"))
            intro = self.query_one("#step-intro", Static)
            intro.update(plain(step.intro))
            intro.display = bool(step.intro)
            self.query_one("#step-fix", Static).display = bool(step.fix)
            switcher.current = page_id
            self._apply_visibility()
            if focus_question is None:
                switcher.query_one(f"#{page_id}", StepPage).scroll_home(animate=False)
            steps = self.step_list
            if steps is not None:
                steps.show(step.id)
            self.refresh_status()
            self._focus(focus_question)
        if self.session.plan.sureness:
            self._show_sureness()
        self._tick_workshop()
        self.flush()
        self.call_after_refresh(self._prebuild)

    async def _build_page(self, step: Step, at_most: int | None = None) -> StepPage:
        """A step's page with its fields (hidden until shown); later visits only switch.

        A page the idle builder has started is completed here (up to *at_most* fields in all,
        when given: the idle builder adds the rest)."""
        async with self._building:
            page = await self._page(step)
            missing = self._missing_fields(step, page)
            if at_most is not None:
                missing = missing[: max(0, at_most - len(page.query_children(QuestionField)))]
            if missing:
                fields = (self._field(q) for q in missing)
                await page.mount_all(fields, before=page.query_one(NextStep))
            return page

    def _fields_that_fit(self, step: Step, focus_question: str | None = None) -> int:
        """How many of *step*'s questions the first screen can show (at least one, and at least
        as far as *focus_question*, the one to be answered)."""
        ids = [q.id for q in step.questions]
        if focus_question in ids:
            return max(self._fields_that_fit(step), ids.index(focus_question) + 1)
        room = max(1, (self.size.height or self.app.size.height) - PAGE_CHROME)
        count = used = 0
        for question in step.questions:
            if used >= room:
                break
            used += rows_needed(question)
            count += 1
        return max(1, count)

    async def _page(self, step: Step) -> StepPage:
        """The step's page, created empty (and hidden) when it does not exist yet."""
        page_id = f"page-{step.id}"
        for child in self.query_one("#fields", ContentSwitcher).children:
            if child.id == page_id and isinstance(child, StepPage):
                return child
        # The page and its end come in one: fields are always mounted before its end.
        page = StepPage(self._next_button(step), id=page_id, classes="step-page")
        page.disabled = self.session.read_only
        page.display = False
        await self.query_one("#fields", ContentSwitcher).mount(page)
        return page

    def _next_button(self, step: Step) -> NextStep:
        """The button at the end of *step*'s page: on to the next step, or the review."""
        index = self.steps.index(step)
        if index + 1 < len(self.steps):
            label = f"Next step: {self.steps[index + 1].title} ›"
        else:
            label = "Last step done: review the plan ›"
        return NextStep(plain(label), id=f"next-{step.id}", classes="next-step", compact=True)

    @on(NextStep.Pressed)
    async def _next_pressed(self, event: NextStep.Pressed) -> None:
        event.stop()
        if self.index < len(self.steps) - 1:
            await self.show_step(self.index + 1)
        else:
            self.action_review()

    def _field(self, question: Question) -> QuestionField:
        plan = self.session.plan
        code = currency(self.bank, plan)
        return make_field(question, plan.get(question), draft=plan.draft(question), currency=code)

    @staticmethod
    def _missing_fields(step: Step, page: StepPage) -> list[Question]:
        have = {child.id for child in page.children}
        return [q for q in step.questions if f"q-{q.id}" not in have]

    async def _prebuild(self) -> None:
        """While the app is idle, build the steps next to this one, one field at a time (a key
        never waits for more than one field), so moving on only switches pages. Long-lived
        widgets are then frozen out of the garbage collector's full passes, which otherwise
        stall a step change now and then."""
        if not self.is_attached or self._closing:
            return
        async with self._building:  # (a step change may be building a page right now)
            built_one = await self._build_next()
        if built_one:
            self.call_after_refresh(self._prebuild)
            return
        self.built.set()
        freeze_garbage()

    async def _build_next(self) -> bool:
        """Build a little more of the pages near this one; False when all are built."""
        for index in (self.index, self.index + 1, self.index - 1):
            if not 0 <= index < len(self.steps):
                continue
            step = self.steps[index]
            page = await self._page(step)
            missing = self._missing_fields(step, page)
            end = page.query_one(NextStep)
            if missing and index == self.index:
                # The rest of the page on screen, in one go: one repaint, not one per field.
                await page.mount_all((self._field(q) for q in missing), before=end)
                self._apply_visibility()
                # A question jumped to was brought to the top of a page too short to scroll
                # that far: now that the page is whole, bring it there again.
                current = self._current_field
                if current is not None and current.revealed and current.parent is page:
                    current.reveal()
                return True
            if missing:
                await page.mount(self._field(missing[0]), before=end)
                return True
        return False

    def _focus(self, question_id: str | None) -> None:
        fields = [f for f in self.current_fields() if f.display]
        target = next((f for f in fields if f.question.id == question_id), None)
        target = target or (fields[0] if fields else None)
        if target is not None:
            target.focus_first()
            if question_id:
                target.reveal()
        self._update_help(target)
        self.session.show_place(self.step.id, target.question.id if target else None)

    def current_fields(self) -> list[QuestionField]:
        """The fields of the step on screen (other visited steps stay mounted, hidden)."""
        page = self.query_one("#fields", ContentSwitcher).visible_content
        return list(page.query(QuestionField)) if page is not None else []

    async def action_next_step(self) -> None:
        if self.index < len(self.steps) - 1:
            await self.show_step(self.index + 1)
        else:
            self.notify("This is the last step. Ctrl+R reviews the plan, Ctrl+O previews it.")

    async def action_previous_step(self) -> None:
        if self.index > 0:
            await self.show_step(self.index - 1)

    async def go_to(self, step_id: str, question_id: str | None = None) -> None:
        """Show a step, and a question on it. A question hidden by a condition cannot take an
        answer: the question that shows it is shown instead, and a notice says so."""
        asked = self.bank.question(question_id) if question_id else None
        question, plan = asked, self.session.plan
        for _ in range(10):  # a condition may hang on a hidden question, and so on
            if question is None or question.when is None or is_visible(self.bank, plan, question):
                break
            question = self.bank.question(question.when.question)
        if question is not None and asked is not None and question is not asked:
            self.notify(f"'{asked.prompt}' is hidden: {shown_when(self.bank, asked)}.")
            step_id, question_id = self.bank.step_of(question.id).id, question.id
            # What was typed with the jump was meant for the hidden question: it must not
            # land in the one that shows it.
            self.app.refuse_input_typed_before_now()  # type: ignore[attr-defined]
        ids = [s.id for s in self.steps]
        if step_id in ids:
            await self.show_step(ids.index(step_id), question_id)

    # --- Focus: Tab and Shift+Tab in the page's order, stopping at the ends of the step ------

    def page_chain(self) -> list[Widget]:
        """What Tab visits, in the order of the page.

        Textual orders its focus chain by where widgets were last laid out; a question shown
        a moment ago (an answer made it visible) has not been laid out yet, and keys that
        arrive together would skip it or visit it out of turn. The page's own order does not
        wait for a layout.
        """

        def place(widget: Widget) -> tuple[int, ...]:
            path: list[int] = []
            node: Widget = widget
            while node is not self and node.parent is not None:
                parent = node.parent
                path.append(parent.children.index(node))
                node = parent  # type: ignore[assignment]
            return tuple(reversed(path))

        return sorted(self.focus_chain, key=place)

    def _move_focus(self, direction: int) -> Widget | None:
        chain = self.page_chain()
        if not chain:
            return None
        focused = self.focused
        if focused not in chain:
            target = chain[0] if direction > 0 else chain[-1]
        else:
            index = chain.index(focused) + direction
            if not 0 <= index < len(chain):
                return focused  # the end (or start) of the step: no wrap; PgDn goes on
            target = chain[index]
        target.focus()
        return target

    def focus_next(self, selector: str | type[Widget] = "*") -> Widget | None:
        if selector != "*":
            return super().focus_next(selector)
        return self._move_focus(+1)

    def focus_previous(self, selector: str | type[Widget] = "*") -> Widget | None:
        if selector != "*":
            return super().focus_previous(selector)
        return self._move_focus(-1)

    @on(StepList.OptionSelected, "#steps")
    async def _step_chosen(self, event: StepList.OptionSelected) -> None:
        if event.option.id:
            await self.go_to(event.option.id)

    def action_home(self) -> None:
        self.flush()
        if self.session.unsaved:
            self.app.ask_about_unsaved(self.session, then=self.app.go_home)  # type: ignore[attr-defined]
            return
        self.app.go_home()  # type: ignore[attr-defined]

    def action_goto(self) -> None:
        """Ctrl+G: the palette with steps and questions ranked first."""
        from textual.command import CommandPalette

        if not CommandPalette.is_open(self.app):
            self.app.push_screen(go_to_palette())

    def action_review(self) -> None:
        from pilot2prod.tui.screens.review import ReviewScreen

        self.flush()

        async def jump(target: tuple[str, str | None] | None) -> None:
            if target:
                await self.go_to(*target)

        self.app.push_screen(ReviewScreen(self.session), jump)

    def action_dashboard(self) -> None:
        from pilot2prod.tui.screens.dashboard import DashboardScreen

        self.flush()

        async def jump(target: tuple[str, str] | None) -> None:
            if target:
                await self.go_to(*target)

        def capture(qid: str, then: Callable[[], Any]) -> None:
            from pilot2prod import record

            self.capture_action({}, record.source_of("question", qid), then)

        def park(qid: str, then: Callable[[], Any]) -> None:
            self.park_point(qid, then)

        editing = not self.session.read_only
        screen = DashboardScreen(
            self.bank,
            self.session.plan,
            capture=capture if editing else None,
            park=park if editing else None,
        )
        self.app.push_screen(screen, jump)

    def show_timer(self, text: str) -> None:
        """The workshop timer's text in the header (empty: no workshop running)."""
        self.query_one(PlanHeader).show_timer(text)

    def action_present(self) -> None:
        from pilot2prod.store import Place
        from pilot2prod.tui.screens.presenter import PresenterScreen, SessionFeed

        self.flush()
        feed = SessionFeed(self.session, Place(self.step.id, self.current_question()))
        self.app.push_screen(PresenterScreen(self.bank, feed))

    def current_question(self) -> str | None:
        """The id of the question being answered, if any."""
        field = self._current_field
        return field.question.id if field is not None and field.is_attached else None

    def action_preview(self) -> None:
        """The plan as a document. The preview is kept while the plan does not change:
        opening it again is instant, and leaving it frees nothing (freeing a laid-out
        document kept the app busy, and the next keys waiting, after Escape)."""
        from pilot2prod.export import export_markdown
        from pilot2prod.tui.screens.preview import PreviewScreen

        self.flush()
        document = export_markdown(self.bank, self.session.plan)
        kept = self._preview
        if kept is None or kept.document != document:
            self._drop_preview()  # (a changed plan: freed now, while the new one is made)
            kept = self._preview = PreviewScreen(self.session, document)
            self.app.install_screen(kept, name=f"preview-{id(self)}")
        self.app.push_screen(kept)

    def _drop_preview(self) -> None:
        kept, self._preview = self._preview, None
        if kept is None:
            return
        with contextlib.suppress(Exception):  # (the app may be closing)
            self.app.uninstall_screen(kept)
            if kept.is_attached:
                kept.remove()

    def action_export(self) -> None:
        from pilot2prod.export import export_markdown
        from pilot2prod.tui.export_flow import ask_and_export

        self.flush()
        document = export_markdown(self.bank, self.session.plan)
        ask_and_export(self.app, self.session.plan.name, document, Path.cwd())

    # --- Answers and saving -------------------------------------------------------------------

    @on(QuestionField.Changed)
    def _answer_changed(self, event: QuestionField.Changed) -> None:
        question = event.field.question
        self._remember_for_undo(question)
        if event.draft is not None:
            changed = self.session.set_draft(question, event.draft)
        else:
            changed = self.session.set_answer(question, event.value)
        if not changed:
            return
        if question.id in self._dependents:
            self._apply_visibility()
        if question.id == "currency":
            self._currency_changed()
        self._schedule_save()
        self.refresh_status()

    def _remember_for_undo(self, question: Question) -> None:
        """Keep the answer as it was before this edit began (keys typed within UNDO_PAUSE
        seconds of each other are one edit), for "Undo the last change of this answer"."""
        now = time.monotonic()
        last = self._last_edit.get(question.id)
        self._last_edit[question.id] = now
        if last is not None and now - last < UNDO_PAUSE:
            return
        plan = self.session.plan
        before = (copy.deepcopy(plan.answers.get(question.id)), plan.draft(question))
        undo = self._undo.setdefault(question.id, [])
        if not undo or undo[-1] != before:
            undo.append(before)
            del undo[:-UNDO_DEPTH]

    async def action_undo_answer(self) -> None:
        """Give the answer being edited back its value before the last change."""
        qid = self.current_question()
        undo = self._undo.get(qid or "", [])
        question = self.bank.question(qid) if qid else None
        if question is None or not undo or self.session.read_only:
            self.notify("Nothing to undo for this answer in this session.")
            return
        value, draft = undo.pop()
        if draft is not None:
            self.session.set_draft(question, draft)
        else:
            self.session.set_answer(question, value)
        self._last_edit.pop(question.id, None)
        await self._refresh_fields({question.id})
        # Back into the answer undone (the palette, closing, would put the focus elsewhere).
        with contextlib.suppress(NoMatches):
            field = self.query_one(f"#q-{question.id}", QuestionField)
            self.call_after_refresh(self._focus_field, field)
        self._apply_visibility()
        self._schedule_save()
        self.refresh_status()
        self.notify(f"Undone: '{question.prompt}' is back as it was.")

    def _focus_field(self, field: QuestionField) -> None:
        if field.is_attached:
            field.focus_first()
            field.reveal()

    def action_keep_version(self) -> None:
        """Keep the plan as it is now as a labelled version ("after workshop 2")."""
        from pilot2prod.tui.dialogs import Prompt

        def chosen(label: str | None) -> None:
            if label is None:
                return
            self.flush()
            if self.session.keep_version(label):
                self.notify(f"Kept as a version: {label}. History (Ctrl+P) lists the versions.")
            else:
                self.notify("The version could not be kept.", severity="error")

        self.app.push_screen(
            Prompt(
                "Keep a version",
                "A label for the plan as it is now",
                "after workshop",
                ok="Keep",
                check=lambda text: None if text.strip() else "give the version a label",
            ),
            chosen,
        )

    def action_history(self) -> None:
        from pilot2prod.tui.screens.history import HistoryScreen

        self.flush()
        self.app.push_screen(HistoryScreen(self.session.store, self.bank, self.session.path))

    def _currency_changed(self) -> None:
        """Amounts are read in the plan's currency: read the ones on built pages again."""
        code = currency(self.bank, self.session.plan)
        for field in self.query(QuestionField):
            field.set_currency(code)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on, as in a paper form."""
        event.stop()
        self.focus_next()

    def _schedule_save(self) -> None:
        now = time.monotonic()
        if self._save_timer is None:
            self._waiting_since = now
        else:
            self._save_timer.stop()
        delay = min(SAVE_DELAY, max(0.0, self._waiting_since + SAVE_AT_MOST - now))
        self._save_timer = self.set_timer(delay, self.flush)

    def flush(self) -> None:
        """Write pending changes now (timer, blur, step change, leaving, quitting, signals)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.session.dirty:
            answers = self.session.answers_dirty  # (not just where the plan was left)
            if not self.session.flush() and self.session.error != self._told:
                self._told = self.session.error
                self.notify(self.session.error or "", severity="error", timeout=15)
            if answers:
                with contextlib.suppress(NoMatches):  # the screen may be closing
                    self.refresh_status()
            if self.session.updates and self.is_attached and not self._closing:
                self.call_later(self.show_updates)

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        self.flush()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        field = next(
            (a for a in event.widget.ancestors_with_self if isinstance(a, QuestionField)), None
        )
        if field is not self._current_field:
            if self._current_field is not None:
                self._current_field.mark_current(False)
                self._current_field.revealed = False
            self._current_field = field
        if field is not None:
            field.mark_current(True)
            self._update_help(field)
            self.session.show_place(self.step.id, field.question.id)
            # The help under the page may have grown: keep the focused field in view (a
            # question just jumped to is already shown from its prompt down).
            if not field.revealed:
                self.call_after_refresh(self._keep_in_view, event.widget)

    def _keep_in_view(self, widget: Widget) -> None:
        if widget.has_focus and widget.is_attached:
            widget.scroll_visible(animate=False)

    def _update_help(self, field: QuestionField | None) -> None:
        key = field.question.id if field else None
        if key == self._help_for:
            return
        self._help_for = key
        text = ""
        if field is not None:
            question = field.question
            text = question.help or ""
            forms = FORMATS.get(question.kind)
            if forms:
                text = f"{text} Accepts {forms}.".strip()
            if question.kind == "list":
                text = (
                    f"{text} Type to add a row (Tab between its columns, Enter saves it); Enter "
                    "edits the highlighted row, Delete removes it."
                ).strip()
        help_box = self.query_one("#help", Static)
        help_box.update(plain(f"ℹ {text}" if text else ""))
        help_box.display = bool(text)

    def _apply_visibility(self) -> None:
        for field in self.current_fields():
            visible = is_visible(self.bank, self.session.plan, field.question)
            if field.display != visible:
                field.display = visible

    def save_state(self) -> str:
        if self.session.read_only:
            return "○ read-only"
        if self.session.error:
            return f"⚠ {self.session.problem}"
        return "● editing" if self.session.answers_dirty else "✓ saved"

    def refresh_status(self) -> None:
        """Update the header and the step marks, touching only what changed."""
        plan = self.session.plan
        done = progress(self.bank, plan)
        step = self.step
        where = self.bank.step_label(step, numbered=False)
        fixes = len(to_fix(self.bank, plan))
        self.query_one(PlanHeader).show(
            plan.name, where, done.percent, self.save_state(), fixes, len(plan.conflicts)
        )
        if step.fix:
            self._show_fix(step)
        steps = self.step_list
        if steps is not None:
            steps.refresh_marks(plan)

    def _show_fix(self, step: Step) -> None:
        """A stall reason's fix, with its risk as the answers stand now."""
        from pilot2prod import insight  # deferred: the first steps of a plan do not need it

        risk = next(
            (r for r in insight.stall_risks(self.bank, self.session.plan) if r.id == step.id), None
        )
        now = f"Risk now: {risk.level.upper()}. " if risk else ""
        text = f"{now}What to do: {step.fix} (F3 makes this an action.)"
        fix = self.query_one("#step-fix", Static)
        if getattr(fix, "_shown", None) != text:
            fix._shown = text  # type: ignore[attr-defined]
            fix.update(plain(text))
