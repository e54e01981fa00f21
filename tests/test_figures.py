"""Insight's headline figures: every row the export, the JSON and ``diff`` list, in order."""

from __future__ import annotations

from pilot2prod import insight
from pilot2prod.plan import Plan
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
    assert found.figures.rows() == EXAMPLE_ROWS


def test_every_stall_reason_appears_once_with_its_level_and_score(bank):
    found = insight.assess(bank, read_plan(example_path()))
    figures = found.figures.risks
    assert [f.id for f in figures] == [m.id for m in bank.failure_modes]
    for figure, risk in zip(figures, found.risks, strict=True):
        assert (figure.title, figure.score, figure.level) == (risk.title, risk.score, risk.level)
        assert figure.text == risk.level.upper()
        assert figure.label == f"{insight.RISK_PREFIX}{risk.title}"
    levels = {f.id: f.level for f in figures}
    assert levels["stall_technical_debt"] == insight.HIGH
    assert levels["stall_wrong_problem"] == insight.LOW


def test_every_readiness_group_appears_once_with_its_score(bank):
    found = insight.assess(bank, read_plan(example_path()))
    groups = found.figures.groups
    ids = list(dict.fromkeys(item.group_id for item in bank.checklist_items))
    assert [g.id for g in groups] == ids
    for figure, group in zip(groups, found.readiness.groups, strict=True):
        assert (figure.title, figure.score) == (group.title, group.score)
        assert figure.text == insight.percent(group.score)
        assert figure.label == f"Readiness: {group.title}"
    operational = next(g for g in groups if g.id == "operational")
    assert operational.score == found.readiness.overall == found.figures.readiness.score


def test_the_headline_figures_carry_their_score_and_level(bank):
    found = insight.assess(bank, read_plan(example_path()))
    figures = found.figures
    assert figures.progress.score == found.progress.percent / 100
    assert figures.readiness.score == found.readiness.overall
    assert (figures.verdict.text, figures.verdict.level) == ("NO-GO", "nogo")
    assert figures.overdue_actions.text == str(len(found.overdue))
    assert figures is found.figures  # computed once, then kept


def test_a_new_plan_has_every_figure_with_nothing_to_show(bank):
    found = insight.assess(bank, Plan.new("Empty", bank))
    figures = found.figures
    assert len(figures.rows()) == len(EXAMPLE_ROWS)
    assert [f.label for f in figures.all()] == [label for label, _ in EXAMPLE_ROWS]
    assert figures.production_estimate.text == "n/a"
    assert figures.planned_budget.text == "n/a"
    assert figures.budget_position.text == "unknown"
    assert figures.parked.text == "0"


def test_a_group_with_nothing_counted_has_no_score(bank):
    plan = Plan.new("Not applicable", bank)
    for item in bank.checklist_items:
        if item.group_id == "technical":
            plan.answers[item.id] = {"status": "not_applicable"}
    technical = next(g for g in insight.assess(bank, plan).figures.groups if g.id == "technical")
    assert (technical.score, technical.text) == (None, "n/a")


def test_the_json_export_lists_the_rows(bank):
    import json

    from pilot2prod.report import export_json

    example = read_plan(example_path())
    data = json.loads(export_json(bank, example))
    assert list(data["figures"].items()) == EXAMPLE_ROWS
