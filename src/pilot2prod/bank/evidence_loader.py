"""The evidence rules of a diagnostic step (``[[phases.steps.evidence]]``), read and checked."""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

from pilot2prod.bank.model import Question
from pilot2prod.bank.reader import Reader, _listed, _shown
from pilot2prod.bank.rules import DEFAULT_EVIDENCE_STATUS_POINTS, EVIDENCE_KINDS, Evidence
from pilot2prod.bank.vocabulary import CHECKLIST_STATUSES
from pilot2prod.text import clean


class EvidenceReader(Reader):
    """Reads the evidence rules of a diagnostic step into :class:`Evidence`."""

    def parse_evidence(
        self, table: dict[str, Any], where: str, known: dict[str, Question]
    ) -> Evidence | None:
        kind = table.get("kind")
        if not isinstance(kind, str) or kind not in EVIDENCE_KINDS:
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
                parts = [p for p in string.Formatter().parse(words) if p[1] is not None]
            except ValueError:
                self.problem(where, f"'says.{key}' has an unmatched '{{' or '}}'")
                continue
            used = {name for _, name, _, _ in parts if name}
            shaped = [
                f"{{{n}{'!' + c if c else ''}{':' + s if s else ''}}}"
                for _, n, s, c in parts
                if s or c
            ]
            if shaped:  # ("{answer:>999999999}" would fill the memory)
                self.problem(
                    where, f"'says.{key}' shapes a field ({shaped[0]}): write it as {{name}} alone"
                )
                continue
            for name in sorted(used - fields):
                self.problem(
                    where,
                    f"'says.{key}' uses {{{name}}}; this rule fills "
                    + (_listed(f"{{{f}}}" for f in sorted(fields)) if fields else "no fields"),
                )
            says[key] = clean(words).strip()
        return says
