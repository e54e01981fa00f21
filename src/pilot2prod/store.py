"""Where plans live and how they are written: the only module that touches plan files.

A data directory holds ``plans/`` with one TOML file per plan. The directory is, in order of
precedence, ``--data-dir``, the ``PILOT2PROD_DATA_DIR`` environment variable, or platformdirs'
user data directory for ``pilot2prod``. Writes are atomic; a file that cannot be read is
reported (naming the file and the line) and never overwritten. docs/file-format.md documents it.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import difflib
import errno
import getpass
import json
import os
import re
import stat
import tempfile
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from pilot2prod import text
from pilot2prod.bank import Bank
from pilot2prod.errors import (
    DataDirError,
    NoHistoryError,
    PlanExistsError,
    PlanFileError,
    PlanInUseError,
    PlanNotFoundError,
    UsageError,
    WrongTypesError,
)
from pilot2prod.fileio import (
    TEMP_SUFFIX,
    FileLock,
    FileRefused,
    make_private_dir,
    naming,
    read_limited,
    remove_stale_temp_files,
)
from pilot2prod.fileio import write_atomic as _write_atomic
from pilot2prod.locks import Holder, Locks, Place
from pilot2prod.merge import Merged, merge
from pilot2prod.plan import (
    Plan,
    clean_answer,
    clean_name,
    normalise_dates,
    now_iso,
    single_line,
    wrong_types,
)

SCHEMA_VERSION = 1
RECORD_TABLES = ("actions", "parked", "sureness", "workshop")
"""The workshop record's top-level tables (record.py). Added without a schema version bump: a
version that does not know them keeps them as unknown tables."""
ENV_VAR = "PILOT2PROD_DATA_DIR"
APP_NAME = "pilot2prod"
PLAN_SUFFIX = ".toml"
MAX_SLUG = 64

_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}
_BOM = b"\xef\xbb\xbf"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: *override*, else ``$PILOT2PROD_DATA_DIR``, else the platform default."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def slugify(name: str) -> str:
    """A safe file stem for *name*: lowercase ASCII letters, digits and dashes, never empty.

    It never holds a path separator or dots, never names a Windows device, and is at most
    64 characters long.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:MAX_SLUG].rstrip("-") or "plan"
    if slug in _RESERVED:
        slug = f"{slug}-plan"
    return slug


def check_name(name: str) -> str:
    """Clean a plan name typed by a person; raise UsageError when nothing is left.

    Invisible and bidirectional-control characters are removed: a name can never look like
    another one, or be made of nothing visible.
    """
    cleaned = clean_name(name)
    if not cleaned:
        raise UsageError("a plan name cannot be empty or made only of invisible characters")
    return cleaned


# --- Reading and writing one file ---------------------------------------------------------------


def dumps(plan: Plan, order: Sequence[str] = ()) -> str:
    """Serialise *plan* to TOML text; answers follow *order* (the bank's), then the rest sorted."""
    position = {qid: i for i, qid in enumerate(order)}
    answer_ids = sorted(plan.answers, key=lambda qid: (position.get(qid, len(position)), qid))
    meta: dict[str, Any] = {
        "name": plan.name,
        "created": plan.created,
        "updated": plan.updated,
        "bank_id": plan.bank_id,
        "bank_version": plan.bank_version,
    }
    if plan.last_step:
        meta["last_step"] = plan.last_step
    for key, value in plan.meta_extra.items():
        meta.setdefault(key, value)
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if plan.notes:
        document["notes"] = plan.notes
    document["plan"] = meta
    document["answers"] = {qid: plan.answers[qid] for qid in answer_ids}
    if plan.drafts:
        draft_ids = sorted(plan.drafts, key=lambda qid: (position.get(qid, len(position)), qid))
        document["drafts"] = {qid: plan.drafts[qid] for qid in draft_ids}
    for key in RECORD_TABLES:
        table = getattr(plan, key)
        if table:
            document[key] = table
    for key, value in plan.extra.items():
        document.setdefault(key, value)
    if plan.conflicts:
        document["conflicts"] = plan.conflicts
    return tomli_w.dumps(document, multiline_strings=True)


def loads(source: str, path: Path) -> Plan:
    """Parse plan TOML text; *path* is only for messages. Raises PlanFileError."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line, detail = _toml_error(exc)
        raise PlanFileError(path, f"this is not valid TOML ({detail})", line) from None
    return _from_document(data, source, path)


def read_plan(path: Path) -> Plan:
    """Read one plan file. Raises PlanFileError naming the file (and line) when it can't."""
    try:
        raw = read_limited(path)
    except FileRefused as exc:
        raise PlanFileError(path, f"this cannot be a plan file: {exc.reason}") from None
    except FileNotFoundError:
        if os.path.islink(path):
            raise PlanFileError(path, "this is a link to a file that does not exist") from None
        raise PlanFileError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise PlanFileError(path, "this is a folder, not a plan file") from None
    except OSError as exc:
        raise PlanFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise PlanFileError(path, "the file is empty")
    if raw.startswith(_BOM):
        raise PlanFileError(
            path, "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without one", 1
        )
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanFileError(path, "the file is not UTF-8 text", line) from None
    return loads(source, path)


def write_plan(plan: Plan, path: Path, order: Sequence[str] = ()) -> None:
    """Write *plan* to *path* atomically: a crash leaves either the old file or the new one.

    The file keeps its mode (a new one is 0600); a symbolic link is written through.
    """
    _write_atomic(path, dumps(plan, order).encode("utf-8"), private=True)


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Replace *path* with *data* atomically (an export: a new file follows the umask, a file
    that exists keeps its mode)."""
    _write_atomic(path, data, private=private)


def _toml_error(exc: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if match:
        detail = message[: match.start()].strip().rstrip(".") or "invalid TOML"
        return int(match.group(1)), f"{detail[0].lower()}{detail[1:]} at column {match.group(2)}"
    match = re.search(r"\(at end of document\)", message)
    if match:
        detail = message[: match.start()].strip()
        return None, f"{detail[0].lower()}{detail[1:]} at the end of the file"
    return None, message


def _line_of(source: str, key: str, table: str | None = None) -> int | None:
    """The line on which *key* is set, inside ``[table]`` when given (best effort)."""
    lines = source.splitlines()
    start = 0
    if table is not None:
        header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
        for i, line in enumerate(lines):
            if header.match(line):
                start = i
                break
        else:
            start = 0
    pattern = re.compile(
        rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*[=.]"""
    )
    sub_table = (
        re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\.{re.escape(key)}\b") if table else None
    )
    for i in range(start, len(lines)):
        if pattern.match(lines[i]) or (sub_table and sub_table.match(lines[i])):
            return i + 1
    return None


_VALUE_HELP = "text, a number, a date, a list, or a table"


def _from_document(data: dict[str, Any], source: str, path: Path) -> Plan:
    def fail(message: str, key: str, table: str | None = None) -> PlanFileError:
        return PlanFileError(path, message, _line_of(source, key, table))

    version = data.get("schema_version")
    if version is None:
        raise PlanFileError(path, "this is not a pilot2prod plan: 'schema_version' is missing", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail("'schema_version' must be a whole number", "schema_version")
    if version > SCHEMA_VERSION:
        raise fail(
            f"the plan was written by a newer pilot2prod (schema_version {version}; this version "
            f"reads up to {SCHEMA_VERSION}); upgrade pilot2prod to open it",
            "schema_version",
        )
    if version < 1:
        raise fail(
            f"'schema_version' {version} is not a version pilot2prod ever wrote", "schema_version"
        )

    meta = data.get("plan")
    if not isinstance(meta, dict):
        raise fail("the [plan] table with the plan's name is missing", "plan")
    for key in ("name", "created", "updated", "bank_id", "bank_version", "last_step"):
        if key in meta and not isinstance(meta[key], str):
            raise fail(f"'plan.{key}' must be text in quotes", key, "plan")
    name = clean_name(meta.get("name", ""))
    if not name:
        raise fail("the plan has no name ('name' in [plan] is missing or empty)", "name", "plan")

    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        raise fail("'answers' must be a table ([answers])", "answers")
    for qid, value in answers.items():
        problem = _check_value(value)
        if problem:
            raise fail(f"the answer '{text.for_terminal(qid)}' {problem}", qid, "answers")

    drafts = data.get("drafts", {})
    if not isinstance(drafts, dict):
        raise fail("'drafts' must be a table ([drafts]) of text typed but not yet valid", "drafts")
    for qid, value in drafts.items():
        if not isinstance(value, str):
            raise fail(f"the draft '{text.for_terminal(qid)}' must be text", qid, "drafts")

    notes = data.get("notes", "")
    if not isinstance(notes, str):
        raise fail("'notes' must be text", "notes")

    conflicts = data.get("conflicts", [])
    if not (isinstance(conflicts, list) and all(isinstance(c, dict) for c in conflicts)):
        raise fail("'conflicts' must be a list of tables ([[conflicts]])", "conflicts")

    records: dict[str, dict[str, Any]] = {}
    for key in RECORD_TABLES:
        table = data.get(key, {})
        if not isinstance(table, dict):
            raise fail(f"'{key}' must be a table ([{key}])", key)
        if key != "workshop":
            for item, fields in table.items():
                if not isinstance(fields, dict):
                    shown = text.for_terminal(item)
                    raise fail(f"'{key}.{shown}' must be a table ([{key}.{shown}])", item, key)
        for item, value in table.items():
            problem = _check_value(value, -1 if key == "workshop" else 0)
            if problem:
                raise fail(f"'{key}.{text.for_terminal(item)}' {problem}", item, key)
        records[key] = {text.clean(k): clean_answer(v) for k, v in table.items()}

    known = {"schema_version", "plan", "answers", "drafts", "notes", "conflicts", *RECORD_TABLES}
    known_meta = {"name", "created", "updated", "bank_id", "bank_version", "last_step"}
    created = meta.get("created") or now_iso()
    return Plan(
        name=name,
        bank_id=text.clean(meta.get("bank_id", "")),
        bank_version=text.clean(meta.get("bank_version", "")),
        created=text.clean(created),
        updated=text.clean(meta.get("updated") or created),
        last_step=text.clean(meta.get("last_step", "")),
        answers={text.clean(k): clean_answer(v) for k, v in answers.items()},
        drafts={text.clean(k): text.clean(v) for k, v in drafts.items()},
        notes=text.clean(notes),
        extra={k: clean_answer(v) for k, v in data.items() if k not in known},
        meta_extra={k: clean_answer(v) for k, v in meta.items() if k not in known_meta},
        conflicts=[clean_answer(c) for c in conflicts],
        **records,
    )


def _check_value(value: Any, depth: int = 0) -> str | None:
    """Why *value* can't be an answer, or None when it can."""
    if isinstance(value, str | int | float | bool | dt.date | dt.time):
        return None
    if depth >= 2:
        return f"is nested too deeply (use {_VALUE_HELP})"
    if isinstance(value, list):
        for item in value:
            problem = _check_value(item, depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        for item in value.values():
            problem = _check_value(item, depth + 1)
            if problem:
                return problem
        return None
    return f"has a value of an unsupported type (use {_VALUE_HELP})"


# --- The data directory -------------------------------------------------------------------------


Stamp = tuple[int, int, int, int] | None
"""What identifies a file's content cheaply (inode, mtime, ctime, size), or None if missing."""


def tempfile_dir() -> str:
    return tempfile.gettempdir()


@dataclass
class Saved:
    """What a save or a reload did: the plan as it now stands, the version on disk it was
    merged with (the next base), the file's stamp, and what the other window brought."""

    plan: Plan
    base: Plan
    stamp: Stamp
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    theirs_changed: set[str] = field(default_factory=set)


def changed_answers(base: Plan, plan: Plan) -> list[str]:
    """The answer ids whose value or draft differs between *base* and *plan*."""
    ids = set(base.answers) | set(base.drafts) | set(plan.answers) | set(plan.drafts)
    return sorted(
        q
        for q in ids
        if (base.answers.get(q), base.drafts.get(q)) != (plan.answers.get(q), plan.drafts.get(q))
    )


VERSION_TABLE = "version"
"""The table a history file adds to the plan it keeps: when, and its label."""
TREND_VERSIONS = 5
"""Versions whose readiness make a plan's trend on home."""
KEEP_VERSIONS = 50
"""Unlabelled versions kept per plan (the oldest go first); labelled ones are always kept."""


@dataclass(frozen=True)
class Version:
    """One saved version of a plan, in ``<data dir>/history/<plan file stem>/``."""

    number: int
    at: str
    label: str
    file: Path
    problem: str = ""
    """Why the file cannot be read as a plan (with its line), or empty when it can be."""


@dataclass(frozen=True)
class Recovery:
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


INDEX_VERSION = 1
"""The layout of ``<data dir>/index.json``; an index of another layout is rebuilt."""


@dataclass(frozen=True)
class Listed:
    """One file in plans/ as the index knows it: its plan's name and summary, or its error."""

    path: Path
    name: str | None
    updated: str
    summary: dict[str, Any] | None
    error: PlanFileError | None
    trend: tuple[Any, ...] = ()
    """Readiness (percent, or None) at the plan's last versions and now, oldest first."""

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


def _folder_problem(folder: Path, *, listed: bool) -> str | None:
    """Why *folder* cannot be used, in words; None when it is a folder (that can be listed,
    when *listed*) or is not there at all."""
    try:
        os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _LINK_PROBLEMS.get(exc.errno or 0, exc.strerror or str(exc))
    try:
        info = os.stat(folder)
    except OSError as exc:
        return _LINK_PROBLEMS.get(exc.errno or 0, exc.strerror or str(exc))
    if not stat.S_ISDIR(info.st_mode):
        return "it is a file, not a folder"
    if listed:
        try:
            with os.scandir(folder):
                pass
        except PermissionError:
            return "permission denied (the folder cannot be listed)"
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


_LINK_PROBLEMS = {
    errno.ELOOP: "it is a symbolic link that loops back on itself",
    errno.ENOENT: "it is a symbolic link to something that does not exist",
    errno.EACCES: "permission denied",
}


def _why_unreadable(file: Path) -> str:
    """Why *file* cannot be read as a plan, in words (with its line when known)."""
    try:
        read_plan(file)
    except PlanFileError as exc:
        return (f"line {exc.line}: " if exc.line is not None else "") + exc.reason
    return ""


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


def _file_key(path: Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns]


class Store:
    """The plans of one data directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def open(cls, override: str | os.PathLike[str] | None = None) -> Store:
        return cls(resolve_data_dir(override))

    @property
    def plans_dir(self) -> Path:
        return self.root / "plans"

    def check(self) -> None:
        """Raise DataDirError ("cannot read DIR: REASON") when the data directory or plans/ is
        there but cannot be used: not a folder, a link that loops or leads nowhere, or a folder
        that cannot be listed. Missing ones are fine (they are made when needed)."""
        for folder in (self.root, self.plans_dir):
            problem = _folder_problem(folder, listed=folder == self.plans_dir)
            if problem:
                raise DataDirError(f"cannot read {folder}: {problem}")

    def _ensure(self) -> Path:
        """plans/ (and the data directory), created as private folders when missing."""
        self.check()
        try:
            make_private_dir(self.plans_dir)
        except OSError as exc:
            raise DataDirError(
                f"the data directory {self.plans_dir} cannot be created ({exc.strerror or exc})"
            ) from None
        return self.plans_dir

    def files(self) -> list[Path]:
        """Every ``*.toml`` name in plans/ that is not hidden: files, and what only looks like
        one (a folder, a link to nothing), which :meth:`entries` reports."""
        self.check()
        if not self.plans_dir.is_dir():
            return []
        try:
            names = list(self.plans_dir.iterdir())
        except OSError as exc:
            raise DataDirError(f"cannot read {self.plans_dir}: {exc.strerror or exc}") from None
        return sorted(p for p in names if p.suffix == PLAN_SUFFIX and not p.name.startswith("."))

    # --- The index: names and summaries without parsing every plan ---------------------------

    @property
    def index_path(self) -> Path:
        return self.root / "index.json"

    def listing(
        self, summarise: Callable[[Plan], dict[str, Any]] | None = None, key: str = ""
    ) -> list[Listed]:
        """Every file in plans/ with its plan's name (and, with *summarise*, its summary).

        Names and summaries come from ``<data dir>/index.json`` for files whose inode, size
        and modification time are what the index recorded; any other file is read (and the
        index updated). The index is never trusted over the files. *key* names what the
        summaries were computed with (the bank and this version); others are recomputed.
        """
        files = self.files()
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
                and record.get("history") == self._history_stamp(path)
                and ("error" in record or summarise is None or record.get("key") == key)
            )
            if not usable:
                record = self._index_record(path, stamp, summarise, key)
                changed = True
            assert isinstance(record, dict)
            fresh[path.name] = record
            error = None
            if "error" in record:
                error = PlanFileError(path, str(record["error"]), record.get("line"))
            listed.append(
                Listed(
                    path,
                    record.get("name"),
                    str(record.get("updated", "")),
                    record.get("summary") if record.get("key") == key and summarise else None,
                    error,
                    tuple(record.get("trend") or ()),
                )
            )
        if changed or set(fresh) != set(records):
            self._write_index(fresh)
        return listed

    def _index_record(
        self,
        path: Path,
        stamp: list[int] | None,
        summarise: Callable[[Plan], dict[str, Any]] | None,
        key: str,
    ) -> dict[str, Any]:
        try:
            plan = read_plan(path)
        except PlanFileError as exc:
            record: dict[str, Any] = {"stamp": stamp, "error": exc.reason}
            if exc.line is not None:
                record["line"] = exc.line
            return record
        record = {"stamp": stamp, "name": plan.name, "updated": plan.updated}
        record["history"] = self._history_stamp(path)
        if summarise is not None:
            summary = summarise(plan)
            record |= {"key": key, "summary": summary, "trend": self._trend(path, summarise)}
            if record["trend"] and record["trend"][-1] != summary.get("readiness"):
                record["trend"].append(summary.get("readiness"))
        return record

    def _history_stamp(self, path: Path) -> int | None:
        """When the plan's history last changed (its folder's time), or None without one."""
        try:
            return os.stat(self.history_dir(path)).st_mtime_ns
        except OSError:
            return None

    def _trend(self, path: Path, summarise: Callable[[Plan], dict[str, Any]]) -> list[Any]:
        """Readiness at each of the plan's last versions (oldest first), for home's arrow."""
        values = []
        for version in self.versions(path)[-TREND_VERSIONS:]:
            try:
                values.append(summarise(self.version_plan(version)).get("readiness"))
            except PlanFileError:
                continue
        return values

    def _read_index(self) -> dict[str, Any]:
        try:
            data = json.loads(read_limited(self.index_path, 50 * 1024 * 1024))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
            return {}
        return data

    def _write_index(self, records: dict[str, Any]) -> None:
        """Keep the index; a failure only means the next start reads the files again."""
        data = json.dumps({"version": INDEX_VERSION, "files": records}, ensure_ascii=False)
        with contextlib.suppress(OSError):
            _write_atomic(self.index_path, data.encode("utf-8"), private=True)

    def find(self, name: str) -> Path:
        """The file of the plan called *name*: exactly, then ignoring case, then the exact file
        stem. Nothing fuzzier, so another plan is never picked by mistake; a near miss names
        the candidates, and a plan whose file cannot be read reports why."""
        wanted = check_name(name)
        entries = self.listing()
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
        raise PlanNotFoundError(f"no plan named '{wanted}' in {self.plans_dir} ({hint})")

    def _check_free(self, name: str) -> None:
        for entry in self.listing():
            if entry.name and entry.name.casefold() == name.casefold():
                raise PlanExistsError(f"a plan named '{entry.name}' already exists ({entry.path})")

    def path_for(self, name: str) -> Path:
        """A file in plans/ for a new plan called *name*, never one that exists already."""
        folder = self._ensure()
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
        self._ensure()
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

    def save(
        self, plan: Plan, path: Path, order: Sequence[str] = (), *, touch: bool = True
    ) -> None:
        """Write a plan to its file as it is (rename, restore); *touch* stamps ``updated``."""
        if touch:
            plan.updated = now_iso()
        with self.save_lock(path):
            write_plan(plan, path, order)

    # --- Several windows on one plan -------------------------------------------------------------

    @property
    def locks(self) -> Locks:
        """The locks and window notes of this data directory's plans (``<data dir>/locks/``)."""
        return Locks(self.root / "locks", self.plans_dir)

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
        step = self.position(path)
        return Place(step) if step else None

    def editing_window_place(self, path: Path) -> Place | None:
        """Where the editing window that moved last is in *path*, from its note; None when no
        running window edits the plan (or none has said where it is yet). Only reads."""
        return self.locks.editing_place(path)

    def other_windows(self, path: Path) -> list[tuple[str, Holder]]:
        """Other processes that have *path* open, with their role."""
        return self.locks.other_windows(path)

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
        merged: Merged = merge(base, plan, theirs, at=now_iso())
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
        try:
            info = os.stat(path)
        except OSError:
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)

    # --- Each window's own place in a plan -------------------------------------------------------

    def _state_path(self, path: Path) -> Path:
        return self.root / "state" / f"{path.stem}.toml"

    def position(self, path: Path) -> str | None:
        """The step a plan was left at in this data directory (not stored in the plan)."""
        try:
            data = tomllib.loads(self._state_path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        step = data.get("last_step")
        return step if isinstance(step, str) else None

    def save_position(self, path: Path, step_id: str) -> None:
        """Remember where a plan was left; moving around never rewrites the plan file."""
        with contextlib.suppress(OSError):
            # Written at every step change: not worth waiting for the disk (a crash forgets
            # at worst the last step, never the answers).
            data = tomli_w.dumps({"last_step": step_id}).encode("utf-8")
            _write_atomic(self._state_path(path), data, durable=False)

    # --- Answers a window could not save ---------------------------------------------------------

    def recovery_dirs(self) -> list[Path]:
        """Where unsaved answers go when the plan cannot be saved: the data directory, else a
        private folder in the system's temporary directory."""
        uid = os.getuid() if hasattr(os, "getuid") else getpass.getuser()
        return [self.root / "recovery", Path(tempfile_dir()) / f"pilot2prod-{uid}" / "recovery"]

    def save_recovery(self, plan: Plan, base: Plan, path: Path, order: Sequence[str]) -> Path:
        """Write the answers *plan* has beyond *base* to a new recovery file; return it.

        The file says which data directory and plan file the answers are for, and appears
        whole or not at all (a full disk leaves no empty file). Raises OSError when no
        recovery folder can be written either.
        """
        changed = changed_answers(base, plan)
        document = tomllib.loads(dumps(plan, order))
        document["recovery"] = {
            "data_dir": os.path.abspath(self.root),
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
                if recovery is not None and recovery.belongs_to(self.root, path):
                    found.append(recovery)
        return sorted(found, key=lambda r: r.saved)

    def restore(self, recovery: Recovery, order: Sequence[str] = ()) -> Saved:
        """Bring a recovery file's answers back into its plan (merged with what the plan has
        now: the recovered answer wins, the other is kept as a conflict); removes the file."""
        if not recovery.belongs_to(self.root):
            raise UsageError(
                f"{recovery.file} holds answers for {recovery.plan_file}, not for a plan in "
                f"{self.plans_dir}"
            )
        path = self.plans_dir / recovery.plan_file.name  # (the same file: see belongs_to)
        with self.save_lock(path):
            current = read_plan(path)
            base = copy.deepcopy(current)
            ours = copy.deepcopy(current)
            for qid in recovery.changed:
                for target, source in (
                    (base.answers, recovery.base_answers),
                    (base.drafts, recovery.base_drafts),
                    (ours.answers, recovery.plan.answers),
                    (ours.drafts, recovery.plan.drafts),
                ):
                    target.pop(qid, None)
                    if qid in source:
                        target[qid] = source[qid]
            merged = merge(base, ours, current, at=now_iso(), by="the plan file, restoring")
            merged.plan.updated = now_iso()
            write_plan(merged.plan, path, order)
        self.discard(recovery)
        return Saved(
            merged.plan, base=merged.plan, stamp=self.stamp(path), conflicts=merged.conflicts
        )

    @staticmethod
    def discard(recovery: Recovery) -> None:
        """Remove a recovery file (restored, or its answers given up)."""
        with contextlib.suppress(OSError):
            recovery.file.unlink()

    def tidy(self) -> None:
        """Remove temporary files killed saves left behind (only ones old enough to be dead),
        and lock files nobody holds (see :meth:`Locks.tidy`)."""
        folders = [self.plans_dir, self.root, self.root / "state", *self.recovery_dirs()]
        with contextlib.suppress(OSError):
            folders += [p for p in (self.root / "history").iterdir() if p.is_dir()]
        for folder in folders:
            if folder.is_dir():
                remove_stale_temp_files(folder)
        for folder in self.recovery_dirs():  # empty recovery files earlier versions could leave
            remove_stale_temp_files(folder, pattern=f"*{PLAN_SUFFIX}", empty_only=True)
        self.locks.tidy()

    @property
    def settings_path(self) -> Path:
        return self.root / "settings.toml"

    def settings(self) -> dict[str, Any]:
        """The app's remembered settings (e.g. the theme); empty when missing or unreadable."""
        try:
            data = tomllib.loads(self.settings_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def save_settings(self, **changes: str) -> None:
        """Remember settings; a failure to write them is not worth interrupting anyone for."""
        data = self.settings() | changes
        with contextlib.suppress(OSError):
            self._ensure()
            write_atomic(self.settings_path, tomli_w.dumps(data).encode("utf-8"))

    @property
    def trash_dir(self) -> Path:
        return self.root / "trash"

    def trash(self, path: Path) -> Path:
        """Move a plan file into the trash folder (never deleted outright); return where it went.

        A plan another window is editing is refused, naming that window.
        """
        lock = self.edit_lock(path)
        if not lock.try_acquire():
            holder = Holder.from_note(lock.read_note())
            raise PlanInUseError(f"{path.name} is open for editing {holder.describe()}")
        lock.release()
        make_private_dir(self.trash_dir)
        stamp = now_iso().replace(":", "").replace("-", "")
        target = self.trash_dir / f"{path.stem}.{stamp}{PLAN_SUFFIX}"
        number = 2
        while target.exists():
            target = self.trash_dir / f"{path.stem}.{stamp}-{number}{PLAN_SUFFIX}"
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
            self.save(plan, path, order)
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
            answers=plan.answers,
            drafts=plan.drafts,
            notes=plan.notes,
            extra=plan.extra,
        )
        return self.create(copy, order)

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def find_source(self, other: str) -> Path:
        """What ``new --from OTHER`` starts from: a plan or template file at that path, a
        template in ``<data dir>/templates/`` (by name or file name), or a plan by name."""
        given = Path(other).expanduser()
        if given.suffix == PLAN_SUFFIX and given.is_file():
            return given
        for candidate in (
            self.templates_dir / f"{slugify(other)}{PLAN_SUFFIX}",
            self.templates_dir / other,
        ):
            if candidate.suffix == PLAN_SUFFIX and candidate.is_file():
                return candidate
        return self.find(other)

    def demo(self, example: Path, order: Sequence[str] = ()) -> Path:
        """The data dir's copy of the bundled example (made on first use; the original stays)."""
        plan = read_plan(example)
        for entry in self.listing():
            if entry.name == plan.name:
                return entry.path
        return self.create(plan, order)

    def load(self, path: Path) -> Plan:
        return read_plan(path)

    # --- History: a plan's versions ---------------------------------------------------------------

    def history_dir(self, path: Path) -> Path:
        return self.root / "history" / path.stem

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
                problem = _why_unreadable(file)  # (a TOMLDecodeError is a ValueError)
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
        """A version by its number or its label (exactly, in any case); raises a one-sentence
        error naming the plan and what there is."""
        versions = self.versions(path)
        if not versions:
            raise NoHistoryError(
                f"'{text.for_terminal(path.stem)}' has no history yet: versions are kept when a "
                "wizard session that changed it ends, or with 'history NAME --save LABEL'"
            )
        key = wanted.strip()
        for version in versions:
            if key.isdigit() and int(key) == version.number:
                return version
        for version in versions:
            if version.label and version.label.casefold() == key.casefold():
                return version
        numbers = ", ".join(str(v.number) for v in versions[-5:])
        raise NoHistoryError(
            f"'{text.for_terminal(path.stem)}' has no version '{text.for_terminal(key)}' "
            f"(the latest are {numbers}; 'pilot2prod history' lists them)"
        )

    def restore_version(self, path: Path, version: Version, order: Sequence[str] = ()) -> Version:
        """Bring *version* back as the plan, unless a window is editing it. The plan as it was
        is kept first, and the restored plan is itself a new version."""
        lock, holder = self.take_edit_lock(path)
        editing = [h for role, h in self.other_windows(path) if role == "editing"]
        if lock is None or editing:
            if lock is not None:
                lock.release()
            found = holder or (editing[0] if editing else None)
            who = found.describe() if found else "in another window"
            raise PlanInUseError(
                f"'{text.for_terminal(path.stem)}' is open in an editing window ({who}); "
                "close it there, then restore"
            )
        try:
            plan = self.version_plan(version)  # one that cannot be read says so, changing nothing
            self.snapshot(path, order)
            self.save(plan, path, order, touch=True)
            kept = self.snapshot(path, order, f"restored from version {version.number}")
            assert kept is not None
            return kept
        finally:
            lock.release()

    def import_file(
        self,
        source: Path,
        bank: Bank,
        *,
        name: str | None = None,
        keep_invalid: bool = False,
    ) -> Path:
        """Check a plan file from elsewhere against *bank* and copy it (cleaned) into plans/.

        An answer whose value cannot hold its question's kind (text for an amount, a table for
        a date) refuses the file, each one named, unless *keep_invalid*: then they are kept as
        they are, as answers to fix. *name* imports the plan under another name.
        """
        plan = read_plan(source)
        normalise_dates(bank, plan)
        problems = wrong_types(bank, plan)
        if problems and not keep_invalid:
            raise WrongTypesError(
                source,
                [
                    f"{source.name}: answers.{text.for_terminal(qid)}: {problem}"
                    for qid, problem in problems
                ],
            )
        if name is not None:
            plan.name = check_name(name)
        try:
            return self.create(plan, [q.id for q in bank.questions()])
        except PlanExistsError as exc:
            hint = "" if name is not None else "; add --as NAME to import it under another name"
            raise PlanExistsError(f"{exc}{hint}") from None
