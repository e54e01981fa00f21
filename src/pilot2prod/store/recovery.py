"""What a crash or a full disk leaves behind: recovery files, and temporary files to tidy.

When a plan cannot be saved, the answers a window has beyond the file go to a recovery file in
``<data dir>/recovery/`` (else a private folder in the system's temporary directory). Every way
into a plan offers its recovery files: restored, they are merged into the plan (the recovered
answer wins, the other is kept as a conflict). Temporary files a killed save left are removed
once they are old enough to be dead.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import getpass
import os
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from pilot2prod.errors import PlanFileError, UsageError
from pilot2prod.fileio import (
    TEMP_SUFFIX,
    make_private_dir,
    naming,
    read_limited,
    remove_stale_temp_files,
)
from pilot2prod.plan import Plan, now_iso
from pilot2prod.store.locations import PLAN_SUFFIX, DataDir
from pilot2prod.store.planfile import dumps, loads, read_plan, write_plan
from pilot2prod.store.windows import Saved, Windows


def tempfile_dir() -> str:
    return tempfile.gettempdir()


def changed_answers(base: Plan, plan: Plan) -> list[str]:
    """The answer ids whose value or draft differs between *base* and *plan*."""
    ids = set(base.answers) | set(base.drafts) | set(plan.answers) | set(plan.drafts)
    return sorted(
        q
        for q in ids
        if (base.answers.get(q), base.drafts.get(q)) != (plan.answers.get(q), plan.drafts.get(q))
    )


class Recovery(Struct, frozen=True):
    """A recovery file: answers a window could not save, and the plan file they belong to."""

    file: Path
    plan_file: Path
    saved: str
    plan: Plan
    changed: tuple[str, ...]
    base_answers: dict[str, Any]
    base_drafts: dict[str, str]
    data_dir: Path | None = None
    """The data directory it was written from (files earlier versions wrote name none: their
    plan file's folder says where they belong)."""

    @classmethod
    def read(cls, file: Path) -> Recovery | None:
        try:
            source = read_limited(file).decode("utf-8")
            plan = loads(source, file)
            info = tomllib.loads(source).get("recovery")
        except (OSError, UnicodeDecodeError, PlanFileError, tomllib.TOMLDecodeError):
            return None
        if not isinstance(info, dict) or not isinstance(info.get("plan_file"), str):
            return None
        changed = info.get("changed", [])
        base_answers = info.get("base_answers", {})
        base_drafts = info.get("base_drafts", {})
        if not isinstance(changed, list) or not isinstance(base_answers, dict):
            return None
        plan.extra.pop("recovery", None)
        data_dir = info.get("data_dir")
        return cls(
            file,
            Path(info["plan_file"]),
            str(info.get("saved", "")),
            plan,
            tuple(str(q) for q in changed),
            base_answers,
            base_drafts if isinstance(base_drafts, dict) else {},
            Path(data_dir) if isinstance(data_dir, str) and data_dir else None,
        )

    def belongs_to(self, root: Path, plan_file: Path | None = None) -> bool:
        """Whether these answers are for the data directory *root* (and the plan file
        *plan_file*, when given): a recovery is offered only where it came from."""
        if self.data_dir is not None and not _same_place(self.data_dir, root):
            return False
        if not _same_place(self.plan_file.parent, root / "plans"):
            return False
        return plan_file is None or (
            self.plan_file.name == plan_file.name
            and _same_place(self.plan_file.parent, plan_file.parent)
        )


def _same_place(one: Path, other: Path) -> bool:
    """Whether two paths name the same folder or file (through links; by name when either
    is missing)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.realpath(one) == os.path.realpath(other)


def _write_new(folder: Path, stem: str, data: bytes) -> Path:
    """Write *data* to a new file ``<stem>-N.toml`` in *folder* (the first N free) that
    appears whole or not at all: written and synced under a temporary name first."""
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{stem}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        for number in range(1, 1000):
            target = folder / f"{stem}-{number}{PLAN_SUFFIX}"
            try:
                os.link(tmp_name, target)  # never replaces a file that is there
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                    raise
                if os.path.lexists(target):  # a file system without hard links
                    continue
                os.replace(tmp_name, target)
            return target
        raise FileExistsError(errno.EEXIST, "no free name for a recovery file", str(folder))
    except OSError as exc:
        raise naming(exc, folder) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)


class Recoveries:
    """The recovery files of one data directory, and the tidying of what crashes leave."""

    def __init__(self, data: DataDir, windows: Windows) -> None:
        self.data = data
        self.windows = windows

    def recovery_dirs(self) -> list[Path]:
        """Where unsaved answers go when the plan cannot be saved: the data directory, else a
        private folder in the system's temporary directory."""
        uid = os.getuid() if hasattr(os, "getuid") else getpass.getuser()
        return [self.data.recovery_dir, Path(tempfile_dir()) / f"pilot2prod-{uid}" / "recovery"]

    def save_recovery(self, plan: Plan, base: Plan, path: Path, order: Sequence[str]) -> Path:
        """Write the answers *plan* has beyond *base* to a new recovery file; return it.

        The file says which data directory and plan file the answers are for, and appears
        whole or not at all (a full disk leaves no empty file). Raises OSError when no
        recovery folder can be written either.
        """
        import tomli_w  # deferred: a plan opens without writing anything of this kind

        changed = changed_answers(base, plan)
        document = tomllib.loads(dumps(plan, order))
        document["recovery"] = {
            "data_dir": os.path.abspath(self.data.root),
            "plan_file": os.path.abspath(path),
            "saved": now_iso(),
            "changed": changed,
            "base_answers": {q: base.answers[q] for q in changed if q in base.answers},
            "base_drafts": {q: base.drafts[q] for q in changed if q in base.drafts},
        }
        data = tomli_w.dumps(document, multiline_strings=True).encode("utf-8")
        stamp = now_iso().replace(":", "").replace("-", "")
        last: OSError | None = None
        for folder in self.recovery_dirs():
            try:
                make_private_dir(folder)
                return _write_new(folder, f"{path.stem}.{stamp}", data)
            except OSError as exc:
                last = exc
        raise last or OSError("no folder for a recovery file could be written")

    def recoveries(self, path: Path | None = None) -> list[Recovery]:
        """Recovery files of this data directory waiting to be restored (only those of the
        plan at *path*, when given), oldest first. Files that cannot be read are skipped."""
        found: list[Recovery] = []
        for folder in self.recovery_dirs():
            try:
                files = sorted(folder.glob(f"*{PLAN_SUFFIX}"))
            except OSError:
                continue
            for file in files:
                recovery = Recovery.read(file)
                if recovery is not None and recovery.belongs_to(self.data.root, path):
                    found.append(recovery)
        return sorted(found, key=lambda r: r.saved)

    def restore(self, recovery: Recovery, order: Sequence[str] = ()) -> Saved:
        """Bring a recovery file's answers back into its plan (merged with what the plan has
        now: the recovered answer wins, the other is kept as a conflict); removes the file."""
        from pilot2prod.merge import merge  # deferred: a plan opens without merging

        if not recovery.belongs_to(self.data.root):
            raise UsageError(
                f"{recovery.file} holds answers for {recovery.plan_file}, not for a plan in "
                f"{self.data.plans_dir}"
            )
        path = self.data.plans_dir / recovery.plan_file.name  # (the same file: see belongs_to)
        with self.windows.save_lock(path):
            current = read_plan(path)
            base = copy.deepcopy(current)
            ours = copy.deepcopy(current)
            for qid in recovery.changed:
                sides: list[tuple[dict[str, Any], dict[str, Any]]] = [
                    (base.answers, recovery.base_answers),
                    (base.drafts, recovery.base_drafts),
                    (ours.answers, recovery.plan.answers),
                    (ours.drafts, recovery.plan.drafts),
                ]
                for target, source in sides:
                    target.pop(qid, None)
                    if qid in source:
                        target[qid] = source[qid]
            merged = merge(base, ours, current, at=now_iso(), by="the plan file, restoring")
            merged.plan.updated = now_iso()
            write_plan(merged.plan, path, order)
        self.discard(recovery)
        return Saved(
            merged.plan,
            base=merged.plan,
            stamp=self.windows.stamp(path),
            conflicts=merged.conflicts,
        )

    @staticmethod
    def discard(recovery: Recovery) -> None:
        """Remove a recovery file (restored, or its answers given up)."""
        with contextlib.suppress(OSError):
            recovery.file.unlink()

    def tidy(self) -> None:
        """Remove temporary files killed saves left behind (only ones old enough to be dead),
        and lock files nobody holds (see :meth:`pilot2prod.locks.Locks.tidy`)."""
        folders = [
            self.data.plans_dir,
            self.data.root,
            self.data.state_dir,
            *self.recovery_dirs(),
        ]
        with contextlib.suppress(OSError):
            folders += [p for p in self.data.history_root.iterdir() if p.is_dir()]
        for folder in folders:
            if folder.is_dir():
                remove_stale_temp_files(folder)
        for folder in self.recovery_dirs():  # empty recovery files earlier versions could leave
            remove_stale_temp_files(folder, pattern=f"*{PLAN_SUFFIX}", empty_only=True)
        self.windows.locks.tidy()
