"""Conflicts: answers two windows (or two git branches) changed at once, and a way to pick.

Each record says what the plan kept and what the other side had. Picking "use the other" puts
that value in the plan; either choice removes the record. Records are never overwritten by a
later conflict: they only go when someone picks.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from pilot2prod.bank import Bank
from pilot2prod.plan import answer_text
from pilot2prod.text import one_line
from pilot2prod.tui.dialogs import Choose, Dialog
from pilot2prod.tui.render import plain

Choice = tuple[dict[str, Any], str]
"""(the conflict record, "other" or "keep")."""


def _value(bank: Bank, question_id: str, record: dict[str, Any], role: str) -> str:
    if f"{role}_draft" in record:
        return f"“{record[f'{role}_draft']}” (to fix)"
    if role not in record:
        return "no answer"
    question = bank.question(question_id)
    shown = answer_text(question, record[role]) if question else str(record[role])
    return f"“{' '.join(shown.split())}”"


def describe(bank: Bank, record: dict[str, Any]) -> tuple[str, str, str]:
    """(what it is about, the value kept, the other value), in words."""
    qid = str(record.get("question", ""))
    question = bank.question(qid)
    about = question.prompt if question else qid
    return about, _value(bank, qid, record, "kept"), _value(bank, qid, record, "other")


CHOICE_WIDTH = 100
"""Characters of an answer shown on a button of the "which answer" question (the list shows
the rest): two buttons of long answers would not fit a small window."""


class ConflictsScreen(Dialog):
    """The plan's conflict records; Enter on one asks which value to keep. Returns a Choice
    or None (Escape, or Close)."""

    def __init__(self, bank: Bank, records: list[dict[str, Any]]) -> None:
        super().__init__()
        self.bank = bank
        self.records = list(records)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="conflicts"):
            with Vertical(classes="dialog-head"):
                yield Label("Answers changed in two places at once", classes="dialog-title")
                yield Static(
                    "The plan kept the later answer; the other is kept here until you pick. "
                    "Enter on one to choose."
                    if self.records
                    else "There are no conflicts in this plan.",
                    classes="dialog-text",
                )
            options = []
            for n, record in enumerate(self.records):
                about, kept, other = describe(self.bank, record)
                when = str(record.get("at", "")).replace("T", " ").removesuffix("Z")
                source = str(record.get("other_from", "another window"))
                options.append(
                    Option(
                        plain(f"{about}\n  kept: {kept}\n  {source}, {when} UTC: {other}"),
                        id=f"conflict-{n}",
                    )
                )
            if options:
                yield OptionList(*options, id="conflict-list", markup=False, classes="dialog-body")
            with Vertical(classes="dialog-foot"), Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="cancel")

    @on(OptionList.OptionSelected, "#conflict-list")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        record = self.records[int((event.option.id or "conflict-0").removeprefix("conflict-"))]

        def chosen(choice: str | None) -> None:
            if choice in ("other", "keep"):
                self.dismiss((record, choice))

        self.app.push_screen(which_answer(self.bank, record), chosen)


def which_answer(bank: Bank, record: dict[str, Any]) -> Choose:
    """The question for one conflict: "other", "keep", or "cancel" (decide later)."""
    about, kept, other = describe(bank, record)
    return Choose(
        "Which answer should the plan keep?",
        about,
        [
            ("other", one_line(f"Use the other: {other}", CHOICE_WIDTH)),
            ("keep", one_line(f"Keep the plan's: {kept}", CHOICE_WIDTH)),
            ("cancel", "Decide later"),
        ],
    )
