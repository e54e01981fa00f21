"""The plans in ``plans/``: finding one by name, creating, renaming, copying and trashing.

A plan is found by its exact name, then ignoring case, then by its file stem: nothing fuzzier,
so another plan is never picked by mistake. A new plan claims a fresh file name; a plan is
never deleted outright but moved to ``<data dir>/trash/``.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Sequence
from pathlib import Path

from pilot2prod.errors import PlanExistsError, PlanInUseError, PlanNotFoundError, UsageError
from pilot2prod.fileio import make_private_dir
from pilot2prod.locks import Holder
from pilot2prod.plan import Plan, now_iso
from pilot2prod.store.index import Index
from pilot2prod.store.locations import PLAN_SUFFIX, DataDir
from pilot2prod.store.names import check_name, slugify
from pilot2prod.store.planfile import read_plan, write_plan
from pilot2prod.store.windows import Windows


class Plans:
    """The plan files of one data directory."""

    def __init__(self, data: DataDir, index: Index, windows: Windows) -> None:
        self.data = data
        self.index = index
        self.windows = windows

    def find(self, name: str) -> Path:
        """The file of the plan called *name*: exactly, then ignoring case, then the exact file
        stem. Nothing fuzzier, so another plan is never picked by mistake; a near miss names
        the candidates, and a plan whose file cannot be read reports why."""
        wanted = check_name(name)
        entries = self.index.listing()
        stems = {wanted, wanted.removesuffix(PLAN_SUFFIX)}
        for matches in (
            [e for e in entries if e.name == wanted],
            [e for e in entries if e.name and e.name.casefold() == wanted.casefold()],
            [e for e in entries if e.path.stem in stems],
        ):
            if len(matches) == 1:
                if matches[0].error is not None:
                    raise matches[0].error
                return matches[0].path
            if len(matches) > 1:
                files = ", ".join(m.path.name for m in matches)
                raise UsageError(f"more than one plan answers to '{wanted}' ({files})")
        unreadable = [e for e in entries if e.error and e.path.stem == slugify(wanted)]
        if unreadable and unreadable[0].error is not None:
            raise unreadable[0].error
        names = [e.name for e in entries if e.name]
        close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
        folded = wanted.casefold()
        close += [
            n
            for n in names
            if (folded in n.casefold() or n.casefold() in folded) and n not in close
        ][:3]
        hint = (
            "did you mean " + ", ".join(f"'{n}'" for n in close[:3]) + "?"
            if close
            else "run 'pilot2prod list' to see the plans"
        )
        raise PlanNotFoundError(f"no plan named '{wanted}' in {self.data.plans_dir} ({hint})")

    def _check_free(self, name: str) -> None:
        for entry in self.index.listing():
            if entry.name and entry.name.casefold() == name.casefold():
                raise PlanExistsError(f"a plan named '{entry.name}' already exists ({entry.path})")

    def path_for(self, name: str) -> Path:
        """A file in plans/ for a new plan called *name*, never one that exists already."""
        folder = self.data.ensure()
        slug = slugify(name)
        candidate = folder / f"{slug}{PLAN_SUFFIX}"
        number = 2
        while candidate.exists():
            candidate = folder / f"{slug}-{number}{PLAN_SUFFIX}"
            number += 1
        return candidate

    def create(self, plan: Plan, order: Sequence[str] = ()) -> Path:
        """Write a new plan under a fresh file name; refuse a name already in use."""
        plan.name = check_name(plan.name)
        self.data.ensure()
        self._check_free(plan.name)
        # Claim the file name first (O_EXCL) so two processes never take the same file.
        while True:
            path = self.path_for(plan.name)
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                break
            except FileExistsError:
                continue
        try:
            write_plan(plan, path, order)
        except BaseException:
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        return path

    def load(self, path: Path) -> Plan:
        return read_plan(path)

    def trash(self, path: Path) -> Path:
        """Move a plan file into the trash folder (never deleted outright); return where it went.

        A plan another window is editing is refused, naming that window.
        """
        lock = self.windows.edit_lock(path)
        if not lock.try_acquire():
            holder = Holder.from_note(lock.read_note())
            raise PlanInUseError(f"{path.name} is open for editing {holder.describe()}")
        lock.release()
        make_private_dir(self.data.trash_dir)
        stamp = now_iso().replace(":", "").replace("-", "")
        target = self.data.trash_dir / f"{path.stem}.{stamp}{PLAN_SUFFIX}"
        number = 2
        while target.exists():
            target = self.data.trash_dir / f"{path.stem}.{stamp}-{number}{PLAN_SUFFIX}"
            number += 1
        os.replace(path, target)
        return target

    def rename(self, path: Path, new_name: str, order: Sequence[str] = ()) -> Path:
        """Give a plan a new name (and a file name to match); return its new path."""
        new_name = check_name(new_name)
        plan = read_plan(path)
        if plan.name.casefold() != new_name.casefold():
            self._check_free(new_name)
        same_file_name = slugify(new_name) == slugify(plan.name)
        plan.name = new_name
        if same_file_name:
            self.windows.save(plan, path, order)
            return path
        new_path = self.create(plan, order)
        path.unlink()
        return new_path

    def duplicate(self, path: Path, new_name: str, order: Sequence[str] = ()) -> Path:
        """Copy a plan under a new name, as a new plan created now."""
        plan = read_plan(path)
        copy = Plan(
            name=new_name,
            bank_id=plan.bank_id,
            bank_version=plan.bank_version,
            bank_hash=plan.bank_hash,
            answers=plan.answers,
            drafts=plan.drafts,
            notes=plan.notes,
            extra=plan.extra,
        )
        return self.create(copy, order)
