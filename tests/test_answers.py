"""Every answer lands as it was typed: forms people say, drafts to fix, checklists, tables.

Driven with Textual's Pilot; each test reads the plan file the app wrote.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, OptionList, Static

from pilot2prod.export import export_markdown
from pilot2prod.plan import Plan
from pilot2prod.resources import example_path
from pilot2prod.store import Store, read_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.dialogs import RowEditor
from pilot2prod.tui.screens.dashboard import DashboardScreen
from pilot2prod.tui.screens.review import ReviewScreen
from pilot2prod.tui.widgets.fields.checklist import StatusPicker
from pilot2prod.tui.wizard import WizardScreen

SIZE = (100, 40)


def document(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def new_plan(store: Store, bank, currency: str | None = "GBP", **answers) -> Path:
    plan = Plan.new("Trust", bank)
    if currency:
        plan.answers["currency"] = currency
    plan.answers.update(answers)
    return store.create(plan, [q.id for q in bank.questions()])


def app_for(store: Store, bank, path: Path) -> Pilot2ProdApp:
    return Pilot2ProdApp(store, bank, path, cursor_blink=False)


def wizard(app: Pilot2ProdApp) -> WizardScreen:
    assert isinstance(app.screen, WizardScreen)
    return app.screen


def field(app, question_id: str):
    return app.screen.query_one(f"#q-{question_id}")


async def type_into(pilot, question_id: str, text: str) -> None:
    """Go to a question, clear its one-line field and type *text*."""
    screen = wizard(pilot.app)
    await screen.go_to(pilot.app.bank.step_of(question_id).id, question_id)
    await pilot.pause()
    editor = field(pilot.app, question_id).query_one(Input)
    assert pilot.app.focused is editor
    editor.value = ""
    if text.isascii():
        await pilot.press(*text)
    else:  # the Pilot has no key for "£": insert the text as typing does
        editor.insert_text_at_cursor(text)
    await pilot.pause()
    assert editor.value == text


def shown(widget: Static) -> str:
    return str(widget.render())


# --- Forms people say ---------------------------------------------------------------------


async def test_amounts_and_dates_as_people_say_them_are_stored_as_values(store, bank):
    path = new_plan(store, bank)
    typed = {
        "budget_pilot_cost": ("250k", 250_000, "= GBP 250,000"),
        "budget_production": ("1.5m", 1_500_000, "= GBP 1,500,000"),
        "budget_infrastructure": ("£180,000", 180_000, "= GBP 180,000"),
        "budget_pilot_end": ("Feb 2027", "2027-02", "= February 2027"),
        "budget_go_live": ("14 March 2026", "2026-03-14", "= Sat 14 Mar 2026"),
        "criteria_error_rate": ("12 %", 12, "= 12%"),
    }
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        for qid, (text, _, understood) in typed.items():
            await type_into(pilot, qid, text)
            assert shown(field(app, qid).query_one(".reading")) == understood
            assert not field(app, qid).has_error
        await app.action_quit()
    saved = document(path)
    assert {qid: saved["answers"][qid] for qid in typed} == {
        qid: stored for qid, (_, stored, _) in typed.items()
    }
    assert "drafts" not in saved


async def test_money_fields_show_the_plans_currency(store, bank):
    path = new_plan(store, bank, currency="eur")
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("budget")
        await pilot.pause()
        assert shown(field(app, "budget_pilot_cost").query_one(".reading")) == "EUR"


async def test_what_cannot_be_read_is_kept_as_typed_and_never_as_a_number(store, bank):
    path = new_plan(store, bank)
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "budget_pilot_cost", "lots")
        cost = field(app, "budget_pilot_cost")
        assert cost.has_error
        assert "To fix: 'lots' is not an amount" in shown(cost.query_one(".error"))
        await type_into(pilot, "plan_date", "03/04/2026")
        assert "could be 3 April or 4 March 2026" in shown(
            field(app, "plan_date").query_one(".error")
        )
        # The step list and the header say so; leaving the step asks nothing.
        screen = wizard(app)
        assert "! 2 to fix" in shown(app.screen.query_one("#header-fix"))
        steps = app.screen.query_one("#steps", OptionList)
        prompt = str(steps.get_option("budget").prompt)
        assert prompt.strip().startswith("! ")
        await pilot.press("pagedown")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert screen.step.id != "basics"
        await app.action_quit()
    saved = document(path)
    assert saved["drafts"] == {"plan_date": "03/04/2026", "budget_pilot_cost": "lots"}
    assert "budget_pilot_cost" not in saved["answers"]
    assert "plan_date" not in saved["answers"]
    markdown = export_markdown(bank, read_plan(path))
    to_fix = markdown.split("## To fix", 1)[1].split("\n## ", 1)[0]
    assert "“lots”" in to_fix and "“03/04/2026”" in to_fix
    assert "The pilot cost is missing" in markdown  # the budget check never reads "lots"


async def test_a_draft_is_restored_on_reopen_and_shown_in_review_and_dashboard(store, bank):
    path = new_plan(store, bank)
    plan = read_plan(path)
    plan.drafts["budget_pilot_cost"] = "250k-ish"
    store.save(plan, path)
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("budget", "budget_pilot_cost")
        await pilot.pause()
        cost = field(app, "budget_pilot_cost")
        assert cost.query_one(Input).value == "250k-ish"
        assert cost.has_error

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "1 to fix" in shown(app.screen.query_one("#review-header"))
        lines = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert any("! What did the pilot cost" in line and "250k-ish" in line for line in lines)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.shown["Answers to fix"] == "1"
        fixes = app.screen.query_one("#dashboard-fix", OptionList)
        fixes.focus()
        fixes.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert wizard(app).step.id == "budget"
        assert app.focused is field(app, "budget_pilot_cost").query_one(Input)


async def test_setting_the_currency_reads_the_amounts_kept_as_drafts(store, bank):
    path = new_plan(store, bank, currency=None)
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "budget_pilot_cost", "£180,000")
        assert "the plan has none yet" in shown(field(app, "budget_pilot_cost").query_one(".error"))
        await type_into(pilot, "currency", "GBP")
        await pilot.pause()
        assert not field(app, "budget_pilot_cost").has_error
        await app.action_quit()
    saved = document(path)
    assert saved["answers"]["budget_pilot_cost"] == 180_000
    assert "drafts" not in saved


# --- Checklist items ------------------------------------------------------------------------


async def test_owner_and_evidence_are_saved_without_a_status(store, bank):
    path = new_plan(store, bank)
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("technical", "check_security")
        await pilot.pause()
        item = field(app, "check_security")
        item.query_one(".owner", Input).focus()
        await pilot.press(*"Infosec")
        item.query_one(".evidence", Input).focus()
        await pilot.press(*"Pen test booked")
        await app.action_quit()
    assert document(path)["answers"]["check_security"] == {
        "owner": "Infosec",
        "evidence": "Pen test booked",
    }


async def test_an_unknown_status_and_extra_keys_survive_editing_the_owner(store, bank):
    item = {"status": "waived", "owner": "Ops", "due": "2027-01"}
    path = new_plan(store, bank, check_security=item)
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("technical", "check_security")
        await pilot.pause()
        checklist = field(app, "check_security")
        picker = checklist.query_one(StatusPicker)
        assert picker.value == "waived"
        assert "waived (from the file" in str(picker.render())
        checklist.query_one(".owner", Input).focus()
        await pilot.press("end", *" team")
        await app.action_quit()
    assert document(path)["answers"]["check_security"] == {
        "status": "waived",
        "owner": "Ops team",
        "due": "2027-01",
    }


# --- Tables -------------------------------------------------------------------------------


async def add_row(pilot, *cells: str) -> None:
    """From the table: Insert opens the row editor; fill it, save it."""
    assert isinstance(pilot.app.focused, DataTable)
    await pilot.press("insert")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RowEditor)
    for n, text in enumerate(cells):
        if n:
            await pilot.press("tab")
        await pilot.press(*text)
    pilot.app.screen.submit()
    await pilot.pause()


async def test_a_sentence_typed_after_saving_a_row_starts_the_next_row(store, bank):
    path = new_plan(store, bank)
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("technical_debt", "debt_register")
        await pilot.pause()
        await add_row(pilot, "CSV by hand", "Event feed", "5 days")
        # Someone keeps talking and typing: the words start the next row, none is lost and
        # no row already saved changes.
        await pilot.press(*"Then we ask about the laptop scripts")
        await pilot.pause()
        assert isinstance(app.screen, RowEditor)
        assert app.screen.query_one("#col-shortcut", Input).value == (
            "Then we ask about the laptop scripts"
        )
        app.screen.submit()
        await pilot.pause()
        await app.action_quit()
    assert document(path)["answers"]["debt_register"] == [
        {"shortcut": "CSV by hand", "change": "Event feed", "effort": "5 days"},
        {"shortcut": "Then we ask about the laptop scripts"},
    ]


async def test_headers_are_whole_and_every_column_is_reachable_at_80_columns(store, bank):
    rows = [
        {
            "risk": "Vendor lock-in",
            "likelihood": "Medium",
            "impact": "High",
            "mitigation": "Abstract the model API behind our own gateway so it can be swapped",
            "owner": "Jo Bloggs, head of platform",
        }
    ]
    path = new_plan(store, bank, risk_register=rows)
    app = app_for(store, bank, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wizard(app).go_to("operating_model", "risk_register")
        await pilot.pause()
        table_field = field(app, "risk_register")
        table = table_field.query_one(DataTable)
        question = bank.question("risk_register")
        labels = [str(c.label) for c in table.columns.values()]
        assert labels == [c.label for c in question.columns]
        for column in table.columns.values():
            assert column.width >= min(len(str(column.label)), table_field.WIDEST)
        # The line under the table shows the highlighted row in full: every column.
        detail = shown(table_field.query_one(".row-detail"))
        for column in question.columns:
            assert f"{column.label}: {rows[0][column.id]}" in detail


async def test_deleting_a_row_asks_first(store, bank):
    rows = [{"shortcut": "one"}, {"shortcut": "two"}]
    path = new_plan(store, bank, debt_register=rows)
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("technical_debt", "debt_register")
        await pilot.pause()
        table = field(app, "debt_register").query_one(DataTable)
        assert app.focused is table
        await pilot.press("delete")
        await pilot.pause()
        assert "Remove row 1 (“one”)" in shown(app.screen.query_one(".dialog-text"))
        await pilot.press("escape")
        await pilot.pause()
        await app.action_quit()
    assert document(path)["answers"]["debt_register"] == rows


async def test_a_row_added_below_the_view_is_scrolled_to(store, bank):
    rows = [{"shortcut": f"shortcut {n}"} for n in range(1, 16)]
    path = new_plan(store, bank, debt_register=rows)
    app = app_for(store, bank, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wizard(app).go_to("technical_debt", "debt_register")
        await pilot.pause()
        table_field = field(app, "debt_register")
        table_field.query_one(DataTable).focus()
        await pilot.pause()
        await add_row(pilot, "the sixteenth")
        await pilot.pause(0.2)
        table = table_field.query_one(DataTable)
        assert table.cursor_row == 15
        row_top = table.cursor_row + 1 - table.scroll_y  # +1: the header row
        assert 0 < row_top < table.size.height
        assert "Row 16 of 16" in shown(table_field.query_one(".row-detail"))


@pytest.mark.parametrize("size", [(80, 24), (60, 18)])
async def test_the_row_editor_checks_cells_as_typed_and_keeps_its_buttons_in_view(
    store, bank, size
):
    path = new_plan(store, bank)
    app = app_for(store, bank, path)
    async with app.run_test(size=size) as pilot:
        await wizard(app).go_to("incremental_rollout", "rollout_stages")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, RowEditor)
        screen_region = editor.region
        for button in editor.query(Button):
            assert screen_region.contains_region(button.region), (button, button.region)
        editor.query_one("#col-start", Input).focus()
        await pilot.press(*"next spring")
        await pilot.pause()
        assert "'next spring' is not a date" in shown(editor.query_one("#error-start"))
        editor.submit()
        await pilot.pause()
        assert app.screen is editor  # Save is refused while a cell cannot be read
        editor.query_one("#col-start", Input).value = "Feb 2027"
        await pilot.pause()
        assert shown(editor.query_one("#reading-start")) == "= February 2027"
        editor.query_one("#col-stage", Input).value = "Pilot team"
        editor.submit()
        await pilot.pause()
        await app.action_quit()
    assert document(path)["answers"]["rollout_stages"] == [
        {"stage": "Pilot team", "start": "2027-02"}
    ]


# --- Files with answers of the wrong type ---------------------------------------------------


async def test_open_shows_wrong_types_as_answers_to_fix_and_keeps_them(store, bank):
    path = new_plan(store, bank, budget_pilot_cost="lots", debt_register="none yet")
    before = document(path)
    app = app_for(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("budget", "budget_pilot_cost")
        await pilot.pause()
        cost = field(app, "budget_pilot_cost")
        assert cost.query_one(Input).value == "lots"
        assert cost.has_error
        await wizard(app).go_to("technical_debt")
        await pilot.pause()
        register = field(app, "debt_register")
        assert "the file's value is text" in shown(register.query_one(".error"))
        await app.action_quit()
    after = document(path)
    assert after["answers"]["budget_pilot_cost"] == "lots"
    assert after["answers"]["debt_register"] == "none yet"
    assert after["answers"] == before["answers"]


async def test_a_cell_cut_to_its_column_ends_with_an_ellipsis(store, bank):
    """A cell longer than its column was cut with nothing to say so ("Time from clai")."""
    from textual.widgets import DataTable

    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = Pilot2ProdApp(store, bank, path, "production_criteria", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#q-criteria_metrics").query_one(DataTable)
        widths = [column.width for column in table.columns.values()]
        cut = shown = 0
        for row in range(table.row_count):
            for cell, width in zip(table.get_row_at(row), widths, strict=True):
                text = str(cell)
                assert len(text) <= width
                shown += 1
                cut += text.endswith("…")
        assert shown and cut  # (the example's metrics are longer than 80 columns allow)


def test_columns_fit_the_width_and_never_shrink_below_their_label():
    from pilot2prod.tui.widgets.fields.table import fit_columns

    assert fit_columns([10, 4], [4, 4], 80, 28) == [10, 4]  # room to spare: as they are
    assert fit_columns([40, 6], [4, 6], 80, 28) == [28, 6]  # capped at the widest
    widths = fit_columns([28, 10, 6, 28, 12], [4, 10, 6, 10, 5], 60, 28)
    assert sum(widths) <= 60
    assert all(w >= label for w, label in zip(widths, [4, 10, 6, 10, 5], strict=True))
    # Labels alone do not fit: each keeps its label's width, and the table scrolls.
    assert fit_columns([30, 30], [25, 25], 40, 28) == [25, 25]
