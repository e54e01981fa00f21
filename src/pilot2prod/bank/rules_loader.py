"""The rules a bank declares, read and checked once every question is known.

``[rules]`` (placeholders), a diagnostic phase's ``[phases.scoring]`` and its steps' evidence
(read by :mod:`~pilot2prod.bank.evidence_loader`), a checklist phase's ``[phases.scoring]``,
``[budget]``, ``[timeline]`` and ``[roles]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from pilot2prod.bank.evidence_loader import EvidenceReader
from pilot2prod.bank.model import Phase, Question
from pilot2prod.bank.reader import Reader, _listed, _shown
from pilot2prod.bank.rules import (
    COMBINE,
    DEFAULT_ASSUMED,
    DEFAULT_ASSUMED_AT_MOST,
    DEFAULT_GRADED_AT_MOST,
    DEFAULT_HIGH_AT,
    DEFAULT_MEDIUM_AT,
    DEFAULT_PLACEHOLDERS,
    DEFAULT_RANGE,
    DEFAULT_READY_AT,
    DEFAULT_SIGN_POINTS,
    DEFAULT_STATUS_POINTS,
    DEFAULT_TOLERANCE,
    DEFAULT_UNKNOWN,
    DEFAULT_VERDICT,
    BudgetRules,
    Diagnostic,
    Evidence,
    ReadinessRules,
    TimelineRules,
    placeholder_key,
)
from pilot2prod.bank.vocabulary import (
    CHECKLIST_STATUSES,
    EVIDENCE_GRADES,
    NUMERIC_KINDS,
    ROLES,
    SIGN_VALUES,
)
from pilot2prod.text import clean


class RulesReader(Reader):
    """Reads the rules a bank declares, once its phases and questions are known."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(path, problems)
        self.evidence_rules = EvidenceReader(path, problems)

    def parse_placeholders(self, data: dict[str, Any]) -> frozenset[str]:
        rules = self.table_at(data, "rules", "[rules]")
        if rules is None:
            return DEFAULT_PLACEHOLDERS
        self.known_keys(rules, ("placeholders",), "[rules]")
        raw = rules.get("placeholders", sorted(DEFAULT_PLACEHOLDERS))
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.problem("[rules]", "'placeholders' must be a list of words")
            return DEFAULT_PLACEHOLDERS
        return frozenset(placeholder_key(v) for v in raw) - {""}

    def scoring_of(
        self, ours: list[Phase], scoring: dict[str, Any], kind: str
    ) -> tuple[Phase, dict[str, Any], str]:
        """The phase of *kind* whose ``[phases.scoring]`` counts (one may declare it; the first
        of *ours* when none does), that table, and where its problems are said."""
        declared = [p for p in ours if p.id in scoring]
        for extra in declared[1:]:
            self.problem(
                f"phases.{extra.id} scoring", f"only one {kind} phase may declare [phases.scoring]"
            )
        phase = declared[0] if declared else ours[0]
        return phase, scoring.get(phase.id, {}), f"phases.{phase.id} scoring"

    def parse_diagnostic(
        self,
        phases: list[Phase],
        scoring: dict[str, Any],
        evidence: dict[str, list[dict[str, Any]]],
        known: dict[str, Question],
    ) -> Diagnostic | None:
        ours = [p for p in phases if p.kind == "diagnostic"]
        if not ours:
            return None
        phase, raw, where = self.scoring_of(ours, scoring, "diagnostic")
        self.known_keys(
            raw, ("signs", "unknown", "assumed", "high_at", "medium_at", "in_hand"), where
        )
        signs = dict(DEFAULT_SIGN_POINTS)
        raw_signs = raw.get("signs", signs)
        if not isinstance(raw_signs, dict):
            self.problem(
                where, "'signs' must be a table such as { yes = 1.0, unsure = 0.5, no = 0.0 }"
            )
        else:
            for value in sorted(set(raw_signs) - set(SIGN_VALUES)):
                self.problem(where, f"'signs' has '{value}', which is not yes, unsure or no")
            for value in SIGN_VALUES:
                if value in raw_signs:
                    signs[value] = self.number(raw_signs, value, f"{where} signs", 0.0, share=True)
        high_at = self.number(raw, "high_at", where, DEFAULT_HIGH_AT, share=True)
        medium_at = self.number(raw, "medium_at", where, DEFAULT_MEDIUM_AT, share=True)
        if medium_at > high_at:
            self.problem(where, "'medium_at' must not be above 'high_at'")
        rules: dict[str, tuple[Evidence, ...]] = {}
        for step in (s for p in ours for s in p.steps):
            rules[step.id] = tuple(
                rule
                for n, table in enumerate(evidence.get(step.id, []), start=1)
                if (
                    rule := self.evidence_rules.parse_evidence(
                        table, f"phases.{step.id} evidence {n}", known
                    )
                )
            )
        return Diagnostic(
            phase_id=phase.id,
            signs=signs,
            unknown=self.number(raw, "unknown", where, DEFAULT_UNKNOWN, share=True),
            assumed=self.number(raw, "assumed", where, DEFAULT_ASSUMED, share=True),
            high_at=high_at,
            medium_at=medium_at,
            in_hand=self.flag(raw, "in_hand", where, True),
            evidence=rules,
        )

    def parse_readiness(
        self, phases: list[Phase], scoring: dict[str, Any]
    ) -> ReadinessRules | None:
        ours = [p for p in phases if p.kind == "checklist"]
        if not ours:
            return None
        phase, raw, where = self.scoring_of(ours, scoring, "checklist")
        self.known_keys(
            raw,
            (
                "points",
                "assumed_at_most",
                "graded_at_most",
                "combine",
                "ready_at",
                "zero_blocks",
                "verdict",
            ),
            where,
        )
        points = dict(DEFAULT_STATUS_POINTS)
        raw_points = raw.get("points", points)
        statuses = [v for v, _ in CHECKLIST_STATUSES if v != "not_applicable"]
        if not isinstance(raw_points, dict):
            self.problem(where, "'points' must be a table of points per status")
        else:
            for value in raw_points:
                if value not in statuses:
                    self.problem(
                        where,
                        f"'points' has '{value}', which is not a counted status "
                        f"(use {_listed(statuses)})",
                    )
                else:
                    points[value] = self.number(
                        raw_points, value, f"{where} points", 0.0, share=True
                    )
        combine = raw.get("combine", "weakest")
        if combine not in COMBINE:
            self.problem(
                where, f"'combine' must be {_listed(COMBINE, 'or')}, not {_shown(combine)}"
            )
            combine = "weakest"
        verdict = raw.get("verdict", list(DEFAULT_VERDICT))
        if (
            not isinstance(verdict, list)
            or len(verdict) != 2
            or not all(isinstance(v, str) and v.strip() for v in verdict)
        ):
            self.problem(where, '\'verdict\' must be two words, such as ["GO", "NO-GO"]')
            verdict = list(DEFAULT_VERDICT)
        return ReadinessRules(
            phase_id=phase.id,
            points=points,
            assumed_at_most=self.number(
                raw, "assumed_at_most", where, DEFAULT_ASSUMED_AT_MOST, share=True
            ),
            graded_at_most=self.graded_at_most(raw, where),
            combine=combine,
            ready_at=self.number(raw, "ready_at", where, DEFAULT_READY_AT, share=True),
            zero_blocks=self.flag(raw, "zero_blocks", where, True),
            verdict=(clean(verdict[0]).strip(), clean(verdict[1]).strip()),
        )

    def graded_at_most(self, raw: dict[str, Any], where: str) -> dict[str, float]:
        """``graded_at_most``: the most an item counts per evidence grade (a grade left out
        keeps its default; 1.0 for every grade turns the rule off)."""
        caps = dict(DEFAULT_GRADED_AT_MOST)
        given = raw.get("graded_at_most", caps)
        grades = [v for v, _ in EVIDENCE_GRADES]
        if not isinstance(given, dict):
            self.problem(where, "'graded_at_most' must be a table of the most each grade counts")
            return caps
        for value in given:
            if value not in grades:
                self.problem(
                    where,
                    f"'graded_at_most' has '{value}', which is not a grade (use {_listed(grades)})",
                )
            else:
                caps[value] = self.number(
                    given, value, f"{where} graded_at_most", caps[value], share=True
                )
        return caps

    def labelled(
        self, raw: Any, where: str, known: dict[str, Question], kinds: Iterable[str]
    ) -> tuple[tuple[str, str], ...]:
        """A list of { question, label } tables (budget lines, milestones)."""
        if not isinstance(raw, list) or not all(isinstance(v, dict) for v in raw):
            self.problem(where, 'must be a list of { question = "id", label = "words" } tables')
            return ()
        out = []
        for n, item in enumerate(raw, start=1):
            here = f"{where} {n}"
            self.known_keys(item, ("question", "label"), here)
            qid = self.ref(item, "question", here, known, kinds)
            label = self.text(item, "label", here, required=True)
            if qid and label:
                out.append((qid, label))
        return tuple(out)

    def parse_budget(self, data: dict[str, Any], known: dict[str, Question]) -> BudgetRules | None:
        raw = self.table_at(data, "budget", "[budget]")
        if raw is None:
            return None
        where = "budget"
        self.known_keys(
            raw, ("pilot_cost", "production", "range", "one_off", "yearly", "tolerance"), where
        )
        factors = raw.get("range", list(DEFAULT_RANGE))
        if (
            not isinstance(factors, list)
            or len(factors) != 3
            or not all(isinstance(f, int | float) and not isinstance(f, bool) for f in factors)
            or not 0 < factors[0] <= factors[1] <= factors[2]
        ):
            self.problem(
                where,
                "'range' must be three rising numbers above 0 (low, middle, high), "
                f"not {_shown(factors)}",
            )
            factors = list(DEFAULT_RANGE)
        return BudgetRules(
            pilot_cost=self.ref(raw, "pilot_cost", where, known, NUMERIC_KINDS),
            production=self.ref(raw, "production", where, known, NUMERIC_KINDS),
            range=(float(factors[0]), float(factors[1]), float(factors[2])),
            one_off=self.labelled(raw.get("one_off", []), "budget.one_off", known, NUMERIC_KINDS),
            yearly=self.ref(raw, "yearly", where, known, NUMERIC_KINDS, required=False),
            tolerance=self.number(raw, "tolerance", where, DEFAULT_TOLERANCE, share=True),
        )

    def parse_timeline(
        self, data: dict[str, Any], known: dict[str, Question]
    ) -> TimelineRules | None:
        raw = self.table_at(data, "timeline", "[timeline]")
        if raw is None:
            return None
        where = "timeline"
        self.known_keys(raw, ("start", "milestones"), where)
        return TimelineRules(
            start=self.ref(raw, "start", where, known, ("date",), required=False),
            milestones=self.labelled(
                raw.get("milestones", []), "timeline.milestones", known, ("date",)
            ),
        )

    def parse_roles(self, raw: Any, phases: list[Phase]) -> dict[str, str]:
        """``[roles]``: which question holds each thing the product reads. A question marked
        ``meta = "name"`` holds the plan's name; a ``name`` role marks its question so."""
        questions = {q.id: q for p in phases for s in p.steps for q in s.questions}
        roles = {q.meta: q.id for q in questions.values() if q.meta == "name"}
        if not isinstance(raw, dict):
            self.problem(
                "[roles]", "'roles' must be a table such as [roles] currency = \"currency\""
            )
            return roles
        for role, question_id in raw.items():
            where = f"[roles] {role}"
            if role not in ROLES:
                self.problem(where, f"unknown role (use one of {', '.join(ROLES)})")
                continue
            if not isinstance(question_id, str) or question_id not in questions:
                self.problem(where, f"names no question of this bank ({question_id!r})")
                continue
            kind = questions[question_id].kind
            if kind not in ROLES[role]:
                kinds = " or ".join(ROLES[role])
                self.problem(
                    where, f"'{question_id}' is a {kind} question; this role needs {kinds}"
                )
                continue
            if role == "name" and roles.get("name", question_id) != question_id:
                self.problem(where, f"'{roles['name']}' is already the plan's name (meta)")
                continue
            roles[role] = question_id
        if "name" in roles:
            self.name_question(phases, roles["name"])
        return roles

    @staticmethod
    def name_question(phases: list[Phase], question_id: str) -> None:
        """Mark the question that holds the plan's name (as ``meta = "name"`` does)."""
        for p_index, phase in enumerate(phases):
            steps = list(phase.steps)
            for s_index, step in enumerate(steps):
                marked = tuple(
                    replace(q, meta="name") if q.id == question_id else q for q in step.questions
                )
                if marked != step.questions:
                    steps[s_index] = replace(step, questions=marked)
            phases[p_index] = replace(phase, steps=tuple(steps))
