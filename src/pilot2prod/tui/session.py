"""The open plan's session, for the app: :mod:`pilot2prod.session` (Textual-free, shared with
line mode), re-exported here where the app's modules have always found it."""

from pilot2prod.session import DISK_FULL, PlanSession

__all__ = ["DISK_FULL", "PlanSession"]
