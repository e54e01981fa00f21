"""Insight: stall risk, readiness, budget reality and phase gates. Pure functions of a plan.

:func:`assess` is the entry point: the dashboard, the Markdown export, home and ``list`` all
read its :class:`Assessment`, so they always show the same figures, each computed once. Every
rule comes from the bank (``bank.diagnostic``, ``bank.readiness_rules``, ``bank.budget_rules``,
``bank.timeline_rules``, ``bank.placeholders``; docs/question-bank.md): this module interprets
them and names no question of any bank. A part the bank does not declare is None or empty.
docs/scoring.md explains the built-in bank's rules.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from functools import cached_property

from msgspec import Struct, field

from pilot2prod import record, vote
from pilot2prod.bank import (
    CHECKLIST_STATUSES,
    DEFAULT_HIGH_AT,
    DEFAULT_MEDIUM_AT,
    DEFAULT_PLACEHOLDERS,
    DEFAULT_STATUS_POINTS,
    Bank,
    BudgetRules,
    ChecklistItem,
    Diagnostic,
    Evidence,
    Question,
    ReadinessRules,
    Step,
    placeholder_key,
)
from pilot2prod.plan import Fix, Plan, Progress, is_answered, progress, to_fix
from pilot2prod.summaries import SUMMARY_VERSION as SUMMARY_VERSION
from pilot2prod.summaries import ready_text as ready_text
from pilot2prod.summaries import summary_key as summary_key
from pilot2prod.values import as_date


def current_date() -> dt.date:
    """Today in UTC; ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds
    convention) fixes it, so an export can be made again byte for byte, and tests pin it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


# --- Shared vocabulary --------------------------------------------------------------------------

LOW, MEDIUM, HIGH = "low", "medium", "high"


def level_of(score: float, rules: Diagnostic | None = None) -> str:
    """A risk score's level under *rules*' thresholds (the vocabulary's defaults without)."""
    high_at = rules.high_at if rules else DEFAULT_HIGH_AT
    medium_at = rules.medium_at if rules else DEFAULT_MEDIUM_AT
    if score >= high_at:
        return HIGH
    if score >= medium_at:
        return MEDIUM
    return LOW


def percent(value: float | None) -> str:
    """A 0..1 share as a whole percentage ("n/a" for None). Used by the export and the app."""
    return "n/a" if value is None else f"{round(value * 100)}%"


# --- Stall risk ---------------------------------------------------------------------------------


class Finding(Struct, frozen=True):
    """One input to a reason's risk: a warning sign or a piece of evidence elsewhere in the plan.

    ``points`` is 1 when it shows the risk, 0.5 when unknown, 0 when it shows the risk is handled.
    ``question_id`` is the question whose answer would settle it.
    """

    points: float
    text: str
    question_id: str | None = None
    sign: bool = False


class StallRisk(Struct, frozen=True):
    id: str
    title: str
    fix: str
    score: float
    level: str
    findings: tuple[Finding, ...]

    @property
    def reasons(self) -> list[str]:
        """What drove the rating, in plain words: every finding that is not settled as safe."""
        return [f.text for f in self.findings if f.points > 0]


def _number(plan: Plan, qid: str) -> float | None:
    value = plan.answers.get(qid)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _date(plan: Plan, qid: str) -> dt.date | None:
    """A date answer (a month-only date counts as the month's first day)."""
    return as_date(plan.answers.get(qid))


def is_placeholder(text: str, bank: Bank | None = None) -> bool:
    """Whether *text* names nothing: empty, or one of the bank's placeholders."""
    key = placeholder_key(text)
    return not key or key in (bank.placeholders if bank else DEFAULT_PLACEHOLDERS)


def _plain(value: float) -> str:
    """A number in a finding's words: whole numbers without decimals, thousands separated."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _rows(value: object) -> list[dict[str, object]]:
    """A list answer's rows that hold something (rows with every cell blank do not count)."""
    rows = value if isinstance(value, list) else []
    return [r for r in rows if isinstance(r, dict) and any(str(v).strip() for v in r.values())]


class _Evidence:
    """Reads one plan under one bank's evidence rules: :meth:`finding` per rule."""

    def __init__(self, bank: Bank, plan: Plan, rules: Diagnostic) -> None:
        self.bank, self.plan, self.unknown = bank, plan, rules.unknown

    def finding(self, rule: Evidence) -> Finding:
        read: Callable[[Evidence], Finding] = getattr(self, rule.kind)
        return read(rule)

    @staticmethod
    def say(rule: Evidence, key: str, **fields: object) -> str:
        words = rule.says.get(key)
        if words is None:  # the loader makes sure the words a finding needs exist
            words = rule.says["risk" if key == "before" else "otherwise"]
        return words.format(**fields)

    def named(self, rule: Evidence) -> Finding:
        question = self.bank.question(rule.question)
        value = self.plan.get(question) if question else None
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            return Finding(self.unknown, self.say(rule, "unanswered"), rule.question)
        if is_placeholder(text, self.bank):
            return Finding(1.0, self.say(rule, "risk", answer=text), rule.question)
        return Finding(0.0, self.say(rule, "safe", answer=text), rule.question)

    def _picked(self, rule: Evidence, value: object, offered: list[str]) -> Finding:
        question = self.bank.question(rule.question)
        if not isinstance(value, str) or value not in offered or question is None:
            return Finding(self.unknown, self.say(rule, "unanswered"), rule.question)
        points = rule.points.get(value, rule.otherwise)
        key = value if value in rule.says else "otherwise"
        label = question.choice_label(value).lower()
        return Finding(points, self.say(rule, key, label=label), rule.question)

    def choice(self, rule: Evidence) -> Finding:
        question = self.bank.question(rule.question)
        offered = [c.value for c in question.choices] if question else []
        return self._picked(rule, self.plan.answers.get(rule.question), offered)

    def status(self, rule: Evidence) -> Finding:
        value = self.plan.answers.get(rule.question)
        status = value.get("status") if isinstance(value, dict) else None
        return self._picked(rule, status, [v for v, _ in CHECKLIST_STATUSES])

    def amount(self, rule: Evidence) -> Finding:
        amount = _number(self.plan, rule.question)
        if amount is None:
            return Finding(self.unknown, self.say(rule, "unanswered"), rule.question)
        key, points = ("risk", 1.0) if amount <= rule.at_most else ("safe", 0.0)
        return Finding(points, self.say(rule, key, amount=_plain(amount)), rule.question)

    def multiple(self, rule: Evidence) -> Finding:
        base, value = _number(self.plan, rule.of), _number(self.plan, rule.question)
        if base is None or value is None:
            missing = rule.of if base is None else rule.question
            return Finding(self.unknown, self.say(rule, "unanswered"), missing)
        ratio = f"{value / base:.1f}" if base else ""
        fields = {"ratio": ratio, "factor": f"{rule.at_least:g}"}
        if base > 0 and value < rule.at_least * base:
            return Finding(1.0, self.say(rule, "risk", **fields), rule.question)
        return Finding(0.0, self.say(rule, "safe", **fields), rule.question)

    def days_between(self, rule: Evidence) -> Finding:
        start, end = _date(self.plan, rule.start), _date(self.plan, rule.end)
        if start is None or end is None:
            missing = rule.start if start is None else rule.end
            return Finding(self.unknown, self.say(rule, "unanswered"), missing)
        gap = (end - start).days
        if gap < 0:
            return Finding(1.0, self.say(rule, "before", days=gap), rule.end)
        if gap < rule.at_least:
            return Finding(1.0, self.say(rule, "risk", days=gap), rule.end)
        return Finding(0.0, self.say(rule, "safe", days=gap), rule.end)

    def rows(self, rule: Evidence) -> Finding:
        rows = _rows(self.plan.answers.get(rule.question))
        if not rows:
            points = self.unknown if rule.empty == "unknown" else 1.0
            return Finding(points, self.say(rule, "empty", count=0, missing=""), rule.question)

        def complete(row: dict[str, object]) -> bool:
            return all(str(row.get(c, "")).strip() for c in rule.complete)

        done = [r for r in rows if complete(r)]
        missing = "; ".join(
            str(r.get(rule.name_column, "")).strip() or rule.unnamed
            for r in rows
            if not complete(r)
        )
        if rule.need == "all":
            risk, count = len(done) < len(rows), len(rows)
        else:
            risk, count = not done, len(done)
        key, points = ("risk", 1.0) if risk else ("safe", 0.0)
        return Finding(points, self.say(rule, key, count=count, missing=missing), rule.question)


def _assumed(plan: Plan, qid: str) -> bool:
    """Whether the answer to *qid* is marked as only an assumption."""
    mark = plan.sureness.get(qid)
    return isinstance(mark, dict) and mark.get("level") == "assumption"


SIGN_WORDS = {"yes": "yes", "unsure": "not sure", "no": "no"}
"""How a warning sign's answer reads in a finding."""


def _sign_finding(
    plan: Plan, question: Question, rules: Diagnostic, split: frozenset[str] = frozenset()
) -> Finding:
    value = plan.answers.get(question.id)
    if not isinstance(value, str) or value not in SIGN_WORDS:  # (a file's list or table too)
        return Finding(
            rules.unknown, f"not answered yet: {question.prompt}", question.id, sign=True
        )
    points = rules.signs[str(value)]
    if points < rules.assumed and _assumed(plan, question.id):
        # A reassuring answer nobody has checked is weaker evidence: it counts as not sure.
        text = f"{SIGN_WORDS[str(value)]}, but only an assumption (counted as not sure): "
        return Finding(rules.assumed, text + question.prompt, question.id, sign=True)
    unsure = rules.signs.get("unsure", rules.assumed)
    if points < unsure and question.id in split:
        # The room did not agree that all is well: a split vote can raise a sign, never lower it.
        text = f"{SIGN_WORDS[str(value)]}, but the room's vote was split (counted as not sure): "
        return Finding(unsure, text + question.prompt, question.id, sign=True)
    return Finding(points, f"{SIGN_WORDS[str(value)]}: {question.prompt}", question.id, sign=True)


def stall_risks(bank: Bank, plan: Plan) -> list[StallRisk]:
    """The risk of each reason pilots stall, from its warning signs and the evidence rules the
    bank declares (none without a diagnostic phase)."""
    rules = bank.diagnostic
    if rules is None:
        return []
    evidence = _Evidence(bank, plan, rules)
    split = vote.split_questions(plan) if plan.votes else frozenset()
    risks = []
    for mode in bank.failure_modes:
        findings = [_sign_finding(plan, sign, rules, split) for sign in mode.signs]
        findings += [evidence.finding(rule) for rule in rules.evidence.get(mode.id, ())]
        score = sum(f.points for f in findings) / len(findings) if findings else rules.unknown
        risks.append(
            StallRisk(mode.id, mode.title, mode.fix, score, level_of(score, rules), tuple(findings))
        )
    return risks


def highest_risk(risks: Iterable[StallRisk]) -> StallRisk | None:
    """The reason with the highest score (the first in bank order on a tie)."""
    best: StallRisk | None = None
    for risk in risks:
        if best is None or risk.score > best.score:
            best = risk
    return best


# --- Readiness ----------------------------------------------------------------------------------


NOT_ASSESSED = "not assessed"
"""How an item with no status is shown where items are listed (it still scores 0)."""


class ItemScore(Struct, frozen=True):
    item: ChecklistItem
    status: str | None
    score: float | None
    """None for not applicable items (left out)."""
    grade: str | None = None
    """The evidence grade (claimed, documented, demonstrated), or None when not graded."""

    @property
    def assessed(self) -> bool:
        """Whether the item has a status at all (one with none scores 0: not assessed)."""
        return isinstance(self.status, str) and bool(self.status.strip())


class GroupScore(Struct, frozen=True):
    id: str
    title: str
    items: tuple[ItemScore, ...]

    @property
    def counted(self) -> list[ItemScore]:
        return [i for i in self.items if i.score is not None]

    @property
    def score(self) -> float | None:
        scores = [i.score for i in self.items if i.score is not None]
        return sum(scores) / len(scores) if scores else None


class Readiness(Struct, frozen=True):
    groups: tuple[GroupScore, ...]
    overall: float | None
    weakest: GroupScore | None
    holding_down: tuple[ItemScore, ...]
    go: bool
    blockers: tuple[ItemScore, ...]
    rules: ReadinessRules = field(default_factory=lambda: ReadinessRules(""))
    """The bank's readiness rules these figures come from (their threshold, their words)."""

    @property
    def verdict(self) -> str:
        return self.rules.verdict[0] if self.go else self.rules.verdict[1]

    @property
    def overall_label(self) -> str:
        """What overall readiness is, in words: the weakest group, or the groups' average."""
        return "weakest group" if self.rules.combine == "weakest" else "average of the groups"


def item_score(status: str | None, rules: ReadinessRules | None = None) -> float | None:
    """A checklist status's points under *rules* (None for not applicable: left out)."""
    if status == "not_applicable":
        return None
    points = rules.points if rules else DEFAULT_STATUS_POINTS
    return points.get(status if isinstance(status, str) else "", 0.0)  # (a file's list: none)


def readiness(bank: Bank, plan: Plan) -> Readiness | None:
    """Per-group scores, overall readiness as the bank combines the groups (the weakest, or
    their average), and the verdict; None for a bank without a checklist."""
    rules = bank.readiness_rules
    if rules is None:
        return None
    groups: dict[str, list[ItemScore]] = {}
    titles: dict[str, str] = {}
    for item in bank.checklist_items:
        value = plan.get(item.question)
        status = value.get("status") if isinstance(value, dict) else None
        score = item_score(status, rules)
        if score is not None and _assumed(plan, item.id):
            score = min(score, rules.assumed_at_most)  # a status nobody has checked counts less
        graded = record.grade(plan, item.id)
        if score is not None and graded is not None:
            score = min(score, rules.graded_at_most.get(graded.grade, 1.0))  # a claim alone…
        grade = graded.grade if graded else None
        groups.setdefault(item.group_id, []).append(ItemScore(item, status, score, grade))
        titles[item.group_id] = item.group_title
    scored = tuple(GroupScore(gid, titles[gid], tuple(items)) for gid, items in groups.items())
    counted = [(score, g) for g in scored if (score := g.score) is not None]
    weakest = min(counted, key=lambda pair: pair[0])[1] if counted else None
    overall: float | None
    if rules.combine == "average":
        overall = sum(score for score, _ in counted) / len(counted) if counted else None
    else:
        overall = weakest.score if weakest else None
    holding: tuple[ItemScore, ...] = ()
    if weakest:
        low = [(score, i) for i in weakest.items if (score := i.score) is not None and score < 1]
        holding = tuple(i for _, i in sorted(low, key=lambda pair: pair[0]))
    zeros = tuple(i for g in scored for i in g.counted if i.score == 0) if rules.zero_blocks else ()
    go = overall is not None and overall >= rules.ready_at and not zeros
    blockers: list[ItemScore] = list(zeros)
    if not go and overall is not None and overall < rules.ready_at:
        blockers += [i for i in holding if i not in blockers]
    return Readiness(scored, overall, weakest, holding, go, tuple(blockers), rules)


CLAIMS_LABEL = "Readiness resting on claims"


class Claims(Struct, frozen=True):
    """How much of the readiness rests on claims alone: the items that count towards it
    (scoring above 0) whose evidence is only *claimed*, or not graded at all (someone set a
    status, nobody named a document or a test)."""

    counted: int
    """Items that count (not applicable ones left out)."""
    ready: int
    """Items scoring above 0."""
    claimed: int
    """Ready items graded *claimed*."""
    ungraded: int
    """Ready items with no grade."""
    share: float | None
    """The share of the readiness points those items bring (None when no item scores)."""

    @property
    def on_claim(self) -> int:
        """Ready items resting on a claim alone (claimed or not graded)."""
        return self.claimed + self.ungraded

    @property
    def text(self) -> str:
        """ "3 of 15 items ready on a claim alone (1 claimed, 2 not graded)"."""
        out = f"{self.on_claim} of {self.counted} items ready on a claim alone"
        parts = [f"{self.claimed} claimed"] if self.claimed else []
        parts += [f"{self.ungraded} not graded"] if self.ungraded else []
        return out + (f" ({', '.join(parts)})" if parts else "")


def claims(ready: Readiness) -> Claims:
    """How much of *ready* rests on claims alone (see :class:`Claims`)."""
    counted = [i for g in ready.groups for i in g.counted]
    scoring = [i for i in counted if i.score]
    on_claim = [i for i in scoring if i.grade in (None, "claimed")]
    total = sum(i.score or 0.0 for i in scoring)
    share = sum(i.score or 0.0 for i in on_claim) / total if total else None
    return Claims(
        counted=len(counted),
        ready=len(scoring),
        claimed=sum(1 for i in on_claim if i.grade == "claimed"),
        ungraded=sum(1 for i in on_claim if i.grade is None),
        share=share,
    )


# --- Budget -------------------------------------------------------------------------------------


def times(factor: float) -> str:
    """A multiple in words: "twice", "3.5 times"."""
    return "twice" if factor == 2 else f"{factor:g} times"


class Budget(Struct, frozen=True):
    pilot: float | None
    planned: float | None
    estimate: tuple[float, float, float] | None
    """The production estimate at the low, middle and high multiples of the pilot cost."""
    lines: tuple[tuple[str, float | None], ...]
    """The one-off cost lines (label, amount or None when missing)."""
    lines_total: float | None
    operations: float | None
    warnings: tuple[str, ...]
    rules: BudgetRules = field(default_factory=lambda: BudgetRules("", ""))
    """The bank's budget rules these figures come from (the range, which lines there are)."""

    @property
    def position(self) -> str:
        """Where the planned budget sits against the estimate range, in words."""
        if self.estimate is None or self.planned is None:
            return "unknown"
        low, _, high = self.estimate
        if self.planned < low:
            return "below the range"
        if self.planned > high:
            return "above the range"
        return "within the range"

    @property
    def range_words(self) -> str:
        """The usual range in words: "2 to 5 times the pilot"."""
        low, _, high = self.rules.range
        return f"{low:g} to {high:g} times the pilot"


def budget(bank: Bank, plan: Plan, money: Callable[[float], str] | None = None) -> Budget | None:
    """The budget reality check the bank declares (None without one); *money* formats
    amounts in warnings."""
    rules = bank.budget_rules
    if rules is None:
        return None
    show = money or (lambda v: f"{v:,.0f}")
    pilot = _number(plan, rules.pilot_cost)
    planned = _number(plan, rules.production)
    operations = _number(plan, rules.yearly) if rules.yearly else None
    low, mid, high = rules.range
    estimate = (pilot * low, pilot * mid, pilot * high) if pilot else None
    lines = tuple((label, _number(plan, qid)) for qid, label in rules.one_off)
    given = [amount for _, amount in lines if amount is not None]
    total = sum(given) if given else None
    warnings: list[str] = []
    if pilot is None:
        warnings.append("The pilot cost is missing, so production cannot be estimated.")
    if planned is None:
        warnings.append("No production budget is planned yet.")
    if estimate and planned is not None and planned < estimate[0]:
        warnings.append(
            f"The production budget ({show(planned)}) is below {times(low)} the pilot cost "
            f"({show(estimate[0])}); production usually costs {low:g} to {high:g} times the pilot."
        )
    for label, amount in lines:
        if amount is None:
            warnings.append(f"The cost line '{label}' is missing.")
    if rules.yearly and operations is None:
        warnings.append("The yearly cost of running the system is missing.")
    if planned and total is not None and abs(total - planned) > rules.tolerance * planned:
        warnings.append(
            f"The one-off cost lines add up to {show(total)}, but the production budget is "
            f"{show(planned)}."
        )
    return Budget(pilot, planned, estimate, lines, total, operations, tuple(warnings), rules)


# --- Gates and timeline -------------------------------------------------------------------------

GATE_DECISIONS = {"go": "Go", "conditions": "Go with conditions", "stop": "Stop"}


class Gate(Struct, frozen=True):
    phase_id: str
    phase_label: str
    step: Step
    decision: str | None
    decided_by: str | None
    date: dt.date | None
    conditions: str | None


def _gate_parts(step: Step) -> dict[str, Question]:
    parts: dict[str, Question] = {}
    for question in step.questions:
        role = {
            "choice": "decision",
            "person": "by",
            "date": "date",
            "long_text": "conditions",
        }.get(question.kind)
        if role and role not in parts:
            parts[role] = question
    return parts


def gates(bank: Bank, plan: Plan) -> list[Gate]:
    """The gate that closes each phase, with what was decided."""
    result = []
    for phase in bank.phases:
        for step in phase.steps:
            if not step.gate:
                continue
            parts = _gate_parts(step)
            values = {role: plan.get(q) for role, q in parts.items()}
            texts = {k: v for k, v in values.items() if isinstance(v, str) and v.strip()}
            when = as_date(values.get("date"))
            texts.pop("date", None)
            result.append(
                Gate(
                    phase.id,
                    phase.label,
                    step,
                    texts.get("decision"),
                    texts.get("by"),
                    when,
                    texts.get("conditions"),
                )
            )
    return result


class TimelineItem(Struct, frozen=True):
    label: str
    start: dt.date
    end: dt.date


class Timeline(Struct, frozen=True):
    phases: tuple[TimelineItem, ...]
    milestones: tuple[tuple[str, dt.date], ...] = field(default=())


def timeline(bank: Bank, plan: Plan, phase_gates: list[Gate] | None = None) -> Timeline | None:
    """Phases from one gate date to the next (the first from the start the bank's
    ``[timeline]`` names), and its milestones; None for a bank with neither a timeline nor
    gates. *phase_gates* are the plan's gates when they are already computed."""
    rules = bank.timeline_rules
    all_gates = gates(bank, plan) if phase_gates is None else phase_gates
    if rules is None and not all_gates:
        return None
    start = _date(plan, rules.start) if rules and rules.start else None
    items: list[TimelineItem] = []
    for gate in all_gates:
        if gate.date is not None:
            if start is not None and start <= gate.date:
                items.append(TimelineItem(gate.phase_label, start, gate.date))
            start = gate.date
        else:
            start = None
    milestones = tuple(
        (label, when)
        for qid, label in (rules.milestones if rules else ())
        if (when := _date(plan, qid)) is not None
    )
    return Timeline(tuple(items), milestones)


# --- Where to look next -------------------------------------------------------------------------


class NextQuestion(Struct, frozen=True):
    question: Question
    risk: StallRisk
    gain: float
    """How much settling this answer could lower its reason's risk score."""
    why: str


def next_questions(
    bank: Bank, plan: Plan, count: int = 3, risks: list[StallRisk] | None = None
) -> list[NextQuestion]:
    """The open questions (unanswered, or answered 'not sure') that would lower risk the most.
    *risks* are the plan's stall risks when they are already computed."""
    if bank.diagnostic is None:
        return []
    unknown = bank.diagnostic.unknown
    candidates: list[NextQuestion] = []
    seen: set[str] = set()
    order = {q.id: i for i, q in enumerate(bank.questions())}
    split = vote.split_questions(plan) if plan.votes else frozenset()
    for risk in stall_risks(bank, plan) if risks is None else risks:
        total = len(risk.findings)
        for finding in risk.findings:
            qid = finding.question_id
            question = bank.question(qid) if qid else None
            if question is None or qid in seen or finding.points != unknown:
                continue
            answered = is_answered(question, plan.get(question))
            if answered and not finding.sign:
                continue  # evidence that is in progress, not unknown
            seen.add(question.id)
            why = _open_because(plan, question, split) if answered else "not answered yet"
            candidates.append(NextQuestion(question, risk, finding.points / total, why))
    candidates.sort(key=lambda c: (-c.gain, -c.risk.score, order.get(c.question.id, 0)))
    return candidates[:count]


# --- The figures both the dashboard and the export show ------------------------------------------


def _open_because(plan: Plan, question: Question, split: frozenset[str]) -> str:
    """Why an answered warning sign still counts as not known: answered 'not sure', or with a
    reassuring answer that is only an assumption or that the room's vote split on (*split*:
    the questions a revealed vote split on)."""
    value = plan.answers.get(question.id)
    if not isinstance(value, str) or value not in SIGN_WORDS:  # (as _sign_finding reads it)
        return "not answered yet"
    said = f"answered '{SIGN_WORDS[value]}'"
    if value != "unsure":
        if _assumed(plan, question.id):
            return f"{said}, but only as an assumption"
        if question.id in split:
            return f"{said}, but the room's vote was split"
    return said


RISK_PREFIX = "Stall risk: "
"""What a stall reason's figure label starts with (the reason's title follows)."""


class Figure(Struct, frozen=True):
    """One headline figure: the label it is listed under, its display text, and the 0..1
    score or the level behind it where it has one."""

    label: str
    text: str
    score: float | None = None
    level: str = ""
    """A stall reason's risk level (low, medium, high); ``go`` or ``nogo`` for the verdict."""


class GroupFigure(Figure, frozen=True, kw_only=True):
    """The readiness of one group of the checklist (its score is None when nothing counts)."""

    id: str
    title: str


class RiskFigure(Figure, frozen=True, kw_only=True):
    """The stall risk of one reason: its level in capitals as text, its score and level."""

    id: str
    title: str


class Figures(Struct, frozen=True):
    """Every headline figure of one plan as display text: one source for the app, the
    exports and ``diff``. Each label is written once, in :func:`figures`. A figure of a part
    the bank does not declare (no checklist, no diagnostic, no budget) is None or empty, and
    :meth:`all` leaves it out."""

    progress: Figure
    required_open: Figure
    readiness: Figure | None
    """Overall readiness (the weakest group, or the groups' average, as the bank says)."""
    verdict: Figure | None
    to_fix: Figure
    groups: tuple[GroupFigure, ...]
    """One per readiness group, in bank order."""
    risks: tuple[RiskFigure, ...]
    """One per stall reason, in bank order."""
    production_estimate: Figure | None
    planned_budget: Figure | None
    budget_position: Figure | None
    open_actions: Figure
    overdue_actions: Figure
    unowned_actions: Figure
    parked: Figure

    def all(self) -> tuple[Figure, ...]:
        """Every figure in the order they are listed (those of undeclared parts left out)."""
        listed = (
            self.progress,
            self.required_open,
            self.readiness,
            self.verdict,
            self.to_fix,
            *self.groups,
            *self.risks,
            self.production_estimate,
            self.planned_budget,
            self.budget_position,
            self.open_actions,
            self.overdue_actions,
            self.unowned_actions,
            self.parked,
        )
        return tuple(f for f in listed if f is not None)

    def rows(self) -> list[tuple[str, str]]:
        """(label, text) of every figure, in the order they are listed."""
        return [(f.label, f.text) for f in self.all()]


def figures(found: Assessment) -> Figures:
    """The headline figures of an assessment (read :attr:`Assessment.figures`)."""
    done, ready, cost, money = found.progress, found.readiness, found.budget, found.money
    estimate = planned = position = None
    if cost is not None:
        if cost.estimate:
            low, mid, high = cost.estimate
            words = f"{money(low)} to {money(high)} (middle {money(mid)})"
        else:
            words = "n/a"
        estimate = Figure("Production estimate", words)
        planned = Figure(
            "Planned production budget",
            money(cost.planned) if cost.planned is not None else "n/a",
        )
        position = Figure("Budget position", cost.position)
    overall = verdict = None
    if ready is not None:
        overall = Figure(
            f"Readiness ({ready.overall_label})", percent(ready.overall), ready.overall
        )
        verdict = Figure("Verdict", ready.verdict, level="go" if ready.go else "nogo")
    return Figures(
        progress=Figure("Progress", f"{done.percent}%", done.percent / 100),
        required_open=Figure("Required questions open", str(len(done.open_required))),
        readiness=overall,
        verdict=verdict,
        to_fix=Figure("Answers to fix", str(len(found.to_fix))),
        groups=tuple(
            GroupFigure(
                f"Readiness: {group.title}",
                percent(group.score),
                group.score,
                id=group.id,
                title=group.title,
            )
            for group in (ready.groups if ready else ())
        ),
        risks=tuple(
            RiskFigure(
                f"{RISK_PREFIX}{risk.title}",
                risk.level.upper(),
                risk.score,
                risk.level,
                id=risk.id,
                title=risk.title,
            )
            for risk in found.risks
        ),
        production_estimate=estimate,
        planned_budget=planned,
        budget_position=position,
        open_actions=Figure("Open actions", str(len(found.open_actions))),
        overdue_actions=Figure("Overdue actions", str(len(found.overdue))),
        unowned_actions=Figure("Actions without an owner", str(len(found.unowned))),
        parked=Figure("Points in the parking lot", str(len(found.parked))),
    )


# --- The assessment: everything above, for one plan, each part computed once -----------------


class Assessment:
    """What insight says about one plan: progress, stall risks, readiness, budget, gates,
    timeline and the next questions to ask.

    Every part is computed the first time it is read and then kept, so an export or a
    dashboard that reads the readiness five times computes it once. The plan must not change
    while an assessment is in use: make a new one after an edit (:func:`assess`).
    """

    def __init__(
        self,
        bank: Bank,
        plan: Plan,
        today: dt.date | None = None,
        money: Callable[[float], str] | None = None,
    ) -> None:
        self.bank = bank
        self.plan = plan
        self.today = today or current_date()
        """The day the assessment is made as of (overdue actions are late against it)."""
        self.money = money or (lambda v: f"{v:,.0f}")
        """Formats amounts (in the plan's currency) in the budget's words."""

    @cached_property
    def actions(self) -> list[record.Action]:
        return record.actions(self.plan)

    @cached_property
    def open_actions(self) -> list[record.Action]:
        return [a for a in self.actions if a.is_open]

    @cached_property
    def overdue(self) -> list[record.Action]:
        """Open actions whose due date has passed: each one is a warning."""
        return [a for a in self.open_actions if a.overdue(self.today)]

    @cached_property
    def unowned(self) -> list[record.Action]:
        """Open actions nobody owns yet."""
        return [a for a in self.open_actions if not a.owner.strip()]

    @property
    def in_hand(self) -> bool:
        """Whether a HIGH reason shows the actions in hand on it (the bank's ``in_hand``)."""
        return self.bank.diagnostic is not None and self.bank.diagnostic.in_hand

    def actions_on(self, risk: StallRisk) -> list[record.Action]:
        """Open actions with an owner and a due date on *risk*: made from its fix, or from one
        of its warning signs."""
        mode = next((m for m in self.bank.failure_modes if m.id == risk.id), None)
        sources = {record.source_of("risk", risk.id)}
        if mode is not None:
            sources |= {record.source_of("question", q.id) for q in mode.signs}
        return [a for a in self.open_actions if a.source in sources and a.owned_and_dated]

    @cached_property
    def warnings(self) -> list[str]:
        """What needs attention in the workshop record: overdue and unowned actions."""
        out = [
            f"Overdue since {a.due}: {a.what}" + (f" ({a.owner})" if a.owner else "")
            for a in self.overdue
        ]
        out += [f"No owner: {a.what}" for a in self.unowned]
        return out

    @cached_property
    def parked(self) -> list[record.Parked]:
        """Points still in the parking lot."""
        return [p for p in record.parked(self.plan) if p.is_open]

    @cached_property
    def assumptions(self) -> list[record.Sureness]:
        return record.assumptions(self.bank, self.plan)

    @cached_property
    def progress(self) -> Progress:
        return progress(self.bank, self.plan)

    @cached_property
    def risks(self) -> list[StallRisk]:
        """The stall risk of each reason the bank diagnoses, in bank order."""
        return stall_risks(self.bank, self.plan)

    @cached_property
    def highest_risk(self) -> StallRisk | None:
        return highest_risk(self.risks)

    @cached_property
    def readiness(self) -> Readiness | None:
        """None when the bank has no checklist."""
        return readiness(self.bank, self.plan)

    @cached_property
    def claims(self) -> Claims | None:
        """How much of the readiness rests on claims alone (None without a checklist): the
        figure the board page and the report show."""
        return claims(self.readiness) if self.readiness is not None else None

    @cached_property
    def budget(self) -> Budget | None:
        """None when the bank declares no budget check."""
        return budget(self.bank, self.plan, self.money)

    @cached_property
    def gates(self) -> list[Gate]:
        return gates(self.bank, self.plan)

    @cached_property
    def timeline(self) -> Timeline | None:
        """None when the bank declares neither a timeline nor gates."""
        return timeline(self.bank, self.plan, self.gates)

    @cached_property
    def next_questions(self) -> list[NextQuestion]:
        return next_questions(self.bank, self.plan, risks=self.risks)

    @cached_property
    def to_fix(self) -> list[Fix]:
        """Answers kept as typed that cannot be read (not counted as answers)."""
        return to_fix(self.bank, self.plan)

    @cached_property
    def figures(self) -> Figures:
        """Every headline figure as typed values with their display text."""
        return figures(self)

    def summary(self) -> dict[str, object]:
        """Progress, readiness, verdict, the highest stall risk, the organisation and how
        many answers are to fix: plain JSON values, so the index can keep them. Readiness and
        verdict are None for a bank without a checklist, the highest risk without a
        diagnostic."""
        ready, top = self.readiness, self.highest_risk
        question = self.bank.role("organisation")
        organisation = self.plan.get(question) if question is not None else None
        overall = ready.overall if ready else None
        return {
            "progress": self.progress.percent,
            "readiness": None if overall is None else round(overall * 100),
            "verdict": ready.verdict if ready else None,
            "highest_risk": {"reason": top.title, "level": top.level} if top else None,
            "organisation": organisation if isinstance(organisation, str) else "",
            "to_fix": len(self.to_fix),
        }


def assess(
    bank: Bank,
    plan: Plan,
    today: dt.date | None = None,
    money: Callable[[float], str] | None = None,
) -> Assessment:
    """Everything insight says about *plan* as of *today* (the current UTC date by default),
    computed as it is read; *money* formats amounts."""
    return Assessment(bank, plan, today, money)


# --- The short summary home and `list` show (kept in the data directory's index) ------------------


# (What summaries depend on, SUMMARY_VERSION and summary_key, and how a summary's readiness
# reads, ready_text, are in pilot2prod.summaries, which home and `list` read the index with
# without loading this module.)


def summary(bank: Bank, plan: Plan) -> dict[str, object]:
    """The short summary of *plan* that home and ``list`` show (see :meth:`Assessment.summary`)."""
    return assess(bank, plan).summary()
