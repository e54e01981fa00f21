"""Load a bank file: read it, parse its phases, steps and questions, and check them.

:func:`load_bank` reports every problem of a bank at once, each naming the file and the id (a
:class:`BankError`); the rules the bank declares are read by :mod:`~pilot2prod.bank.rules_loader`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from pilot2prod import resources
from pilot2prod.bank.model import Bank, Choice, Column, Condition, Phase, Question, Step
from pilot2prod.bank.reader import Reader
from pilot2prod.bank.rules_loader import RulesReader
from pilot2prod.bank.vocabulary import (
    BANK_TABLES,
    CHECKLIST_STATUSES,
    COLUMN_KINDS,
    GATE_VALUES,
    KINDS,
    META_FIELDS,
    PHASE_KINDS,
    SIGN_VALUES,
)
from pilot2prod.cache import keep_toml, kept_toml
from pilot2prod.digest import sha256_hex
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.fileio import FileRefused, read_limited


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


def load_bank(path: Path | None = None, *, cache: Path | None = None) -> Bank:
    """Load and validate a bank; the built-in one when *path* is None. With *cache*, a cache
    folder, its TOML is read from what a run before kept there (the bank is checked all the
    same), or kept there once the bank is found sound (:mod:`pilot2prod.cache`).

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
    digest = sha256_hex(raw)  # (once: the kept TOML's name and the bank's fingerprint)
    data = kept_toml(raw, cache, digest)
    fresh = data is None
    try:
        data = data if data is not None else tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BankError(path, ["it is not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise BankError(path, [f"it is not valid TOML: {exc}"]) from None
    bank = _Parser(path).parse(data)
    if fresh:
        keep_toml(raw, data, cache, digest)
    return replace(bank, fingerprint=digest[:16])


class _Parser(Reader):
    """Parses a bank file's tables into a :class:`Bank`, with the problems of every part."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, [])
        self.scoring: dict[str, dict[str, Any]] = {}
        """``[phases.scoring]`` per phase id, read once every question is known."""
        self.evidence: dict[str, list[dict[str, Any]]] = {}
        """``[[phases.steps.evidence]]`` per step id, read once every question is known."""

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
        rules = RulesReader(self.path, self.problems)
        placeholders = rules.parse_placeholders(data)
        diagnostic = rules.parse_diagnostic(phases, self.scoring, self.evidence, known)
        readiness = rules.parse_readiness(phases, self.scoring)
        budget = rules.parse_budget(data, known)
        timeline = rules.parse_timeline(data, known)
        roles = rules.parse_roles(data.get("roles", {}), phases)
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
