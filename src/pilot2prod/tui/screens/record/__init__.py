"""The workshop record's screens, one per module: ``actions`` (F5), ``parking_lot`` (F6) and
``agenda``; ``common`` holds what they share.

Each edits the plan through its session (:meth:`PlanSession.edit_record`), so what is changed
there is saved and merged with other windows like an answer. Returning a (step id, question id)
jumps the wizard there.
"""

from __future__ import annotations

from pilot2prod.tui.screens.record.actions import ActionsScreen
from pilot2prod.tui.screens.record.agenda import AgendaScreen
from pilot2prod.tui.screens.record.common import Target, highlighted_key
from pilot2prod.tui.screens.record.parking_lot import ParkingLotScreen

__all__ = ["ActionsScreen", "AgendaScreen", "ParkingLotScreen", "Target", "highlighted_key"]
