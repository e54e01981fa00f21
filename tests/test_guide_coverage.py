"""Every point of the source guide has its place in the built-in bank.

The map below reads: a point of the guide (paraphrased) -> the question(s) that ask it, and the
phase they must sit in. If a question is renamed or moved, this test says which point lost it.
"""

from __future__ import annotations

import pytest

GUIDE = {
    "pilot_design": {
        "business metrics that must improve": ["criteria_metrics", "criteria_success"],
        "scale the system must handle": ["criteria_scale"],
        "integration required": ["criteria_integration"],
        "acceptable error rate": ["criteria_error_rate"],
        "shortcuts taken / what must change / estimated effort": ["debt_register"],
        "where production data comes from": ["data_sources"],
        "how often it refreshes": ["data_refresh"],
        "pipeline required": ["data_pipeline"],
    },
    "pilot_execution": {
        "track the metrics that matter": ["outcome_results"],
        "gather qualitative feedback": ["outcome_feedback"],
        "document learnings": ["outcome_learnings"],
        "handles production volumes": ["test_volume"],
        "performance on edge cases": ["test_edge_cases"],
        "user experience acceptable": ["test_user_experience"],
        "demonstrate value to decision-makers": ["buyin_decision_makers", "buyin_demo_date"],
        "share results broadly": ["buyin_shared_with"],
        "build momentum for production investment": ["buyin_ask"],
    },
    "production_planning": {
        "who owns the system": ["ops_owner"],
        "how it is monitored": ["ops_monitoring"],
        "maintenance plan": ["ops_maintenance"],
        "how issues are escalated": ["ops_escalation"],
        "systems that need to connect": ["integration_systems"],
        "data pipelines needed": ["integration_pipelines"],
        "security requirements": ["integration_security", "integration_security_notes"],
        "infrastructure costs": ["budget_infrastructure"],
        "integration development": ["budget_integration"],
        "training and change management": ["budget_change"],
        "ongoing operational costs": ["budget_operations"],
        "pilot cost and production budget (the 2-5x rule)": [
            "budget_pilot_cost",
            "budget_production",
        ],
    },
    "production_deployment": {
        "start with a subset of users or processes": ["rollout_first_wave"],
        "monitor closely": ["rollout_close_watch"],
        "gather feedback": ["rollout_feedback"],
        "expand gradually": ["rollout_stages"],
        "business metrics": ["monitor_business"],
        "technical performance": ["monitor_technical"],
        "user adoption": ["monitor_adoption"],
        "error rates": ["monitor_errors"],
    },
    "scale_optimise": {
        "expand to additional use cases": ["scale_use_cases"],
        "deepen integration": ["scale_integration"],
        "scale what works": ["scale_what_works"],
    },
}

SIGNS = {
    "stall_wrong_problem": [
        "sign_accuracy_only",
        "sign_no_workflow_link",
        "sign_stakeholders_indifferent",
        "sign_no_next_step",
    ],
    "stall_technical_debt": [
        "sign_manual_data_prep",
        "sign_not_production_code",
        "sign_no_integration",
        "sign_slow_under_load",
    ],
    "stall_data_pipelines": [
        "sign_training_data_manual",
        "sign_no_live_data",
        "sign_manual_refresh",
        "sign_quick_degradation",
    ],
    "stall_operating_model": [
        "sign_no_maintainer",
        "sign_no_retraining",
        "sign_ownership_gap",
        "sign_no_incident_plan",
    ],
    "stall_change_management": [
        "sign_users_not_involved",
        "sign_training_afterthought",
        "sign_processes_unchanged",
        "sign_team_resistance",
    ],
    "stall_budget_timeline": [
        "sign_no_budget_beyond_pilot",
        "sign_immediate_deployment",
        "sign_integration_costs_missing",
        "sign_operating_costs_missing",
    ],
}

CHECKLIST = {
    "technical": [
        "check_volume",
        "check_pipelines",
        "check_integration",
        "check_performance",
        "check_security",
    ],
    "operational": [
        "check_dashboards",
        "check_alerts",
        "check_incident_plan",
        "check_maintenance",
        "check_backup",
    ],
    "organisational": [
        "check_training",
        "check_processes",
        "check_support",
        "check_communication",
        "check_baseline",
    ],
}


@pytest.mark.parametrize(
    ("phase_id", "point", "question_ids"),
    [(phase, point, ids) for phase, points in GUIDE.items() for point, ids in points.items()],
)
def test_every_playbook_question_is_asked_in_its_phase(bank, phase_id, point, question_ids):
    for qid in question_ids:
        question = bank.question(qid)
        assert question is not None, f"{point}: no question {qid}"
        assert bank.step_of(qid).phase_id == phase_id, point


def test_the_technical_debt_register_asks_all_three_things(bank):
    columns = [c.id for c in bank.question("debt_register").columns]
    assert columns == ["shortcut", "change", "effort"]


def test_every_warning_sign_is_asked_under_its_reason(bank):
    asked = {mode.id: [s.id for s in mode.signs] for mode in bank.failure_modes}
    assert asked == SIGNS


def test_every_checklist_item_is_in_its_group(bank):
    groups: dict[str, list[str]] = {}
    for item in bank.checklist_items:
        groups.setdefault(item.group_id, []).append(item.id)
    assert groups == CHECKLIST
