"""The bank format's own words: question kinds, phase kinds, top-level tables, roles, statuses.

Everything else in the package is written in these words; docs/question-bank.md explains each.
"""

from __future__ import annotations

KINDS = (
    "text",
    "long_text",
    "choice",
    "multi_choice",
    "number",
    "money",
    "percent",
    "date",
    "person",
    "checklist",
    "list",
)
"""Every question kind a bank may use."""

PHASE_KINDS = ("basics", "phase", "diagnostic", "checklist")
BANK_TABLES = ("bank", "roles", "rules", "choice_sets", "phases", "budget", "timeline")
"""The top-level tables of a bank file (docs/question-bank.md); any other is reported, so a
misspelt ``[budgte]`` cannot quietly leave a plan without its budget check."""
COLUMN_KINDS = ("text", "number", "money", "percent", "date", "person")
NUMERIC_KINDS = ("number", "money", "percent")
META_FIELDS = ("name",)

ROLES: dict[str, tuple[str, ...]] = {
    "name": ("text",),
    "organisation": ("text",),
    "use_case": ("text", "long_text"),
    "currency": ("text", "choice"),
    "ask": ("text", "long_text"),
    "attendees": ("list", "long_text"),
    "systems": ("list", "long_text"),
    "data_sources": ("list", "long_text"),
}
"""What the product reads from a plan, and the question kinds that may hold it: a bank's
``[roles]`` table names the question for each (``name`` may also be ``meta = "name"`` on the
question). The plan's name, its organisation (home, ``list``), what the system is for and what
the board is asked for (the executive summary), the currency amounts are written in, who
attended (the workshop log), and the systems and data sources the plan depends on (the RAID
log's dependencies)."""

CHECKLIST_STATUSES: tuple[tuple[str, str], ...] = (
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("manual", "Done by hand and documented"),
    ("automated", "Automated or fully in place"),
    ("not_applicable", "Not applicable"),
)
"""The status of a readiness-checklist item: (stored value, label)."""

EVIDENCE_GRADES: tuple[tuple[str, str], ...] = (
    ("claimed", "Claimed"),
    ("documented", "Documented"),
    ("demonstrated", "Demonstrated"),
)
"""How well a checklist item's status is shown (stored value, label), weakest first: someone
said so; a document or link shows it; it was tested, on a date."""

SIGN_VALUES = ("yes", "no", "unsure")
"""The values a warning-sign question in a diagnostic phase must offer."""

GATE_VALUES = ("go", "conditions", "stop")
"""The values a gate step's decision must offer."""
