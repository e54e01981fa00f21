"""One plan file: the TOML a plan is written as, read back, checked line by line.

Writes are atomic; a file that cannot be read is reported (naming the file and the line) and
never overwritten. docs/file-format.md documents the format.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pilot2prod import text
from pilot2prod.errors import PlanFileError
from pilot2prod.fileio import FileRefused, read_limited
from pilot2prod.fileio import write_atomic as _write_atomic
from pilot2prod.plan import Plan, clean_answer, clean_name, now_iso

SCHEMA_VERSION = 1
RECORD_TABLES = ("actions", "parked", "sureness", "workshop", "copied", "votes")
"""The workshop record's top-level tables (record.py), the texts a plan started from another
copied, to check (templates.py), and the silent votes with their ballots (vote.py). Added
without a schema version bump: a version that does not know them keeps them as unknown
tables."""

_RECORD_DEPTH = {"workshop": -1, "votes": -2}
"""How much deeper than an answer a record table's items may nest: the workshop's sessions hold
a table of steps; a vote holds ballots, each with a table of answers."""

_BOM = b"\xef\xbb\xbf"


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
    if plan.bank_hash:
        meta["bank_hash"] = plan.bank_hash
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
    import tomli_w  # deferred: opening a plan reads it; writing comes later

    return tomli_w.dumps(document, multiline_strings=True)


def loads(source: str, path: Path) -> Plan:
    """Parse plan TOML text; *path* is only for messages. Raises PlanFileError."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line, detail = _toml_error(exc)
        raise PlanFileError(path, f"this is not valid TOML ({detail})", line) from None
    return _from_document(data, source, path)


def plan_called(path: Path) -> str:
    """How a message names the plan in *path*: by its name, else (a file that cannot be read,
    a plan without one) by its file's name without the suffix."""
    try:
        return read_plan(path).name or path.stem
    except (PlanFileError, OSError):
        return path.stem


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
        if isinstance(data.get("bank"), dict):  # ([bank]: a question bank's file)
            raise PlanFileError(
                path,
                "this is a question bank, not a plan ('pilot2prod --bank FILE new NAME' makes "
                "a plan with it)",
                1,
            )
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
    for key in ("name", "created", "updated", "bank_id", "bank_version", "bank_hash", "last_step"):
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
            problem = _check_value(value, _RECORD_DEPTH.get(key, 0))
            if problem:
                raise fail(f"'{key}.{text.for_terminal(item)}' {problem}", item, key)
        records[key] = {text.clean(k): clean_answer(v) for k, v in table.items()}

    known = {"schema_version", "plan", "answers", "drafts", "notes", "conflicts", *RECORD_TABLES}
    known_meta = {"name", "created", "updated", "bank_id", "bank_version", "bank_hash", "last_step"}
    created = meta.get("created") or now_iso()
    return Plan(
        name=name,
        bank_id=text.clean(meta.get("bank_id", "")),
        bank_version=text.clean(meta.get("bank_version", "")),
        bank_hash=text.clean(meta.get("bank_hash", "")),
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


def why_unreadable(file: Path) -> str:
    """Why *file* cannot be read as a plan, in words (with its line when known)."""
    try:
        read_plan(file)
    except PlanFileError as exc:
        return (f"line {exc.line}: " if exc.line is not None else "") + exc.reason
    return ""
