"""The wizard: a step list beside the current step's questions, saving as people type.

The screen composes the parts and routes to them: the pages (:mod:`.pages`), the header
(:mod:`.header`), the lines around the questions (:mod:`.notes`), answers and saving
(:mod:`.editing`), other windows (:mod:`.watch`), the workshop record (:mod:`.workshop`), the
silent vote (:mod:`.voting`) and the screens it leads to (:mod:`.flows`). No part imports this
module: each is handed the wizard as a :class:`~pilot2prod.tui.wizard.host.WizardHost`."""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.events import DescendantBlur, DescendantFocus, Resize
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, OptionList

from pilot2prod.bank import Step
from pilot2prod.plan import shown_when
from pilot2prod.tui.commands import Entry, ScreenCommands
from pilot2prod.tui.compat import app_is_exiting, is_closing
from pilot2prod.tui.compat.layout import OneLayoutScreen
from pilot2prod.tui.keys import shown
from pilot2prod.tui.render import SHORT_BELOW
from pilot2prod.tui.widgets.fields import QuestionField
from pilot2prod.tui.widgets.keybar import KeyBar
from pilot2prod.tui.wizard import flows
from pilot2prod.tui.wizard.bindings import BINDINGS
from pilot2prod.tui.wizard.editing import AnswerEditor
from pilot2prod.tui.wizard.flows import in_worker
from pilot2prod.tui.wizard.focus import move_focus
from pilot2prod.tui.wizard.header import PlanHeader
from pilot2prod.tui.wizard.idle import IdleBuilder
from pilot2prod.tui.wizard.layout import WizardBody
from pilot2prod.tui.wizard.notes import HelpLine, Note, fix_text
from pilot2prod.tui.wizard.pages import StepPages, fields_that_fit, pages_ready, shown_instead
from pilot2prod.tui.wizard.step_page import NextStep
from pilot2prod.tui.wizard.voting import Voting
from pilot2prod.tui.wizard.watch import WATCH_EVERY, OtherWindows
from pilot2prod.tui.wizard.workshop import WorkshopRecord

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession
    from pilot2prod.tui.widgets.steplist import StepList
    from pilot2prod.vote import Request as VoteRequest

PAGE_CHROME = 8
"""Rows of a 24-row wizard that are not the page of questions: header, step title and intro,
help line, key bar."""


class WizardScreen(OneLayoutScreen[None]):
    BINDINGS = BINDINGS
    # (a focus move repaints what looks different, not the whole screen as Textual would)
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    COMMANDS = {ScreenCommands}
    ready_for_keys = pages_ready  # (held keys wait for it: OrderedInputApp.is_settled)

    def __init__(
        self,
        session: PlanSession,
        step_id: str | None = None,
        question_id: str | None = None,
        *,
        workshop: bool = False,
        vote: VoteRequest | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.bank = session.bank
        self.steps: list[Step] = list(self.bank.steps)
        ids = [s.id for s in self.steps]
        start = step_id or session.position
        self.index = ids.index(start) if start in ids else 0
        if question_id is None and not step_id and start == session.position:
            question_id = session.position_question  # (where the plan was left)
        self.start_question = question_id
        self.start_workshop = workshop
        self.start_vote = vote  # (pilot2prod vote)
        self.editor = AnswerEditor(self.bank, session, self.set_timer, self.flush)
        self.workshop = WorkshopRecord(self)
        self.voting = Voting(self, self.workshop)
        self.preview = flows.KeptPreview(self)
        self.windows = OtherWindows(self)
        self.idle = IdleBuilder(self, lambda: self.pages)
        self.built = self.idle.built
        """Set once the pages near this one are built (none is mounted then while idle)."""
        self._shown_once = False

    def compose(self) -> ComposeResult:
        yield PlanHeader(id="plan-header")
        # The step list is made when it is first shown (not at 80 columns, unless asked for).
        with WizardBody(id="wizard-body"), Vertical(id="step-main"):
            yield Note(id="step-title")
            yield Note(id="step-intro")
            yield Note(id="step-fix")
            yield StepPages(self.bank, self.session, self.editor, id="fields")
            yield HelpLine(id="help")
        yield KeyBar()

    async def on_mount(self) -> None:
        sessions = getattr(self.app, "sessions", None)
        if sessions is not None and self.session not in sessions:
            sessions.append(self.session)
        self._fit_steps(self.size.width)
        self.set_class((self.size.height or self.app.size.height) < SHORT_BELOW, "-short")
        await self.show_step(self.index, self.start_question)
        self.set_interval(WATCH_EVERY, self.windows.look)
        if self.start_workshop:
            self.action_workshop()
        if self.start_vote is not None:
            self.run_worker(self.voting.start_from_command(self.start_vote), group="wizard")

    def on_unmount(self) -> None:
        self.preview.drop()
        gc.unfreeze()  # this screen's widgets may be collected now
        self.workshop.record_time()
        self.flush()
        if not self.session.unsaved:
            self.session.close()

    @property
    def pages(self) -> StepPages:
        return self.query_one("#fields", StepPages)

    @property
    def step_list(self) -> StepList | None:
        return self.query_one(WizardBody).step_list

    def on_resize(self, event: Resize) -> None:
        self._fit_steps(event.size.width)
        # Fewer than 24 rows (zoomed in): smaller text boxes and help, questions kept in view.
        self.set_class(event.size.height < SHORT_BELOW, "-short")

    def _fit_steps(self, width: int) -> None:
        self.query_one(WizardBody).fit(width, self.bank, self.session.plan, self.step.id)

    def action_toggle_steps(self) -> None:
        self.query_one(WizardBody).toggle(self.pages.focus_last)
        self._fit_steps(self.size.width)

    def command_entries(self) -> list[Entry]:
        """What the command palette offers here: actions, then every step and question."""
        return flows.palette_entries(self)

    # --- Moving between steps -----------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    async def show_step(self, index: int, focus_question: str | None = None) -> None:
        self.idle.stop()
        self.workshop.record_time()
        self.flush()
        self.index = max(0, min(index, len(self.steps) - 1))
        step, pages = self.step, self.pages
        self.session.set_position(step.id)
        # Built while idle, or now on a first visit; the very first page of a session shows
        # the questions that fit on the screen at once and gets the rest a moment later.
        rows = (self.size.height or self.app.size.height) - PAGE_CHROME
        at_most = None if self._shown_once else fields_that_fit(step, rows, focus_question)
        page = await pages.build(step, at_most)
        if at_most is not None:  # (what did not fit comes later: the page may scroll by then)
            page.hold_scrollbar(self.app.size.height)
        self._shown_once = True
        # Title, questions and marks change together, in one frame: never a mixed one.
        with self.app.batch_update():
            counter = f"{self.index + 1} / {len(self.steps)}"
            self.query_one("#step-title", Note).say(f"{self.bank.step_label(step)}    {counter}")
            self.query_one("#step-intro", Note).say(step.intro)
            self.query_one("#step-fix", Note).display = bool(step.fix)
            pages.current = page.id
            pages.show_visible()
            if focus_question is None:
                page.scroll_home(animate=False)
            if self.step_list is not None:
                self.step_list.show(step.id)
            self.refresh_status()
            field = pages.focus_question(focus_question)
            self.query_one(HelpLine).show_for(field.question if field else None, step.questions)
        if self.session.plan.sureness:
            self.workshop.show_sureness()
        self.workshop.tick()
        # Where the plan was left and this window is: written once the step is on screen.
        self.call_after_refresh(self._save_place, step.id, field.question.id if field else None)
        self.idle.start(self.index)  # (the steps next to this one, once it is on screen)

    def _save_place(self, step_id: str, question_id: str | None) -> None:
        if self.is_attached:  # (else saved as the screen closed)
            if step_id == self.step.id:  # (not moved on since)
                self.session.show_place(step_id, question_id)
            self.flush()

    async def action_next_step(self) -> None:
        if self.index < len(self.steps) - 1:
            await self.show_step(self.index + 1)
        else:
            flows.last_step(self)

    async def action_previous_step(self) -> None:
        if self.index > 0:
            await self.show_step(self.index - 1)

    @on(NextStep.Pressed)
    async def _next_pressed(self, event: NextStep.Pressed) -> None:
        event.stop()
        if self.index < len(self.steps) - 1:
            await self.show_step(self.index + 1)
        else:
            self.action_review()  # (the last step's page leads to the review)

    @on(OptionList.OptionSelected, "#steps")  # (the step list, an OptionList)
    async def _step_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            await self.go_to(event.option.id)

    async def go_to(self, step_id: str, question_id: str | None = None) -> None:
        """Show a step, and a question on it. A question hidden by a condition cannot take an
        answer: the question that shows it is shown instead, and a notice says so."""
        asked = self.bank.question(question_id) if question_id else None
        question = shown_instead(self.bank, self.session.plan, asked)
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

    def focus_next(self, selector: str | type[Widget] = "*") -> Widget | None:
        return super().focus_next(selector) if selector != "*" else move_focus(self, +1)

    def focus_previous(self, selector: str | type[Widget] = "*") -> Widget | None:
        return super().focus_previous(selector) if selector != "*" else move_focus(self, -1)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on, as in a paper form."""
        event.stop()
        self.focus_next()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        field = self.pages.focus_moved(event.widget)
        if field is not None:
            self.query_one(HelpLine).show_for(field.question)
            self.session.show_place(self.step.id, field.question.id)

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        self.flush()

    def current_question(self) -> str | None:
        return self.pages.current_question()

    def current_fields(self) -> list[QuestionField]:
        return self.pages.current_fields()

    # --- Where the keys lead ------------------------------------------------------------------

    def action_home(self) -> None:
        flows.home(self)

    def action_goto(self) -> None:
        flows.go_to_palette(self)

    # Each opens a screen (or a dialog) and goes on from what it gives back, in a worker.
    action_review = in_worker(flows.review)
    action_dashboard = in_worker(lambda wizard: flows.dashboard(wizard, wizard.workshop))
    action_conflicts = in_worker(flows.conflicts)
    action_keep_version = in_worker(flows.keep_version)
    action_capture_action = in_worker(lambda wizard: wizard.workshop.capture_here())
    action_park = in_worker(lambda wizard: wizard.workshop.park_here())
    action_sureness = in_worker(lambda wizard: wizard.workshop.sureness())
    action_agenda = in_worker(lambda wizard: wizard.workshop.agenda())
    action_actions = in_worker(lambda wizard: wizard.workshop.actions())
    action_parking_lot = in_worker(lambda wizard: wizard.workshop.parking_lot())
    action_vote = in_worker(lambda wizard: wizard.voting.start_here())

    action_present = flows.present
    action_export = flows.export
    action_history = flows.history

    def action_preview(self) -> None:
        self.preview.show()

    async def action_undo_answer(self) -> None:
        await flows.undo_answer(self, self.editor)

    def action_workshop(self) -> None:
        self.workshop.toggle_timer()

    # --- Saving and what the screen says of the plan ------------------------------------------

    @on(QuestionField.Changed)
    def _answer_changed(self) -> None:
        self.refresh_status()  # (the pages gave the answer to the editor)

    def schedule_save(self) -> None:
        self.editor.schedule_save()

    def flush(self) -> None:
        """Write pending changes now (timer, blur, step change, leaving, quitting, signals)."""
        flushed = self.editor.flush()
        if flushed is None:
            return
        if flushed.problem is not None:
            self.notify(flushed.problem, severity="error", timeout=15)
        if flushed.answers:
            with contextlib.suppress(NoMatches):  # the screen may be closing
                self.refresh_status()
        if flushed.updates and self.is_attached and not is_closing(self):
            self.call_later(self.show_updates)

    async def show_updates(self) -> None:
        """Show answers another window saved, and say when both changed the same one."""
        if not self.is_attached or is_closing(self) or app_is_exiting(self.app):
            return  # the screen or the app is going away: the answers are saved already
        await self.windows.apply_updates()
        self.refresh_status()

    async def refresh_fields(self, question_ids: set[str]) -> None:
        """Rebuild the fields of built pages whose answers changed under them."""
        await self.pages.rebuild(question_ids)
        self.pages.show_visible()

    def focus_question(self, question_id: str) -> None:
        self.pages.focus_question(question_id)

    def show_timer(self, text: str) -> None:
        self.query_one(PlanHeader).timer = text

    def refresh_status(self) -> None:
        """Update the header, the step's fix and the step marks; only what changed repaints."""
        plan, step = self.session.plan, self.step
        self.query_one(PlanHeader).show_plan(self.bank, plan, step, self.editor.state())
        if step.fix:
            fix = fix_text(self.bank, plan, step, shown(self.app, "wizard.capture_action"))
            self.query_one("#step-fix", Note).say(fix, hide_empty=False)
        if self.step_list is not None:
            self.step_list.refresh_marks(plan)
