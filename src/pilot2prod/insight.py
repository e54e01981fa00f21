"""Insight: stall risk, readiness, budget reality and phase gates. Pure functions of a plan.

:func:`assess` is the entry point: the dashboard, the Markdown export, home and ``list`` all
read its :class:`Assessment`, so they always show the same figures, each computed once. Every
rule is documented in docs/scoring.md; the rules read the built-in bank's question ids, and a
rule whose questions a bank does not have is simply not applied.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from pilot2prod import record
from pilot2prod.bank import Bank, ChecklistItem, Question, Step
from pilot2prod.plan import Fix, Plan, Progress, is_answered, progress, to_fix
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
HIGH_AT = 0.6
"""A reason's risk score at or above this is high."""
MEDIUM_AT = 0.3
"""A reason's risk score at or above this (and below HIGH_AT) is medium."""

SIGN_POINTS = {"yes": 1.0, "unsure": 0.5, "no": 0.0}
UNKNOWN = 0.5
"""What an unanswered warning sign or piece of evidence counts for: unknown, not safe."""

STATUS_POINTS = {"not_started": 0.0, "in_progress": 0.0, "manual": 0.5, "automated": 1.0}
"""Readiness points of a checklist status (not_applicable items are left out)."""
ASSUMED_AT_MOST = 0.5
"""The most a checklist status marked as an assumption counts for."""
READY_AT = 0.75
"""Overall readiness (the weakest group) needed, with no item at 0, for a go verdict."""

RANGE_FACTORS = (2.0, 3.5, 5.0)
"""Production typically costs 2 to 5 times the pilot; 3.5 is the middle of that range."""
LINES_TOLERANCE = 0.10
"""The one-off cost lines may differ from the production budget by this share before a warning."""
MIN_GAP_DAYS = 30
"""Fewer days than this between the end of the pilot and go-live means 'straight after'."""

PLACEHOLDERS = {
    "",
    "?",
    "-",
    "tbd",
    "tbc",
    "n/a",
    "na",
    "none",
    "nobody",
    "no one",
    "unknown",
    "not known",
    "not yet",
    "not agreed",
    "to be decided",
    "to be confirmed",
}
"""Answers that name nothing: they count as a gap, not as an answer."""


def level_of(score: float) -> str:
    if score >= HIGH_AT:
        return HIGH
    if score >= MEDIUM_AT:
        return MEDIUM
    return LOW


def percent(value: float | None) -> str:
    """A 0..1 share as a whole percentage ("n/a" for None). Used by the export and the app."""
    return "n/a" if value is None else f"{round(value * 100)}%"


# --- Stall risk ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One input to a reason's risk: a warning sign or a piece of evidence elsewhere in the plan.

    ``points`` is 1 when it shows the risk, 0.5 when unknown, 0 when it shows the risk is handled.
    ``question_id`` is the question whose answer would settle it.
    """

    points: float
    text: str
    question_id: str | None = None
    sign: bool = False


@dataclass(frozen=True)
class StallRisk:
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


def _text(plan: Plan, bank: Bank, qid: str) -> str | None:
    question = bank.question(qid)
    if question is None:
        return None
    value = plan.get(question)
    return value.strip() if isinstance(value, str) else None


def _number(plan: Plan, qid: str) -> float | None:
    value = plan.answers.get(qid)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _date(plan: Plan, qid: str) -> dt.date | None:
    """A date answer (a month-only date counts as the month's first day)."""
    return as_date(plan.answers.get(qid))


def is_placeholder(text: str) -> bool:
    return " ".join(text.lower().strip(" .!").split()) in PLACEHOLDERS


def _named(plan: Plan, bank: Bank, qid: str, what: str) -> Finding | None:
    """Evidence that something is named (an owner, an escalation path)."""
    if bank.question(qid) is None:
        return None
    text = _text(plan, bank, qid)
    if text is None or not text:
        return Finding(UNKNOWN, f"{what} is not answered yet", qid)
    if is_placeholder(text):
        return Finding(1.0, f"{what} is given as '{text}'", qid)
    return Finding(0.0, f"{what}: {text}", qid)


def _status(plan: Plan, bank: Bank, qid: str, what: str) -> Finding | None:
    """Evidence from a readiness-checklist item's status."""
    question = bank.question(qid)
    if question is None:
        return None
    value = plan.get(question)
    status = value.get("status") if isinstance(value, dict) else None
    if status is None:
        return Finding(UNKNOWN, f"{what}: no status yet", qid)
    if status == "not_started":
        return Finding(1.0, f"{what}: not started", qid)
    if status == "in_progress":
        return Finding(0.5, f"{what}: still in progress", qid)
    return Finding(0.0, f"{what}: {question.choice_label(status).lower()}", qid)


def rule_metric(plan: Plan, bank: Bank) -> Finding | None:
    """Wrong problem: a business metric with both a baseline and a target."""
    question = bank.question("criteria_metrics")
    if question is None:
        return None
    rows = plan.get(question)
    if not is_answered(question, rows):
        return Finding(UNKNOWN, "no business metric is defined yet", question.id)
    complete = [
        r
        for r in (rows if isinstance(rows, list) else [])
        if isinstance(r, dict)
        and all(str(r.get(k, "")).strip() for k in ("metric", "baseline", "target"))
    ]
    if not complete:
        return Finding(1.0, "no business metric has both a baseline and a target", question.id)
    return Finding(0.0, f"{len(complete)} business metric(s) with baseline and target", question.id)


def rule_debt_register(plan: Plan, bank: Bank) -> Finding | None:
    """Technical debt: shortcuts recorded, each with an estimated effort."""
    question = bank.question("debt_register")
    if question is None:
        return None
    value = plan.answers.get(question.id)
    rows = [r for r in (value if isinstance(value, list) else []) if isinstance(r, dict)]
    rows = [r for r in rows if any(str(v).strip() for v in r.values())]
    if not rows:
        return Finding(
            1.0, "the technical-debt register is empty: every pilot takes shortcuts", question.id
        )
    missing = [
        str(r.get("shortcut", "a shortcut")).strip() or "a shortcut"
        for r in rows
        if not str(r.get("effort", "")).strip()
    ]
    if missing:
        return Finding(1.0, "no estimated effort for: " + "; ".join(missing), question.id)
    return Finding(0.0, f"{len(rows)} shortcut(s) recorded, each with an effort", question.id)


def rule_debt_budgeted(plan: Plan, bank: Bank) -> Finding | None:
    """Technical debt: the effort to replace the shortcuts is in the budget."""
    if bank.question("debt_budgeted") is None:
        return None
    value = plan.answers.get("debt_budgeted")
    points = {"yes": 0.0, "partly": 0.5, "no": 1.0}.get(str(value), UNKNOWN)
    text = {
        "yes": "replacing the shortcuts is budgeted",
        "partly": "replacing the shortcuts is only partly budgeted",
        "no": "replacing the shortcuts is not budgeted",
    }.get(str(value), "whether replacing the shortcuts is budgeted is not answered yet")
    return Finding(points, text, "debt_budgeted")


def rule_data_refresh(plan: Plan, bank: Bank) -> Finding | None:
    """Data pipelines: production data refreshes automatically."""
    question = bank.question("data_refresh")
    if question is None:
        return None
    value = plan.answers.get(question.id)
    if value is None:
        return Finding(UNKNOWN, "how often the data refreshes is not answered yet", question.id)
    if value == "manual":
        return Finding(1.0, "the data is refreshed by hand", question.id)
    if value == "unknown":
        return Finding(1.0, "nobody knows yet how often the data must refresh", question.id)
    return Finding(0.0, f"data refresh: {question.choice_label(str(value)).lower()}", question.id)


def rule_owner(plan: Plan, bank: Bank) -> Finding | None:
    """Operating model: a named owner for the system in production."""
    return _named(plan, bank, "ops_owner", "the owner in production")


def rule_escalation(plan: Plan, bank: Bank) -> Finding | None:
    """Operating model: an escalation path for incidents."""
    return _named(plan, bank, "ops_escalation", "the incident escalation path")


def rule_incident_item(plan: Plan, bank: Bank) -> Finding | None:
    """Operating model: the checklist's incident-response item."""
    return _status(plan, bank, "check_incident_plan", "written incident response")


def rule_training(plan: Plan, bank: Bank) -> Finding | None:
    """Change management: users trained (checklist)."""
    return _status(plan, bank, "check_training", "user training")


def _cost_line(
    plan: Plan, bank: Bank, qid: str, missing: str, zero: str, fine: str
) -> Finding | None:
    """Evidence from a budget line: missing is unknown, zero shows the risk."""
    if bank.question(qid) is None:
        return None
    amount = _number(plan, qid)
    if amount is None:
        return Finding(UNKNOWN, missing, qid)
    return Finding(1.0, zero, qid) if amount <= 0 else Finding(0.0, fine, qid)


def rule_change_budget(plan: Plan, bank: Bank) -> Finding | None:
    """Change management: money for training and change."""
    return _cost_line(
        plan,
        bank,
        "budget_change",
        "no cost line for training and change yet",
        "nothing is budgeted for training and change",
        "training and change are budgeted",
    )


def rule_budget_multiple(plan: Plan, bank: Bank) -> Finding | None:
    """Budget: the production budget is at least twice the pilot cost."""
    if bank.question("budget_pilot_cost") is None or bank.question("budget_production") is None:
        return None
    pilot = _number(plan, "budget_pilot_cost")
    budget = _number(plan, "budget_production")
    if pilot is None or budget is None:
        qid = "budget_pilot_cost" if pilot is None else "budget_production"
        return Finding(UNKNOWN, "the pilot cost or the production budget is not given yet", qid)
    if pilot > 0 and budget < RANGE_FACTORS[0] * pilot:
        return Finding(
            1.0,
            f"the production budget is {budget / pilot:.1f} times the pilot cost, "
            f"below the usual {RANGE_FACTORS[0]:g} to {RANGE_FACTORS[-1]:g} times",
            "budget_production",
        )
    return Finding(
        0.0, "the production budget is at least twice the pilot cost", "budget_production"
    )


def rule_operations_cost(plan: Plan, bank: Bank) -> Finding | None:
    """Budget: a yearly cost of running the system."""
    return _cost_line(
        plan,
        bank,
        "budget_operations",
        "no yearly operations cost yet",
        "no money for running the system after go-live",
        "running costs after go-live are planned",
    )


def rule_go_live_gap(plan: Plan, bank: Bank) -> Finding | None:
    """Timeline: time between the end of the pilot and go-live."""
    if bank.question("budget_pilot_end") is None or bank.question("budget_go_live") is None:
        return None
    end = _date(plan, "budget_pilot_end")
    live = _date(plan, "budget_go_live")
    if end is None or live is None:
        qid = "budget_pilot_end" if end is None else "budget_go_live"
        return Finding(UNKNOWN, "the pilot end or the go-live date is not given yet", qid)
    gap = (live - end).days
    if gap < MIN_GAP_DAYS:
        when = "before the pilot ends" if gap < 0 else f"{gap} days after the pilot ends"
        return Finding(1.0, f"go-live is planned {when}", "budget_go_live")
    return Finding(0.0, f"{gap} days between the end of the pilot and go-live", "budget_go_live")


Rule = Callable[[Plan, Bank], Finding | None]

EVIDENCE: dict[str, tuple[Rule, ...]] = {
    "stall_wrong_problem": (rule_metric,),
    "stall_technical_debt": (rule_debt_register, rule_debt_budgeted),
    "stall_data_pipelines": (rule_data_refresh,),
    "stall_operating_model": (rule_owner, rule_escalation, rule_incident_item),
    "stall_change_management": (rule_training, rule_change_budget),
    "stall_budget_timeline": (rule_budget_multiple, rule_operations_cost, rule_go_live_gap),
}
"""Evidence rules per reason (by the diagnostic step's id)."""


def _assumed(plan: Plan, qid: str) -> bool:
    """Whether the answer to *qid* is marked as only an assumption."""
    mark = plan.sureness.get(qid)
    return isinstance(mark, dict) and mark.get("level") == "assumption"


def _sign_finding(plan: Plan, question: Question) -> Finding:
    value = plan.answers.get(question.id)
    if value not in SIGN_POINTS:
        return Finding(UNKNOWN, f"not answered yet: {question.prompt}", question.id, sign=True)
    if value == "yes":
        return Finding(1.0, f"yes: {question.prompt}", question.id, sign=True)
    if value == "unsure":
        return Finding(0.5, f"not sure: {question.prompt}", question.id, sign=True)
    if _assumed(plan, question.id):
        # A reassuring answer nobody has checked is weaker evidence: it counts as not sure.
        text = f"no, but only an assumption (counted as not sure): {question.prompt}"
        return Finding(UNKNOWN, text, question.id, sign=True)
    return Finding(0.0, f"no: {question.prompt}", question.id, sign=True)


def stall_risks(bank: Bank, plan: Plan) -> list[StallRisk]:
    """The risk of each reason pilots stall, from its warning signs and the evidence rules."""
    risks = []
    for mode in bank.failure_modes:
        findings = [_sign_finding(plan, sign) for sign in mode.signs]
        for rule in EVIDENCE.get(mode.id, ()):
            finding = rule(plan, bank)
            if finding is not None:
                findings.append(finding)
        score = sum(f.points for f in findings) / len(findings) if findings else UNKNOWN
        risks.append(
            StallRisk(mode.id, mode.title, mode.fix, score, level_of(score), tuple(findings))
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


@dataclass(frozen=True)
class ItemScore:
    item: ChecklistItem
    status: str | None
    score: float | None
    """None for not applicable items (left out)."""


@dataclass(frozen=True)
class GroupScore:
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


@dataclass(frozen=True)
class Readiness:
    groups: tuple[GroupScore, ...]
    overall: float | None
    weakest: GroupScore | None
    holding_down: tuple[ItemScore, ...]
    go: bool
    blockers: tuple[ItemScore, ...]

    @property
    def verdict(self) -> str:
        return "GO" if self.go else "NO-GO"


def item_score(status: str | None) -> float | None:
    if status == "not_applicable":
        return None
    return STATUS_POINTS.get(status or "", 0.0)


def readiness(bank: Bank, plan: Plan) -> Readiness:
    """Per-group scores, overall = the weakest group, and the go / no-go verdict."""
    groups: dict[str, list[ItemScore]] = {}
    titles: dict[str, str] = {}
    for item in bank.checklist_items:
        value = plan.get(item.question)
        status = value.get("status") if isinstance(value, dict) else None
        score = item_score(status)
        if score is not None and _assumed(plan, item.id):
            score = min(score, ASSUMED_AT_MOST)  # a status nobody has checked counts half
        groups.setdefault(item.group_id, []).append(ItemScore(item, status, score))
        titles[item.group_id] = item.group_title
    scored = tuple(GroupScore(gid, titles[gid], tuple(items)) for gid, items in groups.items())
    counted = [(score, g) for g in scored if (score := g.score) is not None]
    weakest = min(counted, key=lambda pair: pair[0])[1] if counted else None
    overall = weakest.score if weakest else None
    holding: tuple[ItemScore, ...] = ()
    if weakest:
        low = [(score, i) for i in weakest.items if (score := i.score) is not None and score < 1]
        holding = tuple(i for _, i in sorted(low, key=lambda pair: pair[0]))
    zeros = tuple(i for g in scored for i in g.counted if i.score == 0)
    go = overall is not None and overall >= READY_AT and not zeros
    blockers: list[ItemScore] = list(zeros)
    if not go and overall is not None and overall < READY_AT:
        blockers += [i for i in holding if i not in blockers]
    return Readiness(scored, overall, weakest, holding, go, tuple(blockers))


# --- Budget -------------------------------------------------------------------------------------

ONE_OFF_LINES = (
    ("budget_infrastructure", "Infrastructure"),
    ("budget_integration", "Integration development"),
    ("budget_change", "Training and change management"),
)


@dataclass(frozen=True)
class Budget:
    pilot: float | None
    planned: float | None
    estimate: tuple[float, float, float] | None
    """The production estimate at 2x, 3.5x and 5x the pilot cost."""
    lines: tuple[tuple[str, float | None], ...]
    """The one-off cost lines (label, amount or None when missing)."""
    lines_total: float | None
    operations: float | None
    warnings: tuple[str, ...]

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


def budget(bank: Bank, plan: Plan, money: Callable[[float], str] | None = None) -> Budget:
    """The budget reality check; *money* formats amounts in warnings."""
    show = money or (lambda v: f"{v:,.0f}")
    pilot = _number(plan, "budget_pilot_cost")
    planned = _number(plan, "budget_production")
    operations = _number(plan, "budget_operations")
    low, mid, high = RANGE_FACTORS
    estimate = (pilot * low, pilot * mid, pilot * high) if pilot else None
    lines = tuple((label, _number(plan, qid)) for qid, label in ONE_OFF_LINES if bank.question(qid))
    given = [amount for _, amount in lines if amount is not None]
    total = sum(given) if given else None
    warnings: list[str] = []
    if pilot is None:
        warnings.append("The pilot cost is missing, so production cannot be estimated.")
    if planned is None:
        warnings.append("No production budget is planned yet.")
    if estimate and planned is not None and planned < estimate[0]:
        warnings.append(
            f"The production budget ({show(planned)}) is below twice the pilot cost "
            f"({show(estimate[0])}); production usually costs 2 to 5 times the pilot."
        )
    for label, amount in lines:
        if amount is None:
            warnings.append(f"The cost line '{label}' is missing.")
    if bank.question("budget_operations") is not None and operations is None:
        warnings.append("The yearly cost of running the system is missing.")
    if planned and total is not None and abs(total - planned) > LINES_TOLERANCE * planned:
        warnings.append(
            f"The one-off cost lines add up to {show(total)}, but the production budget is "
            f"{show(planned)}."
        )
    return Budget(pilot, planned, estimate, lines, total, operations, tuple(warnings))


# --- Gates and timeline -------------------------------------------------------------------------

GATE_DECISIONS = {"go": "Go", "conditions": "Go with conditions", "stop": "Stop"}


@dataclass(frozen=True)
class Gate:
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


@dataclass(frozen=True)
class TimelineItem:
    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Timeline:
    phases: tuple[TimelineItem, ...]
    milestones: tuple[tuple[str, dt.date], ...] = field(default=())


def timeline(bank: Bank, plan: Plan, phase_gates: list[Gate] | None = None) -> Timeline:
    """Phases from one gate date to the next (the first from the pilot's start), and milestones.
    *phase_gates* are the plan's gates when they are already computed."""
    start = _date(plan, "pilot_start")
    items: list[TimelineItem] = []
    for gate in gates(bank, plan) if phase_gates is None else phase_gates:
        if gate.date is not None:
            if start is not None and start <= gate.date:
                items.append(TimelineItem(gate.phase_label, start, gate.date))
            start = gate.date
        else:
            start = None
    milestones = tuple(
        (label, when)
        for label, when in (
            ("Pilot ends", _date(plan, "budget_pilot_end")),
            ("Go-live", _date(plan, "budget_go_live")),
        )
        if when is not None
    )
    return Timeline(tuple(items), milestones)


# --- Where to look next -------------------------------------------------------------------------


@dataclass(frozen=True)
class NextQuestion:
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
    candidates: list[NextQuestion] = []
    seen: set[str] = set()
    order = {q.id: i for i, q in enumerate(bank.questions())}
    for risk in stall_risks(bank, plan) if risks is None else risks:
        total = len(risk.findings)
        for finding in risk.findings:
            qid = finding.question_id
            question = bank.question(qid) if qid else None
            if question is None or qid in seen or finding.points != UNKNOWN:
                continue
            answered = is_answered(question, plan.get(question))
            if answered and not finding.sign:
                continue  # evidence that is in progress, not unknown
            seen.add(question.id)
            why = "answered 'not sure'" if answered else "not answered yet"
            candidates.append(NextQuestion(question, risk, finding.points / total, why))
    candidates.sort(key=lambda c: (-c.gain, -c.risk.score, order.get(c.question.id, 0)))
    return candidates[:count]


# --- The figures both the dashboard and the export show ------------------------------------------


RISK_PREFIX = "Stall risk: "
"""What a stall reason's figure label starts with (the reason's title follows)."""


@dataclass(frozen=True)
class Figure:
    """One headline figure: the label it is listed under, its display text, and the 0..1
    score or the level behind it where it has one."""

    label: str
    text: str
    score: float | None = None
    level: str = ""
    """A stall reason's risk level (low, medium, high); ``go`` or ``nogo`` for the verdict."""


@dataclass(frozen=True, kw_only=True)
class GroupFigure(Figure):
    """The readiness of one group of the checklist (its score is None when nothing counts)."""

    id: str
    title: str


@dataclass(frozen=True, kw_only=True)
class RiskFigure(Figure):
    """The stall risk of one reason: its level in capitals as text, its score and level."""

    id: str
    title: str


@dataclass(frozen=True)
class Figures:
    """Every headline figure of one plan as display text: one source for the app, the
    exports and ``diff``. Each label is written once, in :func:`figures`."""

    progress: Figure
    required_open: Figure
    readiness: Figure
    """The weakest group's readiness: overall readiness."""
    verdict: Figure
    to_fix: Figure
    groups: tuple[GroupFigure, ...]
    """One per readiness group, in bank order."""
    risks: tuple[RiskFigure, ...]
    """One per stall reason, in bank order."""
    production_estimate: Figure
    planned_budget: Figure
    budget_position: Figure
    open_actions: Figure
    overdue_actions: Figure
    unowned_actions: Figure
    parked: Figure

    def all(self) -> tuple[Figure, ...]:
        """Every figure in the order they are listed."""
        return (
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

    def rows(self) -> list[tuple[str, str]]:
        """(label, text) of every figure, in the order they are listed."""
        return [(f.label, f.text) for f in self.all()]


def figures(found: Assessment) -> Figures:
    """The headline figures of an assessment (read :attr:`Assessment.figures`)."""
    done, ready, cost, money = found.progress, found.readiness, found.budget, found.money
    if cost.estimate:
        low, mid, high = cost.estimate
        estimate = f"{money(low)} to {money(high)} (middle {money(mid)})"
    else:
        estimate = "n/a"
    return Figures(
        progress=Figure("Progress", f"{done.percent}%", done.percent / 100),
        required_open=Figure("Required questions open", str(len(done.open_required))),
        readiness=Figure("Readiness (weakest group)", percent(ready.overall), ready.overall),
        verdict=Figure("Verdict", ready.verdict, level="go" if ready.go else "nogo"),
        to_fix=Figure("Answers to fix", str(len(found.to_fix))),
        groups=tuple(
            GroupFigure(
                f"Readiness: {group.title}",
                percent(group.score),
                group.score,
                id=group.id,
                title=group.title,
            )
            for group in ready.groups
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
        production_estimate=Figure("Production estimate", estimate),
        planned_budget=Figure(
            "Planned production budget",
            money(cost.planned) if cost.planned is not None else "n/a",
        ),
        budget_position=Figure("Budget position", cost.position),
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
    def readiness(self) -> Readiness:
        return readiness(self.bank, self.plan)

    @cached_property
    def budget(self) -> Budget:
        return budget(self.bank, self.plan, self.money)

    @cached_property
    def gates(self) -> list[Gate]:
        return gates(self.bank, self.plan)

    @cached_property
    def timeline(self) -> Timeline:
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
        many answers are to fix: plain JSON values, so the index can keep them."""
        ready, top = self.readiness, self.highest_risk
        question = self.bank.role("organisation")
        organisation = self.plan.get(question) if question is not None else None
        return {
            "progress": self.progress.percent,
            "readiness": None if ready.overall is None else round(ready.overall * 100),
            "verdict": ready.verdict,
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


SUMMARY_VERSION = 1
"""Bump when :func:`summary` changes what it computes: indexed summaries are then recomputed."""


def summary_key(bank: Bank) -> str:
    """What summaries depend on: the bank's content and this program's rules."""
    from pilot2prod import __version__

    return f"{bank.id}:{bank.version}:{bank.fingerprint}:{__version__}:{SUMMARY_VERSION}"


def summary(bank: Bank, plan: Plan) -> dict[str, object]:
    """The short summary of *plan* that home and ``list`` show (see :meth:`Assessment.summary`)."""
    return assess(bank, plan).summary()
