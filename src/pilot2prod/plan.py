"""A plan: metadata plus answers keyed by stable question ids, and pure functions over it.

Nothing here reads or writes files (that is store.py) or knows about the terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pilot2prod import text
from pilot2prod.bank import Bank, Question, Step

Answer = str | int | float | bool | list[Any] | dict[str, Any]


def now_iso() -> str:
    """The current time in UTC, to the second, as stored in plan files."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class Plan:
    """One plan. ``answers`` may hold ids the current bank does not know; they are kept."""

    name: str
    bank_id: str = ""
    bank_version: str = ""
    created: str = field(default_factory=now_iso)
    updated: str = ""
    last_step: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    """Top-level tables of the file this version does not know; written back untouched."""

    def __post_init__(self) -> None:
        if not self.updated:
            self.updated = self.created

    @classmethod
    def new(cls, name: str, bank: Bank) -> Plan:
        return cls(name=name, bank_id=bank.id, bank_version=bank.version)

    def get(self, question: Question) -> Answer | None:
        """The answer to *question*, or None."""
        if question.meta == "name":
            return self.name
        return self.answers.get(question.id)

    def set(self, question: Question, value: Answer | None) -> None:
        """Record an answer (cleaned of control characters); None or empty removes it."""
        value = clean_answer(value)
        if question.meta == "name":
            if isinstance(value, str) and value.strip():
                self.name = single_line(value)
            return
        if value is None or not is_answered(question, value):
            self.answers.pop(question.id, None)
        else:
            self.answers[question.id] = value


def single_line(value: str) -> str:
    """Clean *value* and fold it onto one line (names, list cells shown in one row)."""
    return " ".join(text.clean(value).split())


def clean_answer(value: Any) -> Any:
    """Apply :func:`text.clean` to every string inside an answer."""
    if isinstance(value, str):
        return text.clean(value)
    if isinstance(value, list):
        return [clean_answer(v) for v in value]
    if isinstance(value, dict):
        return {text.clean(str(k)): clean_answer(v) for k, v in value.items()}
    return value


def is_answered(question: Question, value: Any) -> bool:
    """True when *value* counts as an answer to *question*."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        return True
    if question.kind == "checklist" and isinstance(value, dict):
        return bool(str(value.get("status", "")).strip())
    if isinstance(value, list):
        return any(_row_filled(row) for row in value)
    if isinstance(value, dict):
        return any(is_answered(question, v) for v in value.values())
    return False


def _row_filled(row: Any) -> bool:
    if isinstance(row, dict):
        return any(str(v).strip() for v in row.values())
    return bool(str(row).strip())


def is_visible(bank: Bank, plan: Plan, question: Question) -> bool:
    """False when the question's ``when`` condition is not met (its answer is kept regardless)."""
    cond = question.when
    if cond is None:
        return True
    other = bank.question(cond.question)
    if other is None:
        return True
    value = plan.get(other)
    if cond.answered is not None:
        return is_answered(other, value) == cond.answered
    values = value if isinstance(value, list) else [value]
    if cond.equals is not None:
        return cond.equals in values
    return any(v in cond.any_of for v in values)


def visible_questions(bank: Bank, plan: Plan, step: Step) -> list[Question]:
    return [q for q in step.questions if is_visible(bank, plan, q)]


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    open_required: tuple[Question, ...]
    open_optional: tuple[Question, ...]

    @property
    def percent(self) -> int:
        """Whole percent answered; 100 only when everything visible is answered."""
        if self.total == 0:
            return 100
        value = int(self.answered * 100 / self.total)
        return 100 if self.answered == self.total else min(value, 99)


def progress(bank: Bank, plan: Plan) -> Progress:
    """How much of the plan is answered, counting only questions currently shown."""
    answered = 0
    total = 0
    open_required: list[Question] = []
    open_optional: list[Question] = []
    for step in bank.steps:
        for question in visible_questions(bank, plan, step):
            total += 1
            if is_answered(question, plan.get(question)):
                answered += 1
            elif question.required:
                open_required.append(question)
            else:
                open_optional.append(question)
    return Progress(answered, total, tuple(open_required), tuple(open_optional))


def step_state(bank: Bank, plan: Plan, step: Step) -> str:
    """``"done"``, ``"partly"`` or ``"empty"`` for the step list."""
    questions = visible_questions(bank, plan, step)
    done = sum(1 for q in questions if is_answered(q, plan.get(q)))
    if questions and done == len(questions):
        return "done"
    return "partly" if done else "empty"


# --- Parsing typed input (used by the wizard's validators and by imports) ---------------------

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(raw: str, kind: str = "number") -> int | float:
    """Parse what a person types for a number, money or percent answer.

    Accepts thousands separators (``120,000``, ``120 000``, ``120_000``), a currency sign or
    code around money and a ``%`` after a percent. Raises ValueError with a short reason.
    """
    value = raw.strip()
    if kind == "percent":
        value = value.removesuffix("%").strip()
    if kind == "money":
        value = re.sub(r"^[A-Za-z]{3}\s*|\s*[A-Za-z]{3}$", "", value)
        value = value.strip("€$£¥ ")
    value = re.sub(r"(?<=\d)[,_\s'](?=\d{3}\b)", "", value)
    if not _NUMBER.match(value):
        raise ValueError(f"'{raw.strip()}' is not a number")
    number = float(value)
    if kind in ("money", "percent") and number < 0:
        raise ValueError("it cannot be negative")
    if kind == "percent" and number > 100:
        raise ValueError("a percentage is at most 100")
    return int(number) if number.is_integer() and "." not in value else number


def parse_date(raw: str) -> str:
    """Validate a date typed as YYYY-MM-DD and return it in that form."""
    value = raw.strip()
    try:
        return dt.date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_date(raw)
    except ValueError:
        return _bad_date(raw)


def _bad_date(raw: str) -> str:
    raise ValueError(f"'{raw.strip()}' is not a date in the form YYYY-MM-DD")
