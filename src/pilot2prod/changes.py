"""What changed between two versions of a plan: answer by answer, and in the headline figures.

Pure functions of two plans (the history's files are read by the store): the command line's
``diff``, the app's history view and the export's "Changes since" all show the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec import Struct, structs

from pilot2prod import insight, record, vote
from pilot2prod.bank import Bank
from pilot2prod.plan import Plan, answer_text, currency
from pilot2prod.text import one_line
from pilot2prod.values import format_number


class Change(Struct, frozen=True):
    """One answer (or the plan's name) that differs: ``added``, ``changed`` or ``cleared``."""

    kind: str
    label: str
    before: str
    after: str
    question: str = ""


class Moved(Struct, frozen=True):
    """A headline figure that moved: ``Readiness (weakest group)``, ``20%`` → ``45%``."""

    label: str
    before: str
    after: str


class Diff(Struct, frozen=True):
    answers: list[Change]
    figures: list[Moved]
    record: list[str]
    """What changed in the workshop record, in words (actions added or done, points parked)."""

    @property
    def empty(self) -> bool:
        return not (self.answers or self.figures or self.record)


def _shown(bank: Bank, plan: Plan, qid: str) -> str:
    question = bank.question(qid)
    if qid in plan.drafts:
        return f"“{plan.drafts[qid]}” (to fix)"
    value: Any = plan.answers.get(qid)
    if value is None:
        return ""
    if question is None:
        return str(value)
    return answer_text(question, value, currency(bank, plan))


def _assess(bank: Bank, plan: Plan, today: dt.date | None) -> insight.Assessment:
    """The plan's figures, amounts in its own currency (as the export shows them)."""
    code = currency(bank, plan)
    return insight.assess(bank, plan, today, lambda v: format_number(v, "money", code))


def compare(bank: Bank, before: Plan, after: Plan, today: dt.date | None = None) -> Diff:
    """What changed from *before* to *after*, in the bank's order."""
    order = {q.id: n for n, q in enumerate(bank.questions())}
    ids = set(before.answers) | set(before.drafts) | set(after.answers) | set(after.drafts)
    answers: list[Change] = []
    if before.name != after.name:
        answers.append(Change("changed", "Plan name", before.name, after.name))
    for qid in sorted(ids, key=lambda q: (order.get(q, len(order)), q)):
        old, new = _shown(bank, before, qid), _shown(bank, after, qid)
        if old == new:
            continue
        question = bank.question(qid)
        label = question.prompt if question else qid
        kind = "added" if not old else "cleared" if not new else "changed"
        answers.append(Change(kind, label, old, new, qid))
    then = _assess(bank, before, today).figures.all()
    now = _assess(bank, after, today).figures.all()
    # One bank, so the same figures in the same order: compared one by one.
    figures = [
        Moved(n.label, t.text, n.text) for t, n in zip(then, now, strict=True) if t.text != n.text
    ]
    return Diff(answers, figures, _record_changes(before, after))


def _record_changes(before: Plan, after: Plan) -> list[str]:
    lines: list[str] = []
    old_actions = {a.id: a for a in record.actions(before)}
    for action in record.actions(after):
        was = old_actions.get(action.id)
        if was is None:
            owner = f" ({action.owner}" + (f", due {action.due})" if action.due else ")")
            lines.append(f"New action: {action.what}" + (owner if action.owner else ""))
        elif was.status != action.status:
            status = record.ACTION_STATUSES[action.status].lower()
            lines.append(f"Action {status}: {action.what}")
    old_points = {p.id for p in record.parked(before)}
    lines += [f"Parked: {p.text}" for p in record.parked(after) if p.id not in old_points]
    return lines + _vote_changes(before, after)


def _vote_changes(before: Plan, after: Plan) -> list[str]:
    """Votes started, ballots cast (how many, never what they say before the reveal), reveals,
    and what the scribe took from them."""
    lines: list[str] = []
    old = {v.id: v for v in vote.votes(before)}
    for now in vote.votes(after):
        was = old.get(now.id)
        name = f"Silent vote '{now.title}'"
        if was is None:
            asked = len(now.questions)
            lines.append(f"{name} started ({asked} question{'s' if asked != 1 else ''})")
        cast = now.count - (was.count if was else 0)
        if cast > 0:
            lines.append(f"{name}: {cast} ballot{'s' if cast != 1 else ''} cast")
        if now.is_revealed and not (was and was.is_revealed):
            split = sum(1 for s in vote.spreads(now) if s.split)
            lines.append(f"{name} revealed: {now.count} ballots, split on {split}")
        decided = {q: o for q, o in now.outcomes.items() if not was or was.outcomes.get(q) != o}
        taken = sum(1 for o in decided.values() if o.decision == "accepted")
        kept = len(decided) - taken
        if taken or kept:
            lines.append(f"{name}: the room's answer taken for {taken}, the plan's kept for {kept}")
    return lines


def diff_lines(result: Diff) -> list[str]:
    """The diff as plain lines (the command line and the app show these)."""
    if result.empty:
        return ["No differences."]
    lines: list[str] = []
    if result.answers:
        lines.append("Answers:")
        for change in result.answers:
            if change.kind == "added":
                lines.append(f"  + {change.label}: {one_line(change.after)}")
            elif change.kind == "cleared":
                lines.append(f"  - {change.label} (was: {one_line(change.before)})")
            else:
                lines.append(
                    f"  ~ {change.label}: {one_line(change.before)} → {one_line(change.after)}"
                )
    if result.figures:
        lines.append("Figures:")
        lines += [f"  {m.label}: {m.before} → {m.after}" for m in result.figures]
    if result.record:
        lines.append("Workshop record:")
        lines += [f"  {line}" for line in result.record]
    return lines


def _keyed(figures: insight.Figures) -> list[tuple[str, insight.Figure]]:
    """Every figure with what it is (its field, and a group's or a reason's id), in order."""
    keyed: list[tuple[str, insight.Figure]] = []
    for each in structs.fields(figures):
        value = getattr(figures, each.name)
        if isinstance(value, tuple):
            keyed += [(f"{each.name}:{item.id}", item) for item in value]
        elif value is not None:
            keyed.append((each.name, value))
    return keyed


def side_by_side(
    bank: Bank,
    one: Plan,
    other: Plan,
    today: dt.date | None = None,
    other_bank: Bank | None = None,
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Two plans next to each other: (label, one, other) for every headline figure, and for
    every answer that differs. *other_bank* is the second plan's bank when it is not *bank*:
    figures are then matched by label (one a bank does not have shows "—"), and answers by
    question id, each shown with its own plan's bank."""
    two = other_bank if other_bank is not None else bank
    first = _assess(bank, one, today).figures
    second = _assess(two, other, today).figures
    if two is bank:
        pairs = zip(first.all(), second.all(), strict=True)
        figures = [(a.label, a.text, b.text) for a, b in pairs]
        differing = compare(bank, one, other, today).answers
        return figures, [(c.label, c.before or "—", c.after or "—") for c in differing]
    # Matched by what each figure is, not by its words: "Readiness (weakest group)" and
    # "Readiness (average of the groups)" are both the overall readiness, on one row.
    keyed = _keyed(first)
    theirs = dict(_keyed(second))
    figures = [(a.label, a.text, theirs[k].text if k in theirs else "—") for k, a in keyed]
    ours = {k for k, _ in keyed}
    figures += [(b.label, "—", b.text) for k, b in theirs.items() if k not in ours]
    order = [q.id for q in bank.questions()] + [q.id for q in two.questions()]
    position = {qid: n for n, qid in reversed(list(enumerate(order)))}
    ids = set(one.answers) | set(one.drafts) | set(other.answers) | set(other.drafts)
    answers = []
    if one.name != other.name:
        answers.append(("Plan name", one.name, other.name))
    for qid in sorted(ids, key=lambda q: (position.get(q, len(position)), q)):
        mine, yours = _shown(bank, one, qid), _shown(two, other, qid)
        if mine == yours:
            continue
        question = bank.question(qid) or two.question(qid)
        answers.append((question.prompt if question else qid, mine or "—", yours or "—"))
    return figures, answers
