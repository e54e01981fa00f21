"""Answers as people change them: what each change touches, undo, and when it is written.
Not a widget: the wizard hands it its session and a way to set a timer."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from pilot2prod.bank import Bank, Question
from pilot2prod.plan import fix_of, is_answered

if TYPE_CHECKING:
    from textual.timer import Timer

    from pilot2prod.tui.session import PlanSession

SAVE_DELAY = 0.6
"""Seconds after the last change before it is written (well inside the one-second promise)."""
SAVE_AT_MOST = 2.0
"""Seconds a change may wait while someone types without a pause, before it is written anyway."""
SOONEST = 0.01
"""The shortest wait a save is scheduled with (see :meth:`AnswerEditor.schedule_save`)."""
UNDO_PAUSE = 2.0
"""Seconds without a change to an answer after which the next change is a new edit to undo."""
UNDO_DEPTH = 20
"""Edits of one answer that can be undone, the latest first."""

SetTimer = Callable[[float, Callable[[], Any]], "Timer"]


class Change(Struct, frozen=True):
    """What an answer's change touched beyond itself."""

    visibility: bool
    """Other questions are shown or hidden by this answer."""
    currency: bool
    """The plan's currency: amounts are read again."""
    standing: bool
    """What the wizard shows of the plan beyond this field may have moved: the question was
    answered or emptied, found or lost a problem to fix, saving began, the plan's name changed
    (the header shows it), or it is on a stall reason's step (whose risk is shown, and may turn
    on any word). False when typing went on inside another answer: the header, the step's fix
    and the step marks stay as they are."""


class Flushed(Struct, frozen=True):
    """What writing pending changes did."""

    problem: str | None
    """A save problem not told before (told once, however often it recurs)."""
    answers: bool
    """Answers were among what was written (the header's progress may move)."""
    updates: bool
    """Another window's answers came in with the save, to be shown."""


class AnswerEditor:
    """Every change to an answer of one plan goes through here."""

    def __init__(
        self, bank: Bank, session: PlanSession, set_timer: SetTimer, write: Callable[[], Any]
    ) -> None:
        """*set_timer* sets a timer (the screen's); *write* is called when a save is due."""
        self.bank = bank
        self.session = session
        self._set_timer = set_timer
        self._write = write
        self._save_timer: Timer | None = None
        self._waiting_since = 0.0
        self._told: str | None = None
        self.undo_stack: dict[str, list[tuple[Any, str | None]]] = {}
        """Per question, its answers before each edit of this session (the last one last)."""
        self.last_edit: dict[str, float] = {}
        # Which questions' visibility depends on which answers.
        self.dependents: dict[str, list[str]] = {}
        for question in bank.questions():
            if question.when:
                self.dependents.setdefault(question.when.question, []).append(question.id)

    def change(self, question: Question, value: Any, draft: str | None) -> Change | None:
        """Take a new answer (or a draft, kept as typed); None when nothing changed."""
        self._remember_for_undo(question)
        before = self._standing(question)
        if draft is not None:
            changed = self.session.set_draft(question, draft)
        else:
            changed = self.session.set_answer(question, value)
        if not changed:
            return None
        self.schedule_save()
        return Change(
            question.id in self.dependents,
            question.id == self.bank.roles.get("currency"),
            bool(self.bank.step_of(question.id).fix) or self._standing(question) != before,
        )

    def _standing(self, question: Question) -> tuple[bool, bool, str, str]:
        """What the plan's figures take from *question*'s answer (answered, to fix), the
        saving state and the plan's name (the answer to the bank's name question) the header
        shows."""
        plan = self.session.plan
        answered = is_answered(question, plan.get(question))
        return answered, fix_of(self.bank, plan, question) is None, self.state(), plan.name

    def _remember_for_undo(self, question: Question) -> None:
        """Keep the answer as it was before this edit began (keys typed within UNDO_PAUSE
        seconds of each other are one edit), for "Undo the last change of this answer"."""
        now = time.monotonic()
        last = self.last_edit.get(question.id)
        self.last_edit[question.id] = now
        if last is not None and now - last < UNDO_PAUSE:
            return
        plan = self.session.plan
        before = (copy.deepcopy(plan.answers.get(question.id)), plan.draft(question))
        undo = self.undo_stack.setdefault(question.id, [])
        if not undo or undo[-1] != before:
            undo.append(before)
            del undo[:-UNDO_DEPTH]

    def undo(self, question: Question) -> bool:
        """Give *question* its answer before its last change; False when there is none."""
        undo = self.undo_stack.get(question.id, [])
        if not undo or self.session.read_only:
            return False
        value, draft = undo.pop()
        if draft is not None:
            self.session.set_draft(question, draft)
        else:
            self.session.set_answer(question, value)
        self.last_edit.pop(question.id, None)
        self.schedule_save()
        return True

    def state(self) -> str:
        """What the header says of saving."""
        if self.session.read_only:
            return "○ read-only"
        if self.session.error:
            return f"⚠ {self.session.problem}"
        return "● editing" if self.session.answers_dirty else "✓ saved"

    def schedule_save(self) -> None:
        """Write soon: SAVE_DELAY after the last change, and at most SAVE_AT_MOST after the
        first one still waiting."""
        now = time.monotonic()
        if self._save_timer is None:
            self._waiting_since = now
        else:
            self._save_timer.stop()
        # Never a timer of 0 s: Textual divides by the interval when a timer fires late (a
        # loaded machine), and the save in it would be lost to a ZeroDivisionError.
        delay = min(SAVE_DELAY, max(SOONEST, self._waiting_since + SAVE_AT_MOST - now))
        self._save_timer = self._set_timer(delay, self._write)

    def flush(self) -> Flushed | None:
        """Write pending changes now; None when there was nothing to write."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.session.dirty:
            return None
        answers = self.session.answers_dirty  # (not just where the plan was left)
        problem = None
        if not self.session.flush() and self.session.error != self._told:
            self._told = problem = self.session.error
        return Flushed(problem, answers, bool(self.session.updates))
