"""One open plan: its answers, its file, and whether what is on screen is on disk.

Kept free of Textual so the saving rules can be tested directly: the wizard calls
:meth:`PlanSession.set_answer` on every change and :meth:`PlanSession.flush` when the debounce
timer fires, a field loses focus, the step changes, or the app leaves.
"""

from __future__ import annotations

from pathlib import Path

from pilot2prod.bank import Bank, Question
from pilot2prod.plan import Answer, Plan
from pilot2prod.store import Store


class PlanSession:
    def __init__(self, store: Store, bank: Bank, path: Path, plan: Plan) -> None:
        self.store = store
        self.bank = bank
        self.path = path
        self.plan = plan
        self.order = [q.id for q in bank.questions()]
        self.answers_dirty = False
        self.position_dirty = False
        self.error: str | None = None
        self.stamp = store.stamp(path)
        self.conflict: Path | None = None
        """Where this session's answers go once the file changed on disk under it."""

    @classmethod
    def open(cls, store: Store, bank: Bank, path: Path) -> PlanSession:
        return cls(store, bank, path, store.load(path))

    @property
    def dirty(self) -> bool:
        return self.answers_dirty or self.position_dirty

    def set_answer(self, question: Question, value: Answer | None) -> bool:
        """Record an answer in memory; True when it changed anything."""
        before = (self.plan.get(question), self.plan.draft(question))
        self.plan.set(question, value)
        if before == (self.plan.get(question), self.plan.draft(question)):
            return False
        self.answers_dirty = True
        return True

    def set_draft(self, question: Question, typed: str) -> bool:
        """Keep text that could not be read as the answer, as typed; True when it changed."""
        before = (self.plan.get(question), self.plan.draft(question))
        self.plan.set_draft(question, typed)
        if before == (self.plan.get(question), self.plan.draft(question)):
            return False
        self.answers_dirty = True
        return True

    def set_position(self, step_id: str) -> None:
        if self.plan.last_step != step_id:
            self.plan.last_step = step_id
            self.position_dirty = True

    def flush(self) -> bool:
        """Write pending changes now. Returns False (and sets ``error``) when the write failed."""
        if not self.dirty:
            return True
        try:
            if self.conflict is None and self.store.stamp(self.path) != self.stamp:
                # Someone else wrote the file (another window, a git pull): never overwrite it.
                self.conflict = self.store.save_conflict(self.plan, self.path, self.order)
            elif self.conflict is not None:
                self.store.save(self.plan, self.conflict, self.order)
            else:
                self.store.save(self.plan, self.path, self.order, touch=self.answers_dirty)
                self.stamp = self.store.stamp(self.path)
        except OSError as exc:
            self.error = f"cannot save {self.path} ({exc.strerror or exc})"
            return False
        self.answers_dirty = self.position_dirty = False
        if self.conflict is not None:
            self.error = (
                f"{self.path.name} was changed by another program, so it was left alone; "
                f"this window's answers are saved in {self.conflict}"
            )
            return False
        self.error = None
        return True
