"""The workshop record: actions with owners, the parking lot, how sure each answer is, and the
workshop's agenda and time. Pure functions over a :class:`~pilot2prod.plan.Plan`.

Each action and parked point is a table of the plan file under a stable id
(``[actions.a-3f9c1e]``), so two windows or two git branches merge them item by item and field by
field (merge.py). Fields this version does not know are kept. Nothing here reads files or knows
about the terminal.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from msgspec import Struct

from pilot2prod import text, values
from pilot2prod.bank import EVIDENCE_GRADES, Bank
from pilot2prod.plan import Plan, now_iso, single_line
from pilot2prod.values import as_date

ACTION_STATUSES = {"open": "Open", "done": "Done", "dropped": "Dropped"}
"""An action's statuses (stored value: label)."""
PARKED_STATUSES = {
    "open": "Open",
    "resolved": "Resolved",
    "action": "Became an action",
    "moved": "Moved to an answer",
}
SURENESS = {"fact": "Fact", "estimate": "Estimate", "assumption": "Assumption"}
"""How sure an answer is (stored value: label); an answer not marked is simply unmarked."""

SOURCE_KINDS = ("question", "risk", "item", "gate")
"""What an action or parked point can come from: ``question:<id>``, ``risk:<stall step id>``,
``item:<checklist question id>``, ``gate:<gate step id>``."""


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    return text.clean(value) if isinstance(value, str) else ""


def new_id(prefix: str, taken: dict[str, Any]) -> str:
    """A short random id not in *taken*: random, so two windows never pick the same one."""
    while True:
        candidate = f"{prefix}-{secrets.token_hex(3)}"
        if candidate not in taken:
            return candidate


# --- Actions -------------------------------------------------------------------------------------


class Action(Struct, frozen=True):
    id: str
    what: str
    owner: str = ""
    due: str = ""
    """ISO date (YYYY-MM-DD), or empty."""
    status: str = "open"
    source: str = ""
    created: str = ""

    @property
    def due_date(self) -> dt.date | None:
        return as_date(self.due) if self.due else None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def overdue(self, today: dt.date) -> bool:
        """Open, with a due date before *today*."""
        due = self.due_date
        return self.is_open and due is not None and due < today

    @property
    def owned_and_dated(self) -> bool:
        return bool(self.owner.strip()) and self.due_date is not None


def actions(plan: Plan) -> list[Action]:
    """The plan's actions, in the order they were captured."""
    found = []
    for aid, data in plan.actions.items():
        status = _text(data, "status")
        found.append(
            Action(
                aid,
                _text(data, "what"),
                _text(data, "owner"),
                _text(data, "due"),
                status if status in ACTION_STATUSES else "open",
                _text(data, "source"),
                _text(data, "created"),
            )
        )
    return sorted(found, key=lambda a: a.created)  # stable: the same second keeps file order


def add_action(
    plan: Plan, what: str, *, owner: str = "", due: str = "", source: str = "", status: str = "open"
) -> str:
    """Capture an action; returns its id. *due* is an ISO date or empty."""
    aid = new_id("a", plan.actions)
    plan.actions[aid] = {"created": now_iso()}
    set_action(plan, aid, what=what, owner=owner, due=due, source=source, status=status)
    return aid


def _set_fields(
    data: dict[str, Any], fields: dict[str, str], statuses: dict[str, str], long_text: str
) -> None:
    """Write *fields* into an item's table: cleaned (one line, except *long_text*), an empty
    one removed, a status checked against *statuses*."""
    for key, value in fields.items():
        if key == "status" and value not in statuses:
            raise ValueError(f"unknown status {value!r}")
        cleaned = text.clean(value).strip() if key == long_text else single_line(value)
        if cleaned:
            data[key] = cleaned
        else:
            data.pop(key, None)


def set_action(plan: Plan, aid: str, **fields: str) -> None:
    """Change fields of an action (what, owner, due, status, source); empty ones are removed."""
    data = plan.actions.setdefault(aid, {"created": now_iso()})
    _set_fields(data, fields, ACTION_STATUSES, "what")


def sort_actions(found: list[Action], by: str) -> list[Action]:
    """Actions sorted by ``due`` (undated last), ``owner`` (no owner last) or ``status``."""
    order = list(ACTION_STATUSES)
    if by == "owner":
        return sorted(found, key=lambda a: (not a.owner, a.owner.lower(), a.due or "9999"))
    if by == "status":
        return sorted(found, key=lambda a: (order.index(a.status), a.due or "9999"))
    return sorted(found, key=lambda a: (a.due_date is None, a.due or "", a.owner.lower()))


# --- Parking lot ---------------------------------------------------------------------------------


class Parked(Struct, frozen=True):
    id: str
    text: str
    raised_by: str = ""
    question: str = ""
    status: str = "open"
    created: str = ""

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def parked(plan: Plan) -> list[Parked]:
    """The parking lot, in the order points were parked."""
    found = []
    for pid, data in plan.parked.items():
        status = _text(data, "status")
        found.append(
            Parked(
                pid,
                _text(data, "text"),
                _text(data, "raised_by"),
                _text(data, "question"),
                status if status in PARKED_STATUSES else "open",
                _text(data, "created"),
            )
        )
    return sorted(found, key=lambda p: p.created)  # stable: the same second keeps file order


def park(plan: Plan, point: str, *, raised_by: str = "", question: str = "") -> str:
    """Park a point; returns its id."""
    pid = new_id("p", plan.parked)
    plan.parked[pid] = {"created": now_iso(), "status": "open"}
    set_parked(plan, pid, text=point, raised_by=raised_by, question=question)
    return pid


def set_parked(plan: Plan, pid: str, **fields: str) -> None:
    """Change fields of a parked point (text, raised_by, question, status)."""
    data = plan.parked.setdefault(pid, {"created": now_iso()})
    _set_fields(data, fields, PARKED_STATUSES, "text")


# --- How sure each answer is --------------------------------------------------------------------


class Sureness(Struct, frozen=True):
    question: str
    level: str
    source: str = ""


def sureness(plan: Plan, qid: str) -> Sureness | None:
    """How sure the answer to *qid* is, when someone said."""
    data = plan.sureness.get(qid)
    if not isinstance(data, dict):
        return None
    level = _text(data, "level")
    if level not in SURENESS:
        return None
    return Sureness(qid, level, _text(data, "source"))


def sureness_line(plan: Plan, qid: str) -> str:
    """What the question *qid* says of its answer's sureness ("Assumption · finance team"),
    or "" when no one said."""
    marked = sureness(plan, qid)
    if marked is None:
        return ""
    return SURENESS[marked.level] + (f" · {marked.source}" if marked.source else "")


def mark(plan: Plan, qid: str, level: str | None, source: str = "") -> None:
    """Mark the answer to *qid* as fact, estimate or assumption (None unmarks it)."""
    if level is None:
        left = {
            k: v for k, v in (plan.sureness.get(qid) or {}).items() if k not in ("level", "source")
        }
        if left:  # an evidence grade stays
            plan.sureness[qid] = left
        else:
            plan.sureness.pop(qid, None)
        return
    if level not in SURENESS:
        raise ValueError(f"unknown sureness {level!r}")
    entry: dict[str, Any] = dict(plan.sureness.get(qid) or {})
    entry["level"] = level
    source = single_line(source)
    if source:
        entry["source"] = source
    else:
        entry.pop("source", None)
    plan.sureness[qid] = entry


def assumptions(bank: Bank, plan: Plan) -> list[Sureness]:
    """Answers marked as assumptions, in the bank's order (those of unknown questions last)."""
    order = {q.id: n for n, q in enumerate(bank.questions())}
    found = [s for qid in plan.sureness if (s := sureness(plan, qid)) and s.level == "assumption"]
    return sorted(found, key=lambda s: (order.get(s.question, len(order)), s.question))


# --- How well a checklist item is shown: its evidence grade ---------------------------------------
#
# Kept in the item's sureness table (``[sureness.check_volume] grade = "demonstrated"``, with
# ``tested_on`` and ``document``): no new table, no schema bump, and two windows grading
# different items (or different fields of one) merge as every sureness mark does.

GRADES = dict(EVIDENCE_GRADES)
"""An evidence grade's stored value: label, weakest first."""
GRADE_FIELDS = ("grade", "document", "tested_on")


class Grade(Struct, frozen=True):
    question: str
    grade: str
    document: str = ""
    """The document or link that shows it (needed when documented)."""
    tested_on: str = ""
    """The date it was tested (YYYY-MM-DD or YYYY-MM; needed when demonstrated)."""

    @property
    def label(self) -> str:
        return GRADES[self.grade]

    @property
    def words(self) -> str:
        """The grade as a row shows it: "Demonstrated, tested 2026-11-02 (load-test.pdf)"."""
        out = self.label
        if self.grade == "demonstrated" and self.tested_on:
            out += f", tested {self.tested_on}"
        if self.document:
            out += f" ({self.document})"
        return out


def grade(plan: Plan, qid: str) -> Grade | None:
    """The evidence grade of checklist item *qid*, when someone graded it."""
    data = plan.sureness.get(qid)
    if not isinstance(data, dict):
        return None
    value = _text(data, "grade")
    if value not in GRADES:
        return None
    return Grade(qid, value, single_line(_text(data, "document")), _text(data, "tested_on"))


def read_tested_on(typed: str, today: dt.date | None = None) -> tuple[str, str | None]:
    """(the date a test ran, as stored, or ""; the problem in one sentence, or None): a date
    as answers take it (``2 Nov 2026``, ``yesterday``), not after *today*."""
    reading = values.read("date", typed, today=today)
    if not reading.ok:
        return "", reading.problem
    stored = str(reading.value or "")
    day = as_date(stored)
    if day is not None and day > (today or values.current_day()):
        return "", f"The test date {stored} is after today: a demonstration has happened."
    return stored, None


def grade_problem(value: str, document: str = "", tested_on: str = "") -> str | None:
    """What a grade still needs, in one sentence (None when it has it): a documented item
    names its document or link; a demonstrated one the date of its test."""
    if value not in GRADES:
        return f"Unknown grade {value!r} (use claimed, documented or demonstrated)."
    if value == "documented" and not single_line(document):
        return "Documented needs the document or link that shows it."
    if value == "demonstrated" and as_date(tested_on) is None:
        return "Demonstrated needs the date it was tested (such as 2 Nov 2026)."
    return None


def set_grade(
    plan: Plan, qid: str, value: str | None, *, document: str = "", tested_on: str = ""
) -> None:
    """Grade the evidence of checklist item *qid* (None removes the grade). A grade takes the
    place of the item's fact / estimate / assumption mark, which it removes. Raises ValueError
    with :func:`grade_problem`'s sentence when the grade lacks what it needs."""
    entry: dict[str, Any] = dict(plan.sureness.get(qid) or {})
    if value is None:
        for key in GRADE_FIELDS:
            entry.pop(key, None)
    else:
        problem = grade_problem(value, document, tested_on)
        if problem:
            raise ValueError(problem)
        entry.pop("level", None)
        entry.pop("source", None)
        entry["grade"] = value
        fields = {"document": single_line(document), "tested_on": tested_on.strip()}
        if value == "claimed":
            fields = {"document": "", "tested_on": ""}
        elif value == "documented":
            fields["tested_on"] = ""
        for key, text_value in fields.items():
            if text_value:
                entry[key] = text_value
            else:
                entry.pop(key, None)
    if entry:
        plan.sureness[qid] = entry
    else:
        plan.sureness.pop(qid, None)


# --- Where an action or a point came from --------------------------------------------------------


def source_of(kind: str, key: str) -> str:
    """A source reference: ``risk:stall_data_pipelines``."""
    if kind not in SOURCE_KINDS:
        raise ValueError(f"unknown source kind {kind!r}")
    return f"{kind}:{key}"


def source_label(bank: Bank, source: str) -> str:
    """A source in words: the question's prompt, the stall reason's title, the item's label."""
    kind, _, key = source.partition(":")
    if not key:
        return ""
    if kind == "risk":
        mode = next((m for m in bank.failure_modes if m.id == key), None)
        return f"Stall reason: {mode.title}" if mode else source
    if kind == "item":
        item = next((i for i in bank.checklist_items if i.id == key), None)
        return f"Checklist: {item.label}" if item else source
    if kind == "gate":
        step = next((s for s in bank.steps if s.id == key), None)
        return bank.step_label(step) if step else source
    question = bank.question(key)
    return question.prompt if question else source


def source_step(bank: Bank, source: str) -> tuple[str, str | None] | None:
    """(step id, question id) to jump to for a source, when it is in this bank."""
    kind, _, key = source.partition(":")
    if kind in ("risk", "gate"):
        return (key, None) if any(s.id == key for s in bank.steps) else None
    if bank.question(key) is None:
        return None
    return (bank.step_of(key).id, key)


# --- The workshop: agenda and time ---------------------------------------------------------------


def default_minutes(bank: Bank, step_id: str) -> int:
    """A step's time box when the agenda does not say: 5 minutes for a gate, a stall reason or
    a checklist group (a few quick answers), 10 for a step of questions."""
    step = next((s for s in bank.steps if s.id == step_id), None)
    if step is None:
        return 10
    kind = bank.phase(step.phase_id).kind
    return 5 if step.gate or kind in ("diagnostic", "checklist") else 10


def agenda(bank: Bank, plan: Plan) -> list[tuple[str, int]]:
    """(step id, minutes) for each step this workshop covers, in the bank's order: the plan's
    ``[workshop.agenda]``, or every step with its default time box when there is none."""
    table = plan.workshop.get("agenda")
    if isinstance(table, dict) and table:
        chosen = {
            k: int(v) for k, v in table.items() if isinstance(v, int) and not isinstance(v, bool)
        }
        return [(s.id, chosen[s.id]) for s in bank.steps if s.id in chosen and chosen[s.id] > 0]
    return [(s.id, default_minutes(bank, s.id)) for s in bank.steps]


def set_agenda(plan: Plan, minutes: dict[str, int]) -> None:
    """Set the workshop's time box per step (0 leaves a step out)."""
    plan.workshop["agenda"] = {k: int(v) for k, v in minutes.items() if int(v) > 0}


def _sessions(plan: Plan) -> dict[str, dict[str, Any]]:
    sessions = plan.workshop.get("sessions")
    return sessions if isinstance(sessions, dict) else {}


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def start_session(plan: Plan, started: dt.datetime, ends: dt.datetime | None = None) -> str:
    """Start a workshop session (one per window); returns its id. Each session keeps its own
    time per step, so two windows add up and never overwrite each other."""
    sessions = plan.workshop.setdefault("sessions", {})
    sid = new_id("s", sessions)
    sessions[sid] = {"started": _stamp(started)}
    if ends is not None:
        sessions[sid]["ends"] = _stamp(ends)
    return sid


def add_time(plan: Plan, sid: str, step_id: str, seconds: float) -> None:
    """Add *seconds* spent on *step_id* to session *sid*."""
    if seconds <= 0:
        return
    session = plan.workshop.setdefault("sessions", {}).setdefault(sid, {})
    spent = session.setdefault("spent", {})
    spent[step_id] = int(spent.get(step_id, 0)) + round(seconds)


def spent(plan: Plan) -> dict[str, int]:
    """Seconds spent per step, over every session and window."""
    total: dict[str, int] = {}
    for session in _sessions(plan).values():
        times = session.get("spent") if isinstance(session, dict) else None
        if isinstance(times, dict):
            for step_id, seconds in times.items():
                if isinstance(seconds, int | float) and not isinstance(seconds, bool):
                    total[step_id] = total.get(step_id, 0) + int(seconds)
    return total


class WorkshopLog(Struct, frozen=True):
    days: list[str]
    """The dates sessions started on (YYYY-MM-DD), in order."""
    rows: list[tuple[str, int, int]]
    """(step, planned minutes or 0, minutes spent) for each step planned or worked on."""


def workshop_log(bank: Bank, plan: Plan) -> WorkshopLog:
    """The agenda against the time spent, for the export (empty when no session ran)."""
    sessions = _sessions(plan)
    if not sessions:
        return WorkshopLog([], [])
    days = sorted(
        {
            str(s.get("started", ""))[:10]
            for s in sessions.values()
            if isinstance(s, dict) and s.get("started")
        }
    )
    planned = dict(agenda(bank, plan)) if isinstance(plan.workshop.get("agenda"), dict) else {}
    worked = spent(plan)
    rows = []
    for step in bank.steps:
        if step.id in planned or step.id in worked:
            minutes = round(worked.get(step.id, 0) / 60)
            rows.append((bank.step_label(step), planned.get(step.id, 0), minutes))
    return WorkshopLog(days, rows)
