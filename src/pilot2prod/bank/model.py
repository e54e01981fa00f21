"""The bank as the product reads it: phases of steps of questions, and the :class:`Bank` itself.

Frozen records (msgspec structs: made in microseconds, where a dataclass costs a start-up
about half a millisecond each); :mod:`pilot2prod.bank.loader` makes them from a bank file.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from msgspec import Struct, field

from pilot2prod.bank.rules import (
    DEFAULT_PLACEHOLDERS,
    BudgetRules,
    Diagnostic,
    Hashed,
    ReadinessRules,
    TimelineRules,
)


class Choice(Struct, frozen=True):
    """One option of a choice question: the value stored, and the label shown."""

    value: str
    label: str


class Column(Struct, frozen=True):
    """One column of a list question's rows (a table): its id, label and kind of value."""

    id: str
    label: str
    kind: str = "text"
    reusable: bool = False
    """Whether ``new --from`` copies this column's cells (from a register marked reusable):
    the method's words, not the client's. A person column never is."""


class Condition(Struct, frozen=True):
    """Show a question only when another answer matches.

    Exactly one test applies: ``equals`` (the answer is this value, or a multi-choice answer
    contains it), ``any_of`` (the answer is one of these values) or ``answered`` (the other
    question has an answer, or has none when ``False``).
    """

    question: str
    equals: str | None = None
    any_of: tuple[str, ...] = ()
    answered: bool | None = None


class Question(Struct, frozen=True):
    """One question of a step: its id, kind (text, choice, list...), prompt and help."""

    id: str
    kind: str
    prompt: str
    help: str = ""
    required: bool = False
    when: Condition | None = None
    choices: tuple[Choice, ...] = ()
    columns: tuple[Column, ...] = ()
    placeholder: str = ""
    meta: str | None = None
    """When set (only ``"name"``), the answer is the plan's own name, not an entry in answers."""
    reusable: str | None = None
    """What a plan started from another one (``new --from``) copies of this answer: ``"all"``
    (``reusable = true`` in the bank), ``"owner"`` (a checklist item's owner, a role), or
    nothing (None: client-specific)."""

    def choice_label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value


class Step(Struct, frozen=True):
    """One screen of the wizard: its questions, with the words that introduce them."""

    id: str
    title: str
    phase_id: str
    intro: str = ""
    fix: str = ""
    questions: tuple[Question, ...] = ()
    gate: bool = False
    """A gate closes its phase: a decision (go / conditions / stop), who, when, conditions."""


class Phase(Struct, frozen=True):
    """A part of the plan (a numbered phase, the diagnostic or the checklist) and its steps."""

    id: str
    kind: str
    title: str
    number: int | None = None
    summary: str = ""
    steps: tuple[Step, ...] = ()

    @property
    def label(self) -> str:
        """The title, with the phase number in front for numbered phases."""
        return f"{self.number}. {self.title}" if self.number is not None else self.title


class FailureMode(Struct, frozen=True):
    """A reason pilots stall: a step of a diagnostic phase seen as what it means."""

    id: str
    title: str
    summary: str
    fix: str
    signs: tuple[Question, ...]


class ChecklistItem(Struct, frozen=True):
    """One item of the readiness checklist, in its group, with the question that records it."""

    id: str
    group_id: str
    group_title: str
    label: str
    question: Question


class Bank(Hashed, frozen=True, dict=True):
    """A question bank: its phases, steps and questions, and the rules it scores with.

    Its questions and their steps by id are worked out once, when first looked up, and kept
    outside its fields (``dict=True``): they take no part in comparing banks, nor in showing
    one."""

    id: str
    version: str
    title: str
    path: Path
    phases: tuple[Phase, ...]
    fingerprint: str = ""
    """A digest of the bank file's bytes: figures computed with one bank are not another's."""
    placeholders: frozenset[str] = DEFAULT_PLACEHOLDERS
    """Answers that name nothing, compared as :func:`placeholder_key` makes them."""
    diagnostic: Diagnostic | None = None
    """How the stall diagnostic scores; None without a diagnostic phase."""
    readiness_rules: ReadinessRules | None = None
    """How the checklist scores; None without a checklist phase."""
    budget_rules: BudgetRules | None = None
    """The budget reality check; None without ``[budget]``."""
    timeline_rules: TimelineRules | None = None
    """The timeline's dates; None without ``[timeline]``."""
    roles: dict[str, str] = field(default_factory=dict)
    """Role (see :data:`ROLES`) -> the id of the question that holds it."""

    @cached_property
    def _questions(self) -> dict[str, Question]:
        return {q.id: q for phase in self.phases for step in phase.steps for q in step.questions}

    @cached_property
    def _step_of(self) -> dict[str, Step]:
        return {q.id: step for phase in self.phases for step in phase.steps for q in step.questions}

    @property
    def order(self) -> list[str]:
        """Every question id, in the order the wizard asks them (the order of plan files)."""
        return list(self._questions)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for phase in self.phases for step in phase.steps)

    def questions(self) -> Iterator[Question]:
        """Every question, in the order the wizard asks them."""
        return iter(self._questions.values())

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    def role(self, name: str) -> Question | None:
        """The question that holds *name* (a :data:`ROLES` key), or None when the bank has none."""
        question_id = self.roles.get(name)
        return self._questions.get(question_id) if question_id else None

    def step_of(self, question_id: str) -> Step:
        return self._step_of[question_id]

    def step_label(self, step: Step, *, numbered: bool = True) -> str:
        """A step as people find it: ``3. Production planning › Budget and timeline``, or the
        phase alone when the step is the whole phase (without the number if not *numbered*)."""
        phase = self.phase(step.phase_id)
        head = phase.label if numbered else phase.title
        return head if step.title == phase.title else f"{head} › {step.title}"

    def phase(self, phase_id: str) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    @property
    def failure_modes(self) -> tuple[FailureMode, ...]:
        return tuple(
            FailureMode(step.id, step.title, step.intro, step.fix, step.questions)
            for phase in self.phases
            if phase.kind == "diagnostic"
            for step in phase.steps
        )

    @property
    def checklist_items(self) -> tuple[ChecklistItem, ...]:
        return tuple(
            ChecklistItem(q.id, step.id, step.title, q.prompt, q)
            for phase in self.phases
            if phase.kind == "checklist"
            for step in phase.steps
            for q in step.questions
            if q.kind == "checklist"
        )
