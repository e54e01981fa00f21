"""Merging two versions of a plan, answer by answer, against the version both started from.

Used when two windows save the same plan, when a window picks up what another saved, when
unsaved answers are restored from a recovery file, and by ``pilot2prod merge-driver`` for git.
Pure functions: no files, no terminal.

The unit of a merge is one answer (its value or its draft), the plan's name, its notes, one key
of ``[plan]`` this version does not know, one unknown top-level table, or one field of an action,
a parked point, a sureness mark, the workshop's record, a copied text still to check or a vote
(these nest by id: a vote's ballots merge ballot by ballot). For each unit:

* changed on one side only: that side's version is kept;
* changed on both sides to the same thing: kept;
* changed on both sides differently: *ours* (the later save) stays in the plan and *theirs* is
  recorded in the plan's ``[[conflicts]]`` list, which only ever grows until someone picks.

Bookkeeping never conflicts: ``updated`` takes the later time, ``last_step`` is ours.
"""

from __future__ import annotations

import copy
from typing import Any

from msgspec import Struct, field

from pilot2prod.plan import Plan

_MISSING = object()


class Merged(Struct):
    plan: Plan
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    """The conflict records this merge added (also in ``plan.conflicts``)."""
    theirs_changed: set[str] = field(default_factory=set)
    """Answer ids whose value in the result came from *theirs* (a window shows them anew)."""


def _answer_unit(plan: Plan, qid: str) -> tuple[str, Any] | None:
    if qid in plan.drafts:
        return ("draft", plan.drafts[qid])
    if qid in plan.answers:
        return ("answer", plan.answers[qid])
    return None


def _pick(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool, bool]:
    """(result, taken from theirs, conflict) for one unit."""
    if ours == theirs:
        return ours, False, False
    if ours == base:
        return theirs, True, False
    if theirs == base:
        return ours, False, False
    return ours, False, True


def _record(
    question: str, kept: tuple[str, Any] | None, other: tuple[str, Any] | None, at: str, by: str
) -> dict[str, Any]:
    record: dict[str, Any] = {"question": question, "at": at, "other_from": by}
    for role, unit in (("kept", kept), ("other", other)):
        if unit is not None:
            kind, value = unit
            record[f"{role}_draft" if kind == "draft" else role] = copy.deepcopy(value)
    return record


def _keyed(records: list[dict[str, Any]]) -> list[str]:
    return [repr(sorted(r.items(), key=lambda kv: kv[0])) for r in records]


def _merge_records(
    base: list[dict[str, Any]], ours: list[dict[str, Any]], theirs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Conflict records: each side's new ones are kept; one removed on a side (picked) goes."""
    base_keys, our_keys, their_keys = set(_keyed(base)), _keyed(ours), _keyed(theirs)
    result = [
        r
        for r, k in zip(ours, our_keys, strict=True)
        if not (k in base_keys and k not in their_keys)
    ]
    seen = set(our_keys)
    for record, key in zip(theirs, their_keys, strict=True):
        if key not in seen and key not in base_keys:
            result.append(record)
            seen.add(key)
    return result


def _merge_tree(
    base: Any, ours: Any, theirs: Any, where: str, added: list[dict[str, Any]], at: str, by: str
) -> Any:
    """Three-way merge of nested tables, key by key down to single values: an action's owner
    changed in one window and its due date in another both stay. A value changed both ways
    keeps ours and records theirs as a conflict. Returns _MISSING when the key is gone."""
    if (
        isinstance(ours, dict)
        and isinstance(theirs, dict)
        and (base is _MISSING or isinstance(base, dict))
    ):
        start = base if isinstance(base, dict) else {}
        merged: dict[str, Any] = {}
        for key in [*ours, *(k for k in theirs if k not in ours)]:
            value = _merge_tree(
                start.get(key, _MISSING),
                ours.get(key, _MISSING),
                theirs.get(key, _MISSING),
                f"{where}.{key}",
                added,
                at,
                by,
            )
            if value is not _MISSING:
                merged[key] = value
        return merged
    value, _, clash = _pick(base, ours, theirs)
    if clash:
        units = [None if v is _MISSING else ("answer", v) for v in (ours, theirs)]
        added.append(_record(where, units[0], units[1], at, by))
    # (The marker of a key gone is returned as itself: a deep copy of it would be a new object.)
    return value if value is _MISSING else copy.deepcopy(value)


def merge(base: Plan, ours: Plan, theirs: Plan, *, at: str, by: str = "another window") -> Merged:
    """Merge *ours* and *theirs*, both descended from *base*; *ours* wins a clash.

    *at* stamps new conflict records and *by* says where *theirs* came from.
    """
    result = copy.deepcopy(ours)
    added: list[dict[str, Any]] = []
    theirs_changed: set[str] = set()

    ids = set(base.answers) | set(base.drafts) | set(ours.answers) | set(ours.drafts)
    ids |= set(theirs.answers) | set(theirs.drafts)
    result.answers, result.drafts = {}, {}
    for qid in sorted(ids):
        b, o, t = (_answer_unit(p, qid) for p in (base, ours, theirs))
        value, from_theirs, clash = _pick(b, o, t)
        if from_theirs:
            theirs_changed.add(qid)
        if clash:
            added.append(_record(qid, o, t, at, by))
        if value is not None:
            kind, content = value
            target = result.drafts if kind == "draft" else result.answers
            target[qid] = copy.deepcopy(content)
    # Keep the answers in the order ours had them (the bank's order when written).
    order = {qid: n for n, qid in enumerate([*ours.answers, *theirs.answers])}
    result.answers = dict(sorted(result.answers.items(), key=lambda kv: order.get(kv[0], 0)))

    for name in ("name", "notes"):
        value, _, clash = _pick(getattr(base, name), getattr(ours, name), getattr(theirs, name))
        if clash:
            mine, others = ("answer", getattr(ours, name)), ("answer", getattr(theirs, name))
            added.append(_record(f"plan.{name}", mine, others, at, by))
        setattr(result, name, value)

    for attribute in ("meta_extra", "extra"):
        mine, others, start = (getattr(p, attribute) for p in (ours, theirs, base))
        merged: dict[str, Any] = {}
        for key in [*mine, *(k for k in others if k not in mine), *start]:
            if key in merged:
                continue
            b, o, t = (d.get(key, _MISSING) for d in (start, mine, others))
            value, _, clash = _pick(b, o, t)
            if clash:
                units = [None if v is _MISSING else ("answer", v) for v in (o, t)]
                added.append(_record(f"{attribute}.{key}", units[0], units[1], at, by))
            if value is not _MISSING:
                merged[key] = copy.deepcopy(value)
        setattr(result, attribute, merged)

    for table in ("actions", "parked", "sureness", "workshop", "copied", "votes"):
        merged_table = _merge_tree(
            getattr(base, table), getattr(ours, table), getattr(theirs, table), table, added, at, by
        )
        setattr(result, table, merged_table if isinstance(merged_table, dict) else {})

    result.conflicts = _merge_records(base.conflicts, ours.conflicts, theirs.conflicts) + added
    result.updated = max(ours.updated, theirs.updated)
    result.created = theirs.created or ours.created
    return Merged(result, added, theirs_changed)


def same_content(one: Plan, other: Plan) -> bool:
    """True when two plans hold the same answers, drafts, name, notes and unknown data."""
    keys: tuple[str, ...] = ("name", "notes", "answers", "drafts", "meta_extra", "extra")
    keys += ("conflicts", "actions", "parked", "sureness", "workshop", "copied", "votes")
    return all(getattr(one, k) == getattr(other, k) for k in keys)
