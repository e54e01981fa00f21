"""Several windows on one plan: locks, who has it open and where, and merging on save.

A save reads the file, merges answer by answer with whatever another window saved there since,
and writes, all under the save lock (:meth:`Windows.save_merged`): saves never interleave and
answers changed in different windows never overwrite each other. The locks and window notes
themselves live in ``locks.py``; where each window left a plan is kept in ``<data dir>/state/``.
"""

from __future__ import annotations

import contextlib
import copy
import os
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from pilot2prod.errors import PlanFileError
from pilot2prod.fileio import FileLock
from pilot2prod.fileio import write_atomic as _write_atomic
from pilot2prod.locks import Holder, Locks, Place
from pilot2prod.plan import Plan, now_iso
from pilot2prod.store.locations import DataDir
from pilot2prod.store.planfile import read_plan, write_plan

Stamp = tuple[int, int, int, int] | None
"""What identifies a file's content cheaply (inode, mtime, ctime, size), or None if missing."""


def file_stamp(path: Path) -> Stamp:
    """What identifies the file's current content cheaply, or None when it is missing."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)


class Saved(Struct):
    """What a save or a reload did: the plan as it now stands, the version on disk it was
    merged with (the next base), the file's stamp, and what the other window brought."""

    plan: Plan
    base: Plan
    stamp: Stamp
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    theirs_changed: set[str] = field(default_factory=set)


class Windows:
    """The locks, window notes, saves and places of one data directory's plans."""

    def __init__(self, data: DataDir) -> None:
        self.data = data

    @property
    def locks(self) -> Locks:
        """The locks and window notes of this data directory's plans (``<data dir>/locks/``)."""
        return Locks(self.data.locks_dir, self.data.plans_dir)

    def save_lock(self, path: Path) -> FileLock:
        """Held for the milliseconds of a read-merge-write, so saves never interleave."""
        return self.locks.save_lock(path)

    def edit_lock(self, path: Path) -> FileLock:
        """Held by the window that edits a plan, for as long as it has the plan open."""
        return self.locks.edit_lock(path)

    def take_edit_lock(self, path: Path) -> tuple[FileLock | None, Holder | None]:
        """The edit lock if it is free, else who holds it (from its note)."""
        return self.locks.take_edit_lock(path)

    def window_lock(self, path: Path, role: str) -> FileLock | None:
        """This window's note on *path* (see :meth:`Locks.window_lock`); raises OSError when
        it cannot be written."""
        return self.locks.window_lock(path, role)

    @staticmethod
    def close_window(window: FileLock) -> None:
        """This process has closed the plan: its note goes with its lock (a window lock is
        tidy), so a presenter knows the window has closed even while the process runs on, at
        home."""
        window.release()

    say_place = staticmethod(Locks.say_place)

    def editing_place(self, path: Path) -> Place | None:
        """Where the scribe is in *path*: the editing window that moved last, from its note;
        else where the plan was last left (the state file). Only reads: no lock is taken, so a
        presenter never gets in the scribe's way."""
        place = self.locks.editing_place(path)
        if place is not None:
            return place
        return self.left_at(path)

    def editing_window_place(self, path: Path) -> Place | None:
        """Where the editing window that moved last is in *path*, from its note; None when no
        running window edits the plan (or none has said where it is yet). Only reads."""
        return self.locks.editing_place(path)

    def other_windows(self, path: Path) -> list[tuple[str, Holder]]:
        """Other processes that have *path* open, with their role."""
        return self.locks.other_windows(path)

    # --- Saving ----------------------------------------------------------------------------------

    def save(
        self, plan: Plan, path: Path, order: Sequence[str] = (), *, touch: bool = True
    ) -> None:
        """Write a plan to its file as it is (rename, restore); *touch* stamps ``updated``."""
        if touch:
            plan.updated = now_iso()
        with self.save_lock(path):
            write_plan(plan, path, order)

    def save_merged(
        self, plan: Plan, base: Plan, path: Path, order: Sequence[str], *, stamp: Stamp
    ) -> Saved:
        """Write *plan*, edited from *base*, to *path*, merged answer by answer with whatever
        another window saved there since *base* was read (the file's *stamp* then).

        Under the save lock: read, merge, write, so simultaneous saves lose nothing. Raises
        PlanFileError when the file on disk cannot be read (it is then left alone) and OSError
        when it cannot be written.
        """
        with self.save_lock(path):
            result = self._merge_from_disk(plan, base, path, stamp)
            result.plan.updated = now_iso()
            write_plan(result.plan, path, order)
            result.base = copy.deepcopy(result.plan)
            result.stamp = self.stamp(path)
            return result

    def reload(self, plan: Plan, base: Plan, path: Path, stamp: Stamp) -> Saved | None:
        """What another window saved since *stamp*, merged into *plan* (nothing is written);
        None when the file has not changed."""
        if self.stamp(path) == stamp:
            return None
        with self.save_lock(path):
            return self._merge_from_disk(plan, base, path, stamp)

    def _merge_from_disk(self, plan: Plan, base: Plan, path: Path, stamp: Stamp) -> Saved:
        current = self.stamp(path)
        if current == stamp:
            return Saved(plan, base=copy.deepcopy(plan), stamp=current)
        try:
            theirs = read_plan(path)
        except PlanFileError:
            if os.path.lexists(path):
                raise
            theirs = base  # deleted meanwhile: this window's plan brings it back
        from pilot2prod.merge import merge  # deferred: a plan opens without merging

        merged = merge(base, plan, theirs, at=now_iso())
        return Saved(
            merged.plan,
            base=theirs,
            stamp=current,
            conflicts=merged.conflicts,
            theirs_changed=merged.theirs_changed,
        )

    @staticmethod
    def stamp(path: Path) -> Stamp:
        """What identifies the file's current content cheaply, or None when it is missing."""
        return file_stamp(path)

    # --- Each window's own place in a plan -------------------------------------------------------

    def state_path(self, path: Path) -> Path:
        return self.data.state_dir / f"{path.stem}.toml"

    def left_at(self, path: Path) -> Place | None:
        """Where a plan was left in this data directory (not stored in the plan): its step,
        and the question being answered there when it is known."""
        try:
            data = tomllib.loads(self.state_path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        step, question = data.get("last_step"), data.get("last_question")
        if not isinstance(step, str):
            return None
        return Place(step, question if isinstance(question, str) else None)

    def position(self, path: Path) -> str | None:
        """The step a plan was left at in this data directory (not stored in the plan)."""
        place = self.left_at(path)
        return place.step if place is not None else None

    def save_position(self, path: Path, step_id: str, question_id: str | None = None) -> None:
        """Remember where a plan was left (its step, and the question being answered there);
        moving around never rewrites the plan file."""
        with contextlib.suppress(OSError):
            # Written at every step change and on closing: not worth waiting for the disk (a
            # crash forgets at worst where the plan was, never the answers).
            import tomli_w  # deferred: written once the first step is on screen

            left = {"last_step": step_id} | ({"last_question": question_id} if question_id else {})
            data = tomli_w.dumps(left).encode("utf-8")
            _write_atomic(self.state_path(path), data, durable=False)
