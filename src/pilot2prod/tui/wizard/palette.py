"""What the command palette offers in the wizard: its actions, then every step and question
(hidden questions too, saying what shows them)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from pilot2prod.keymap import BY_ID
from pilot2prod.plan import is_visible, shown_when
from pilot2prod.tui.commands import Entry
from pilot2prod.tui.keys import shown
from pilot2prod.tui.wizard.bindings import PALETTE

if TYPE_CHECKING:
    from pilot2prod.tui.wizard.host import WizardHost


def entries(wizard: WizardHost) -> list[Entry]:
    """The palette's entries for *wizard*: its actions (each with its keys as bound now), then
    every step and question to go to."""
    bank, plan = wizard.bank, wizard.session.plan
    found = [
        Entry(
            text,
            getattr(wizard, f"action_{action_id.split('.', 1)[1]}"),
            shown(wizard.app, action_id) if action_id in BY_ID else "",
        )
        for text, action_id in PALETTE
    ]
    for step in bank.steps:
        label = f"Go to step: {bank.step_label(step)}"
        found.append(Entry(label, partial(wizard.go_to, step.id), "", place=True))
    for step in bank.steps:
        where = bank.step_label(step)  # (five steps are called "Phase gate": name the phase)
        for question in step.questions:
            jump = partial(wizard.go_to, step.id, question.id)
            if is_visible(bank, plan, question):
                text, about = f"Question: {question.prompt}", where
            else:
                text = f"Question (hidden): {question.prompt}"
                about = f"{where} · {shown_when(bank, question)}"
            found.append(Entry(text, jump, about, place=True))
    return found
