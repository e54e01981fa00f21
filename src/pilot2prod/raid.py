"""The RAID log: risks, assumptions, issues and dependencies, and what moved since a version.

Pure functions of a bank and one or two plans (the history's files are read by the store): the
command line's ``raid``, and the RAID section of every export, show the same rows.

Every row takes its id from what it stands for, so nothing new is stored:

* ``risk:<stall step id>``: a stall reason at MEDIUM or HIGH, with its fix;
* ``assumption:<question id>``: an answer marked as an assumption, with its source;
* ``issue:item:<question id>``: a readiness-checklist item that blocks go-live;
* ``issue:action:<action id>``: an open action past its due date;
* ``dependency:<question id>:<text>``: a system or data source the plan names as needed, from
  the questions that hold the bank's ``systems`` and ``data_sources`` roles (a list's row by
  its first column, or a line of text), its text normalised (lower case, spaces folded).

A risk, an assumption or a checklist item takes its owner, next action and due date from the
open action captured on it (``risk:``, ``question:`` or ``item:`` source); a checklist item
without one takes the owner written on the item, a listed dependency the list's first person
column.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from msgspec import Struct, structs

from pilot2prod import insight, record
from pilot2prod.bank import CHECKLIST_STATUSES, Bank, Question
from pilot2prod.plan import Plan, answer_text, currency, plain_value
from pilot2prod.text import clean, one_line

KINDS = {
    "risk": "Risk",
    "assumption": "Assumption",
    "issue": "Issue",
    "dependency": "Dependency",
}
"""The four kinds of row, in the order the log lists them (stored word: label)."""

CHANGES = {"new": "NEW", "updated": "UPDATED", "closed": "CLOSED", "reopened": "REOPENED"}
"""A row's change mark against an earlier version (word: how it is shown)."""

OPEN, CLOSED = "open", "closed"

DEPENDENCY_ROLES = ("systems", "data_sources")
"""The roles whose questions name what the plan depends on (docs/question-bank.md)."""

FIELDS = (
    "id",
    "kind",
    "title",
    "text",
    "level",
    "owner",
    "next_action",
    "due",
    "status",
    "change",
)
"""A row's fields: the columns of ``raid --csv`` and the keys of ``raid --json``."""

COMPARED = ("title", "text", "level", "owner", "next_action", "due", "status")
"""What makes a row UPDATED when it differs from the earlier version."""

_TEXT_WIDTH = 160
_BULLET = re.compile(r"^[-*•]\s+(?=\S)")
"""A list bullet at the start of a line of text."""


class RaidRow(Struct, frozen=True):
    """One row of the RAID log."""

    id: str
    kind: str
    """A key of :data:`KINDS`."""
    title: str
    text: str = ""
    """The stall reason's fix, the assumption's answer and source, the item's status, ..."""
    level: str = ""
    """A risk's level (``high``, ``medium``; ``low`` once closed); empty for other kinds."""
    owner: str = ""
    next_action: str = ""
    due: str = ""
    """ISO date (YYYY-MM-DD), or empty."""
    status: str = OPEN
    """``open``, or ``closed`` (shown only with a CLOSED mark)."""
    change: str = ""
    """A key of :data:`CHANGES`, or empty (no change, or no earlier version)."""

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELDS}


class _Candidate(Struct, frozen=True):
    """A row as one version of the plan has it, open or closed. A thing that is neither (an
    action not yet due, an item not blocking that has no status) is no candidate."""

    row: RaidRow
    open: bool


def normalised(value: str) -> str:
    """Text as a row id holds it: one line, lower case, spaces folded, a leading list bullet
    and trailing full stop dropped."""
    line = " ".join(clean(value).casefold().split())
    return _BULLET.sub("", line).rstrip(".").strip() or line


def raid_log(
    bank: Bank,
    plan: Plan,
    since: Plan | None = None,
    today: dt.date | None = None,
    *,
    assessed: insight.Assessment | None = None,
) -> list[RaidRow]:
    """The RAID log of *plan* as of *today* (the current UTC date, or ``SOURCE_DATE_EPOCH``):
    its open rows, kind by kind. With an earlier version *since*, each row carries its change
    mark, and the rows open then but not now are added, marked CLOSED. An action is overdue
    in the earlier version as of the day it was last saved (never later than *today*).
    *assessed* is the plan's assessment when the caller has one (an export), so no figure is
    computed twice."""
    found = assessed or insight.assess(bank, plan, today)
    now = _candidates(found)
    if since is None:
        return _ordered([c.row for c in now.values() if c.open])
    today = found.today
    then = _candidates(insight.assess(bank, since, min(today, _saved_on(since) or today)))
    rows: list[RaidRow] = []
    for rid, current in now.items():
        before = then.get(rid)
        if current.open:
            if before is None:
                change = "new"
            elif not before.open:
                change = "reopened"
            else:
                differs = any(getattr(current.row, f) != getattr(before.row, f) for f in COMPARED)
                change = "updated" if differs else ""
            rows.append(structs.replace(current.row, change=change))
        elif before is not None and before.open:
            rows.append(structs.replace(current.row, status=CLOSED, change="closed"))
    for rid, before in then.items():
        if rid not in now and before.open:
            rows.append(structs.replace(before.row, status=CLOSED, change="closed"))
    return _ordered(rows)


def _saved_on(plan: Plan) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(plan.updated.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _ordered(rows: list[RaidRow]) -> list[RaidRow]:
    """Kind by kind (risks, assumptions, issues, dependencies), each kind in the order it was
    found; risks HIGH first; a closed row after the open ones of its kind."""
    kinds = list(KINDS)
    levels = {insight.HIGH: 0, insight.MEDIUM: 1}
    return sorted(
        rows,
        key=lambda r: (kinds.index(r.kind), r.status == CLOSED, levels.get(r.level, 2)),
    )


def _candidates(found: insight.Assessment) -> dict[str, _Candidate]:
    bank, plan = found.bank, found.plan
    links = _open_actions_by_source(found.open_actions)
    candidates: list[_Candidate] = []
    candidates += _risks(found, links)
    candidates += _assumptions(bank, plan, links)
    candidates += _items(found, links)
    candidates += _actions(found)
    candidates += _dependencies(bank, plan)
    return {c.row.id: c for c in candidates}


def _open_actions_by_source(actions: list[record.Action]) -> dict[str, record.Action]:
    """For each source, the open action to show as its next action: the one due soonest (an
    undated one after the dated), the first captured on a tie."""
    chosen: dict[str, record.Action] = {}
    for action in record.sort_actions(actions, "due"):
        if action.source:
            chosen.setdefault(action.source, action)
    return chosen


def _linked(row: RaidRow, action: record.Action | None) -> RaidRow:
    if action is None:
        return row
    return structs.replace(
        row, owner=action.owner or row.owner, next_action=action.what, due=action.due
    )


def _risks(found: insight.Assessment, links: dict[str, record.Action]) -> list[_Candidate]:
    out = []
    for risk in found.risks:
        row = RaidRow(f"risk:{risk.id}", "risk", risk.title, one_line(risk.fix), risk.level)
        row = _linked(row, links.get(record.source_of("risk", risk.id)))
        out.append(_Candidate(row, risk.level != insight.LOW))
    return out


def _assumptions(bank: Bank, plan: Plan, links: dict[str, record.Action]) -> list[_Candidate]:
    """Every answer marked: an assumption is open; a fact or an estimate closed."""
    code = currency(bank, plan)
    order = {q.id: n for n, q in enumerate(bank.questions())}
    marks = [m for qid in plan.sureness if (m := record.sureness(plan, qid)) is not None]
    marks.sort(key=lambda m: (order.get(m.question, len(order)), m.question))
    out = []
    for mark in marks:
        question = bank.question(mark.question)
        value = plan.answers.get(mark.question)
        answer = answer_text(question, value, code) if question and value is not None else ""
        parts = [f"Answer: {one_line(answer, 100)}"] if answer else []
        if mark.source:
            parts.append(f"source: {one_line(mark.source)}")
        else:
            parts.append("no source given")
        title = question.prompt if question else mark.question
        row = RaidRow(
            f"assumption:{mark.question}",
            "assumption",
            title,
            one_line("; ".join(parts), _TEXT_WIDTH),
        )
        if mark.level != "assumption":
            row = structs.replace(row, text=f"Now {record.SURENESS[mark.level].lower()}")
        row = _linked(row, links.get(record.source_of("question", mark.question)))
        out.append(_Candidate(row, mark.level == "assumption"))
    return out


_STATUS_WORDS = dict(CHECKLIST_STATUSES)


def _items(found: insight.Assessment, links: dict[str, record.Action]) -> list[_Candidate]:
    """Checklist items: one blocking go-live is open; one with a status that does not block
    is closed."""
    ready = found.readiness
    if ready is None:
        return []
    blocking = {i.item.id for i in ready.blockers}
    out = []
    for group in ready.groups:
        for scored in group.items:
            item = scored.item
            value = found.plan.get(item.question)
            data = value if isinstance(value, dict) else {}
            status = scored.status if isinstance(scored.status, str) else ""
            words = _STATUS_WORDS.get(status, "No status yet")
            evidence = data.get("evidence")
            if isinstance(evidence, str) and evidence.strip():
                words += f"; evidence: {one_line(evidence)}"
            owner = data.get("owner")
            row = RaidRow(
                f"issue:item:{item.question.id}",
                "issue",
                f"{group.title}: {item.label}",
                one_line(f"Blocks go-live. Status: {words}", _TEXT_WIDTH),
                owner=one_line(owner) if isinstance(owner, str) else "",
            )
            row = _linked(row, links.get(record.source_of("item", item.question.id)))
            if item.id in blocking:
                out.append(_Candidate(row, True))
            elif status:
                closed = structs.replace(row, text=one_line(f"Not blocking. Status: {words}"))
                out.append(_Candidate(closed, False))
    return out


def _actions(found: insight.Assessment) -> list[_Candidate]:
    """Actions: one past its due date is open; one done or dropped is closed."""
    out = []
    for action in found.actions:
        source = record.source_label(found.bank, action.source)
        where = f"; from {one_line(source)}" if source else ""
        row = RaidRow(
            f"issue:action:{action.id}",
            "issue",
            action.what,
            one_line(f"Overdue since {action.due}{where}", _TEXT_WIDTH),
            owner=action.owner,
            due=action.due,
        )
        if action.overdue(found.today):
            out.append(_Candidate(row, True))
        elif not action.is_open:
            status = record.ACTION_STATUSES[action.status]
            out.append(_Candidate(structs.replace(row, text=f"{status}{where}"), False))
    return out


def _dependencies(bank: Bank, plan: Plan) -> list[_Candidate]:
    out: list[_Candidate] = []
    seen: set[str] = set()
    for role in DEPENDENCY_ROLES:
        question = bank.role(role)
        if question is None or question.id in seen:
            continue
        seen.add(question.id)
        for title, text, owner in _named(bank, question, plan.get(question)):
            rid = f"dependency:{question.id}:{normalised(title)}"
            if normalised(title) and rid not in {c.row.id for c in out}:
                out.append(_Candidate(RaidRow(rid, "dependency", title, text, owner=owner), True))
    return out


def _named(bank: Bank, question: Question, value: Any) -> list[tuple[str, str, str]]:
    """(title, text, owner) for each thing a list's rows or a text's lines name (a
    placeholder such as "tbd" names nothing)."""
    if isinstance(value, str):
        lines = [one_line(line) for line in clean(value).split("\n")]
        return [
            (_BULLET.sub("", line), "", "")
            for line in lines
            if line and not insight.is_placeholder(line, bank)
        ]
    if not isinstance(value, list) or not question.columns:
        return []
    first, *others = question.columns
    person = next((c for c in others if c.kind == "person"), None)
    out = []
    for row in value:
        if not isinstance(row, dict):
            continue
        title = one_line(plain_value(row.get(first.id, "")))
        if insight.is_placeholder(title, bank):
            continue
        owner = one_line(plain_value(row.get(person.id, ""))) if person else ""
        said = [
            f"{c.label}: {one_line(plain_value(row.get(c.id, '')))}"
            for c in others
            if c is not person and plain_value(row.get(c.id, "")).strip()
        ]
        out.append((title, one_line("; ".join(said), _TEXT_WIDTH), owner))
    return out
