"""The wizard's workshop record: actions (F3, F5), the parking lot (F4, F6), how sure answers
are (F8), the agenda and the workshop timer (F7). A part handed the wizard (as
:class:`~pilot2prod.tui.wizard.host.WizardHost`); each dialog flow reads top to bottom and
runs in a worker (``push_screen_wait``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pilot2prod.tui.keys import shown

if TYPE_CHECKING:
    from pilot2prod.tui.session import PlanSession
    from pilot2prod.tui.wizard.host import WizardHost
    from pilot2prod.tui.wizard.timer import WorkshopTimer

# The workshop record (pilot2prod.record) and the timer are imported by the methods that use
# them: a plan opens without them (most sessions record nothing in their first seconds).


class WorkshopRecord:
    """What the room records while it answers, and the workshop's time."""

    def __init__(self, wizard: WizardHost) -> None:
        self.wizard = wizard
        self.timer: WorkshopTimer | None = None

    @property
    def session(self) -> PlanSession:
        return self.wizard.session

    def _read_only(self, what: str) -> bool:
        if self.session.read_only:
            self.wizard.notify(f"This window only follows the plan: {what} in the other.")
            return True
        return False

    # --- Actions and the parking lot ----------------------------------------------------------

    async def capture_here(self) -> None:
        """F3: an action, linked to where the room is. On a stall reason it starts from the
        reason's fix; on a checklist item, from the item (and its owner)."""
        from pilot2prod import record

        if self._read_only("actions are captured"):
            return
        wizard = self.wizard
        bank, step, qid = wizard.bank, wizard.step, wizard.current_question()
        kind = bank.phase(step.phase_id).kind
        start: dict[str, str] = {}
        if kind == "diagnostic":
            source = record.source_of("risk", step.id)
            start["what"] = step.fix
        elif kind == "checklist" and qid:
            source = record.source_of("item", qid)
            question = bank.question(qid)
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
        await self.capture(start, source)

    async def capture(
        self, start: dict[str, str], source: str, then: Callable[[], Any] | None = None
    ) -> None:
        """Ask for an action (starting from *start*) and add it, linked to *source*; *then*
        runs once it is added (a dashboard shows it)."""
        from pilot2prod import record
        from pilot2prod.tui.dialogs import ActionDialog

        about = record.source_label(self.wizard.bank, source)
        dialog = ActionDialog(start, about=f"From: {about}" if about else "", title="New action")
        result: dict[str, str] | None = await self.wizard.app.push_screen_wait(dialog)
        if not result:
            return
        self.session.edit_record(lambda plan: record.add_action(plan, source=source, **result))
        self.wizard.schedule_save()
        listed = shown(self.wizard.app, "wizard.actions")
        self.wizard.notify(f"Action captured: {result['what']} ({listed} lists the actions).")
        if then is not None:
            self.wizard.call_later(then)

    async def park_here(self) -> None:
        """F4: park a point, linked to the question being answered."""
        if not self._read_only("points are parked"):
            await self.park(self.wizard.current_question() or "")

    async def park(self, qid: str, then: Callable[[], Any] | None = None) -> None:
        """Ask for a point about *qid* (may be empty) and park it; *then* runs once parked."""
        from pilot2prod import record
        from pilot2prod.tui.dialogs import ParkDialog

        question = self.wizard.bank.question(qid) if qid else None
        about = f"About: {question.prompt}" if question else ""
        result: dict[str, str] | None = await self.wizard.app.push_screen_wait(
            ParkDialog({}, about=about)
        )
        if not result:
            return
        self.session.edit_record(
            lambda plan: record.park(
                plan, result["text"], raised_by=result["raised_by"], question=qid
            )
        )
        self.wizard.schedule_save()
        parked = shown(self.wizard.app, "wizard.parking_lot")
        self.wizard.notify(f"Parked ({parked} shows the parking lot).")
        if then is not None:
            self.wizard.call_later(then)

    async def actions(self) -> None:
        """F5: the actions; one picked takes the wizard to where it was captured."""
        from pilot2prod.tui.screens.record import ActionsScreen

        self.wizard.flush()
        target = await self.wizard.app.push_screen_wait(ActionsScreen(self.session))
        self.wizard.flush()
        if target:
            await self.wizard.go_to(*target)

    async def parking_lot(self) -> None:
        """F6: the parking lot (a point moved into an answer refreshes that answer)."""
        from pilot2prod.tui.screens.record import ParkingLotScreen

        self.wizard.flush()
        screen = ParkingLotScreen(self.session)
        target = await self.wizard.app.push_screen_wait(screen)
        if screen.changed:
            await self.wizard.refresh_fields(screen.changed)
        self.wizard.flush()
        if target:
            await self.wizard.go_to(*target)

    # --- How sure an answer is ----------------------------------------------------------------

    async def sureness(self) -> None:
        """F8: how sure the answer being given is."""
        from pilot2prod import record
        from pilot2prod.tui.dialogs import SurenessDialog

        qid = self.wizard.current_question()
        question = self.wizard.bank.question(qid) if qid else None
        if question is None or self.session.read_only:
            sure = shown(self.wizard.app, "wizard.sureness")
            self.wizard.notify(f"Move to an answer first: {sure} says how sure that answer is.")
            return
        if question.kind == "checklist":
            await self.grade(question.id, question.prompt)
            return
        mark = record.sureness(self.session.plan, question.id)
        dialog = SurenessDialog(
            {"source": mark.source if mark else ""},
            about=question.prompt,
            choice=mark.level if mark else "",
        )
        result: dict[str, str] | None = await self.wizard.app.push_screen_wait(dialog)
        if result is None:
            return
        level = result["level"] or None
        self.session.edit_record(
            lambda plan: record.mark(plan, question.id, level, result["source"])
        )
        self.wizard.schedule_save()
        self.show_sureness()

    async def grade(self, qid: str, prompt: str) -> None:
        """F8 on a checklist item: how its status is shown (claimed, documented with a
        document or link, demonstrated with the date of the test)."""
        from pilot2prod import record
        from pilot2prod.tui.dialogs import GradeDialog

        graded = record.grade(self.session.plan, qid)
        dialog = GradeDialog(
            {"document": graded.document, "tested_on": graded.tested_on} if graded else {},
            about=prompt,
            choice=graded.grade if graded else "",
        )
        result: dict[str, str] | None = await self.wizard.app.push_screen_wait(dialog)
        if result is None:
            return
        self.session.edit_record(
            lambda plan: record.set_grade(
                plan,
                qid,
                result["grade"] or None,
                document=result["document"],
                tested_on=result["tested_on"],
            )
        )
        self.wizard.schedule_save()
        self.show_sureness()

    def show_sureness(self) -> None:
        """Each field on screen says how sure its answer is, when someone said; a checklist
        item's row says how its status is shown (its evidence grade)."""
        from pilot2prod import record
        from pilot2prod.tui.widgets.fields.checklist import ChecklistField

        for field in self.wizard.current_fields():
            if isinstance(field, ChecklistField):
                field.show_grade(record.grade(self.session.plan, field.question.id))
            field.show_sureness(record.sureness_line(self.session.plan, field.question.id))

    # --- The agenda and the timer -------------------------------------------------------------

    async def agenda(self) -> None:
        from pilot2prod.tui.screens.record import AgendaScreen

        self.wizard.flush()
        await self.wizard.app.push_screen_wait(AgendaScreen(self.session))
        self.wizard.flush()
        self.tick()

    def toggle_timer(self) -> None:
        """F7 or ``open --workshop``: start the workshop timer (again: stop it)."""
        from pilot2prod.tui.wizard.timer import WorkshopTimer

        if self.timer is not None:
            self.record_time()
            self.timer.stop()
            self.timer = None
            self.wizard.show_timer("")
            self.wizard.notify("Workshop timer stopped; the time spent is in the plan.")
            return
        if self._read_only("run the timer"):
            return
        clock = getattr(self.wizard.app, "clock", time.time)
        self.timer = WorkshopTimer(self.wizard, clock, self.tick)
        self.tick()
        self.wizard.notify(f"Workshop started; it ends at {self.timer.ends_at()}.")

    def record_time(self) -> None:
        """Add the time on the step on screen to the plan (workshop running only)."""
        if self.timer is not None:
            self.timer.record(self.wizard.step.id)

    def tick(self) -> None:
        """Show the time left in the block on screen (workshop running only)."""
        if self.timer is not None and self.wizard.is_attached:
            self.timer.tick(self.wizard.step.id)
