"""The wizard's workshop record: actions (F3, F5), the parking lot (F4, F6), how sure answers
are (F8), the agenda and the workshop timer (F7). A mixin of :class:`WizardScreen`, kept apart so
the wizard itself stays about steps, fields and saving."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pilot2prod import record
from pilot2prod.text import for_terminal, one_line

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from pilot2prod.bank import Bank, Step
    from pilot2prod.tui.session import PlanSession
    from pilot2prod.tui.widgets.fields import QuestionField


class WorkshopRecord:
    """The workshop-record keys of the wizard (its bindings are declared by the wizard)."""

    if TYPE_CHECKING:  # what the wizard provides
        session: PlanSession
        bank: Bank
        app: App[Any]
        _workshop: WorkshopTimer | None

        @property
        def step(self) -> Step: ...
        def current_question(self) -> str | None: ...
        def current_fields(self) -> list[QuestionField]: ...
        def flush(self) -> None: ...
        def _schedule_save(self) -> None: ...
        def show_timer(self, text: str) -> None: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def call_later(self, callback: Callable[..., Any], *args: Any) -> bool: ...
        def set_interval(self, interval: float, callback: Callable[[], Any]) -> Timer: ...
        @property
        def is_attached(self) -> bool: ...
        async def go_to(self, step_id: str, question_id: str | None = None) -> None: ...
        async def _refresh_fields(self, question_ids: set[str]) -> None: ...

    def action_capture_action(self) -> None:
        """F3: an action, linked to where the room is. On a stall reason it starts from the
        reason's fix; on a checklist item, from the item (and its owner)."""
        if self.session.read_only:
            self.notify("This window only follows the plan: actions are captured in the other.")
            return
        step, qid = self.step, self.current_question()
        kind = self.bank.phase(step.phase_id).kind
        start: dict[str, str] = {}
        if kind == "diagnostic":
            source = record.source_of("risk", step.id)
            start["what"] = step.fix
        elif kind == "checklist" and qid:
            source = record.source_of("item", qid)
            question = self.bank.question(qid)
            item = self.session.plan.answers.get(qid)
            start["what"] = f"Get this done: {question.prompt}" if question else ""
            if isinstance(item, dict) and isinstance(item.get("owner"), str):
                start["owner"] = item["owner"]
        elif step.gate:
            source = record.source_of("gate", step.id)
        elif qid:
            source = record.source_of("question", qid)
        else:
            source = ""
        self.capture_action(start, source)

    def capture_action(
        self, start: dict[str, str], source: str, then: Callable[[], Any] | None = None
    ) -> None:
        """Ask for an action (starting from *start*) and add it, linked to *source*; *then*
        runs once it is added (a dashboard shows it)."""
        from pilot2prod.tui.dialogs import ActionDialog

        about = record.source_label(self.bank, source)

        def saved(result: dict[str, str] | None) -> None:
            if result:
                self.session.edit_record(
                    lambda plan: record.add_action(plan, source=source, **result)
                )
                self._schedule_save()
                self.notify(f"Action captured: {result['what']} (F5 lists the actions).")
                if then is not None:
                    self.call_later(then)

        dialog = ActionDialog(start, about=f"From: {about}" if about else "", title="New action")
        self.app.push_screen(dialog, saved)

    def action_park(self) -> None:
        """F4: park a point, linked to the question being answered."""
        if self.session.read_only:
            self.notify("This window only follows the plan: points are parked in the other.")
            return
        self.park_point(self.current_question() or "")

    def park_point(self, qid: str, then: Callable[[], Any] | None = None) -> None:
        """Ask for a point about *qid* (may be empty) and park it; *then* runs once parked."""
        from pilot2prod.tui.dialogs import ParkDialog

        question = self.bank.question(qid) if qid else None

        def saved(result: dict[str, str] | None) -> None:
            if result:
                self.session.edit_record(
                    lambda plan: record.park(
                        plan, result["text"], raised_by=result["raised_by"], question=qid
                    )
                )
                self._schedule_save()
                self.notify("Parked (F6 shows the parking lot).")
                if then is not None:
                    self.call_later(then)

        about = f"About: {question.prompt}" if question else ""
        self.app.push_screen(ParkDialog({}, about=about), saved)

    def action_sureness(self) -> None:
        """F8: how sure the answer being given is."""
        from pilot2prod.tui.dialogs import SurenessDialog

        qid = self.current_question()
        question = self.bank.question(qid) if qid else None
        if question is None or self.session.read_only:
            self.notify("Move to an answer first: F8 says how sure that answer is.")
            return
        mark = record.sureness(self.session.plan, question.id)

        def saved(result: dict[str, str] | None) -> None:
            if result is not None:
                level = result["level"] or None
                self.session.edit_record(
                    lambda plan: record.mark(plan, question.id, level, result["source"])
                )
                self._schedule_save()
                self._show_sureness()

        dialog = SurenessDialog(
            {"source": mark.source if mark else ""},
            about=question.prompt,
            choice=mark.level if mark else "",
        )
        self.app.push_screen(dialog, saved)

    def _show_sureness(self) -> None:
        """Each field on screen says how sure its answer is, when someone said."""
        for field in self.current_fields():
            mark = record.sureness(self.session.plan, field.question.id)
            field.show_sureness(
                f"{record.SURENESS[mark.level]}" + (f" · {mark.source}" if mark.source else "")
                if mark
                else ""
            )

    def action_workshop(self) -> None:
        """F7 or ``open --workshop``: start the workshop timer (again: stop it)."""
        if self._workshop is not None:
            self._record_time()
            self._workshop.stop()
            self._workshop = None
            self.show_timer("")
            self.notify("Workshop timer stopped; the time spent is in the plan.")
            return
        if self.session.read_only:
            self.notify("This window only follows the plan: run the timer in the other.")
            return
        clock = getattr(self.app, "clock", time.time)
        self._workshop = WorkshopTimer(self, clock)
        self._tick_workshop()
        self.notify(f"Workshop started; it ends at {self._workshop.ends_at()}.")

    def _record_time(self) -> None:
        """Add the time on the step on screen to the plan (workshop running only)."""
        if self._workshop is not None:
            self._workshop.record(self.step.id)

    def _tick_workshop(self) -> None:
        if self._workshop is not None and self.is_attached:
            self._workshop.tick(self.step.id)

    def action_agenda(self) -> None:
        from pilot2prod.tui.screens.record import AgendaScreen

        self.flush()

        def back(_: None) -> None:
            self.flush()
            self._tick_workshop()

        self.app.push_screen(AgendaScreen(self.session), back)

    def action_actions(self) -> None:
        from pilot2prod.tui.screens.record import ActionsScreen

        self.flush()

        async def jump(target: tuple[str, str | None] | None) -> None:
            self.flush()
            if target:
                await self.go_to(*target)

        self.app.push_screen(ActionsScreen(self.session), jump)

    def action_parking_lot(self) -> None:
        from pilot2prod.tui.screens.record import ParkingLotScreen

        self.flush()
        screen = ParkingLotScreen(self.session)

        async def back(target: tuple[str, str | None] | None) -> None:
            if screen.changed:
                await self._refresh_fields(screen.changed)
            self.flush()
            if target:
                await self.go_to(*target)

        self.app.push_screen(screen, back)


class WorkshopTimer:
    """A running workshop: the time left in the agenda block of the step on screen, the
    session's end, and the time spent per step, recorded in the plan under this window's own
    session (so two windows add up). Repaints once a minute, never every second."""

    TITLE_WIDTH = 24
    """The block's step title in the header is cut to this."""
    HEADER_ROOM = 92
    """Columns the rest of the one-line header needs beside the timer without a title (plan
    and place, progress, saved): narrower than this plus a short title, the timer leaves the
    title out (the header names the step on screen anyway)."""
    NOTICE = "workshop-timer"
    """The one timer notice on screen: a new notice takes the place of the one before."""

    def __init__(self, wizard: WorkshopRecord, clock: Callable[[], float]) -> None:
        self.wizard = wizard
        self.clock = clock
        self.session = wizard.session
        self.started = started = self.clock()
        begin, end = (dt.datetime.fromtimestamp(t, dt.UTC) for t in (started, self.ends))
        self.sid = (
            self.session.edit_record(lambda plan: record.start_session(plan, begin, end)) or ""
        )
        self.since = started
        self.told: dict[str, set[int]] = {}
        """Notices given per step (5 minutes left, time up), so each is given once."""
        self.notices = 0
        self.timer = wizard.set_interval(60, self._every_minute)

    @property
    def planned(self) -> dict[str, int]:
        """Minutes per step on the agenda, as it stands now (it may be edited meanwhile)."""
        return dict(record.agenda(self.session.bank, self.session.plan))

    def stop(self) -> None:
        self.timer.stop()

    def _every_minute(self) -> None:
        self.wizard._tick_workshop()

    @property
    def ends(self) -> float:
        """When the agenda ends, as it stands now: the start plus every block's minutes (it
        moves when the agenda is edited)."""
        return self.started + 60 * sum(self.planned.values())

    def ends_at(self) -> str:
        return time.strftime("%H:%M", time.localtime(self.ends))

    def record(self, step_id: str) -> None:
        now = self.clock()
        seconds, self.since = now - self.since, now
        if seconds >= 1:
            self.session.edit_record(lambda plan: record.add_time(plan, self.sid, step_id, seconds))
            self.wizard._schedule_save()

    def left(self, step_id: str) -> int | None:
        """Seconds left in *step_id*'s block (None when it is not on the agenda)."""
        planned = self.planned
        if step_id not in planned:
            return None
        spent = record.spent(self.session.plan).get(step_id, 0) + (self.clock() - self.since)
        return round(planned[step_id] * 60 - spent)

    def tick(self, step_id: str) -> None:
        """Show the time left now; say so once at 5 minutes left (in a block longer than that)
        and once at zero."""
        left = self.left(step_id)
        step = next((s for s in self.session.bank.steps if s.id == step_id), None)
        room = min(self.TITLE_WIDTH, self.wizard.app.size.width - self.HEADER_ROOM)
        title = one_line(step.title if step else step_id, room) if room >= 12 else ""
        ends = f"agenda ends {self.ends_at()}"
        block = f" in '{title}'" if title else ""
        if left is None:
            text = (
                f"'{title}' is not on the agenda · {ends}" if title else f"off the agenda · {ends}"
            )
        elif left > 0:
            text = f"{-(-left // 60)} min left{block} · {ends}"
        else:
            text = f"{-left // 60} min over{block} · {ends}"
        self.wizard.show_timer(text)
        told = self.told.setdefault(step_id, set())
        longer = self.planned.get(step_id, 0) > 5
        if left is not None and 0 < left <= 300 and 5 not in told and longer:
            told.add(5)
            self.notice("5 minutes left for this step.", timeout=8)
        if left is not None and left <= 0 and 0 not in told:
            told |= {0, 5}
            self.notice("Time is up for this step: park what is open (F4) and move on.")

    def notice(self, message: str, timeout: float | None = None) -> None:
        """Tell the room, in place of the timer's last notice if it is still on screen (a run
        of short blocks stacked one notice per block over the questions). Textual has no
        public way to take one notification back: this keeps them by identity."""
        from textual.notifications import Notification, Notify

        app = self.wizard.app
        shown = app._notifications
        for old in [n for n in shown if n.identity.startswith(self.NOTICE)]:
            app._unnotify(old, refresh=False)
        self.notices += 1
        app.post_message(
            Notify(
                Notification(
                    for_terminal(message),
                    timeout=app.NOTIFICATION_TIMEOUT if timeout is None else timeout,
                    identity=f"{self.NOTICE}-{self.notices}",
                )
            )
        )
