"""Every figure insight computes for three plans, pinned: the bundled example, an empty plan, and
a plan made to reach the rules' other branches (placeholders, zeros, a short go-live gap, an
assumption, a half-filled register).

The figures are compared with tests/pinned/figures.json. A change to the scoring rules that
changes a figure updates that file on purpose, never silently:

    python tests/test_pinned_figures.py --update

then read the diff of figures.json before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

PINNED = Path(__file__).parent / "pinned" / "figures.json"
TODAY = dt.date(2026, 11, 26)
"""The day conftest pins (SOURCE_DATE_EPOCH): overdue actions are late against it."""


def edge_plan(bank: Any) -> Any:
    """A plan whose answers reach the branches the example does not."""
    from pilot2prod.plan import Plan

    plan = Plan.new("Edges", bank)
    answers = {
        "organisation": "Edge Ltd",
        "currency": "EUR",
        "pilot_start": "2026-01-05",
        "criteria_metrics": [{"metric": "Handling time", "baseline": "9 min", "target": ""}],
        "debt_register": [
            {"shortcut": "Hand-made extract", "effort": ""},
            {"shortcut": "Notebook scoring", "effort": "3 weeks"},
        ],
        "debt_budgeted": "partly",
        "data_refresh": "manual",
        "ops_owner": "TBD",
        "ops_escalation": "",
        "budget_pilot_cost": 100_000,
        "budget_production": 150_000,
        "budget_infrastructure": 0,
        "budget_integration": 90_000,
        "budget_change": 0,
        "budget_operations": 0,
        "budget_pilot_end": "2027-03-01",
        "budget_go_live": "2027-03-15",
        "gate_design_decision": "conditions",
        "gate_design_date": "2026-03-01",
        "gate_execution_decision": "go",
        "gate_execution_date": "2026-06-01",
        "sign_accuracy_only": "no",
        "sign_no_workflow_link": "unsure",
        "sign_stakeholders_indifferent": "yes",
        "sign_no_maintainer": "no",
        "check_incident_plan": {"status": "in_progress"},
        "check_training": {"status": "not_started"},
        "check_volume": {"status": "automated"},
        "check_pipelines": {"status": "not_applicable"},
        "check_dashboards": {"status": "manual"},
    }
    plan.answers.update(answers)
    plan.sureness["sign_accuracy_only"] = {"level": "assumption"}
    plan.sureness["check_volume"] = {"level": "assumption"}
    return plan


def figures_of(bank: Any, plan: Any) -> dict[str, Any]:
    """Everything insight says about *plan*, as plain JSON values."""
    from pilot2prod import insight

    found = insight.assess(bank, plan, TODAY)
    ready, cost, line = found.readiness, found.budget, found.timeline

    def score(value: float | None) -> float | None:
        return None if value is None else round(value, 6)

    return {
        "risks": {
            r.id: {
                "level": r.level,
                "score": score(r.score),
                "findings": [[f.points, f.question_id, f.sign, f.text] for f in r.findings],
            }
            for r in found.risks
        },
        "readiness": {
            "groups": {g.id: score(g.score) for g in ready.groups},
            "overall": score(ready.overall),
            "weakest": ready.weakest.id if ready.weakest else None,
            "holding_down": [i.item.id for i in ready.holding_down],
            "verdict": ready.verdict,
            "blockers": [i.item.id for i in ready.blockers],
        },
        "budget": {
            "pilot": cost.pilot,
            "planned": cost.planned,
            "estimate": list(cost.estimate) if cost.estimate else None,
            "lines": [[label, amount] for label, amount in cost.lines],
            "lines_total": cost.lines_total,
            "operations": cost.operations,
            "position": cost.position,
            "warnings": list(cost.warnings),
        },
        "timeline": {
            "phases": [[i.label, i.start.isoformat(), i.end.isoformat()] for i in line.phases],
            "milestones": [[label, when.isoformat()] for label, when in line.milestones],
        },
        "gates": [
            [g.phase_id, g.decision, g.date.isoformat() if g.date else None] for g in found.gates
        ],
        "next_questions": [n.question.id for n in found.next_questions],
        "figures": found.figures.rows(),
        "summary": found.summary(),
    }


def all_figures() -> dict[str, Any]:
    from pilot2prod.bank import load_bank
    from pilot2prod.plan import Plan
    from pilot2prod.resources import example_path
    from pilot2prod.store import read_plan

    bank = load_bank()
    return {
        "example": figures_of(bank, read_plan(example_path())),
        "empty": figures_of(bank, Plan.new("Empty", bank)),
        "edges": figures_of(bank, edge_plan(bank)),
    }


def test_every_figure_is_as_pinned():
    got = json.loads(json.dumps(all_figures()))  # tuples as lists, as in the file
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    for name in pinned:
        assert got[name] == pinned[name], f"the figures of the {name} plan changed"
    assert set(got) == set(pinned)


def test_the_pin_reaches_every_level_and_both_verdicts():
    """The pinned plans are worth pinning: between them, every level and branch shows."""
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    levels = {r["level"] for p in pinned.values() for r in p["risks"].values()}
    points = {f[0] for p in pinned.values() for r in p["risks"].values() for f in r["findings"]}
    assert levels == {"low", "medium", "high"}
    assert points == {0.0, 0.5, 1.0}
    assert any(p["budget"]["warnings"] for p in pinned.values())
    assert all(p["timeline"]["phases"] for p in (pinned["example"], pinned["edges"]))


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_pinned_figures.py --update")
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795651200")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    PINNED.write_text(
        json.dumps(all_figures(), indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8"
    )
    print(f"wrote {PINNED}")
