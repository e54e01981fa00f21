"""Insight: every rule of docs/scoring.md, readiness as the weakest group, the verdict, budget,
gates and timeline, including the edge cases (all not applicable, nothing answered, lines missing).

The rules are the built-in bank's, as it declares them (assets/question-bank.toml): each evidence
rule is driven through the bank, by the reason it belongs to and its place among that reason's
evidence, never by a function of its own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pilot2prod import insight
from pilot2prod.insight import HIGH, LOW, MEDIUM
from pilot2prod.plan import Plan

UNKNOWN = 0.5
"""What the built-in bank counts an unknown for (its diagnostic's ``unknown``)."""

RULES = {
    "metric": ("stall_wrong_problem", 1, "rows"),
    "debt_register": ("stall_technical_debt", 1, "rows"),
    "debt_budgeted": ("stall_technical_debt", 2, "choice"),
    "data_refresh": ("stall_data_pipelines", 1, "choice"),
    "owner": ("stall_operating_model", 1, "named"),
    "escalation": ("stall_operating_model", 2, "named"),
    "incident_item": ("stall_operating_model", 3, "status"),
    "training": ("stall_change_management", 1, "status"),
    "change_budget": ("stall_change_management", 2, "amount"),
    "budget_multiple": ("stall_budget_timeline", 1, "multiple"),
    "operations_cost": ("stall_budget_timeline", 2, "amount"),
    "go_live_gap": ("stall_budget_timeline", 3, "days_between"),
}
"""The built-in bank's twelve evidence rules: (reason, place among its evidence, kind)."""


@pytest.fixture
def plan(bank) -> Plan:
    return Plan.new("Insight", bank)


def risk(bank, plan, mode_id: str) -> insight.StallRisk:
    return next(r for r in insight.stall_risks(bank, plan) if r.id == mode_id)


def finding(bank, plan, rule: str) -> insight.Finding:
    """The finding of one of the bank's evidence rules (a name of :data:`RULES`), as the
    reason's risk lists it: after the reason's warning signs, in the order declared."""
    step_id, place, kind = RULES[rule]
    assert bank.diagnostic.evidence[step_id][place - 1].kind == kind
    signs = len(next(s for s in bank.steps if s.id == step_id).questions)
    return risk(bank, plan, step_id).findings[signs + place - 1]


def test_the_bank_declares_twelve_evidence_rules_and_an_unknown_of_half(bank):
    declared = [
        (s, n, r.kind)
        for s, rules in bank.diagnostic.evidence.items()
        for n, r in enumerate(rules, start=1)
    ]
    assert sorted(declared) == sorted(RULES.values())
    assert bank.diagnostic.unknown == UNKNOWN


# --- Levels and signs -------------------------------------------------------------------------


def test_levels(bank):
    rules = bank.diagnostic
    assert insight.level_of(0.0, rules) == LOW
    assert insight.level_of(0.29, rules) == LOW
    assert insight.level_of(0.3, rules) == MEDIUM
    assert insight.level_of(0.59, rules) == MEDIUM
    assert insight.level_of(0.6, rules) == HIGH
    assert insight.level_of(1.0, rules) == HIGH


def test_nothing_answered_is_unknown_not_safe(bank, plan):
    for each in insight.stall_risks(bank, plan):
        assert each.level == MEDIUM, each.id
        assert each.score >= bank.diagnostic.medium_at
        assert all(f.points >= UNKNOWN or f.points == 1 for f in each.findings), each.id


def test_signs_count_yes_one_unsure_half_no_zero(bank, plan):
    signs = [q.id for q in bank.step_of("sign_accuracy_only").questions]
    plan.answers["criteria_metrics"] = [{"metric": "m", "baseline": "1", "target": "2"}]
    for qid in signs:
        plan.answers[qid] = "no"
    assert risk(bank, plan, "stall_wrong_problem").score == 0
    plan.answers[signs[0]] = "yes"
    plan.answers[signs[1]] = "unsure"
    result = risk(bank, plan, "stall_wrong_problem")
    assert result.score == pytest.approx(1.5 / 5)
    assert result.level == MEDIUM
    assert any(r.startswith("yes: ") for r in result.reasons)
    assert any(r.startswith("not sure: ") for r in result.reasons)


def test_all_yes_is_high_and_lists_reasons_and_fix(bank, plan):
    for q in bank.step_of("sign_no_maintainer").questions:
        plan.answers[q.id] = "yes"
    result = risk(bank, plan, "stall_operating_model")
    assert result.level == HIGH
    assert result.fix
    assert len(result.reasons) >= 4


# --- Evidence rules, one by one -----------------------------------------------------------------


def test_rule_metric(bank, plan):
    assert finding(bank, plan, "metric").points == UNKNOWN
    plan.answers["criteria_metrics"] = [{"metric": "Handling time", "target": "4h"}]
    assert finding(bank, plan, "metric").points == 1
    plan.answers["criteria_metrics"].append({"metric": "Errors", "baseline": "14%", "target": "6%"})
    assert finding(bank, plan, "metric").points == 0


def test_rule_debt_register(bank, plan):
    empty = finding(bank, plan, "debt_register")
    assert empty.points == 1 and "empty" in empty.text
    plan.answers["debt_register"] = [{"shortcut": "CSV by hand", "change": "feed"}]
    missing = finding(bank, plan, "debt_register")
    assert missing.points == 1 and "CSV by hand" in missing.text
    plan.answers["debt_register"][0]["effort"] = "5 days"
    assert finding(bank, plan, "debt_register").points == 0


@pytest.mark.parametrize(
    ("value", "points"), [(None, UNKNOWN), ("no", 1), ("partly", 0.5), ("yes", 0)]
)
def test_rule_debt_budgeted(bank, plan, value, points):
    if value:
        plan.answers["debt_budgeted"] = value
    assert finding(bank, plan, "debt_budgeted").points == points


@pytest.mark.parametrize(
    ("value", "points"),
    [(None, UNKNOWN), ("manual", 1), ("unknown", 1), ("daily", 0), ("real_time", 0)],
)
def test_rule_data_refresh(bank, plan, value, points):
    if value:
        plan.answers["data_refresh"] = value
    assert finding(bank, plan, "data_refresh").points == points


@pytest.mark.parametrize("rule,qid", [("owner", "ops_owner"), ("escalation", "ops_escalation")])
def test_rules_owner_and_escalation(bank, plan, rule, qid):
    assert finding(bank, plan, rule).points == UNKNOWN
    plan.answers[qid] = "TBD"
    assert finding(bank, plan, rule).points == 1
    plan.answers[qid] = "Priya Nair, head of claims applications"
    assert finding(bank, plan, rule).points == 0


@pytest.mark.parametrize(
    ("rule", "qid"),
    [
        ("incident_item", "check_incident_plan"),
        ("training", "check_training"),
    ],
)
@pytest.mark.parametrize(
    ("status", "points"),
    [
        (None, UNKNOWN),
        ("not_started", 1),
        ("in_progress", 0.5),
        ("manual", 0),
        ("automated", 0),
        ("not_applicable", 0),
    ],
)
def test_rules_from_checklist_status(bank, plan, rule, qid, status, points):
    if status:
        plan.answers[qid] = {"status": status}
    assert finding(bank, plan, rule).points == points


@pytest.mark.parametrize(("amount", "points"), [(None, UNKNOWN), (0, 1), (30000, 0)])
def test_rule_change_budget(bank, plan, amount, points):
    if amount is not None:
        plan.answers["budget_change"] = amount
    assert finding(bank, plan, "change_budget").points == points


def test_rule_budget_multiple(bank, plan):
    assert finding(bank, plan, "budget_multiple").points == UNKNOWN
    plan.answers["budget_pilot_cost"] = 100_000
    plan.answers["budget_production"] = 199_999
    low = finding(bank, plan, "budget_multiple")
    assert low.points == 1 and "2.0 times" in low.text
    plan.answers["budget_production"] = 200_000
    assert finding(bank, plan, "budget_multiple").points == 0


@pytest.mark.parametrize(("amount", "points"), [(None, UNKNOWN), (0, 1), (85000, 0)])
def test_rule_operations_cost(bank, plan, amount, points):
    if amount is not None:
        plan.answers["budget_operations"] = amount
    assert finding(bank, plan, "operations_cost").points == points


@pytest.mark.parametrize(
    ("end", "live", "points"),
    [
        (None, "2027-02-15", UNKNOWN),
        ("2027-01-31", "2027-02-15", 1),
        ("2027-01-31", "2027-01-01", 1),
        ("2027-01-31", "2027-03-02", 0),
        ("2027-01-31", "2027-03-01", 1),
    ],
)
def test_rule_go_live_gap(bank, plan, end, live, points):
    if end:
        plan.answers["budget_pilot_end"] = end
    plan.answers["budget_go_live"] = live
    assert finding(bank, plan, "go_live_gap").points == points


def test_a_bank_without_evidence_rules_rates_by_its_signs_alone(tmp_path):
    from pathlib import Path

    from pilot2prod.bank import load_bank

    doc = (Path(__file__).resolve().parents[1] / "docs" / "question-bank.md").read_text()
    path = tmp_path / "mini.toml"
    path.write_text(doc.split("```toml\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    mini = load_bank(path)
    plan = Plan.new("Mini", mini)
    assert mini.diagnostic is not None and not any(mini.diagnostic.evidence.values())
    (only,) = insight.stall_risks(mini, plan)
    assert len(only.findings) == 1  # its one sign; it declares no evidence rule


# --- Readiness ----------------------------------------------------------------------------------


def set_group(plan, bank, group: str, statuses: list[str]) -> None:
    items = [i for i in bank.checklist_items if i.group_id == group]
    for item, status in zip(items, statuses, strict=True):
        plan.answers[item.id] = {"status": status}


def test_item_scores(bank):
    rules = bank.readiness_rules
    assert insight.item_score("not_started", rules) == 0
    assert insight.item_score("in_progress", rules) == 0
    assert insight.item_score("manual", rules) == 0.5
    assert insight.item_score("automated", rules) == 1
    assert insight.item_score("not_applicable", rules) is None
    assert insight.item_score(None, rules) == 0


def test_overall_readiness_is_the_weakest_group(bank, plan):
    set_group(plan, bank, "technical", ["automated"] * 5)
    set_group(plan, bank, "operational", ["manual"] * 4 + ["automated"])
    set_group(plan, bank, "organisational", ["automated"] * 4 + ["manual"])
    ready = insight.readiness(bank, plan)
    scores = {g.id: g.score for g in ready.groups}
    assert scores == {"technical": 1.0, "operational": 0.6, "organisational": 0.9}
    assert ready.overall == 0.6
    assert ready.weakest.id == "operational"
    assert len(ready.holding_down) == 4
    assert not ready.go  # 0.6 is below the threshold
    assert {i.item.group_id for i in ready.blockers} == {"operational"}


def test_go_needs_threshold_and_no_zero(bank, plan):
    set_group(plan, bank, "technical", ["automated"] * 5)
    set_group(plan, bank, "operational", ["automated"] * 5)
    set_group(plan, bank, "organisational", ["automated"] * 4 + ["manual"])
    assert insight.readiness(bank, plan).go
    set_group(plan, bank, "technical", ["automated"] * 4 + ["in_progress"])
    ready = insight.readiness(bank, plan)
    assert ready.overall == pytest.approx(0.8)
    assert not ready.go
    assert [i.item.id for i in ready.blockers] == ["check_security"]


def test_not_applicable_items_are_left_out(bank, plan):
    set_group(plan, bank, "technical", ["not_applicable"] * 4 + ["automated"])
    group = next(g for g in insight.readiness(bank, plan).groups if g.id == "technical")
    assert group.score == 1.0
    assert len(group.counted) == 1


def test_all_not_applicable(bank, plan):
    for group in ("technical", "operational", "organisational"):
        set_group(plan, bank, group, ["not_applicable"] * 5)
    ready = insight.readiness(bank, plan)
    assert ready.overall is None
    assert not ready.go
    assert ready.verdict == "NO-GO"
    assert insight.percent(ready.overall) == "n/a"


def test_nothing_answered_readiness(bank, plan):
    ready = insight.readiness(bank, plan)
    assert ready.overall == 0
    assert not ready.go
    assert len(ready.blockers) == 15


# --- Budget -------------------------------------------------------------------------------------


def test_budget_range_and_warnings(bank, plan):
    plan.answers.update(
        budget_pilot_cost=100_000,
        budget_production=150_000,
        budget_infrastructure=50_000,
        budget_integration=50_000,
    )
    cost = insight.budget(bank, plan)
    assert cost.estimate == (200_000, 350_000, 500_000)
    assert cost.position == "below the range"
    joined = " ".join(cost.warnings)
    assert "below twice the pilot cost" in joined
    assert "'Training and change management' is missing" in joined
    assert "yearly cost of running the system is missing" in joined
    assert "add up to 100,000" in joined


def test_budget_that_adds_up(bank, plan):
    plan.answers.update(
        budget_pilot_cost=100_000,
        budget_production=300_000,
        budget_infrastructure=100_000,
        budget_integration=150_000,
        budget_change=50_000,
        budget_operations=60_000,
    )
    cost = insight.budget(bank, plan)
    assert cost.position == "within the range"
    assert cost.lines_total == 300_000
    assert cost.warnings == ()


def test_budget_with_nothing_answered(bank, plan):
    cost = insight.budget(bank, plan)
    assert cost.estimate is None
    assert cost.position == "unknown"
    assert "pilot cost is missing" in cost.warnings[0]


# --- Gates, timeline and next questions ---------------------------------------------------------


def test_gates_and_timeline(bank, plan):
    plan.answers.update(
        pilot_start="2026-01-05",
        gate_design_decision="go",
        gate_design_by="Sponsor",
        gate_design_date="2026-02-01",
        gate_execution_decision="conditions",
        gate_execution_date="2026-05-01",
        gate_execution_conditions="Fix the feed",
        gate_deployment_date="2026-09-01",
        budget_go_live="2026-07-01",
    )
    gates = insight.gates(bank, plan)
    assert [g.phase_id for g in gates] == [
        "pilot_design",
        "pilot_execution",
        "production_planning",
        "production_deployment",
        "scale_optimise",
    ]
    assert gates[0].decision == "go" and gates[0].decided_by == "Sponsor"
    assert gates[1].conditions == "Fix the feed"
    line = insight.timeline(bank, plan)
    # Planning has no gate date, so neither it nor the phase after it can be drawn.
    assert [(i.label, i.start, i.end) for i in line.phases] == [
        ("1. Pilot design", dt.date(2026, 1, 5), dt.date(2026, 2, 1)),
        ("2. Pilot execution", dt.date(2026, 2, 1), dt.date(2026, 5, 1)),
    ]
    assert line.milestones == (("Go-live", dt.date(2026, 7, 1)),)


def test_next_questions_prefer_open_risk_inputs(bank, example):
    upcoming = insight.next_questions(bank, example)
    assert len(upcoming) == 3
    # (the example marks one reassuring answer as only an assumption: it counts as not sure)
    assert [n.why for n in upcoming] == [
        "answered 'no', but only as an assumption"
        if example.sureness.get(n.question.id, {}).get("level") == "assumption"
        else "answered 'not sure'"
        for n in upcoming
    ]
    assert any("assumption" in n.why for n in upcoming)
    gains = [n.gain for n in upcoming]
    assert gains == sorted(gains, reverse=True)


def test_next_questions_on_an_empty_plan(bank, plan):
    upcoming = insight.next_questions(bank, plan)
    assert len(upcoming) == 3
    assert all(n.why == "not answered yet" for n in upcoming)


# --- The example tells a story ------------------------------------------------------------------


def test_example_story(bank, example):
    levels = {r.id: r.level for r in insight.stall_risks(bank, example)}
    assert HIGH in levels.values() and LOW in levels.values()
    assert levels["stall_wrong_problem"] == LOW
    ready = insight.readiness(bank, example)
    assert ready.verdict == "NO-GO"
    assert ready.weakest.id == "operational"
    others = [g.score for g in ready.groups if g.id != "operational"]
    assert all(score > ready.overall for score in others)
    assert ready.blockers


# --- Answers to fix count as unanswered --------------------------------------------------------


def test_drafts_and_wrong_types_are_unanswered_and_counted_to_fix(bank, plan):
    plan.drafts["budget_pilot_cost"] = "250k-ish"
    plan.answers["budget_production"] = "lots"
    cost = insight.budget(bank, plan)
    assert cost.pilot is None and cost.planned is None
    assert finding(bank, plan, "budget_multiple").points == UNKNOWN
    figures = insight.assess(bank, plan, money=str).figures
    assert figures.to_fix.text == "2"
    from pilot2prod.plan import progress

    open_ids = {q.id for q in progress(bank, plan).open_required}
    assert {"budget_pilot_cost", "budget_production"} <= open_ids


def test_month_only_dates_count_from_the_first_of_the_month(bank, plan):
    plan.answers["budget_pilot_end"] = "2027-01"
    plan.answers["budget_go_live"] = "2027-06"
    result = finding(bank, plan, "go_live_gap")
    assert result.points == 0.0
    assert "151 days" in result.text
    plan.answers["gate_design_date"] = "2026-05"
    gate = next(g for g in insight.gates(bank, plan) if g.phase_id == "pilot_design")
    assert gate.date == dt.date(2026, 5, 1)


def test_an_export_computes_each_figure_once(bank, monkeypatch):
    """The export reads one assessment: the stall risks, readiness, budget, gates and timeline
    are each computed once, however many sections show them."""
    from pilot2prod.export import export_markdown
    from pilot2prod.resources import example_path
    from pilot2prod.store import read_plan

    calls: dict[str, int] = {}
    for name in ("stall_risks", "readiness", "budget", "gates", "timeline", "next_questions"):
        real = getattr(insight, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] = calls.get(_name, 0) + 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(insight, name, counted)
    export_markdown(bank, read_plan(example_path()))
    assert calls == dict.fromkeys(calls, 1)
    assert set(calls) >= {"stall_risks", "readiness", "budget", "gates", "timeline"}


def test_the_assessment_is_what_home_list_and_the_dashboard_read(bank):
    from pilot2prod.resources import example_path
    from pilot2prod.store import read_plan

    example = read_plan(example_path())
    found = insight.assess(bank, example)
    assert found.summary() == insight.summary(bank, example)
    assert found.summary()["readiness"] == round(found.readiness.overall * 100)
    assert found.figures.progress.text == f"{found.progress.percent}%"
    assert found.highest_risk is insight.highest_risk(found.risks)
    assert found.risks is found.risks  # computed once, then kept


def test_a_table_answer_that_is_not_a_table_counts_as_an_empty_one(bank, plan):
    """A hand-edited plan with a number where a table of rows goes: no rows, not a crash."""
    plan.answers["debt_register"] = 5
    plan.answers["criteria_metrics"] = 5
    assert "register is empty" in finding(bank, plan, "debt_register").text
    assert finding(bank, plan, "metric").points == UNKNOWN  # not answered
    assert insight.assess(bank, plan).figures.rows()  # every figure still computes


@pytest.mark.parametrize("odd", [["yes"], {"value": "yes"}])
def test_a_sign_or_status_of_the_wrong_type_counts_as_unanswered(bank, plan, odd):
    """A plan kept with answers of the wrong type (import --keep-invalid, a hand edit): a list
    or a table where a sign or a checklist status belongs is unanswered, not a crash."""
    mode = bank.failure_modes[0]
    plan.answers[mode.signs[0].id] = odd
    item = bank.checklist_items[0]
    plan.answers[item.id] = {"status": odd}
    found = insight.assess(bank, plan)
    assert found.risks[0].findings[0].points == UNKNOWN
    assert found.readiness is not None
    scored = next(i for g in found.readiness.groups for i in g.items if i.item.id == item.id)
    assert scored.score == 0.0
