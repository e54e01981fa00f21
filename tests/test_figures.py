"""Insight's headline figures: every row the export, the JSON and ``diff`` list, in order."""

from __future__ import annotations

from pilot2prod import insight
from pilot2prod.resources import example_path
from pilot2prod.store import read_plan

EXAMPLE_ROWS = [
    ("Progress", "96%"),
    ("Required questions open", "0"),
    ("Readiness (weakest group)", "20%"),
    ("Verdict", "NO-GO"),
    ("Answers to fix", "0"),
    ("Readiness: Technical", "40%"),
    ("Readiness: Operational", "20%"),
    ("Readiness: Organisational", "50%"),
    ("Stall risk: The pilot solved the wrong problem", "LOW"),
    ("Stall risk: Technical debt was ignored", "HIGH"),
    ("Stall risk: Data pipelines don't exist", "HIGH"),
    ("Stall risk: No operating model for AI", "HIGH"),
    ("Stall risk: Change management was forgotten", "MEDIUM"),
    ("Stall risk: Budget and timeline were underestimated", "MEDIUM"),
    ("Production estimate", "360,000 to 900,000 (middle 630,000)"),
    ("Planned production budget", "320,000"),
    ("Budget position", "below the range"),
    ("Open actions", "5"),
    ("Overdue actions", "1"),
    ("Actions without an owner", "1"),
    ("Points in the parking lot", "2"),
]
"""The example plan's figures as the export listed them before they were typed values."""


def test_the_rows_of_the_example_plan_are_the_figures_it_always_had(bank):
    found = insight.assess(bank, read_plan(example_path()))
    assert list(found.figures().items()) == EXAMPLE_ROWS
