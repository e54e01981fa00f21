"""Small typed dialogs: each returns its answer through ``dismiss``. One dialog per module.

- ``base``: :class:`Dialog` (the centred box every dialog is: title at the top, buttons at the
  bottom, Enter confirms, Escape asks before discarding typed text), its scrolling body, the keys
  every dialog shares, and :class:`Confirm` (yes or no), which the base asks itself.
- ``choose``: :class:`Choose`, a question with a few answers, each a button.
- ``prompt``: :class:`Prompt`, one line of text. ``new_plan``: :class:`NewPlan`.
- ``row_editor``: :class:`RowEditor`, one row of a repeatable list.
- ``record``: :class:`Record`, the base of the workshop record's dialogs: ``action``
  (:class:`ActionDialog`), ``park`` (:class:`ParkDialog`), ``sureness``
  (:class:`SurenessDialog`, and :class:`GradeDialog`, the same key on a checklist item).
- ``choice_button``: :class:`ChoiceButton`, a radio button that shows its state in its glyph.

Import them from here (``from pilot2prod.tui.dialogs import Prompt``). A dialog's module is
loaded the first time it is asked for: most sessions open few dialogs, and loading all of them
with the first question field that needs one (a table's row editor) cost about 20 ms of start-up,
the workshop record's dialogs and their data among them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pilot2prod.tui.dialogs.action import ActionDialog
    from pilot2prod.tui.dialogs.base import Confirm, Dialog, DialogBody
    from pilot2prod.tui.dialogs.choice_button import ChoiceButton
    from pilot2prod.tui.dialogs.choose import Choose
    from pilot2prod.tui.dialogs.new_plan import NewPlan
    from pilot2prod.tui.dialogs.park import ParkDialog
    from pilot2prod.tui.dialogs.prompt import Prompt
    from pilot2prod.tui.dialogs.record import Record
    from pilot2prod.tui.dialogs.row_editor import RowEditor
    from pilot2prod.tui.dialogs.sureness import GradeDialog, SurenessDialog

MODULES = {
    "ActionDialog": "action",
    "ChoiceButton": "choice_button",
    "Choose": "choose",
    "Confirm": "base",
    "Dialog": "base",
    "DialogBody": "base",
    "GradeDialog": "sureness",
    "NewPlan": "new_plan",
    "ParkDialog": "park",
    "Prompt": "prompt",
    "Record": "record",
    "RowEditor": "row_editor",
    "SurenessDialog": "sureness",
}
"""Each name this package gives, and the module of the package it is in."""

__all__ = [
    "ActionDialog",
    "ChoiceButton",
    "Choose",
    "Confirm",
    "Dialog",
    "DialogBody",
    "GradeDialog",
    "NewPlan",
    "ParkDialog",
    "Prompt",
    "Record",
    "RowEditor",
    "SurenessDialog",
]


if not TYPE_CHECKING:  # hidden from mypy, to which a module __getattr__ makes any name Any

    def __getattr__(name: str) -> Any:
        """The dialog *name*, its module loaded now if it was not yet (PEP 562)."""
        module = MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(f"{__name__}.{module}"), name)
        globals()[name] = value  # asked once: the next time it is an ordinary attribute
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
