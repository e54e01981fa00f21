"""One open plan: its answers, its file, and whether what is on screen is on disk.

Kept free of Textual so the saving rules can be tested directly. The wizard calls
:meth:`PlanSession.set_answer` on every change, :meth:`PlanSession.flush` when the debounce timer
fires, a field loses focus, the step changes or the app leaves, and :meth:`PlanSession.check_disk`
once a second to pick up what another window saved.

Several windows may have one plan open. Saves are read-merge-write under a short lock
(:meth:`pilot2prod.store.Store.save_merged`): answers changed in different windows never
conflict; one answer changed in both keeps this window's (the later) and records the other in
the plan's ``[[conflicts]]``. A follower (read-only) never writes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pilot2prod.bank import Bank, Question
from pilot2prod.errors import PlanFileError
from pilot2prod.fileio import FileLock, disk_full
from pilot2prod.locks import Holder, Place
from pilot2prod.plan import Answer, Plan, answer_text, currency, plain_value
from pilot2prod.store import Recovery, Saved, Store, write_plan
from pilot2prod.text import one_line

T = TypeVar("T")

DISK_FULL = "cannot save: the disk is full"
"""The header's words while the disk is full."""

RECOVERY_LINES = 4
"""Answers a recovery offer lists (the rest are counted)."""


class PlanSession:
    def __init__(
        self,
        store: Store,
        bank: Bank,
        path: Path,
        plan: Plan,
        *,
        read_only: bool = False,
        lock: FileLock | None = None,
    ) -> None:
        self.store = store
        self.bank = bank
        self.path = path
        self.plan = plan
        self.base = copy.deepcopy(plan)
        """The plan as it was on disk when this window last read or wrote it."""
        self.order = [q.id for q in bank.questions()]
        self.read_only = read_only
        self.lock = lock
        """The edit lock, when this window holds it."""
        self.error: str | None = None
        """Why the last save failed (a sentence naming the file), or None."""
        self.disk_full = False
        """Whether saving fails because the disk is full (the header says so)."""
        self.window: FileLock | None = None
        try:
            self.window = store.window_lock(path, "following" if read_only else "editing")
        except OSError as exc:
            # The first write a window makes: on a full disk the plan still opens, saying so.
            if disk_full(exc) and not read_only:
                self._failed(exc)
        self.place: Place | None = None
        """Where this window is, as its note last said."""
        self.answers_dirty = False
        self.position_dirty = False
        left = store.left_at(path)
        self.position = (left.step if left is not None else "") or plan.last_step
        """The step this window is at (kept in the data directory's state when it closes)."""
        self.position_question = left.question if left is not None else None
        """The question being answered at that step, when known: kept with the step at each
        step change and when the session closes, never written for a focus move alone."""
        self._question_kept = self.position_question
        self.stamp = store.stamp(path)
        self.updates: list[Saved] = []
        """What saves and reloads brought in from other windows, for the screen to show."""
        self.changed = False
        """Whether this window saved a change (its closing then keeps a version)."""
        self.discarded = False
        """Set when the person chose to quit and lose answers that could not be saved."""

    @classmethod
    def open(
        cls,
        store: Store,
        bank: Bank,
        path: Path,
        *,
        read_only: bool = False,
        lock: FileLock | None = None,
    ) -> PlanSession:
        return cls(store, bank, path, store.load(path), read_only=read_only, lock=lock)

    @property
    def dirty(self) -> bool:
        return self.answers_dirty or self.position_dirty

    @property
    def problem(self) -> str:
        """What the header says while saving fails, in a few words."""
        return DISK_FULL if self.disk_full else "NOT SAVED"

    @property
    def unsaved(self) -> bool:
        """Answers that are not on disk because saving failed."""
        return self.answers_dirty and self.error is not None and not self.discarded

    def set_answer(self, question: Question, value: Answer | None) -> bool:
        """Record an answer in memory; True when it changed anything."""
        if self.read_only:
            return False
        before = (self.plan.get(question), self.plan.draft(question))
        self.plan.set(question, value)
        if before == (self.plan.get(question), self.plan.draft(question)):
            return False
        self.answers_dirty = True
        return True

    def edit_record(self, change: Callable[[Plan], T]) -> T | None:
        """Apply *change* to the plan's workshop record (actions, parking lot, how sure answers
        are, workshop time); it is saved, and merged with other windows, like an answer.
        Nothing happens in a read-only window (None is returned)."""
        if self.read_only:
            return None
        result = change(self.plan)
        self.answers_dirty = True
        return result

    def set_draft(self, question: Question, typed: str) -> bool:
        """Keep text that could not be read as the answer, as typed; True when it changed."""
        if self.read_only:
            return False
        before = (self.plan.get(question), self.plan.draft(question))
        self.plan.set_draft(question, typed)
        if before == (self.plan.get(question), self.plan.draft(question)):
            return False
        self.answers_dirty = True
        return True

    def set_position(self, step_id: str) -> None:
        if self.position != step_id:
            self.position = step_id
            self.position_question = None
            self.position_dirty = True

    def show_place(self, step_id: str, question_id: str | None) -> None:
        """Say in this window's note where it is, so a presenter view can follow it, and keep
        the question for reopening the plan there."""
        if step_id == self.position and question_id:
            self.position_question = question_id
        place = Place(step_id, question_id)
        if self.window is not None and place != self.place:
            self.place = place
            self.store.say_place(self.window, place)

    def drop_conflict(self, record: dict[str, Any]) -> None:
        """Forget one conflict record (someone picked a value, or kept this one)."""
        if self.read_only:
            return
        if record in self.plan.conflicts:
            self.plan.conflicts.remove(record)
            self.answers_dirty = True

    # --- Disk --------------------------------------------------------------------------------

    def flush(self) -> bool:
        """Write pending changes now. Returns False (and sets ``error``) when the write failed."""
        if self.position_dirty:
            self.store.save_position(self.path, self.position, self.position_question)
            self.position_dirty = False
            self._question_kept = self.position_question
        if self.read_only or not self.answers_dirty:
            return True
        try:
            saved = self.store.save_merged(
                self.plan, self.base, self.path, self.order, stamp=self.stamp
            )
        except PlanFileError as exc:
            self.error = (
                f"{exc.reason} in {self.path}: that file was left alone, and this window's "
                "answers are not saved"
            )
            return False
        except OSError as exc:
            self._failed(exc)
            return False
        self._adopt(saved)
        self.answers_dirty = False
        self.error = None
        self.disk_full = False
        self.changed = True
        return True

    def _failed(self, exc: OSError) -> None:
        """Say why saving failed, naming the file that could not be written."""
        self.disk_full = disk_full(exc)
        if self.disk_full:
            self.error = f"cannot save {self.path}: the disk is full ({exc.strerror or exc})"
        else:
            self.error = f"cannot save {self.path} ({exc.strerror or exc})"

    def check_disk(self) -> Saved | None:
        """Pick up what another window saved (merged with this window's unsaved answers)."""
        try:
            saved = self.store.reload(self.plan, self.base, self.path, self.stamp)
        except (PlanFileError, OSError):
            return None
        if saved is None:
            return None
        self._adopt(saved)
        from pilot2prod.merge import same_content  # deferred: a plan opens without merging

        self.answers_dirty = not self.read_only and not same_content(self.plan, self.base)
        return saved

    def _adopt(self, saved: Saved) -> None:
        """Take the merged plan as this window's, in place (screens hold the plan object).

        Conflict records new to this window (made here, or by the other window) are reported.
        """
        known = list(self.plan.conflicts)
        saved.conflicts = [c for c in saved.plan.conflicts if c not in known]
        self.plan.take(copy.deepcopy(saved.plan))
        self.base = saved.base
        self.stamp = saved.stamp
        if saved.conflicts or saved.theirs_changed:
            self.updates.append(saved)

    def take_updates(self) -> list[Saved]:
        updates, self.updates = self.updates, []
        return updates

    def others(self) -> list[tuple[str, Holder]]:
        """The other windows that have this plan open, with their role."""
        return self.store.other_windows(self.path)

    def save_copy(self, target: Path) -> None:
        """Write this window's plan to *target* (somewhere else); the answers count as kept."""
        write_plan(self.plan, target, self.order)
        self.discarded = True

    def write_recovery(self) -> Path | None:
        """Keep the unsaved answers in a recovery file (for a restore offer at the next start)."""
        if self.read_only or not self.answers_dirty or self.discarded:
            return None
        try:
            file = self.store.save_recovery(self.plan, self.base, self.path, self.order)
        except OSError:
            return None
        self.discarded = True  # they are safe now; do not write them twice
        return file

    def keep_version(self, label: str = "") -> bool:
        """Keep the plan as saved now as a version in its history (see Store.snapshot); True
        when one was kept."""
        try:
            return self.store.snapshot(self.path, self.order, label) is not None
        except (PlanFileError, OSError):
            return False  # the history is a convenience: it never stops a window closing

    def close(self) -> None:
        """Let go of the plan: other windows may edit it now. A session that saved changes
        leaves a version in the plan's history."""
        if self.changed and not self.read_only and not self.answers_dirty:
            self.changed = False
            self.keep_version()
        if self.position_question != self._question_kept:  # (moved within the step since)
            self.store.save_position(self.path, self.position, self.position_question)
            self._question_kept = self.position_question
        if self.lock is not None:
            self.lock.release()
        if self.window is not None:
            self.store.close_window(self.window)
        self.lock = self.window = None


def recovery_text(bank: Bank, recovery: Recovery) -> str:
    """What a recovery file holds, in words: how many answers, when, where, and the first
    few of them (question: value)."""
    plan = recovery.plan
    count = len(recovery.changed)
    when = recovery.saved.replace("T", " ").removesuffix("Z")
    what = "1 answer" if count == 1 else f"{count} answers"
    were = "was" if count == 1 else "were"
    lines = [
        f"{what} to '{plan.name}' could not be saved on {when} UTC and {were} kept in "
        f"{recovery.file}:"
    ]
    money = currency(bank, plan)
    for qid in recovery.changed[:RECOVERY_LINES]:
        question = bank.question(qid)
        if qid in plan.drafts:
            value = f"{plan.drafts[qid]} (to fix)"
        elif qid in plan.answers:
            answer = plan.answers[qid]
            value = answer_text(question, answer, money) if question else plain_value(answer)
        else:
            value = "(cleared)"
        label = one_line(question.prompt if question else qid, 24)
        lines.append(one_line(f"• {label}: {value}", 62))
    if count > RECOVERY_LINES:
        lines.append(f"… and {count - RECOVERY_LINES} more")
    return "\n".join(lines)
