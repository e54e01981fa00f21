"""The workshop timer: time left in the agenda block on screen, and time spent per step."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from pilot2prod import record
from pilot2prod.text import for_terminal, one_line
from pilot2prod.tui.keys import shown

if TYPE_CHECKING:
    from pilot2prod.tui.wizard.host import WizardHost


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

    def __init__(
        self, wizard: WizardHost, clock: Callable[[], float], every_minute: Callable[[], None]
    ) -> None:
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
        self.timer = wizard.set_interval(60, every_minute)

    @property
    def planned(self) -> dict[str, int]:
        """Minutes per step on the agenda, as it stands now (it may be edited meanwhile)."""
        return dict(record.agenda(self.session.bank, self.session.plan))

    def stop(self) -> None:
        self.timer.stop()

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
            self.wizard.schedule_save()

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
            park = shown(self.wizard.app, "wizard.park")
            self.notice(f"Time is up for this step: park what is open ({park}) and move on.")

    def notice(self, message: str, timeout: float | None = None) -> None:
        """Tell the room, in place of the timer's last notice if it is still on screen (a run
        of short blocks stacked one notice per block over the questions). Textual has no
        public way to take one notification back: this keeps them by identity."""
        from textual.notifications import Notification, Notify

        from pilot2prod.tui.compat import notifications
        from pilot2prod.tui.compat.toasts import take_back, tidy_after

        app = self.wizard.app
        for old in [n for n in notifications(app) if n.identity.startswith(self.NOTICE)]:
            take_back(app, old)
        self.notices += 1
        wait = app.NOTIFICATION_TIMEOUT if timeout is None else timeout
        identity = f"{self.NOTICE}-{self.notices}"
        app.post_message(
            Notify(Notification(for_terminal(message), timeout=wait, identity=identity))
        )
        tidy_after(app, wait)
