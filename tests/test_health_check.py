"""The second method shipped with the product: a 30-minute pilot health check, made from the
same guide (six reasons with their four signs each, fifteen readiness items), with rules of its
own and no playbook phases, budget or timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from pilot2prod import export, insight
from pilot2prod.bank import Bank, load_bank
from pilot2prod.plan import Plan

HEALTH_CHECK = Path(__file__).resolve().parents[1] / "assets" / "banks" / "health-check.toml"


@pytest.fixture
def health() -> Bank:
    return load_bank(HEALTH_CHECK)


def test_it_covers_the_guides_reasons_signs_and_readiness_items(health, bank):
    assert health.id == "health-check"
    assert [len(mode.signs) for mode in health.failure_modes] == [4] * 6
    assert len(health.checklist_items) == 15
    assert len({i.group_id for i in health.checklist_items}) == 3
    # The same counts as the full method's diagnostic and checklist, in its own words.
    assert len(bank.failure_modes) == 6 and len(bank.checklist_items) == 15

    def asked(b: Bank) -> set[str]:
        signs = {q.prompt for mode in b.failure_modes for q in mode.signs}
        return signs | {i.label for i in b.checklist_items}

    assert not asked(bank) & asked(health)
    assert {p.kind for p in health.phases} == {"basics", "diagnostic", "checklist"}


def test_its_own_rules_decide_its_figures(health):
    plan = Plan.new("Friday check", health)
    plan.answers.update(
        {
            "hc_data_arrives": "one_extract",
            "hc_run_owner": "TBD",
            "hc_sign_no_money": "yes",
            "hc_money_after_pilot": "no",
        }
    )
    for item in health.checklist_items:
        plan.answers[item.id] = {"status": "manual"}
    found = insight.assess(health, plan)
    risks = {r.id: r for r in found.risks}
    data = risks["hc_data"]
    assert any(f.text == "the pilot runs on one extract" and f.points == 1 for f in data.findings)
    running = risks["hc_running"]
    assert any(f.text == "the person to run it is given as 'TBD'" for f in running.findings)
    # Readiness is the average of the groups, and "ready" needs 60%: every item done by hand
    # (0.75 here, 0.5 in the full method) is ready to plan production.
    assert found.readiness is not None
    assert found.readiness.overall == pytest.approx(0.75)
    assert found.readiness.verdict == "READY TO PLAN"
    assert found.budget is None and found.timeline is None


def test_its_export_has_no_budget_or_timeline_section(health):
    plan = Plan.new("Friday check", health)
    plan.answers["hc_organisation"] = "Harbour Council"
    text = export.export_markdown(health, plan)
    assert "Where it could stall" in text and "Readiness at a glance" in text
    assert "Budget" not in text and "Timeline" not in text
    assert "Harbour Council" in text


async def test_homes_new_plan_dialog_offers_the_health_check(store, bank):
    """Home's new plan asks which method to follow: the health check is one of them, and the
    plan made with it opens on its own first step and records its bank."""
    import tomllib

    from textual.widgets import RadioSet

    from pilot2prod.tui.app import Pilot2ProdApp
    from pilot2prod.tui.dialogs import NewPlan
    from pilot2prod.tui.wizard import WizardScreen

    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewPlan)
        assert dialog.methods[0] == ("pilot2prod", bank.title)
        assert ("health-check", "Pilot health check (30 minutes)") in dialog.methods
        await pilot.press(*"Friday check", "tab", *"Harbour Council", "tab")
        assert isinstance(app.focused, RadioSet)
        await pilot.press("down")  # ↓ alone chooses, as in a browser's radio group
        await pilot.pause()
        assert dialog.chosen() == "health-check"
        await pilot.press("up")
        await pilot.pause()
        assert dialog.chosen() == "pilot2prod"
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("tab", "enter")  # Create
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        assert screen.step.id == "hc_about"
    (path,) = store.files()
    with path.open("rb") as handle:
        saved = tomllib.load(handle)
    assert saved["plan"]["bank_id"] == "health-check"
    assert saved["answers"]["hc_organisation"] == "Harbour Council"


async def test_home_at_80_columns_shows_a_methods_own_verdict_and_each_plans_method(store, bank):
    """Below 110 columns each plan takes two lines: the Ready column fits the method's own
    verdict words, and with plans of two methods each says its method under its name."""
    from textual.widgets import DataTable

    from pilot2prod.tui.app import Pilot2ProdApp

    health = load_bank(HEALTH_CHECK)
    store.create(Plan.new("Friday check", health), health.order)
    store.create(Plan.new("Acme claims", bank), bank.order)
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        widths = [column.width for column in table.columns.values()]
    friday = next(row for row in rows if row[0].startswith("Friday check"))
    assert friday[0] == "Friday check\nbank health-check"
    assert friday[2].endswith("\nNOT READY YET")
    assert widths[2] >= len("NOT READY YET")
    acme = next(row for row in rows if row[0].startswith("Acme claims"))
    assert acme[0] == "Acme claims\nbank pilot2prod" and acme[2].endswith("\nNO-GO")


def test_compare_puts_the_overall_readiness_of_two_methods_on_one_row(run):
    """The two methods word their overall readiness differently (the weakest group, the
    average of the groups): compare shows it on one row, as one figure."""
    assert run("new", "Check", "--bank", "health-check", "--no-open").code == 0
    assert run("new", "Classic", "--no-open").code == 0
    compared = run("compare", "Check", "Classic")
    assert compared.code == 0, compared.err
    rows = [line for line in compared.out.splitlines() if line.startswith("Readiness (")]
    assert len(rows) == 1
    assert rows[0].split()[-2:] == ["0%", "0%"]
    verdicts = [line for line in compared.out.splitlines() if line.startswith("Verdict")]
    assert verdicts == [verdicts[0]] and verdicts[0].split()[-1] == "NO-GO"
