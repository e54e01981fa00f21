"""Each question kind in lines: how it is asked and how a typed line is read.

The reading is the wizard's own (:func:`pilot2prod.values.read`), and so is what it says back:
``250k`` → ``= GBP 250,000``; text that cannot be read as a number, an amount, a percentage or
a date is kept as typed, to fix, as the wizard keeps it. Choices are numbered, multi-choice
answers are numbers separated by commas, a checklist item is a status number, an owner and
evidence, and a list is read a row at a time, a column per line.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from pilot2prod import values
from pilot2prod.bank import CHECKLIST_STATUSES, Choice, Column, Question
from pilot2prod.plan import answer_text
from pilot2prod.values import NUMERIC_KINDS

TYPED_KINDS = (*NUMERIC_KINDS, "date")
"""Kinds whose text is read as a value (and kept as a draft when it cannot be)."""

HINTS = {
    "text": "One line of text.",
    "person": "A name and role, on one line.",
    "long_text": "One line; end a line with \\ to go on on the next.",
    "number": f"A number, e.g. {values.EXAMPLES['number']}.",
    "money": f"An amount, e.g. {values.EXAMPLES['money']}.",
    "percent": f"A percentage, e.g. {values.EXAMPLES['percent']}.",
    "date": f"A date, e.g. {values.EXAMPLES['date']}.",
}
"""How to answer each one-line kind, said under its question."""


class Read(Struct, frozen=True):
    """What one line means for a question: a *value* (None: no answer), what it *echo*-es
    back, or a *problem* (the line is not understood)."""

    value: Any = None
    echo: str = ""
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def between(count: int) -> str:
    return f"Enter a number between 1 and {count}."


def echo_of(kind: str, value: Any, currency: str) -> str:
    """What the wizard shows beside a value it read: ``= GBP 250,000``, ``= Fri 11 Dec 2026``."""
    if value is None:
        return ""
    return f"= {values.echo(kind, value, currency)}"


def fix_message(problem: str) -> str:
    """What is said of text kept as a draft (the wizard's words)."""
    return f"To fix: {problem}. Kept as typed."


def read_line(kind: str, text: str, currency: str = "") -> Read:
    """A one-line kind (text, person, long text, number, money, percent, date). An empty line
    is not read here: it keeps the answer (see the walk)."""
    if kind not in TYPED_KINDS:
        return Read(text)
    reading = values.read(kind, text, currency)
    if not reading.ok:
        return Read(problem=reading.problem or f"'{text.strip()}' cannot be read")
    return Read(reading.value, echo_of(kind, reading.value, currency))


def _number(text: str, count: int) -> int | None:
    stripped = text.strip().rstrip(".")
    if stripped.isdigit() and 1 <= int(stripped) <= count:
        return int(stripped) - 1
    return None


def _by_words(text: str, choices: tuple[Choice, ...]) -> int | None:
    """The choice whose label or stored value is *text* (any case), for files of answers."""
    wanted = " ".join(text.split()).casefold()
    for index, choice in enumerate(choices):
        if wanted in (choice.label.casefold(), choice.value.casefold()):
            return index
    return None


def read_choice(text: str, choices: tuple[Choice, ...]) -> Read:
    """One of numbered *choices*: its number (or its label, as written)."""
    index = _number(text, len(choices))
    if index is None:
        index = _by_words(text, choices)
    if index is None:
        return Read(problem=f"'{text.strip()}' is not one of the choices. {between(len(choices))}")
    choice = choices[index]
    return Read(choice.value, f"= {choice.label}")


def read_choices(text: str, question: Question, before: Any = None) -> Read:
    """Any of the question's numbered choices: numbers separated by commas (``1,3``). Values the
    bank does not offer that the answer had (*before*) are kept, as the wizard keeps them."""
    choices = question.choices
    picked: set[int] = set()
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        index = _number(part, len(choices))
        if index is None:
            index = _by_words(part, choices)
        if index is None:
            return Read(
                problem=f"'{part.strip()}' is not one of the choices. Enter numbers between 1 "
                f"and {len(choices)}, separated by commas (e.g. 1,3)."
            )
        picked.add(index)
    offered = {c.value for c in choices}
    kept = [v for v in before if v not in offered] if isinstance(before, list) else []
    value = [c.value for i, c in enumerate(choices) if i in picked] + kept
    labels = ", ".join(c.label for i, c in enumerate(choices) if i in picked)
    return Read(value or None, f"= {labels}" if labels else "")


STATUSES = tuple(Choice(value, label) for value, label in CHECKLIST_STATUSES)
"""A checklist item's statuses, numbered in this order."""


def read_status(text: str) -> Read:
    return read_choice(text, STATUSES)


def checklist_item(before: Any, **fields: str) -> dict[str, Any] | None:
    """A checklist item with *fields* (status, owner, evidence) changed: keys this version does
    not know are kept, empty ones dropped (None: nothing left), as the wizard's field does."""
    item: dict[str, Any] = dict(before) if isinstance(before, dict) else {}
    item.update(fields)
    kept = {k: v for k, v in item.items() if not (isinstance(v, str) and not v.strip())}
    return kept or None


def read_cell(column: Column, text: str, currency: str = "") -> Read:
    """One cell of a list's row, read as the wizard's row editor reads it."""
    return read_line(column.kind, text, currency)


def shown(question: Question, value: Any, currency: str) -> str:
    """An answer as it is said before the question is asked again (its current value)."""
    if question.kind == "list" and isinstance(value, list):
        rows = len(value)
        return f"{rows} row{'s' if rows != 1 else ''}"
    return answer_text(question, value, currency)


def row_text(question: Question, row: Any, currency: str) -> str:
    """One row of a list on one line: ``Column: value · Column: value``."""
    if not isinstance(row, dict):
        return str(row)
    parts = []
    for column in question.columns:
        value = row.get(column.id)
        if value is None or value == "":
            continue
        if column.kind in TYPED_KINDS and not values.type_problem(column.kind, value):
            text = values.describe(column.kind, value, currency)
        else:
            text = " ".join(str(value).split())
        parts.append(f"{column.label}: {text}")
    return " · ".join(parts) or "(empty)"
