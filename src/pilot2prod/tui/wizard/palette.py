"""What the command palette offers in the wizard: its actions, then every step and question
(hidden questions too, saying what shows them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from pilot2prod.bank import Bank
from pilot2prod.plan import Plan, is_visible, shown_when
from pilot2prod.tui.commands import Entry
from pilot2prod.tui.wizard.bindings import PALETTE


def entries(
    bank: Bank,
    plan: Plan,
    action: Callable[[str], Callable[[], Any]],
    go_to: Callable[..., Awaitable[None]],
) -> list[Entry]:
    """The palette's entries: *action* gives the method of a name (``action_review``), *go_to*
    shows a step (and a question on it)."""
    found = [Entry(text, action(f"action_{name}"), key) for text, name, key in PALETTE]
    for step in bank.steps:
        label = f"Go to step: {bank.step_label(step)}"
        found.append(Entry(label, partial(go_to, step.id), "", place=True))
    for step in bank.steps:
        for question in step.questions:
            jump = partial(go_to, step.id, question.id)
            if is_visible(bank, plan, question):
                text, about = f"Question: {question.prompt}", step.title
            else:
                text = f"Question (hidden): {question.prompt}"
                about = f"{step.title} · {shown_when(bank, question)}"
            found.append(Entry(text, jump, about, place=True))
    return found
