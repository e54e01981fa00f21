"""The question bank: load and validate a bank TOML file into frozen dataclasses.

The bank is data. A phase (``[[phases]]``) holds steps (``[[phases.steps]]``), a step holds
questions (``[[phases.steps.questions]]``). Phases come in four kinds: ``basics`` (who and what
the plan is about), ``phase`` (the five numbered phases of the playbook), ``diagnostic`` (one step
per reason pilots stall, its questions the warning signs, its ``fix`` the remedy) and
``checklist`` (one step per group of the production-readiness checklist).

:func:`load_bank` reports every problem of a bank at once, each naming the file and the id.
docs/question-bank.md documents the format.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import string
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pilot2prod import resources
from pilot2prod.bank.model import (
    Bank,
    ChecklistItem,
    Choice,
    Column,
    Condition,
    FailureMode,
    Phase,
    Question,
    Step,
)
from pilot2prod.bank.rules import (
    COMBINE,
    DEFAULT_ASSUMED,
    DEFAULT_ASSUMED_AT_MOST,
    DEFAULT_EVIDENCE_STATUS_POINTS,
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
    EVIDENCE_KINDS,
    BudgetRules,
    Diagnostic,
    Evidence,
    ReadinessRules,
    TimelineRules,
    placeholder_key,
)
from pilot2prod.bank.versions import content_hash, version_key
from pilot2prod.bank.vocabulary import (
    BANK_TABLES,
    CHECKLIST_STATUSES,
    COLUMN_KINDS,
    GATE_VALUES,
    KINDS,
    META_FIELDS,
    NUMERIC_KINDS,
    PHASE_KINDS,
    ROLES,
    SIGN_VALUES,
)
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.fileio import FileRefused, read_limited
from pilot2prod.text import clean

__all__ = [
    "BANK_TABLES",
    "CHECKLIST_STATUSES",
    "COLUMN_KINDS",
    "COMBINE",
    "DEFAULT_ASSUMED",
    "DEFAULT_ASSUMED_AT_MOST",
    "DEFAULT_EVIDENCE_STATUS_POINTS",
    "DEFAULT_HIGH_AT",
    "DEFAULT_MEDIUM_AT",
    "DEFAULT_PLACEHOLDERS",
    "DEFAULT_RANGE",
    "DEFAULT_READY_AT",
    "DEFAULT_SIGN_POINTS",
    "DEFAULT_STATUS_POINTS",
    "DEFAULT_TOLERANCE",
    "DEFAULT_UNKNOWN",
    "DEFAULT_VERDICT",
    "EVIDENCE_KINDS",
    "GATE_VALUES",
    "KINDS",
    "META_FIELDS",
    "NUMERIC_KINDS",
    "PHASE_KINDS",
    "ROLES",
    "SIGN_VALUES",
    "Bank",
    "BankError",
    "BudgetRules",
    "ChecklistItem",
    "Choice",
    "Column",
    "Condition",
    "Diagnostic",
    "Evidence",
    "FailureMode",
    "Phase",
    "Question",
    "ReadinessRules",
    "Step",
    "TimelineRules",
    "content_hash",
    "load_bank",
    "placeholder_key",
    "version_key",
]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class BankError(Pilot2ProdError):
    """A bank that cannot be used; ``problems`` lists every reason, each naming file and id."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        count = len(problems)
        head = (
            f"the question bank {path} has {count} problems"
            if count != 1
            else f"the question bank {path} has a problem"
        )
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in problems))


def load_bank(path: Path | None = None) -> Bank:
    """Load and validate a bank; the built-in one when *path* is None.

    Raises :class:`BankError` listing every problem found, or for a file that cannot be read.
    """
    path = Path(path) if path is not None else resources.bank_path()
    try:
        raw = read_limited(path)
    except FileRefused as exc:
        raise BankError(path, [exc.reason]) from None
    except FileNotFoundError:
        raise BankError(path, ["the file does not exist"]) from None
    except IsADirectoryError:
        raise BankError(path, ["it is a folder, not a file"]) from None
    except OSError as exc:
        raise BankError(path, [f"it cannot be read ({exc.strerror or exc})"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BankError(path, ["it is not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise BankError(path, [f"it is not valid TOML: {exc}"]) from None
    bank = _Parser(path).parse(data)
    return dataclasses.replace(bank, fingerprint=hashlib.sha256(raw).hexdigest()[:16])


class _Parser:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.scoring: dict[str, dict[str, Any]] = {}
        """``[phases.scoring]`` per phase id, read once every question is known."""
        self.evidence: dict[str, list[dict[str, Any]]] = {}
        """``[[phases.steps.evidence]]`` per step id, read once every question is known."""

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.path.name}: {where}: {message}")

    def text(self, table: dict[str, Any], key: str, where: str, *, required: bool) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(where, f"'{key}' is missing")
            return ""
        if not isinstance(value, str):
            self.problem(where, f"'{key}' must be text")
            return ""
        if required and not value.strip():
            self.problem(where, f"'{key}' is empty")
        return clean(value).strip()

    def tables(self, table: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(where, f"'{key}' must be a list of tables ([[{key}]])")
            return []
        return value

    def parse(self, data: dict[str, Any]) -> Bank:
        for key in data:
            if key not in BANK_TABLES:
                self.problem(f"[{key}]", f"unknown table (use {', '.join(BANK_TABLES)})")
        meta = data.get("bank")
        if not isinstance(meta, dict):
            self.problem("[bank]", "the [bank] table with id, version and title is missing")
            meta = {}
        bank_id = self.text(meta, "id", "[bank]", required=True)
        version = meta.get("version", "")
        if isinstance(version, int):
            version = str(version)
        if not isinstance(version, str) or not version:
            self.problem("[bank]", "'version' must be text such as \"1\"")
            version = ""
        title = self.text(meta, "title", "[bank]", required=True)

        choice_sets = self.parse_choice_sets(data.get("choice_sets", {}))
        seen_questions: set[str] = set()
        seen_steps: set[str] = set()
        seen_phases: set[str] = set()
        phases: list[Phase] = []
        phase_tables = self.tables(data, "phases", "[[phases]]")
        if not phase_tables:
            self.problem("[[phases]]", "the bank has no phases")
        for index, table in enumerate(phase_tables, start=1):
            phases.append(
                self.parse_phase(table, index, choice_sets, seen_phases, seen_steps, seen_questions)
            )
        self.check_conditions(phases)
        known = {q.id: q for p in phases for s in p.steps for q in s.questions}
        placeholders = self.parse_placeholders(data)
        diagnostic = self.parse_diagnostic(phases, self.scoring, self.evidence, known)
        readiness = self.parse_readiness(phases, self.scoring)
        budget = self.parse_budget(data, known)
        timeline = self.parse_timeline(data, known)
        roles = self.parse_roles(data.get("roles", {}), phases)
        if self.problems:
            raise BankError(self.path, self.problems)
        return Bank(
            id=bank_id,
            version=version,
            title=title,
            path=self.path,
            phases=tuple(phases),
            placeholders=placeholders,
            diagnostic=diagnostic,
            readiness_rules=readiness,
            budget_rules=budget,
            timeline_rules=timeline,
            roles=roles,
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
                    dataclasses.replace(q, meta="name") if q.id == question_id else q
                    for q in step.questions
                )
                if marked != step.questions:
                    steps[s_index] = dataclasses.replace(step, questions=marked)
            phases[p_index] = dataclasses.replace(phase, steps=tuple(steps))

    def parse_choice_sets(self, raw: Any) -> dict[str, tuple[Choice, ...]]:
        sets: dict[str, tuple[Choice, ...]] = {}
        if not isinstance(raw, dict):
            self.problem("[choice_sets]", "must be a table of named choice lists")
            return sets
        for name, value in raw.items():
            sets[name] = self.parse_choices(value, f"choice set '{name}'")
        return sets

    def parse_choices(self, raw: Any, where: str) -> tuple[Choice, ...]:
        if not isinstance(raw, list):
            self.problem(where, "choices must be a list, or the name of a choice set")
            return ()
        choices: list[Choice] = []
        seen: set[str] = set()
        for item in raw:
            if isinstance(item, str):
                value, label = item, item
            elif isinstance(item, dict) and isinstance(item.get("value"), str):
                value = item["value"]
                given = item.get("label", value)
                if isinstance(given, str):
                    label = given
                else:
                    self.problem(where, f"the label of choice '{value}' must be text")
                    label = value
            else:
                self.problem(where, "each choice must be text or a table with value and label")
                continue
            if value in seen:
                self.problem(where, f"choice '{value}' is listed twice")
            seen.add(value)
            choices.append(Choice(value, label))
        return tuple(choices)

    def check_id(self, value: Any, where: str, seen: set[str], what: str) -> str:
        if not isinstance(value, str) or not value:
            self.problem(where, f"the {what} has no 'id'")
            return ""
        if not _ID.match(value):
            self.problem(
                where,
                f"{what} id '{value}' must start with a lowercase letter and hold only "
                "lowercase letters, digits and underscores",
            )
        if value in seen:
            self.problem(where, f"duplicate {what} id '{value}'")
        seen.add(value)
        return value

    def parse_phase(
        self,
        table: dict[str, Any],
        index: int,
        choice_sets: dict[str, tuple[Choice, ...]],
        seen_phases: set[str],
        seen_steps: set[str],
        seen_questions: set[str],
    ) -> Phase:
        raw_id = table.get("id")
        where = f"phase '{raw_id}'" if isinstance(raw_id, str) and raw_id else f"phase #{index}"
        phase_id = self.check_id(raw_id, where, seen_phases, "phase")
        kind = table.get("kind", "phase")
        if kind not in PHASE_KINDS:
            self.problem(
                where, f"unknown phase kind '{kind}' (use one of {', '.join(PHASE_KINDS)})"
            )
        number = table.get("number")
        if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
            self.problem(where, "'number' must be a whole number")
            number = None
        scoring = table.get("scoring")
        if scoring is not None:
            if kind not in ("diagnostic", "checklist"):
                self.problem(where, "'scoring' belongs on a diagnostic or checklist phase")
            elif not isinstance(scoring, dict):
                self.problem(where, "'scoring' must be a table ([phases.scoring])")
            else:
                self.scoring[phase_id] = scoring
        steps: list[Step] = []
        step_tables = self.tables(table, "steps", where)
        if not step_tables:
            self.problem(where, "the phase has no steps")
        for step_index, step_table in enumerate(step_tables, start=1):
            steps.append(
                self.parse_step(
                    step_table,
                    step_index,
                    phase_id,
                    str(kind),
                    where,
                    choice_sets,
                    seen_steps,
                    seen_questions,
                )
            )
        return Phase(
            id=phase_id,
            kind=str(kind),
            title=self.text(table, "title", where, required=True),
            number=number,
            summary=self.text(table, "summary", where, required=False),
            steps=tuple(steps),
        )

    def parse_step(
        self,
        table: dict[str, Any],
        index: int,
        phase_id: str,
        phase_kind: str,
        phase_where: str,
        choice_sets: dict[str, tuple[Choice, ...]],
        seen_steps: set[str],
        seen_questions: set[str],
    ) -> Step:
        raw_id = table.get("id")
        where = (
            f"step '{raw_id}'"
            if isinstance(raw_id, str) and raw_id
            else f"{phase_where}, step #{index}"
        )
        step_id = self.check_id(raw_id, where, seen_steps, "step")
        fix = self.text(table, "fix", where, required=phase_kind == "diagnostic")
        questions: list[Question] = []
        question_tables = self.tables(table, "questions", where)
        if not question_tables:
            self.problem(where, "the step has no questions")
        for q_index, q_table in enumerate(question_tables, start=1):
            question = self.parse_question(q_table, q_index, where, choice_sets, seen_questions)
            questions.append(question)
            if phase_kind == "diagnostic" and not {c.value for c in question.choices} >= set(
                SIGN_VALUES
            ):
                self.problem(
                    f"question '{question.id}'",
                    "a warning sign must be a choice offering yes, no and unsure "
                    '(choices = "yes_no_unsure")',
                )
        if "evidence" in table:
            if phase_kind != "diagnostic":
                self.problem(where, "evidence rules belong on the steps of a diagnostic phase")
            else:
                self.evidence[step_id] = self.tables(table, "evidence", where)
        gate = table.get("gate", False)
        if not isinstance(gate, bool):
            self.problem(where, "'gate' must be true or false")
            gate = False
        if gate:
            decisions = [q for q in questions if q.kind == "choice"]
            if not decisions or not {c.value for c in decisions[0].choices} >= set(GATE_VALUES):
                self.problem(where, "a gate step needs a choice offering go, conditions and stop")
            if not any(q.kind == "date" for q in questions):
                self.problem(where, "a gate step needs a date question")
        return Step(
            id=step_id,
            title=self.text(table, "title", where, required=True),
            phase_id=phase_id,
            intro=self.text(table, "intro", where, required=False),
            fix=fix,
            questions=tuple(questions),
            gate=gate,
        )

    def parse_question(
        self,
        table: dict[str, Any],
        index: int,
        step_where: str,
        choice_sets: dict[str, tuple[Choice, ...]],
        seen: set[str],
    ) -> Question:
        raw_id = table.get("id")
        where = (
            f"question '{raw_id}'"
            if isinstance(raw_id, str) and raw_id
            else f"{step_where}, question #{index}"
        )
        question_id = self.check_id(raw_id, where, seen, "question")
        kind = table.get("kind")
        if kind is None:
            self.problem(where, "'kind' is missing")
            kind = "text"
        elif kind not in KINDS:
            self.problem(where, f"unknown kind '{kind}' (use one of {', '.join(KINDS)})")
        choices: tuple[Choice, ...] = ()
        raw_choices = table.get("choices")
        if isinstance(raw_choices, str):
            if raw_choices in choice_sets:
                choices = choice_sets[raw_choices]
            else:
                self.problem(where, f"choices names an unknown choice set '{raw_choices}'")
        elif raw_choices is not None:
            choices = self.parse_choices(raw_choices, where)
        if kind in ("choice", "multi_choice") and not choices and not isinstance(raw_choices, str):
            self.problem(where, f"a {kind} question needs choices")
        if kind == "checklist":
            choices = tuple(Choice(v, label) for v, label in CHECKLIST_STATUSES)
        columns = self.parse_columns(table.get("columns"), where) if kind == "list" else ()
        if kind == "list" and table.get("columns") is None:
            self.problem(where, "a list question needs columns")
        required = table.get("required", False)
        if not isinstance(required, bool):
            self.problem(where, "'required' must be true or false")
            required = False
        meta = table.get("meta")
        if meta is not None and meta not in META_FIELDS:
            self.problem(where, f"unknown meta field '{meta}' (only 'name' is allowed)")
            meta = None
        if meta is not None and kind != "text":
            self.problem(where, "a question bound to the plan's name must be of kind text")
        raw_reuse = table.get("reusable", False)
        reusable: str | None = None
        if raw_reuse is True:
            reusable = "all"
        elif raw_reuse == "owner" and kind == "checklist":
            reusable = "owner"
        elif raw_reuse is not False:
            self.problem(where, "'reusable' must be true, false or \"owner\" (checklist items)")
        if reusable is None and any(column.reusable for column in columns):
            self.problem(
                where, "a column is reusable but the question is not (add reusable = true)"
            )
        return Question(
            id=question_id,
            kind=str(kind),
            prompt=self.text(table, "prompt", where, required=True),
            help=self.text(table, "help", where, required=False),
            required=required,
            when=self.parse_condition(table.get("when"), where),
            choices=choices,
            columns=columns,
            placeholder=self.text(table, "placeholder", where, required=False),
            meta=meta,
            reusable=reusable,
        )

    def parse_columns(self, raw: Any, where: str) -> tuple[Column, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list) or not raw:
            self.problem(where, "columns must be a non-empty list of {id, label} tables")
            return ()
        columns: list[Column] = []
        seen: set[str] = set()
        for item in raw:
            if not isinstance(item, dict):
                self.problem(where, "each column must be a table with id and label")
                continue
            column_id = self.check_id(item.get("id"), where, seen, "column")
            kind = item.get("kind", "text")
            if kind not in COLUMN_KINDS:
                self.problem(
                    where,
                    f"column '{column_id}' has unknown kind '{kind}' "
                    f"(use one of {', '.join(COLUMN_KINDS)})",
                )
                kind = "text"
            label = item.get("label", column_id)
            if not isinstance(label, str):
                self.problem(where, f"the label of column '{column_id}' must be text")
                label = column_id
            reusable = item.get("reusable", False)
            if not isinstance(reusable, bool):
                self.problem(where, f"'reusable' of column '{column_id}' must be true or false")
                reusable = False
            elif reusable and kind == "person":
                self.problem(where, f"column '{column_id}' names people: it cannot be reusable")
                reusable = False
            columns.append(Column(column_id, label, kind, reusable))
        return tuple(columns)

    def parse_condition(self, raw: Any, where: str) -> Condition | None:
        if raw is None:
            return None
        if not isinstance(raw, dict) or not isinstance(raw.get("question"), str):
            self.problem(
                where,
                "'when' must be a table naming a question, e.g. "
                'when = { question = "id", equals = "value" }',
            )
            return None
        tests = [key for key in ("equals", "any_of", "answered") if key in raw]
        unknown = sorted(set(raw) - {"question", "equals", "any_of", "answered"})
        if unknown:
            self.problem(where, f"'when' has unknown key '{unknown[0]}'")
        if len(tests) != 1:
            self.problem(where, "'when' needs exactly one of equals, any_of or answered")
            return None
        equals = raw.get("equals")
        any_of = raw.get("any_of", [])
        answered = raw.get("answered")
        if equals is not None and not isinstance(equals, str):
            self.problem(where, "'when.equals' must be text")
            equals = None
        if not isinstance(any_of, list) or not all(isinstance(v, str) for v in any_of):
            self.problem(where, "'when.any_of' must be a list of text values")
            any_of = []
        if answered is not None and not isinstance(answered, bool):
            self.problem(where, "'when.answered' must be true or false")
            answered = None
        return Condition(raw["question"], equals, tuple(any_of), answered)

    def check_conditions(self, phases: list[Phase]) -> None:
        known = {q.id: q for p in phases for s in p.steps for q in s.questions}
        for phase in phases:
            for step in phase.steps:
                for question in step.questions:
                    cond = question.when
                    if cond is None:
                        continue
                    where = f"question '{question.id}'"
                    if cond.question == question.id:
                        self.problem(where, "'when' names the question itself")
                    elif cond.question not in known:
                        self.problem(where, f"'when' names a missing question '{cond.question}'")
                    else:
                        target = known[cond.question]
                        values = [cond.equals] if cond.equals is not None else list(cond.any_of)
                        offered = {c.value for c in target.choices}
                        for value in values:
                            if target.choices and value not in offered:
                                self.problem(
                                    where,
                                    f"'when' tests '{cond.question}' for '{value}', "
                                    "which is not one of its choices",
                                )

    # --- rules ---------------------------------------------------------------------------------

    def number(
        self, table: dict[str, Any], key: str, where: str, default: float, *, share: bool = False
    ) -> float:
        """A number under *key* (*default* when absent); a share lies between 0 and 1."""
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(where, f"'{key}' must be a number, not {_shown(value)}")
            return default
        if share and not 0 <= value <= 1:
            self.problem(where, f"'{key}' must be between 0 and 1, not {_shown(value)}")
            return default
        return float(value)

    def flag(self, table: dict[str, Any], key: str, where: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(where, f"'{key}' must be true or false, not {_shown(value)}")
            return default
        return value

    def known_keys(self, table: dict[str, Any], allowed: Iterable[str], where: str) -> None:
        for key in sorted(set(table) - set(allowed)):
            self.problem(where, f"unknown key '{key}' (use {_listed(allowed)})")

    def ref(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        known: dict[str, Question],
        kinds: Iterable[str],
        *,
        required: bool = True,
    ) -> str:
        """A question id under *key* that the bank has, of one of *kinds*, or ""."""
        value = table.get(key)
        kinds = tuple(kinds)
        if value is None:
            if required:
                self.problem(
                    where, f"'{key}' is missing (the id of a {_listed(kinds, 'or')} question)"
                )
            return ""
        if not isinstance(value, str):
            self.problem(where, f"'{key}' must be a question id, not {_shown(value)}")
            return ""
        question = known.get(value)
        if question is None:
            self.problem(where, f"'{key}' names a missing question '{value}'")
            return ""
        if question.kind not in kinds:
            self.problem(
                where,
                f"'{key}' names '{value}', a {question.kind} question; "
                f"this reads a {_listed(kinds, 'or')} question",
            )
            return ""
        return value

    def table_at(self, data: dict[str, Any], key: str, where: str) -> dict[str, Any] | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(where, f"'{key}' must be a table ([{key}])")
            return None
        return value

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
        declared = [p for p in ours if p.id in scoring]
        for extra in declared[1:]:
            self.problem(
                f"phases.{extra.id} scoring",
                "only one diagnostic phase may declare [phases.scoring]",
            )
        phase = declared[0] if declared else ours[0]
        raw = scoring.get(phase.id, {})
        where = f"phases.{phase.id} scoring"
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
                if (rule := self.parse_evidence(table, f"phases.{step.id} evidence {n}", known))
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

    def parse_evidence(
        self, table: dict[str, Any], where: str, known: dict[str, Question]
    ) -> Evidence | None:
        kind = table.get("kind")
        if kind not in EVIDENCE_KINDS:
            shown = "'kind' is missing" if kind is None else f"unknown kind {_shown(kind)}"
            self.problem(where, f"{shown} (use {_listed(EVIDENCE_KINDS, 'or')})")
            return None
        spec = EVIDENCE_KINDS[kind]
        self.known_keys(table, ("kind", "says", *spec["keys"]), where)
        reads = spec["reads"]
        values: dict[str, Any] = {"kind": kind}
        says_keys: list[str] = list(spec["says"])
        optional_says: list[str] = list(spec.get("optional_says", ()))
        if kind == "days_between":
            values["start"] = self.ref(table, "from", where, known, reads)
            values["end"] = self.ref(table, "to", where, known, reads)
            values["at_least"] = self.number(table, "at_least", where, 0.0)
        else:
            values["question"] = self.ref(table, "question", where, known, reads)
        question = known.get(values.get("question", "")) if values.get("question") else None
        offered: list[str] | None = None
        if kind == "status":
            offered = [v for v, _ in CHECKLIST_STATUSES]
        elif kind == "choice" and question is not None:
            offered = [c.value for c in question.choices]
        if kind in ("choice", "status"):
            points = self.parse_points(table, where, offered or [], kind)
            if kind == "status" and "points" not in table:
                points = dict(DEFAULT_EVIDENCE_STATUS_POINTS)
            values["points"] = points
            values["otherwise"] = self.number(table, "otherwise", where, 0.0, share=True)
            optional_says += [*(offered or []), "otherwise"]
        elif kind == "amount":
            values["at_most"] = self.number(table, "at_most", where, 0.0)
        elif kind == "multiple":
            values["of"] = self.ref(table, "of", where, known, reads)
            values["at_least"] = self.number(table, "at_least", where, 0.0)
        elif kind == "rows":
            self.parse_rows(table, where, question, values)
        loose = kind == "choice" and offered is None  # the question is already reported
        says = self.parse_says(table, where, says_keys, optional_says, spec["fields"], loose)
        if offered is not None and "says" in table:
            lacking = [v for v in offered if v not in says]
            if lacking and "otherwise" not in says:
                self.problem(
                    where, f"'says' has no words for {_listed(lacking)}: add them or 'otherwise'"
                )
        values["says"] = says
        return Evidence(**values)

    def parse_points(
        self, table: dict[str, Any], where: str, offered: list[str], kind: str
    ) -> dict[str, float]:
        raw = table.get("points", {})
        if not isinstance(raw, dict):
            self.problem(where, "'points' must be a table such as { no = 1.0, partly = 0.5 }")
            return {}
        points: dict[str, float] = {}
        what = "status" if kind == "status" else "choice of the question"
        for value in raw:
            if offered and value not in offered:
                self.problem(where, f"'points' has '{value}', which is not a {what}")
                continue
            points[value] = self.number(raw, value, f"{where} points", 0.0, share=True)
        return points

    def parse_rows(
        self, table: dict[str, Any], where: str, question: Question | None, values: dict[str, Any]
    ) -> None:
        columns = {c.id for c in question.columns} if question else set()
        complete = table.get("complete", [])
        if not isinstance(complete, list) or not all(isinstance(c, str) for c in complete):
            self.problem(where, "'complete' must be a list of column ids")
            complete = []
        elif not complete:
            self.problem(where, "'complete' must name at least one column")
        for column in complete:
            if question is not None and column not in columns:
                self.problem(
                    where, f"'complete' names a missing column '{column}' of '{question.id}'"
                )
        values["complete"] = tuple(complete)
        for key, allowed in (("need", ("any", "all")), ("empty", ("unknown", "risk"))):
            value = table.get(key, allowed[0])
            if value not in allowed:
                self.problem(
                    where, f"'{key}' must be {_listed(allowed, 'or')}, not {_shown(value)}"
                )
                value = allowed[0]
            values[key] = value
        name = table.get("name_column", "")
        if not isinstance(name, str):
            self.problem(where, f"'name_column' must be a column id, not {_shown(name)}")
            name = ""
        elif name and question is not None and name not in columns:
            self.problem(where, f"'name_column' names a missing column '{name}' of '{question.id}'")
        values["name_column"] = name
        unnamed = table.get("unnamed", "an unnamed row")
        if not isinstance(unnamed, str):
            self.problem(where, f"'unnamed' must be text, not {_shown(unnamed)}")
            unnamed = "an unnamed row"
        values["unnamed"] = clean(unnamed).strip()

    def parse_says(
        self,
        table: dict[str, Any],
        where: str,
        needed: list[str],
        optional: list[str],
        fields: Iterable[str],
        loose: bool = False,
    ) -> dict[str, str]:
        raw = table.get("says")
        if not isinstance(raw, dict):
            self.problem(where, f"'says' must be a table of words for {_listed(needed)}")
            return {}
        says: dict[str, str] = {}
        for key in needed:
            if key not in raw:
                self.problem(where, f"'says' has no words for '{key}'")
        fields = set(fields)
        for key, words in raw.items():
            if key not in needed and key not in optional and not loose:
                self.problem(
                    where, f"'says' has an unknown key '{key}' (use {_listed(needed + optional)})"
                )
                continue
            if not isinstance(words, str) or not words.strip():
                self.problem(where, f"'says.{key}' must be text")
                continue
            try:
                used = {name for _, name, _, _ in string.Formatter().parse(words) if name}
            except ValueError:
                self.problem(where, f"'says.{key}' has an unmatched '{{' or '}}'")
                continue
            for name in sorted(used - fields):
                self.problem(
                    where,
                    f"'says.{key}' uses {{{name}}}; this rule fills "
                    + (_listed(f"{{{f}}}" for f in sorted(fields)) if fields else "no fields"),
                )
            says[key] = clean(words).strip()
        return says

    def parse_readiness(
        self, phases: list[Phase], scoring: dict[str, Any]
    ) -> ReadinessRules | None:
        ours = [p for p in phases if p.kind == "checklist"]
        if not ours:
            return None
        declared = [p for p in ours if p.id in scoring]
        for extra in declared[1:]:
            self.problem(
                f"phases.{extra.id} scoring",
                "only one checklist phase may declare [phases.scoring]",
            )
        phase = declared[0] if declared else ours[0]
        raw = scoring.get(phase.id, {})
        where = f"phases.{phase.id} scoring"
        self.known_keys(
            raw,
            ("points", "assumed_at_most", "combine", "ready_at", "zero_blocks", "verdict"),
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
            combine=combine,
            ready_at=self.number(raw, "ready_at", where, DEFAULT_READY_AT, share=True),
            zero_blocks=self.flag(raw, "zero_blocks", where, True),
            verdict=(clean(verdict[0]).strip(), clean(verdict[1]).strip()),
        )

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
            tolerance=self.number(raw, "tolerance", where, DEFAULT_TOLERANCE),
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


def _shown(value: Any) -> str:
    """A value from a bank file as a message shows it: quoted text, TOML-like numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = json.dumps(clean(value), ensure_ascii=False)
    elif isinstance(value, list):
        shown = "[" + ", ".join(_shown(v) for v in value) + "]"
    elif isinstance(value, dict):
        shown = "a table"
    else:
        shown = str(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _listed(items: Iterable[str], last: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
