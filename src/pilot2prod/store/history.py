"""A plan's history: its saved versions in ``<data dir>/history/<plan file stem>/``.

A version is kept when a wizard session that changed the plan ends, or on demand with a label
(``history NAME --save LABEL``); old unlabelled ones are pruned. A version can be found by its
number or label, read back, and restored (the plan as it was is kept first).
"""

from __future__ import annotations

import contextlib
import copy
import os
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from pilot2prod import text
from pilot2prod.errors import NoHistoryError, PlanFileError, PlanInUseError
from pilot2prod.fileio import FileRefused, make_private_dir, read_limited
from pilot2prod.plan import Plan, now_iso, single_line
from pilot2prod.store.locations import DataDir
from pilot2prod.store.planfile import plan_called, read_plan, why_unreadable, write_plan
from pilot2prod.store.windows import Windows

VERSION_TABLE = "version"
"""The table a history file adds to the plan it keeps: when, and its label."""
TREND_VERSIONS = 5
"""Versions whose readiness make a plan's trend on home."""
KEEP_VERSIONS = 50
"""Unlabelled versions kept per plan (the oldest go first); labelled ones are always kept."""


class Version(Struct, frozen=True):
    """One saved version of a plan, in ``<data dir>/history/<plan file stem>/``."""

    number: int
    at: str
    label: str
    file: Path
    problem: str = ""
    """Why the file cannot be read as a plan (with its line), or empty when it can be."""


class History:
    """The versions of one data directory's plans."""

    def __init__(self, data: DataDir, windows: Windows) -> None:
        self.data = data
        self.windows = windows

    def history_dir(self, path: Path) -> Path:
        return self.data.history_root / path.stem

    def changed_at(self, path: Path) -> int | None:
        """When the plan's history last changed (its folder's time), or None without one."""
        try:
            return os.stat(self.history_dir(path)).st_mtime_ns
        except OSError:
            return None

    def trend(self, path: Path, summarise: Callable[[Plan], dict[str, Any]]) -> list[Any]:
        """Readiness at each of the plan's last versions (oldest first), for home's arrow."""
        values = []
        for version in self.versions(path)[-TREND_VERSIONS:]:
            try:
                values.append(summarise(self.version_plan(version)).get("readiness"))
            except PlanFileError:
                continue
        return values

    def versions(self, path: Path) -> list[Version]:
        """The plan's saved versions, oldest first. A file that cannot be read as a plan is
        listed too, with its :attr:`Version.problem`."""
        folder = self.history_dir(path)
        try:
            files = sorted(folder.glob("*.toml"), key=lambda f: (len(f.stem), f.stem))
        except OSError:
            return []
        found = []
        for file in files:
            if not (file.stem.isascii() and file.stem.isdigit()):
                continue
            problem = ""
            meta: Any = {}
            try:
                data = tomllib.loads(read_limited(file).decode("utf-8"))
                if "schema_version" not in data:
                    raise ValueError
            except (OSError, FileRefused, UnicodeDecodeError, ValueError):
                problem = why_unreadable(file)  # (a TOMLDecodeError is a ValueError)
            else:
                meta = data.get(VERSION_TABLE)
            meta = meta if isinstance(meta, dict) else {}
            found.append(
                Version(
                    int(file.stem),
                    text.clean(str(meta.get("at", ""))),
                    text.clean(str(meta.get("label", ""))),
                    file,
                    problem,
                )
            )
        return found

    def version_plan(self, version: Version) -> Plan:
        """The plan as it was in *version* (without the version's own note). Raises
        PlanFileError naming the file and why it cannot be read."""
        plan = read_plan(version.file)
        plan.extra.pop(VERSION_TABLE, None)
        return plan

    def snapshot(
        self, path: Path, order: Sequence[str] = (), label: str = "", *, plan: Plan | None = None
    ) -> Version | None:
        """Keep the plan at *path* (or *plan*) as a new version, with an optional *label*.

        Nothing is kept when it holds the same answers as the latest version and no label is
        given. Old unlabelled versions are pruned (:data:`KEEP_VERSIONS`). Returns the new
        version, or None.
        """
        current = plan if plan is not None else read_plan(path)
        earlier = self.versions(path)
        label = single_line(label)
        if earlier and not label and not earlier[-1].problem:
            from pilot2prod.merge import same_content

            with contextlib.suppress(PlanFileError):
                if same_content(self.version_plan(earlier[-1]), current):
                    return None
        number = earlier[-1].number + 1 if earlier else 1
        stamp = now_iso()
        kept = copy.deepcopy(current)
        kept.extra[VERSION_TABLE] = {"at": stamp} | ({"label": label} if label else {})
        file = self.history_dir(path) / f"{number:04d}.toml"
        make_private_dir(file.parent)
        write_plan(kept, file, order)
        unlabelled = [v for v in earlier if not v.label and not v.problem]  # (never a broken one)
        for old in unlabelled[: max(0, len(unlabelled) + 1 - KEEP_VERSIONS)]:
            with contextlib.suppress(OSError):
                old.file.unlink()
        return Version(number, stamp, label, file)

    def find_version(self, path: Path, wanted: str) -> Version:
        """A version by its number or its label (exactly, in any case; the newest of those
        with that label); raises a one-sentence error naming the plan and what there is."""
        versions = self.versions(path)
        if not versions:
            name = text.for_terminal(plan_called(path))
            raise NoHistoryError(
                f"'{name}' has no history yet: versions are kept when a wizard session that "
                "changed it ends, or with 'history NAME --save LABEL'"
            )
        key = wanted.strip()
        for version in versions:
            if key.isdigit() and int(key) == version.number:
                return version
        for version in reversed(versions):  # (a label saved again names the newer one)
            if version.label and version.label.casefold() == key.casefold():
                return version
        numbers = ", ".join(str(v.number) for v in versions[-5:])
        raise NoHistoryError(
            f"'{text.for_terminal(plan_called(path))}' has no version '{text.for_terminal(key)}' "
            f"(the latest are {numbers}; 'pilot2prod history' lists them)"
        )

    def restore_version(self, path: Path, version: Version, order: Sequence[str] = ()) -> Version:
        """Bring *version* back as the plan, unless a window is editing it. The plan as it was
        is kept first, and the restored plan is itself a new version."""
        lock, holder = self.windows.take_edit_lock(path)
        editing = [h for role, h in self.windows.other_windows(path) if role == "editing"]
        if lock is None or editing:
            if lock is not None:
                lock.release()
            found = holder or (editing[0] if editing else None)
            who = found.describe() if found else "in another window"
            name = text.for_terminal(plan_called(path))
            raise PlanInUseError(f"'{name}' is being edited {who}; close it there, then restore")
        try:
            plan = self.version_plan(version)  # one that cannot be read says so, changing nothing
            self.snapshot(path, order)
            self.windows.save(plan, path, order, touch=True)
            kept = self.snapshot(path, order, f"restored from version {version.number}")
            assert kept is not None
            return kept
        finally:
            lock.release()
