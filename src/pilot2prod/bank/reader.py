"""What every part of the bank's parser shares: the problems found so far, and typed reads.

A :class:`Reader` reads one value of a bank file (text, a number, a flag, a question id...) and
reports what is wrong with it to the list of problems it was handed, naming the file and where;
the parts of the parser (:mod:`~pilot2prod.bank.loader`, :mod:`~pilot2prod.bank.rules_loader`,
:mod:`~pilot2prod.bank.evidence_loader`) share one list, so a bank's problems are all reported at
once, in the order they are found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pilot2prod.bank.model import Question
from pilot2prod.text import clean

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class Reader:
    """Typed reads of a bank file's values; each problem goes to the list it was handed."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems

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


def _shown(value: Any) -> str:
    """A value from a bank file as a message shows it: quoted text, TOML-like numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json  # (only to show a bank's mistake: a bank that loads never needs it)

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
