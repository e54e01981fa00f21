"""Where plans live and how they are written: the only module that touches plan files.

A data directory holds ``plans/`` with one TOML file per plan. The directory is, in order of
precedence, ``--data-dir``, the ``PILOT2PROD_DATA_DIR`` environment variable, or platformdirs'
user data directory for ``pilot2prod``. Writes are atomic; a file that cannot be read is
reported (naming the file and the line) and never overwritten. docs/file-format.md documents it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from pilot2prod import text
from pilot2prod.bank import Bank
from pilot2prod.errors import (
    DataDirError,
    PlanExistsError,
    PlanFileError,
    PlanNotFoundError,
    UsageError,
    WrongTypesError,
)
from pilot2prod.plan import (
    Plan,
    clean_answer,
    normalise_dates,
    now_iso,
    single_line,
    wrong_types,
)

SCHEMA_VERSION = 1
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
    """Clean a plan name typed by a person; raise UsageError when nothing is left."""
    cleaned = single_line(name)
    if not cleaned:
        raise UsageError("a plan name cannot be empty")
    return cleaned


# --- Reading and writing one file -------------------------------------------------------------


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
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if plan.notes:
        document["notes"] = plan.notes
    document["plan"] = meta
    document["answers"] = {qid: plan.answers[qid] for qid in answer_ids}
    if plan.drafts:
        draft_ids = sorted(plan.drafts, key=lambda qid: (position.get(qid, len(position)), qid))
        document["drafts"] = {qid: plan.drafts[qid] for qid in draft_ids}
    for key, value in plan.extra.items():
        document.setdefault(key, value)
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
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanFileError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise PlanFileError(path, "this is a folder, not a plan file") from None
    except OSError as exc:
        raise PlanFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None
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
    """Write *plan* to *path* atomically: a crash leaves either the old file or the new one."""
    write_atomic(path, dumps(plan, order).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace *path* with *data* through a synced temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
    name = single_line(meta.get("name", ""))
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

    known = {"schema_version", "plan", "answers", "drafts", "notes"}
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


# --- The data directory -----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One file in plans/: its plan, or the error that stops it being read."""

    path: Path
    plan: Plan | None
    error: PlanFileError | None


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

    def _ensure(self) -> Path:
        if self.root.exists() and not self.root.is_dir():
            raise DataDirError(f"the data directory {self.root} is a file, not a folder")
        try:
            self.plans_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataDirError(
                f"the data directory {self.plans_dir} cannot be created ({exc.strerror or exc})"
            ) from None
        if not self.plans_dir.is_dir():
            raise DataDirError(f"{self.plans_dir} is a file, not a folder")
        return self.plans_dir

    def files(self) -> list[Path]:
        if not self.plans_dir.is_dir():
            return []
        return sorted(
            p
            for p in self.plans_dir.iterdir()
            if p.suffix == PLAN_SUFFIX and not p.name.startswith(".") and p.is_file()
        )

    def entries(self) -> list[Entry]:
        """Every plan file, readable or not, sorted by file name."""
        result: list[Entry] = []
        for path in self.files():
            try:
                result.append(Entry(path, read_plan(path), None))
            except PlanFileError as exc:
                result.append(Entry(path, None, exc))
        return result

    def find(self, name: str) -> Path:
        """The file of the plan called *name* (exact, then ignoring case, then by file name)."""
        wanted = single_line(name)
        entries = self.entries()
        for matches in (
            [e for e in entries if e.plan and e.plan.name == wanted],
            [e for e in entries if e.plan and e.plan.name.casefold() == wanted.casefold()],
            [e for e in entries if e.path.stem in (wanted, slugify(wanted))],
        ):
            if len(matches) == 1:
                return matches[0].path
            if len(matches) > 1:
                files = ", ".join(m.path.name for m in matches)
                raise UsageError(f"more than one plan answers to '{wanted}' ({files})")
        where = self.plans_dir
        raise PlanNotFoundError(
            f"no plan named '{wanted}' in {where} (run 'pilot2prod list' to see the plans)"
        )

    def _check_free(self, name: str) -> None:
        for entry in self.entries():
            if entry.plan and entry.plan.name.casefold() == name.casefold():
                raise PlanExistsError(
                    f"a plan named '{entry.plan.name}' already exists ({entry.path})"
                )

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
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
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
        """Write an existing plan back to its file; *touch* stamps ``updated`` (answers changed)."""
        if touch:
            plan.updated = now_iso()
        write_plan(plan, path, order)

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

    @staticmethod
    def stamp(path: Path) -> tuple[int, int] | None:
        """What identifies the file's current content cheaply (mtime in ns, size), or None."""
        try:
            info = path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    @property
    def conflicts_dir(self) -> Path:
        return self.root / "conflicts"

    def save_conflict(self, plan: Plan, path: Path, order: Sequence[str] = ()) -> Path:
        """Save *plan* beside the data, not over *path*, when *path* changed under us."""
        plan.updated = now_iso()
        target = self.conflicts_dir / f"{path.stem}.{plan.created.replace(':', '')}{PLAN_SUFFIX}"
        write_plan(plan, target, order)
        return target

    @property
    def trash_dir(self) -> Path:
        return self.root / "trash"

    def trash(self, path: Path) -> Path:
        """Move a plan file into the trash folder (never deleted outright); return where it went."""
        self.trash_dir.mkdir(parents=True, exist_ok=True)
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

    def demo(self, example: Path, order: Sequence[str] = ()) -> Path:
        """The data dir's copy of the bundled example (made on first use; the original stays)."""
        plan = read_plan(example)
        for entry in self.entries():
            if entry.plan and entry.plan.name == plan.name:
                return entry.path
        return self.create(plan, order)

    def load(self, path: Path) -> Plan:
        return read_plan(path)

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
