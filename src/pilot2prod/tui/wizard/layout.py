"""The wizard's body: the step list (shown from WIDE columns, or when asked for) beside the
step on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.containers import Horizontal

from pilot2prod.bank import Bank
from pilot2prod.plan import Plan

if TYPE_CHECKING:
    from pilot2prod.tui.widgets.steplist import StepList

WIDE = 100
"""From this width on, the step list shows by default."""


class WizardBody(Horizontal):
    """Holds the step list (made when first shown) and the step on screen."""

    toggled: bool | None = None
    """Shown (True) or hidden (False) by Ctrl+T; None: as the width says."""

    _steps: StepList | None = None

    @property
    def step_list(self) -> StepList | None:
        """The list of steps, once it has been shown (kept, not looked up: a step change asks
        for it, and a search that finds nothing walks every field of every page built)."""
        return self._steps

    def fit(self, width: int, bank: Bank, plan: Plan, step_id: str) -> None:
        """Show the step list or not, for a screen *width* columns wide."""
        show = self.toggled if self.toggled is not None else width >= WIDE
        steps = self.step_list
        if steps is not None:
            steps.display = show
        elif show:
            # (loaded here: a plan opened at 80 columns never shows it)
            from pilot2prod.tui.widgets.steplist import StepList

            steps = self._steps = StepList(bank, plan)
            steps.show(step_id)
            self.mount(steps, before="#step-main")

    def toggle(self, give_focus_back: Callable[[], object]) -> None:
        """Ctrl+T: hide a shown step list, show a hidden one, which takes the focus (the
        caller fits it again). A list hidden with the focus in it calls *give_focus_back*
        (else nothing would have the focus, and what is typed next would go nowhere)."""
        steps = self.step_list
        self.toggled = not (steps is not None and steps.display)
        if self.toggled:
            # After this key's handling (the caller mounts or shows the list), but not after
            # the next frame: a key typed right behind Ctrl+T (one write over SSH) waits for
            # what is queued, not for what waits on a frame, and must find the list focused.
            self.call_later(self._focus_steps)
        elif steps is not None and steps.has_focus:
            give_focus_back()

    def _focus_steps(self) -> None:
        steps = self.step_list
        if steps is not None:
            steps.focus()
