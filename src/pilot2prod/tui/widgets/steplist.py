"""The list of steps beside the wizard: grouped by phase, each with a mark of how far it is."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pilot2prod.bank import Bank, Phase, Step
from pilot2prod.plan import Plan, step_state
from pilot2prod.tui.render import plain

MARKS = {"done": "✓", "partly": "◐", "empty": "○", "fix": "!"}
"""Step-list marks; "!" is a step with an answer still to fix."""


class StepList(OptionList):
    """Phases as headings (when a phase has more than one step), steps under them with marks.

    It owns its marks: :meth:`refresh_marks` repaints only the steps whose state changed.
    """

    DEFAULT_CSS = """
    StepList {
        width: 30;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        height: 1fr;
        border: none;
        border-right: vkey $primary;
        padding: 0;
    }
    """

    def __init__(self, bank: Bank, plan: Plan, *, id: str | None = "steps") -> None:
        self.bank = bank
        self._marks: dict[str, str] = {}
        self._current: str | None = None
        """The step on screen."""
        options: list[Option] = []
        for phase in bank.phases:
            grouped = self.grouped(phase)
            if grouped:
                options.append(Option(plain(phase.label), id=f"phase-{phase.id}", disabled=True))
            for step in phase.steps:
                state = step_state(bank, plan, step)
                self._marks[step.id] = state
                options.append(Option(self._prompt(step, state, grouped), id=step.id))
        super().__init__(*options, id=id, markup=False)

    @staticmethod
    def grouped(phase: Phase) -> bool:
        """A phase shows as a heading over its steps unless it is a single step of its name."""
        return len(phase.steps) > 1 or phase.steps[0].title != phase.title

    def _prompt(self, step: Step, state: str, grouped: bool) -> Content:
        # The step on screen says so in characters too (▶), not only in the highlight's colour.
        lead = "▶ " if step.id == self._current else ("  " if grouped else "")
        return plain(f"{lead}{MARKS[state]} {step.title}")

    def mark(self, step_id: str) -> str:
        """The state shown for a step: "done", "partly", "empty" or "fix"."""
        return self._marks[step_id]

    def refresh_marks(self, plan: Plan) -> None:
        """Show each step's state as the answers stand now, touching only what changed."""
        for phase in self.bank.phases:
            grouped = self.grouped(phase)
            for step in phase.steps:
                state = step_state(self.bank, plan, step)
                if self._marks.get(step.id) != state:
                    self._marks[step.id] = state
                    self.replace_option_prompt(step.id, self._prompt(step, state, grouped))

    def show(self, step_id: str) -> None:
        """Mark and highlight the step on screen."""
        before, self._current = self._current, step_id
        for phase in self.bank.phases:
            for step in phase.steps:
                if step.id in (before, step_id) and before != step_id:
                    prompt = self._prompt(step, self._marks[step.id], self.grouped(phase))
                    self.replace_option_prompt(step.id, prompt)
        self.highlighted = self.get_option_index(step_id)
