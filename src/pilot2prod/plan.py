"""A plan: metadata plus answers keyed by stable question ids, and pure functions over it.

Nothing here reads or writes files (that is the store package) or knows about the terminal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec import Struct, field

from pilot2prod import text, values
from pilot2prod.bank import CHECKLIST_STATUSES, Bank, Question, Step

Answer = str | int | float | bool | list[Any] | dict[str, Any]


def now_iso() -> str:
    """The current time in UTC, to the second, as stored in plan files."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Plan(Struct):
    """One plan. ``answers`` may hold ids the current bank does not know; they are kept."""

    name: str
    bank_id: str = ""
    bank_version: str = ""
    bank_hash: str = ""
    """12 hex digits of the bank file's content the plan was made with (see store/banks.py);
    empty in plans written before it was recorded."""
    created: str = field(default_factory=now_iso)
    updated: str = ""
    last_step: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    drafts: dict[str, str] = field(default_factory=dict)
    """Text typed for a number, amount, percentage or date that could not be read as one yet:
    kept as typed, shown as "to fix", and not an answer until it is corrected."""
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    """Top-level tables of the file this version does not know; written back untouched."""
    meta_extra: dict[str, Any] = field(default_factory=dict)
    """Keys of the file's ``[plan]`` table this version does not know; written back untouched."""
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    """Records of answers two windows (or two git branches) changed at once: the value that was
    not kept, never overwritten (see merge.py)."""
    actions: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Actions by id: what, owner, due, status, source (see record.py)."""
    parked: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The parking lot by id: text, raised_by, question, status."""
    sureness: dict[str, dict[str, Any]] = field(default_factory=dict)
    """How sure answers are, by question id: level (fact, estimate, assumption), source."""
    workshop: dict[str, Any] = field(default_factory=dict)
    """The workshop's agenda (minutes per step) and its sessions (the time each spent per
    step, one table per window, so windows add up and never conflict)."""
    copied: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Texts a plan started from another one copied (``new --from``), to check for the other
    client's details, by cell: question, column, text, from (see store/templates.py)."""
    votes: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Silent votes by id: what each asked, its status, and one table per ballot (vote.py)."""

    def __post_init__(self) -> None:
        if not self.updated:
            self.updated = self.created

    def take(self, other: Plan) -> None:
        """Become *other*: every field of it, in place (screens hold this object)."""
        for name in self.__struct_fields__:
            setattr(self, name, getattr(other, name))

    @classmethod
    def new(cls, name: str, bank: Bank) -> Plan:
        return cls(
            name=name,
            bank_id=bank.id,
            bank_version=bank.version,
            bank_hash=bank.fingerprint[:12],
        )

    def get(self, question: Question) -> Answer | None:
        """The answer to *question*, or None."""
        if question.meta == "name":
            return self.name
        return self.answers.get(question.id)

    def set(self, question: Question, value: Answer | None) -> None:
        """Record an answer (cleaned of control characters); None or empty removes it.

        A draft of the question is replaced: what is stored is what the field now holds.
        """
        value = clean_answer(value)
        if question.meta == "name":
            if isinstance(value, str) and clean_name(value):
                self.name = clean_name(value)
            return
        self.drafts.pop(question.id, None)
        if value is None or not is_filled(question, value):
            self.answers.pop(question.id, None)
        else:
            self.answers[question.id] = value

    def set_draft(self, question: Question, typed: str) -> None:
        """Keep *typed* as it is, as text still to fix: it replaces the answer (never a number
        made of part of it). Empty text clears both."""
        typed = text.clean(typed)
        self.answers.pop(question.id, None)
        if typed.strip():
            self.drafts[question.id] = typed
        else:
            self.drafts.pop(question.id, None)

    def draft(self, question: Question) -> str | None:
        return self.drafts.get(question.id)


def single_line(value: str) -> str:
    """Clean *value* and fold it onto one line (names, list cells shown in one row)."""
    return " ".join(text.clean(value).split())


def clean_name(value: str) -> str:
    """A plan name: one line, with invisible and bidirectional-control characters removed."""
    return single_line(text.strip_invisible(value))


def clean_answer(value: Any) -> Any:
    """Apply :func:`text.clean` to every string inside an answer."""
    if isinstance(value, str):
        return text.clean(value)
    if isinstance(value, list):
        return [clean_answer(v) for v in value]
    if isinstance(value, dict):
        return {text.clean(str(k)): clean_answer(v) for k, v in value.items()}
    return value


def is_filled(question: Question, value: Any) -> bool:
    """True when *value* holds anything worth keeping (a checklist item with only an owner
    does; it is not answered until it has a status)."""
    if question.kind == "checklist" and isinstance(value, dict):
        return any(str(v).strip() for v in value.values() if v is not None)
    return is_answered(question, value, check_type=False)


def is_answered(question: Question, value: Any, *, check_type: bool = True) -> bool:
    """True when *value* counts as an answer to *question*.

    A value of the wrong type for the question (text where an amount belongs) is not an answer:
    it is something to fix.
    """
    if value is None:
        return False
    if check_type and values.type_problem(question.kind, value):
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float | dt.date):
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


class Fix(Struct, frozen=True):
    """An answer still to fix: text that could not be read, or a value of the wrong type."""

    question: Question
    typed: str
    """What the field holds, as typed (or as found in the file)."""
    problem: str


def currency(bank: Bank, plan: Plan) -> str:
    """The plan's currency as a code (GBP), or "" when it is not given."""
    question = bank.role("currency")
    value = plan.get(question) if question else None
    return values.currency_code(value) if isinstance(value, str) and value.strip() else ""


def fix_of(bank: Bank, plan: Plan, question: Question) -> Fix | None:
    """What is wrong with *question*'s answer, when something is."""
    typed = plan.drafts.get(question.id)
    if typed is not None:
        problem = values.read(question.kind, typed, currency(bank, plan), relative=False).problem
        return Fix(question, typed, problem or f"'{typed.strip()}' is not confirmed yet")
    value = plan.answers.get(question.id)
    if value is None:
        return None
    problem = values.type_problem(question.kind, value)
    if problem is None:
        return None
    shown = value if isinstance(value, str) else repr(value)
    return Fix(question, shown, f"the file's value {problem}")


def wrong_types(bank: Bank, plan: Plan) -> list[tuple[str, str]]:
    """(question id, problem) for every answer whose value cannot hold its question's kind.

    Answers to questions the bank does not know are not checked (they are kept as they are).
    """
    found = []
    for qid, value in plan.answers.items():
        question = bank.question(qid)
        if question is not None:
            problem = values.type_problem(question.kind, value)
            if problem:
                found.append((qid, problem))
    return found


def normalise_dates(bank: Bank, plan: Plan) -> None:
    """Date answers written in a form people read (``14 March 2026``) become ISO dates.

    Only dates written in full: a form that counts from today (``next Friday``, ``15 Jan``) is
    kept as it is, to fix, rather than dated anew every time the file is read."""
    for qid, value in plan.answers.items():
        question = bank.question(qid)
        if question is not None and question.kind == "date" and isinstance(value, str):
            reading = values.read("date", value, relative=False)
            if reading.ok and reading.value is not None:
                plan.answers[qid] = reading.value


def not_understood(bank: Bank, plan: Plan) -> list[str]:
    """What the plan holds that this bank does not know, each in words. All of it is kept
    exactly as it is when the plan is saved."""
    found: list[str] = []
    found += [f"[plan] key '{key}'" for key in plan.meta_extra]
    found += [f"table [{key}]" for key in plan.extra]
    for qid, value in plan.answers.items():
        question = bank.question(qid)
        if question is None:
            found.append(f"answer '{qid}' (no such question in this bank)")
            continue
        offered = {c.value for c in question.choices}
        if question.kind == "choice" and isinstance(value, str) and value not in offered:
            found.append(f"{question.prompt}: '{value}' is not one of its choices")
        elif question.kind == "multi_choice" and isinstance(value, list):
            others = [str(v) for v in value if v not in offered]
            if others:
                found.append(f"{question.prompt}: {', '.join(others)} (not among its choices)")
        elif question.kind == "checklist" and isinstance(value, dict):
            extra = sorted(set(value) - {"status", "owner", "evidence"})
            if extra:
                found.append(f"{question.prompt}: {', '.join(extra)}")
        elif question.kind == "list" and isinstance(value, list):
            columns = {c.id for c in question.columns}
            odd = sum(1 for row in value if not isinstance(row, dict))
            keys = sorted({k for row in value if isinstance(row, dict) for k in row} - columns)
            if odd:
                found.append(f"{question.prompt}: {odd} row(s) that are not tables")
            if keys:
                found.append(f"{question.prompt}: columns {', '.join(keys)}")
    return found


def to_fix(bank: Bank, plan: Plan) -> list[Fix]:
    """Every answer still to fix on the questions shown, in the order the wizard asks them."""
    found = []
    for step in bank.steps:
        for question in visible_questions(bank, plan, step):
            fix = fix_of(bank, plan, question)
            if fix is not None:
                found.append(fix)
    return found


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


def _either(words: list[str]) -> str:
    """``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def shown_when(bank: Bank, question: Question) -> str:
    """What shows a question hidden by a condition, in words: ``shown when 'Run at production
    volume?' is 'Yes' or 'Partly'``; "" for a question that is always shown."""
    cond = question.when
    other = bank.question(cond.question) if cond is not None else None
    if cond is None or other is None:
        return ""
    about = f"'{other.prompt}'"
    if cond.answered is not None:
        return f"shown when {about} is {'answered' if cond.answered else 'not answered'}"
    wanted = [cond.equals] if cond.equals is not None else list(cond.any_of)
    labels = [f"'{other.choice_label(value)}'" for value in wanted]
    verb = "includes" if other.kind == "multi_choice" else "is"
    return f"shown when {about} {verb} {_either(labels)}"


def visible_questions(bank: Bank, plan: Plan, step: Step) -> list[Question]:
    return [q for q in step.questions if is_visible(bank, plan, q)]


class Progress(Struct, frozen=True):
    """How far a plan is answered: counts, and the visible questions still open."""

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
    """``"fix"``, ``"done"``, ``"partly"`` or ``"empty"`` for the step list."""
    questions = visible_questions(bank, plan, step)
    if any(fix_of(bank, plan, q) for q in questions):
        return "fix"
    done = sum(1 for q in questions if is_answered(q, plan.get(q)))
    if questions and done == len(questions):
        return "done"
    return "partly" if done else "empty"


# --- Answers as text ------------------------------------------------------------------------------

STATUS_LABELS = dict(CHECKLIST_STATUSES)


def answer_text(question: Question, value: Any, currency: str = "") -> str:
    """A one-piece plain-text rendering of an answer (before escaping)."""
    if value is None:
        return ""
    if question.kind in ("number", "money", "percent", "date"):
        return values.describe(question.kind, value, currency)
    if question.kind == "choice" and isinstance(value, str):
        return question.choice_label(value)
    if question.kind == "multi_choice" and isinstance(value, list):
        return ", ".join(question.choice_label(str(v)) for v in value)
    if question.kind == "checklist" and isinstance(value, dict):
        parts = [STATUS_LABELS.get(str(value.get("status", "")), str(value.get("status", "")))]
        parts += [str(value[k]) for k in ("owner", "evidence") if value.get(k)]
        return "; ".join(p for p in parts if p)
    if isinstance(value, list):
        return "; ".join(plain_value(v) for v in value)
    return plain_value(value)


def plain_value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {plain_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(plain_value(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
