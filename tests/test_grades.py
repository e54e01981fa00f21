"""Graded evidence on the readiness checklist: claimed, documented, demonstrated (issue 23).

The grade is kept in the item's sureness table, scored by the bank's ``graded_at_most``, and
the share of readiness resting on claims is a figure of the assessment. docs/scoring.md
("Graded evidence") is the rule these tests check, with its worked example.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from msgspec import structs

from pilot2prod import export, insight, record
from pilot2prod.bank import BankError, load_bank
from pilot2prod.merge import merge
from pilot2prod.plan import Plan
from pilot2prod.resources import bank_path
from pilot2prod.store import read_plan, write_plan

TODAY = dt.date(2026, 11, 26)


def group(found: insight.Assessment, gid: str) -> insight.GroupScore:
    return next(g for g in found.readiness.groups if g.id == gid)


# --- Storage ---------------------------------------------------------------------------------


def test_a_grade_is_kept_in_the_items_sureness_table_and_read_back(example, tmp_path):
    record.set_grade(example, "check_volume", "documented", document="https://wiki/load-test")
    record.set_grade(example, "check_baseline", "demonstrated", tested_on="2026-11-02")
    record.set_grade(example, "check_support", "claimed", document="ignored for a claim")
    assert example.sureness["check_volume"] == {
        "grade": "documented",
        "document": "https://wiki/load-test",
    }
    path = tmp_path / "graded.toml"
    write_plan(example, path)
    again = read_plan(path)
    assert record.grade(again, "check_baseline") == record.Grade(
        "check_baseline", "demonstrated", "", "2026-11-02"
    )
    assert record.grade(again, "check_support").words == "Claimed"
    assert record.grade(again, "check_volume").words == "Documented (https://wiki/load-test)"
    assert record.grade(again, "check_baseline").words == "Demonstrated, tested 2026-11-02"
    assert record.grade(again, "check_alerts") is None


def test_a_grade_needs_its_document_or_its_date_and_replaces_an_old_mark(example):
    with pytest.raises(ValueError, match="Documented needs the document or link"):
        record.set_grade(example, "check_volume", "documented", document="  ")
    with pytest.raises(ValueError, match="Demonstrated needs the date it was tested"):
        record.set_grade(example, "check_volume", "demonstrated", tested_on="soon")
    with pytest.raises(ValueError, match="Unknown grade 'proven'"):
        record.set_grade(example, "check_volume", "proven")
    assert "check_volume" not in example.sureness  # nothing half written
    # The example marks check_security as an assumption: a grade takes that mark's place.
    assert record.sureness(example, "check_security").level == "assumption"
    record.set_grade(example, "check_security", "documented", document="Review notes")
    assert record.sureness(example, "check_security") is None
    # Removing the grade removes only the grade's fields (an empty table goes).
    example.sureness["check_security"]["note"] = "kept"
    record.set_grade(example, "check_security", None)
    assert example.sureness["check_security"] == {"note": "kept"}
    record.set_grade(example, "check_volume", "claimed")
    record.set_grade(example, "check_volume", None)
    assert "check_volume" not in example.sureness


def test_a_test_date_is_read_as_answers_are_and_cannot_be_after_today():
    assert record.read_tested_on("2 Nov 2026", TODAY) == ("2026-11-02", None)
    assert record.read_tested_on("yesterday", TODAY) == ("2026-11-25", None)
    stored, problem = record.read_tested_on("3 Dec 2026", TODAY)
    assert stored == "" and problem == (
        "The test date 2026-12-03 is after today: a demonstration has happened."
    )
    assert record.read_tested_on("soon", TODAY)[1] is not None


def test_two_windows_grading_different_items_merge_item_by_item(example):
    base = copy.deepcopy(example)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    record.set_grade(ours, "check_volume", "demonstrated", tested_on="2026-11-02")
    record.set_grade(theirs, "check_baseline", "claimed")
    record.set_grade(theirs, "check_security", "documented", document="Review notes")
    merged = merge(base, ours, theirs, at="2026-11-26T10:00:00Z")
    assert merged.conflicts == []
    grades = {q: record.grade(merged.plan, q) for q in ("check_volume", "check_baseline")}
    assert grades["check_volume"].tested_on == "2026-11-02"
    assert grades["check_baseline"].grade == "claimed"
    assert record.grade(merged.plan, "check_security").document == "Review notes"
    # The same item graded two ways: ours stays, theirs is recorded as a conflict.
    ours2, theirs2 = copy.deepcopy(merged.plan), copy.deepcopy(merged.plan)
    record.set_grade(ours2, "check_alerts", "claimed")
    record.set_grade(theirs2, "check_alerts", "documented", document="Alert runbook")
    clash = merge(merged.plan, ours2, theirs2, at="2026-11-26T11:00:00Z")
    assert record.grade(clash.plan, "check_alerts").grade == "claimed"
    assert clash.conflicts


# --- Readiness ---------------------------------------------------------------------------------


def test_a_graded_claim_lowers_readiness_as_documented(bank, example):
    """docs/scoring.md's worked example on the bundled plan: Baseline of the success metrics
    is automated (1); graded claimed it counts 0.5, so Organisational falls from 50% to 40%.
    Overall readiness stays 20%: Operational is still the weakest group."""
    before = insight.assess(bank, example, TODAY)
    assert group(before, "organisational").score == pytest.approx(0.5)
    record.set_grade(example, "check_baseline", "claimed")
    after = insight.assess(bank, example, TODAY)
    item = next(i for i in group(after, "organisational").items if i.item.id == "check_baseline")
    assert (item.status, item.score, item.grade) == ("automated", 0.5, "claimed")
    assert group(after, "organisational").score == pytest.approx(0.4)
    assert after.readiness.overall == pytest.approx(0.2)
    assert after.figures.groups[2].text == "40%"
    # Documented or demonstrated, it counts in full again.
    record.set_grade(example, "check_baseline", "documented", document="Metrics wiki")
    assert group(insight.assess(bank, example, TODAY), "organisational").score == 0.5
    record.set_grade(example, "check_baseline", "demonstrated", tested_on="2026-11-02")
    assert group(insight.assess(bank, example, TODAY), "organisational").score == 0.5


def test_a_claim_alone_cannot_make_an_item_fully_ready_or_a_plan_go(bank):
    plan = Plan.new("All automated", bank)
    for item in bank.checklist_items:
        plan.answers[item.id] = {"status": "automated"}
    assert insight.assess(bank, plan, TODAY).readiness.go
    for item in bank.checklist_items:
        record.set_grade(plan, item.id, "claimed")
    ready = insight.assess(bank, plan, TODAY).readiness
    assert {i.score for g in ready.groups for i in g.items} == {0.5}
    assert (ready.overall, ready.verdict) == (0.5, "NO-GO")
    # A done-by-hand item is 0.5 already: a claim changes nothing there.
    plan.answers["check_volume"] = {"status": "manual"}
    found = insight.assess(bank, plan, TODAY)
    assert group(found, "technical").items[0].score == 0.5


def test_the_bank_can_turn_the_rule_off(bank, example):
    rules = structs.replace(
        bank.readiness_rules,
        graded_at_most={"claimed": 1.0, "documented": 1.0, "demonstrated": 1.0},
    )
    lenient = structs.replace(bank, readiness_rules=rules)
    record.set_grade(example, "check_baseline", "claimed")
    assert group(insight.assess(lenient, example, TODAY), "organisational").score == 0.5
    assert group(insight.assess(bank, example, TODAY), "organisational").score == 0.4


def test_a_banks_graded_at_most_is_read_and_checked(tmp_path):
    text = bank_path().read_text(encoding="utf-8")
    line = "graded_at_most = { claimed = 0.5, documented = 1.0, demonstrated = 1.0 }"
    assert line in text
    custom = tmp_path / "custom.toml"
    custom.write_text(text.replace(line, "graded_at_most = { claimed = 0.25 }"), "utf-8")
    assert load_bank(custom).readiness_rules.graded_at_most == {
        "claimed": 0.25,
        "documented": 1.0,
        "demonstrated": 1.0,
    }
    custom.write_text(text.replace(line, "graded_at_most = { said = 2 }"), "utf-8")
    with pytest.raises(BankError) as info:
        load_bank(custom)
    assert any(
        "'graded_at_most' has 'said', which is not a grade (use claimed, documented and "
        "demonstrated)" in p
        for p in info.value.problems
    )


def test_an_ungraded_plan_scores_as_before_grades_existed(bank, example):
    """The pinned figures (tests/test_pinned_figures.py) hold every ungraded plan; here the
    same plan under a bank with the rule off gives the same figures."""
    off = structs.replace(
        bank,
        readiness_rules=structs.replace(
            bank.readiness_rules,
            graded_at_most={"claimed": 1.0, "documented": 1.0, "demonstrated": 1.0},
        ),
    )
    mine = insight.assess(bank, example, TODAY).figures.rows()
    assert mine == insight.assess(off, example, TODAY).figures.rows()


# --- Not assessed ------------------------------------------------------------------------------


def test_an_item_with_no_status_reads_not_assessed_scores_0_and_blocks_go(bank):
    plan = Plan.new("Nearly", bank)
    for item in bank.checklist_items:
        plan.answers[item.id] = {"status": "automated"}
    plan.answers["check_backup"] = {"owner": "Sam"}  # an owner, no status yet
    found = insight.assess(bank, plan, TODAY)
    backup = next(i for g in found.readiness.groups for i in g.items if i.item.id == "check_backup")
    assert (backup.assessed, backup.score) == (False, 0.0)
    assert found.readiness.verdict == "NO-GO"
    assert [i.item.id for i in found.readiness.blockers] == ["check_backup"]
    text = export.export_markdown(bank, plan, today=TODAY)
    row = next(line for line in text.splitlines() if line.startswith("| Backups restored"))
    assert "not assessed" in row and "0%" not in row
    assert (
        "**Not assessed** (no status yet: each counts 0 and blocks GO): "
        "Backups restored successfully in a test." in text
    )


# --- How much rests on claims ------------------------------------------------------------------


def test_the_share_of_readiness_resting_on_claims(bank, example):
    found = insight.assess(bank, example, TODAY)
    assert found.claims.text == "9 of 15 items ready on a claim alone (9 not graded)"
    assert found.claims.share == 1.0
    record.set_grade(example, "check_baseline", "demonstrated", tested_on="2026-11-02")
    record.set_grade(example, "check_performance", "claimed")
    claims = insight.assess(bank, example, TODAY).claims
    assert (claims.counted, claims.ready, claims.claimed, claims.ungraded) == (15, 9, 1, 7)
    assert claims.text == "8 of 15 items ready on a claim alone (1 claimed, 7 not graded)"
    # Points: 7 items at 0.5 not graded, performance claimed (0.5), baseline in full (1).
    assert claims.share == pytest.approx(4.0 / 5.0)
    text = export.export_markdown(bank, example, today=TODAY)
    assert (
        "**Readiness resting on claims:** 8 of 15 items ready on a claim alone (1 claimed, "
        "7 not graded); they bring 80% of the readiness points." in text
    )
    row = next(line for line in text.splitlines() if line.startswith("| Meets the agreed"))
    assert row.split(" | ")[1:3] == ["Automated or fully in place", "Claimed"]


# --- F8 on a checklist item, in the app ----------------------------------------------------------


async def test_f8_on_a_checklist_item_grades_it_and_the_row_says_so(store, bank, example):
    from pilot2prod.tui.app import Pilot2ProdApp
    from pilot2prod.tui.dialogs import GradeDialog, SurenessDialog

    path = store.create(example, [q.id for q in bank.questions()])
    app = Pilot2ProdApp(store, bank, path, "technical", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        wizard = app.screen
        current = wizard.current_question()
        assert bank.question(current).kind == "checklist"
        row = wizard.query_one(f"#q-{current}").query_one(".grade")
        assert str(row.render()) == "◆ not graded"
        await pilot.press("f8")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, GradeDialog) and not isinstance(dialog, SurenessDialog)
        choice = next(b for b in dialog.query("ChoiceButton") if b.name == "demonstrated")
        choice.value = True
        await pilot.press("tab", "tab", "enter")  # no test date: refused, the dialog stays
        await pilot.pause()
        assert app.screen is dialog
        error = str(dialog.query_one(".dialog-error").render())
        assert error == "⚠ Demonstrated needs the date it was tested (such as 2 Nov 2026)."
        assert dialog.focused is dialog.query_one("#tested_on")
        await pilot.press(*"2 Nov 2026", "enter")
        await pilot.pause()
        assert app.screen is wizard
        assert str(row.render()) == "◆ Demonstrated, tested 2026-11-02"
        # On an answer that is not a checklist item, F8 still asks fact / estimate / assumption.
        await wizard.go_to("production_criteria", None)
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, SurenessDialog)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    graded = record.grade(read_plan(path), current)
    assert (graded.grade, graded.tested_on) == ("demonstrated", "2026-11-02")


async def test_the_dashboard_shows_the_claims_and_the_items_not_assessed(store, bank):
    from pilot2prod.tui.app import Pilot2ProdApp

    plan = Plan.new("Nearly", bank)
    for item in bank.checklist_items:
        plan.answers[item.id] = {"status": "automated"}
    plan.answers["check_backup"] = {"owner": "Sam"}
    record.set_grade(plan, "check_volume", "claimed")
    path = store.create(plan, [q.id for q in bank.questions()])
    app = Pilot2ProdApp(store, bank, path, "technical", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        labels = {label.name: str(label.render()) for label in app.screen.query("Label")}
        assert labels["Readiness resting on claims"] == (
            "14 of 15 items ready on a claim alone (1 claimed, 13 not graded)"
        )
        notes = " ".join(str(s.render()) for s in app.screen.query(".dashboard-note"))
        assert "Blocking go-live: Backups restored successfully in a test (not assessed)." in notes
        await pilot.press("escape", "ctrl+q")
        await pilot.pause()


def graded_on_technical(store, bank, example) -> tuple[Path, str]:
    """The example with its first technical checklist item graded documented; its path and
    the item's id."""
    technical = next(step for step in bank.steps if step.id == "technical")
    item = next(q.id for q in technical.questions if q.kind == "checklist")
    record.set_grade(example, item, "documented", document="Runbook v2, section 4")
    return store.create(example, [q.id for q in bank.questions()]), item


@pytest.mark.neighbour_pages
async def test_a_graded_item_on_a_page_built_while_idle_says_its_grade_as_drawn(
    store, bank, example
):
    """The item's row is built with its grade, so the page the idle builder made and drew
    ahead shows it (nothing is changed on the row as the page shows)."""
    import asyncio

    from pilot2prod.tui.app import Pilot2ProdApp

    path, item = graded_on_technical(store, bank, example)
    before = bank.steps[[step.id for step in bank.steps].index("technical") - 1]
    app = Pilot2ProdApp(store, bank, path, before.id, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        wizard = app.screen
        await asyncio.wait_for(wizard.built.wait(), 30)
        field = wizard.query_one(f"#q-{item}")
        assert not field.parent.display  # (its page is built, not shown)
        row = field.query_one(".grade")
        assert str(row.render()) == "◆ Documented (Runbook v2, section 4)"
        await pilot.press("pagedown")
        await pilot.pause()
        assert str(row.render()) == "◆ Documented (Runbook v2, section 4)"


async def test_a_graded_item_changed_in_another_window_keeps_its_grade(store, bank, example):
    """An item another window changes is built again with the new answer, and its row still
    says how its evidence is graded (before, it said "not graded" until its step was left
    and shown again)."""
    from textual.widgets import Input

    from pilot2prod.tui.app import Pilot2ProdApp

    path, item = graded_on_technical(store, bank, example)
    app = Pilot2ProdApp(store, bank, path, "technical", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        old = app.screen.query_one(f"#q-{item}")
        other = read_plan(path)
        other.answers[item] = {**other.answers[item], "owner": "From the other window"}
        write_plan(other, path, [q.id for q in bank.questions()])
        for _ in range(50):  # (the wizard looks at the file once a second)
            await pilot.pause(0.2)
            new = app.screen.query_one(f"#q-{item}")
            if new is not old:
                break
        assert new is not old
        assert new.query_one(".owner", Input).value == "From the other window"
        assert str(new.query_one(".grade").render()) == "◆ Documented (Runbook v2, section 4)"
