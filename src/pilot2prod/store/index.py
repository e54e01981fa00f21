"""The list of plans, and ``<data dir>/index.json`` that makes it fast.

Listing plans needs each one's name and summary; the index keeps them for files whose inode,
size and modification time it recorded, so home and ``list`` need not parse every plan. The
index is never trusted over the files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec import json as msgjson

from pilot2prod.errors import PlanFileError
from pilot2prod.fileio import read_limited
from pilot2prod.fileio import write_atomic as _write_atomic
from pilot2prod.plan import Plan
from pilot2prod.store.history import History
from pilot2prod.store.locations import DataDir
from pilot2prod.store.planfile import read_plan

INDEX_VERSION = 2
"""The layout of ``<data dir>/index.json``; an index of another layout is rebuilt."""

BankOf = tuple[str, str, str]
"""A plan's bank as its file records it: id, version, content hash."""
SummaryKey = str | Callable[[BankOf], str]
"""What summaries are computed with: one key for every plan, or a key per plan's bank."""


class Listed(Struct, frozen=True):
    """One file in plans/ as the index knows it: its plan's name and summary, or its error."""

    path: Path
    name: str | None
    updated: str
    summary: dict[str, Any] | None
    error: PlanFileError | None
    trend: tuple[Any, ...] = ()
    """Readiness (percent, or None) at the plan's last versions and now, oldest first."""
    bank: tuple[str, str, str] = ("", "", "")
    """The bank the plan records: its id, version and content hash (see banks.py)."""

    @property
    def direction(self) -> str:
        """↗, ↘ or → : how readiness moved since the version before; empty without history."""
        known = [v for v in self.trend if isinstance(v, int)]
        if len(known) < 2:
            return ""
        return "↗" if known[-1] > known[-2] else "↘" if known[-1] < known[-2] else "→"


SORTS = ("updated", "name", "readiness", "risk")
"""How a list of plans can be sorted: last update first (as home shows them), by name, least
ready first, or highest stall risk first."""
_RISK_ORDER = {"high": 0, "medium": 1, "low": 2}


def _when(updated: str) -> float:
    try:
        return dt.datetime.fromisoformat(updated.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def sort_listed(entries: Sequence[Listed], by: str = "updated") -> list[Listed]:
    """*entries* in the order *by* asks (one of :data:`SORTS`); unreadable files come last."""
    if by not in SORTS:
        raise ValueError(f"unknown sort {by!r}")

    def key(entry: Listed) -> tuple[Any, ...]:
        summary = entry.summary or {}
        name = (entry.name or entry.path.name).lower()
        if by == "name":
            return (entry.error is not None, name)
        if by == "readiness":
            ready = summary.get("readiness")
            return (entry.error is not None, ready is None, ready or 0, name)
        if by == "risk":
            top = summary.get("highest_risk") or {}
            level = _RISK_ORDER.get(str(top.get("level", "")), 3)
            return (entry.error is not None, level, name)
        return (entry.error is not None, -_when(entry.updated), entry.path.name)

    return sorted(entries, key=key)


def _file_key(path: Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns]


class Index:
    """The plans of one data directory as a list, kept fast by ``index.json``."""

    def __init__(self, data: DataDir, history: History) -> None:
        self.data = data
        self.history = history

    @property
    def index_path(self) -> Path:
        return self.data.index_path

    def listing(
        self, summarise: Callable[[Plan], dict[str, Any]] | None = None, key: SummaryKey = ""
    ) -> list[Listed]:
        """Every file in plans/ with its plan's name (and, with *summarise*, its summary).

        Names and summaries come from ``<data dir>/index.json`` for files whose inode, size
        and modification time are what the index recorded; any other file is read (and the
        index updated). The index is never trusted over the files. *key* names what the
        summaries were computed with (the bank and this version); others are recomputed. A
        callable *key* gives it per plan, from the bank the plan records (each plan is summed
        up with its own bank).
        """
        files = self.data.files()
        index = self._read_index()
        records = index.get("files", {})
        if not isinstance(records, dict):
            records = {}
        fresh: dict[str, Any] = {}
        changed = False
        listed: list[Listed] = []
        for path in files:
            stamp = _file_key(path)
            record = records.get(path.name)
            usable = (
                isinstance(record, dict)
                and stamp is not None
                and record.get("stamp") == stamp
                # The history only changes the trend, a part of the summary: a listing of
                # names (finding a plan by name) never looks at it, and a record it kept with
                # an older history is summed up again when summaries are next asked for.
                and (summarise is None or record.get("history") == self.history.changed_at(path))
                and (
                    "error" in record
                    or summarise is None
                    or record.get("key") == _key_of(key, record)
                )
            )
            if not usable:
                record = self._index_record(path, stamp, summarise, key)
                changed = changed or _utf8(path.name)  # (a name the index cannot hold: read again)
            assert isinstance(record, dict)
            bank = _bank_of(record)
            fits = "error" not in record and record.get("key") == _key_of(key, record)
            fresh[path.name] = record
            error = None
            if "error" in record:
                error = PlanFileError(path, str(record["error"]), record.get("line"))
            listed.append(
                Listed(
                    path,
                    record.get("name"),
                    str(record.get("updated", "")),
                    record.get("summary") if summarise and fits else None,
                    error,
                    tuple(record.get("trend") or ()),
                    bank,
                )
            )
        if changed or {name for name in fresh if _utf8(name)} != set(records):
            self._write_index(fresh)
        return listed

    def _index_record(
        self,
        path: Path,
        stamp: list[int] | None,
        summarise: Callable[[Plan], dict[str, Any]] | None,
        key: SummaryKey,
    ) -> dict[str, Any]:
        try:
            plan = read_plan(path)
        except PlanFileError as exc:
            record: dict[str, Any] = {"stamp": stamp, "error": exc.reason}
            if exc.line is not None:
                record["line"] = exc.line
            return record
        record = {"stamp": stamp, "name": plan.name, "updated": plan.updated}
        record["bank"] = [plan.bank_id, plan.bank_version, plan.bank_hash]
        record["history"] = self.history.changed_at(path)
        if summarise is not None:
            summary = summarise(plan)
            record |= {
                "key": _key_of(key, record),
                "summary": summary,
                "trend": self.history.trend(path, summarise),
            }
            if record["trend"] and record["trend"][-1] != summary.get("readiness"):
                record["trend"].append(summary.get("readiness"))
        return record

    def _read_index(self) -> dict[str, Any]:
        try:
            data = msgjson.decode(read_limited(self.index_path, 50 * 1024 * 1024))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
            return {}
        return data

    def _write_index(self, records: dict[str, Any]) -> None:
        """Keep the index; a failure only means the next start reads the files again. A file
        whose name is not UTF-8 (bytes the system could not decode) is left out of it: it is
        read again each time, as JSON cannot hold its name."""
        try:
            data = msgjson.encode({"version": INDEX_VERSION, "files": records})
        except UnicodeEncodeError:
            kept = {name: record for name, record in records.items() if _utf8(name)}
            data = msgjson.encode({"version": INDEX_VERSION, "files": kept})
        with contextlib.suppress(OSError):
            _write_atomic(self.index_path, data, private=True)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bank_of(record: dict[str, Any]) -> BankOf:
    bank = record.get("bank")
    if isinstance(bank, list) and len(bank) == 3 and all(isinstance(v, str) for v in bank):
        return (bank[0], bank[1], bank[2])
    return ("", "", "")


def _key_of(key: SummaryKey, record: dict[str, Any]) -> str:
    return key if isinstance(key, str) else key(_bank_of(record))
