"""The wizard, as parts: the screen (:mod:`.screen`) and what it is made of.

Each part is found by its name: ``pages`` (a step's fields, built lazily and while idle),
``header``, ``notes`` (help and a stall reason's fix), ``editing`` (answers, undo, saving),
``watch`` (other windows), ``workshop`` and ``timer`` (the workshop record), ``flows`` (the
screens the wizard leads to), ``palette``, ``focus``, ``layout`` and ``bindings``. The parts
never import the screen; they are handed it as a :class:`.host.WizardHost`.
"""

from pilot2prod.tui.wizard.editing import SAVE_AT_MOST, SAVE_DELAY
from pilot2prod.tui.wizard.header import PlanHeader
from pilot2prod.tui.wizard.screen import WizardScreen
from pilot2prod.tui.wizard.step_page import NextStep, StepPage

__all__ = ["SAVE_AT_MOST", "SAVE_DELAY", "NextStep", "PlanHeader", "StepPage", "WizardScreen"]
