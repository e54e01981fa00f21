"""The question fields, one module per kind, found through a registry.

A kind's module is imported the first time a question of that kind is shown, so opening a plan
loads only the editors its first step uses (a table and its dialogs cost nothing until a step
with a register is near). Each module names its widget ``FIELD``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from pilot2prod.bank import Question
from pilot2prod.tui.widgets.fields.base import QuestionField

if TYPE_CHECKING:
    from pilot2prod.record import Grade

MODULES: dict[str, str] = {
    "text": "line",
    "person": "line",
    "number": "line",
    "money": "line",
    "percent": "line",
    "date": "line",
    "long_text": "long_text",
    "choice": "choice",
    "multi_choice": "multi_choice",
    "checklist": "checklist",
    "list": "table",
}
"""Question kind -> the module (in this package) of its field."""


EDITOR_ROWS: dict[str, int] = {"long_text": 6, "checklist": 2, "list": 12}
"""Rows a kind's editor takes on screen (one-line kinds take one; choices one per choice)."""


def rows_needed(question: Question) -> int:
    """About how many rows *question* takes on a page: its prompt, its editor and the gap."""
    if question.kind in ("choice", "multi_choice"):
        editor = min(len(question.choices), 10)
    else:
        editor = EDITOR_ROWS.get(question.kind, 1)
    return 2 + editor


def field_class(kind: str) -> type[QuestionField]:
    """The widget that asks questions of *kind*."""
    module = import_module(f"{__name__}.{MODULES[kind]}")
    field: type[QuestionField] = module.FIELD
    return field


def make_field(
    question: Question,
    value: Any,
    *,
    draft: str | None = None,
    currency: str = "",
    sureness: str = "",
    graded: Grade | None = None,
) -> QuestionField:
    """The field for *question*, showing *value* (or the *draft* kept as typed), how sure the
    answer is when *sureness* says, and a checklist item's evidence grade when *graded*."""
    field = field_class(question.kind)
    return field(question, value, draft=draft, currency=currency, sureness=sureness, graded=graded)


__all__ = ["MODULES", "QuestionField", "field_class", "make_field", "rows_needed"]
