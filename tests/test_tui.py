"""The wizard, driven with Textual's Pilot: keys, widgets, saving, home actions."""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import (
    DataTable,
    Input,
    Markdown,
    OptionList,
    RadioSet,
    SelectionList,
    TextArea,
)

import fast_apps
from pilot2prod.plan import Plan
from pilot2prod.resources import example_path
from pilot2prod.store import Store, read_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.screens.home import HomeScreen
from pilot2prod.tui.screens.presenter import PresenterScreen
from pilot2prod.tui.screens.preview import END_CHARS, PreviewScreen, first_screenful
from pilot2prod.tui.screens.review import ReviewScreen
from pilot2prod.tui.widgets.fields import QuestionField
from pilot2prod.tui.widgets.fields.checklist import StatusPicker
from pilot2prod.tui.wizard import SAVE_DELAY, WizardScreen

SIZE = (100, 40)


def answers(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))["answers"]


def make_app(store: Store, bank, path: Path | None = None, step: str | None = None):
    return Pilot2ProdApp(store, bank, path, step, cursor_blink=False)


def new_plan(store: Store, bank, name: str = "Acme claims triage") -> Path:
    return store.create(Plan.new(name, bank), [q.id for q in bank.questions()])


def wizard(app) -> WizardScreen:
    assert isinstance(app.screen, WizardScreen), type(app.screen)
    return app.screen


def field(app, question_id: str) -> QuestionField:
    return app.screen.query_one(f"#q-{question_id}", QuestionField)


async def goto(pilot, step_id: str, question_id: str | None = None) -> None:
    await wizard(pilot.app).go_to(step_id, question_id)
    await pilot.pause()


async def settle(pilot) -> None:
    """Wait past the save debounce."""
    await pilot.pause(SAVE_DELAY + 0.3)


# --- Navigation --------------------------------------------------------------------------------


async def test_first_field_has_focus_and_pages_move_between_steps(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = wizard(app)
        assert screen.step.id == "basics"
        assert isinstance(app.focused, TextArea)
        assert app.focused in field(app, "use_case").query(TextArea)

        await pilot.press(*"First sentence.")
        await pilot.press("pagedown")  # from inside a multi-line field
        await pilot.pause()
        assert screen.step.id == "production_criteria"
        assert app.focused in field(app, "criteria_success").query(TextArea)
        await pilot.press(*"Second sentence.")
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.step.id == "basics"
        assert field(app, "use_case").query_one(TextArea).text == "First sentence."
    saved = answers(path)
    assert saved["use_case"] == "First sentence."
    assert saved["criteria_success"] == "Second sentence."


async def test_page_up_on_first_and_page_down_on_last_step_stay(store, bank):
    path = new_plan(store, bank)
    last = bank.steps[-1].id
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("pageup")
        assert wizard(app).step.id == "basics"
        await goto(pilot, last)
        await pilot.press("pagedown")
        await pilot.pause()
        assert wizard(app).step.id == last


async def test_tab_and_enter_move_between_fields(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await goto(pilot, "basics", "plan_name")
        assert app.focused is field(app, "plan_name").query_one(Input)
        await pilot.press("enter")
        assert app.focused is field(app, "organisation").query_one(Input)
        await pilot.press("shift+tab")
        assert app.focused is field(app, "plan_name").query_one(Input)
        await pilot.press("tab")
        assert app.focused is field(app, "organisation").query_one(Input)


async def test_the_question_being_answered_is_marked_and_only_that_one(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def current() -> list[str]:
            fields = app.screen.query(QuestionField)
            return [f.question.id for f in fields if f.has_class("-current")]

        assert current() == ["use_case"]
        await pilot.press("tab")
        assert current() == ["business_problem"]
        await pilot.press("pagedown")
        await pilot.pause()
        assert current() == [wizard(app).step.questions[0].id]
        # The marker is what CSS shows: the prompt of the current question only is accented.
        prompt = field(app, wizard(app).step.questions[0].id).query_one(".prompt")
        other = field(app, "use_case").query_one(".prompt")
        assert prompt.styles.color != other.styles.color


async def test_escape_goes_home_and_saves(store, bank):
    """Escape in the middle of a long text asks nothing and loses nothing: home, saved."""
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Typed then left")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert answers(path)["use_case"] == "Typed then left"


async def test_step_list_jumps_and_toggles(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        steps = app.screen.query_one("#steps", OptionList)
        assert steps.display
        steps.focus()
        steps.highlighted = steps.get_option_index("monitoring")
        await pilot.press("enter")
        await pilot.pause()
        assert wizard(app).step.id == "monitoring"
        # The step on screen is marked in characters, not only by the highlight's colour.
        marked = [
            str(steps.get_option_at_index(i).prompt)
            for i in range(steps.option_count)
            if str(steps.get_option_at_index(i).prompt).startswith("▶")
        ]
        assert marked == ["▶ ○ Monitoring"]
        await pilot.press("ctrl+t")
        assert not steps.display


async def test_step_list_folds_away_at_80_columns(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Not even made until it is asked for: a narrow window pays nothing for it.
        assert not app.screen.query("#steps")
        await pilot.press("ctrl+t")
        await pilot.pause()
        steps = app.screen.query_one("#steps", OptionList)
        assert steps.display and steps.has_focus
        assert steps.highlighted == steps.get_option_index(wizard(app).step.id)
        await pilot.press("ctrl+t")
        assert not steps.display


async def test_command_palette_jumps_to_a_question(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press(*"ongoing operations")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert wizard(app).step.id == "budget"
        assert app.focused is field(app, "budget_operations").query_one(Input)


async def test_help_opens_with_f1(store, bank):
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert "PageDown" in str(app.screen.query_one(".help-keys").render())
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_help_lists_every_key_from_the_bindings_themselves(store, bank):
    """F1 is made from the screens' bindings: every key each screen binds is in its list,
    with the words the binding carries, so the help cannot fall behind the keys."""
    from pilot2prod.tui.keys import key_label

    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        headings = [str(s.render()) for s in app.screen.query(".help-heading")]
        lists = [str(s.render()) for s in app.screen.query(".help-keys")]
    shown = dict(zip(headings, lists, strict=True))
    assert list(shown) == [
        "In the wizard",
        "On the list of plans",
        "In the presenter view",
        "In a silent vote",
        "On a voter's ballot",
        "Between two voters",
        "In a dialog",
        "Everywhere",
    ]
    sections = (
        (WizardScreen, "In the wizard"),
        (HomeScreen, "On the list of plans"),
        (PresenterScreen, "In the presenter view"),
    )
    for screen, title in sections:
        # A long description wraps under itself: a line that starts with spaces goes on.
        text = re.sub(r"\n +", " ", shown[title])
        lines = [" ".join(line.split()) for line in text.splitlines()]
        for binding in screen.BINDINGS:
            row = f"{key_label(binding.key)} {binding.tooltip or binding.description}"
            assert row in lines, row
    assert "Ctrl+Q  save and quit" in shown["Everywhere"]
    assert "Enter            confirm, from any one-line field" in shown["In a dialog"]
    assert key_label("ctrl+r") == "Ctrl+R" and key_label("pagedown") == "PageDown"
    assert key_label("escape,f1,q") == "Escape or F1 or Q"


# --- Each kind of widget saves its value -------------------------------------------------------


async def test_every_kind_saves(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # text and person
        await goto(pilot, "basics", "organisation")
        await pilot.press(*"Acme Insurance")
        await goto(pilot, "basics", "sponsor")
        await pilot.press(*"Jo Bloggs, COO")
        # date
        await goto(pilot, "basics", "plan_date")
        await pilot.press(*"2027-01-15")
        # percent
        await goto(pilot, "production_criteria", "criteria_error_rate")
        await pilot.press(*"4.5%")
        # choice
        await goto(pilot, "data_plan", "data_refresh")
        radio = field(app, "data_refresh").query_one(RadioSet)
        radio.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        # multi choice
        await goto(pilot, "stakeholder_buy_in", "buyin_shared_with")
        selection = field(app, "buyin_shared_with").query_one(SelectionList)
        selection.select("finance")
        await pilot.pause()
        # money
        await goto(pilot, "budget", "budget_pilot_cost")
        await pilot.press(*"120,000")
        # number
        await goto(pilot, "incremental_rollout", "rollout_first_wave_size")
        await pilot.press(*"12")
        # checklist
        await goto(pilot, "technical", "check_security")
        item = field(app, "check_security")
        item.query_one(StatusPicker).focus()
        await pilot.press("enter", "3")  # the third status: done by hand and documented
        item.query_one(".owner", Input).focus()
        await pilot.press(*"Infosec")
        item.query_one(".evidence", Input).focus()
        await pilot.press(*"Signed off")
        await settle(pilot)

    saved = answers(path)
    assert saved["organisation"] == "Acme Insurance"
    assert saved["sponsor"] == "Jo Bloggs, COO"
    assert saved["plan_date"] == "2027-01-15"
    assert saved["criteria_error_rate"] == 4.5
    assert saved["data_refresh"] in {c.value for c in bank.question("data_refresh").choices}
    assert saved["buyin_shared_with"] == ["finance"]
    assert saved["budget_pilot_cost"] == 120000
    assert saved["rollout_first_wave_size"] == 12
    assert saved["check_security"] == {
        "status": "manual",
        "owner": "Infosec",
        "evidence": "Signed off",
    }


async def test_list_rows_add_edit_remove(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await goto(pilot, "technical_debt", "debt_register")
        table = field(app, "debt_register").query_one(DataTable)
        # The table is the list's one stop, even empty; typing there starts a row with what
        # was typed, Tab moves between its columns, Enter saves it and comes back here.
        assert app.focused is table
        await pilot.press(*"CSV by hand", "tab", *"Event feed", "tab", *"5 days", "enter")
        await pilot.pause()
        assert app.focused is table
        await pilot.press(*"Laptop scoring", "enter")  # Enter in any cell saves the row
        await pilot.pause()
        await settle(pilot)
        rows = answers(path)["debt_register"]
        assert rows == [
            {"shortcut": "CSV by hand", "change": "Event feed", "effort": "5 days"},
            {"shortcut": "Laptop scoring"},
        ]
        # Enter on the table edits the highlighted row.
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", *"Service", "enter")
        await pilot.pause()
        # Delete asks first: No keeps the row, Yes removes it.
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        assert len(answers(path)["debt_register"]) == 2
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    assert answers(path)["debt_register"] == [{"shortcut": "Laptop scoring", "change": "Service"}]


async def test_invalid_amount_is_kept_as_typed_as_a_draft(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await goto(pilot, "budget", "budget_pilot_cost")
        await pilot.press(*"x12")
        await settle(pilot)
        money = field(app, "budget_pilot_cost")
        assert money.has_error
        assert "To fix: 'x12' is not an amount" in str(money.query_one(".error").render())
        saved = tomllib.loads(path.read_text(encoding="utf-8"))
        assert "budget_pilot_cost" not in saved["answers"]
        assert saved["drafts"]["budget_pilot_cost"] == "x12"
        await pilot.press("home", "delete")
        await settle(pilot)
        assert not money.has_error
        assert answers(path)["budget_pilot_cost"] == 12
        assert "drafts" not in tomllib.loads(path.read_text(encoding="utf-8"))
        # "12k" is twelve thousand; "12kx" is kept as typed, and the amount is no longer 12.
        await pilot.press("end", *"k")
        await settle(pilot)
        assert answers(path)["budget_pilot_cost"] == 12000
        await pilot.press(*"x")
        await settle(pilot)
        assert money.has_error
        saved = tomllib.loads(path.read_text(encoding="utf-8"))
        assert "budget_pilot_cost" not in saved["answers"]
        assert saved["drafts"]["budget_pilot_cost"] == "12kx"
        await goto(pilot, "basics", "plan_date")
        await pilot.press(*"2027-02-30")
        await settle(pilot)
        assert field(app, "plan_date").has_error
        assert "plan_date" not in answers(path)


async def test_when_hides_questions_and_keeps_answers(store, bank):
    plan = Plan.new("Conditional", bank)
    plan.answers["data_manual_steps"] = "Kept while hidden"
    path = store.create(plan)
    app = make_app(store, bank, path, "data_plan")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        hidden = field(app, "data_manual_steps")
        assert not hidden.display
        radio = field(app, "data_refresh").query_one(RadioSet)
        manual = [c.value for c in bank.question("data_refresh").choices].index("manual")
        radio.focus()
        await pilot.press(*(["down"] * manual), "enter")
        await pilot.pause()
        assert hidden.display
        await pilot.press("up", "enter")
        await pilot.pause()
        assert not hidden.display
        await settle(pilot)
    assert answers(path)["data_manual_steps"] == "Kept while hidden"


# --- Saving ------------------------------------------------------------------------------------


async def test_autosave_after_typing_without_leaving_the_field(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Autosaved text")
        await settle(pilot)
        assert answers(path)["use_case"] == "Autosaved text"
        assert "✓ saved" in str(app.screen.query_one("#header-saved").render())
        app.exit()


async def test_header_says_when_a_change_is_not_yet_saved(store, bank, monkeypatch):
    from pilot2prod.tui.wizard import editing as wizard_module

    monkeypatch.setattr(wizard_module, "SAVE_DELAY", 1.5)  # room for a slow machine
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        header = app.screen.query_one("#header-saved")
        assert "● editing" in str(header.render())
        await pilot.pause(2.0)
        assert "✓ saved" in str(header.render())


async def test_typing_without_a_pause_is_still_saved(store, bank):
    from pilot2prod.tui.wizard import SAVE_AT_MOST

    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        typed = ""
        started = asyncio.get_running_loop().time()
        while asyncio.get_running_loop().time() - started < SAVE_AT_MOST + 1.0:
            await pilot.press("x")
            typed += "x"
            await pilot.pause(SAVE_DELAY / 3)  # always shorter than the debounce
        saved = answers(path).get("use_case", "")
        assert saved and typed.startswith(saved)
        app.exit()


async def test_quit_saves_at_once(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Right before quitting")
        await pilot.press("ctrl+q")
    assert answers(path)["use_case"] == "Right before quitting"


async def test_reopening_resumes_at_the_last_step(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await goto(pilot, "monitoring")
        await pilot.press("ctrl+q")
    # Where a window was is its own bookkeeping, kept beside the plan, not in it.
    assert read_plan(path).last_step == ""
    assert store.position(path) == "monitoring"
    again = make_app(store, bank, path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert wizard(again).step.id == "monitoring"


async def test_reopening_resumes_at_the_question_being_answered(store, bank):
    """The question the focus was in comes back focused, in view from its prompt, though the
    first screen of the step would not have shown it; a step asked for starts at its top."""
    from pilot2prod.store import Place

    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await goto(pilot, "monitoring")
        await pilot.press("tab", "tab", "tab")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert store.left_at(path) == Place("monitoring", "monitor_errors")
    again = make_app(store, bank, path)
    fast_apps.draw_every_frame(again)  # (brought into view as its first frames are drawn)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert wizard(again).step.id == "monitoring"
        focused = again.focused
        assert focused is not None
        field = next(a for a in focused.ancestors_with_self if isinstance(a, QuestionField))
        assert field.question.id == "monitor_errors"
        assert again.screen.can_view_entire(field.query_one(".prompt"))
    asked = make_app(store, bank, path, "monitoring")
    async with asked.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = next(a for a in asked.focused.ancestors_with_self if isinstance(a, QuestionField))
        assert field.question.id == "monitor_business"


async def test_step_marks_update_when_a_step_is_complete(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path, "scale")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        steps = app.screen.query_one("#steps", OptionList)

        def mark() -> str:
            return str(steps.get_option("scale").prompt)

        assert "○" in mark()
        await pilot.press(*"Three calm months")
        await pilot.pause()
        assert "◐" in mark()


# --- Home --------------------------------------------------------------------------------------


async def test_empty_home_offers_new_and_example(store, bank):
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#empty").display
        await pilot.click("#empty-example")
        await pilot.pause()
        assert wizard(app).session.plan.name == read_plan(example_path()).name


async def test_typing_on_an_empty_home_says_there_is_nothing_to_filter(store, bank):
    """'/' (Filter) does nothing with no plans: the notice says so and what does something,
    not that buttons take no typing."""
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said == ["No plans yet to filter or open: N starts one, X opens the example."]


async def test_new_plan_from_home(store, bank):
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Fresh plan", "tab", *"Acme", "enter")
        await pilot.pause()
        screen = wizard(app)
        assert screen.session.plan.name == "Fresh plan"
        assert screen.step.id == "basics"
    (path,) = store.files()
    assert answers(path)["organisation"] == "Acme"


async def test_new_plan_refuses_an_existing_name(store, bank):
    new_plan(store, bank, "Taken")
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"taken", "enter", "enter")
        await pilot.pause()
        assert "already exists" in str(app.screen.query_one(".dialog-error").render())
    assert len(store.files()) == 1


async def test_delete_moves_the_file_to_trash(store, bank):
    path = new_plan(store, bank, "Doomed")
    before = path.read_bytes()
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.query_one("#empty").display
    assert not path.exists()
    (trashed,) = store.trash_dir.iterdir()
    assert trashed.read_bytes() == before


async def test_delete_can_be_cancelled(store, bank):
    path = new_plan(store, bank, "Kept")
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
    assert path.exists()


async def test_rename_and_duplicate(store, bank):
    path = new_plan(store, bank, "Original")
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # accept "Original (copy)"
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Input).value = "Renamed"
        await pilot.press("enter")
        await pilot.pause()
    # The copy was selected after duplicating, so the rename applied to it.
    assert {p.name: read_plan(p).name for p in store.files()} == {
        "original.toml": "Original",
        "renamed.toml": "Renamed",
    }
    assert read_plan(path).name == "Original"


async def test_demo_leaves_the_original_untouched(store, bank):
    original = example_path().read_bytes()
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"Changed in the demo. ")
        await pilot.press("ctrl+q")
    assert example_path().read_bytes() == original
    (copy,) = store.files()
    assert answers(copy)["use_case"].startswith("Changed in the demo. ")


async def test_unreadable_plan_is_reported_not_opened(store, bank):
    store.plans_dir.mkdir(parents=True)
    bad = store.plans_dir / "bad.toml"
    bad.write_text("[[[", encoding="utf-8")
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("bad.toml" in str(n.message) for n in app._notifications)
    assert bad.read_text() == "[[["


@pytest.mark.parametrize("width", [80, 110, 115, 120])
async def test_an_unreadable_plan_leaves_every_column_of_home_on_screen(store, bank, width):
    """Its problem (a parser's whole message) is cut to fit: at 120 columns it filled the
    Progress column and pushed Ready, Top risk, Updated and Organisation off the screen. Enter
    on it says it whole."""
    from textual.widgets import DataTable

    new_plan(store, bank)
    bad = store.plans_dir / "broken.toml"
    bad.write_text('name = "Broken"\n[answers\nuse_case = "x" "y" "z"\n' * 3, encoding="utf-8")
    app = make_app(store, bank)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        total = sum(column.get_render_width(table) for column in table.columns.values())
        assert total <= table.scrollable_content_region.width
        assert table.max_scroll_x == 0


# --- Review and preview ------------------------------------------------------------------------


async def test_review_lists_gaps_and_jumps(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index("q-ops_owner")
        assert "required, open" in str(options.get_option("q-ops_owner").prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert wizard(app).step.id == "operating_model"
        assert app.focused is field(app, "ops_owner").query_one(Input)


async def test_preview_renders_and_exports(store, bank, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = new_plan(store, bank, "Preview me")
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Shown in the preview")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        # The first screen shows at once; the rest as the reader goes there (End: all of it).
        shown = app.screen.query_one(Markdown)
        await pilot.press("end")
        for _ in range(200):
            if shown.source == app.screen.document:
                break
            await pilot.pause(0.05)
        assert shown.source == app.screen.document
        assert "Shown in the preview" in shown.source
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.query_one(Input).value == str(tmp_path / "preview-me.md")
        await pilot.press("enter")
        await pilot.pause()
        target = tmp_path / "preview-me.md"
        assert target.read_text(encoding="utf-8").startswith("# Preview me")
        # a second export asks before overwriting
        target.write_text("older", encoding="utf-8")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "older"
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert target.read_text(encoding="utf-8").startswith("# Preview me")


def restyled_nodes(app, monkeypatch) -> list[int]:
    """How many nodes each restyle of the app touches (a focus change restyles the focused
    widget and everything inside it)."""
    counts: list[int] = []
    original = type(app.stylesheet).update_nodes

    def counting(self, nodes, animate=False):
        nodes = list(nodes)
        counts.append(len(nodes))
        return original(self, nodes, animate)

    monkeypatch.setattr(type(app.stylesheet), "update_nodes", counting)
    return counts


async def test_closing_the_preview_stops_its_layout_and_the_next_keys_go_on(
    store, bank, monkeypatch
):
    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        document = preview.query_one(Markdown)
        assert document.source != preview.document  # a long plan: the rest comes while read
        assert app.focused is None  # nothing inside the document takes the focus
        restyled = restyled_nodes(app, monkeypatch)
        await pilot.press("escape", *"Typed on")
        shown = document.source
        assert app.screen is not preview
        # Leaving restyled a few widgets, not the whole laid-out document.
        assert max(restyled, default=0) < 100
        # The keys typed just after Escape went to the wizard's field, in order.
        assert isinstance(app.screen, WizardScreen)
        assert app.focused is field(app, "use_case").query_one(TextArea)
        assert app.focused.text.startswith("Typed on")
        # Nothing of the preview is left running, and nothing more is laid out.
        # (Textual's own screen_update timer stays, paused, with the kept screen.)
        assert not [t for t in preview._timers if t.name != "screen_update"]
        assert not [w for w in app.workers if w.node in (preview, document)]
        await pilot.pause(0.5)
        assert document.source == shown
        assert not preview.laying_out


async def test_the_preview_is_kept_while_the_plan_does_not_change(store, bank):
    """Leaving the preview frees nothing (the keys after Escape never wait for a document to
    be taken apart); opening it again shows the same one, until an answer changes."""
    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        first = app.screen
        assert isinstance(first, PreviewScreen)
        await pilot.press("escape")
        assert first.is_attached and app.screen is not first
        await pilot.press("ctrl+o")
        assert app.screen is first
        await pilot.press("escape", "home", *"Changed. ")
        await pilot.press("ctrl+o")
        second = app.screen
        assert isinstance(second, PreviewScreen) and second is not first
        assert "Changed." in second.document
        await pilot.pause()
        assert not first.is_attached  # the old one is freed once a new one is made
        await pilot.press("escape", "escape")  # back to the wizard, then home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not second.is_attached  # the kept one goes with the wizard


async def wait_for_layout(pilot, preview) -> None:
    for _ in range(200):
        if not preview.laying_out:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def test_the_preview_scrolls_with_its_keys(store, bank):
    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        scroll = app.screen.query_one("#preview-scroll")
        await pilot.press("pagedown")
        assert scroll.scroll_y > 10
        await pilot.press("up")
        low = scroll.scroll_y
        await pilot.press("down", "down")
        assert scroll.scroll_y == low + 2
        await pilot.press("pageup", "pageup", "pageup")
        assert scroll.scroll_y == 0
        await pilot.press("end")  # lays out the rest of the document first
        await wait_for_layout(pilot, app.screen)
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        await pilot.press("home")
        assert scroll.scroll_y == 0


async def test_the_preview_lays_out_the_document_as_the_reader_goes_there(store, bank, monkeypatch):
    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank, path)
    pieces: list[str] = []
    append = Markdown.append

    def appending(self, markdown):
        pieces.append(markdown)
        return append(self, markdown)

    monkeypatch.setattr(Markdown, "append", appending)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause(0.5)
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        document = preview.query_one(Markdown)
        scroll = preview.query_one("#preview-scroll")
        first = first_screenful(preview.document)[0]
        assert document.source == first  # nothing is laid out in the background
        for _ in range(6):
            await pilot.press("pagedown")
            await pilot.pause(0.2)
            # A screen or more of the document is always laid out below the view.
            assert scroll.max_scroll_y - scroll.scroll_y >= scroll.size.height
        assert len(document.source) > len(first)
        assert preview.laying_out
        sections = first_screenful(preview.document)[1]
        read = len(pieces)
        assert pieces == sections[:read]  # while reading: a section at a time
        await pilot.press("end")  # all of it, and its end
        await wait_for_layout(pilot, preview)
        assert document.source == preview.document
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        # After End, the rest in a few larger pieces (each piece lays the document out again).
        after_end = pieces[read:]
        assert "".join(after_end) == "".join(sections[read:])
        assert len(after_end) < len(sections) - read
        # Each piece as large as it may be: with the next one it would pass END_CHARS.
        assert all(len(a) + len(b) > END_CHARS for a, b in itertools.pairwise(after_end))


async def test_the_preview_lays_out_nothing_while_a_key_waits(store, bank, monkeypatch):
    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank, path)
    waiting = True
    waits = property(lambda self: waiting)
    monkeypatch.setattr(Pilot2ProdApp, "input_waiting", waits, raising=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wizard(app).action_preview()
        await pilot.pause()
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        preview.action_scroll("end")
        await pilot.pause(0.5)
        # While a key waits for the app to settle, the rest of the document waits for it.
        assert preview.query_one(Markdown).source == first_screenful(preview.document)[0]
        assert preview._waiting is not None
        waiting = False
        await wait_for_layout(pilot, preview)
        assert preview.query_one(Markdown).source == preview.document
        assert preview._waiting is None


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_step_renders_at_both_sizes(store, bank, size):
    """Open every step of the example at 80x24 and 120x40: nothing raises, a field has focus."""
    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank, path, "basics")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for step in bank.steps:
            await goto(pilot, step.id)
            assert app.focused is not None, step.id
            assert wizard(app).step.id == step.id


async def test_command_palette_exports(store, bank, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = new_plan(store, bank, "Palette export")
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press(*"export the plan")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
    assert (tmp_path / "palette-export.md").read_text(encoding="utf-8").startswith("# Palette")


# --- Dashboard (insight) -----------------------------------------------------------------------


def export_figures(document: str) -> dict[str, str]:
    """The figure tables at the top of the export, as {label: value}."""
    summary = document.split("## Summary", 1)[1].split("\n## ", 1)[0]
    figures: dict[str, str] = {}
    for line in summary.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("Figure", "Reason pilots stall", "---"):
            figures[cells[0]] = cells[1]
    # The readiness resting on claims: in the export's checklist section, under its label.
    claims = document.split("**Readiness resting on claims:** ", 1)
    if len(claims) == 2:
        figures["Readiness resting on claims"] = claims[1].split("; ", 1)[0]
    return figures


def dashboard_figures(app) -> dict[str, str]:
    from textual.widgets import Label

    return {w.name: str(w.render()) for w in app.screen.query(Label) if w.name}


@asynccontextmanager
async def example_dashboard(store, bank, size: tuple[int, int]) -> AsyncIterator[Any]:
    """The example plan's dashboard (F2), at *size*: the app's pilot."""
    from pilot2prod.tui.screens.dashboard import DashboardScreen

    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank, path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        yield pilot


async def test_dashboard_shows_the_same_figures_as_the_export(store, bank, example):
    from pilot2prod.export import export_markdown
    from pilot2prod.insight import RISK_PREFIX

    async with example_dashboard(store, bank, (120, 40)) as pilot:
        shown = dashboard_figures(pilot.app)
    exported = export_figures(export_markdown(bank, example))
    exported = {(k if k in shown else f"{RISK_PREFIX}{k}"): v for k, v in exported.items()}
    assert shown == exported
    assert shown["Verdict"] == "NO-GO"
    assert shown["Readiness (weakest group)"] == "20%"
    assert shown[f"{RISK_PREFIX}Technical debt was ignored"] == "HIGH"


async def test_every_dashboard_label_stands_apart_from_its_value_at_80_columns(store, bank):
    """A label as wide as its column (a stall reason's, at 80 columns beside the scrollbar)
    read as one word with its level: "The pilot solved the wrong problemLOW"."""
    from pilot2prod.tui.screens.dashboard import Figure

    async with example_dashboard(store, bank, (80, 24)) as pilot:
        rows = list(pilot.app.screen.query(Figure))
        assert any(row.label.endswith("The pilot solved the wrong problem") for row in rows)
        for row in rows:
            label, value = row.query_one(".figure-label"), row.query_one(".figure-value")
            assert label.content_region.right < value.region.x, row.label  # (a cell between)


async def test_changing_a_checklist_item_changes_the_dashboard(store, bank):
    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank, path, "operational")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert dashboard_figures(app)["Readiness: Operational"] == "20%"
        await pilot.press("escape")
        await pilot.pause()
        for item in ("check_alerts", "check_incident_plan", "check_backup"):
            field(app, item).query_one(StatusPicker).focus()
            await pilot.press("enter", "4")  # automated or fully in place
            await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        shown = dashboard_figures(app)
        assert shown["Readiness: Operational"] == "80%"
        assert shown["Readiness (weakest group)"] == "40%"  # technical is now the weakest


async def test_dashboard_jumps_to_an_open_question(store, bank):
    """Enter on the dashboard jumps to the first question listed, with no Tab first."""
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        nxt = app.screen.query_one("#dashboard-next", OptionList)
        target = nxt.get_option_at_index(0).id
        await pilot.press("enter")
        await pilot.pause()
        assert wizard(app).step.id == bank.step_of(target).id
        assert app.focused in field(app, target).query("*")


async def test_dashboard_scrolls_with_page_and_arrow_keys_whatever_has_focus(store, bank):
    """At 80x24 the risks, actions and budget sit below the fold: PgDn / PgUp page through
    the dashboard from anywhere, and Down / Up go on past a list's last / first question."""
    path = store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        box = app.screen.query_one("#dashboard")
        assert box.max_scroll_y > 0
        lists = list(app.screen.query(OptionList))
        assert lists and app.focused is lists[0]
        for widget in [*app.screen.focus_chain, None]:
            app.screen.set_focus(widget)
            await pilot.pause()
            box.scroll_home(animate=False)
            await pilot.pause()
            await pilot.press("pagedown")
            assert box.scroll_y > 10, widget
            await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
            assert box.scroll_y == box.max_scroll_y, widget
            await pilot.press("pageup", "pageup", "pageup", "pageup", "pageup", "pageup")
            assert box.scroll_y == 0, widget
        # Down moves through a list, then scrolls the page; Up comes back the same way.
        first = lists[0]
        first.focus()
        first.highlighted = 0
        await pilot.pause()
        for n in range(1, first.option_count):
            await pilot.press("down")
            assert first.highlighted == n
        assert box.scroll_y == 0
        await pilot.press("down", "down", "down")
        assert first.highlighted == first.option_count - 1  # no wrapping round
        assert box.scroll_y == 3
        for _ in range(first.option_count - 1):
            await pilot.press("up")
        assert first.highlighted == 0
        await pilot.press("up", "up", "up")
        assert box.scroll_y == 0
        assert first.highlighted == 0


async def test_home_shows_readiness_and_top_risk_and_opens_the_dashboard(store, bank):
    from pilot2prod.tui.screens.dashboard import DashboardScreen

    store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#plans", DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert "20% NO-GO" in row[2]
        assert row[3] == "HIGH"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_home_shows_organisation_and_updated_at_80_columns(store, bank):
    """At 80 columns every column fits: two lines per plan, the organisation under the name
    and the time under the date; at 120, one line each."""
    store.demo(example_path(), [q.id for q in bank.questions()])
    app = make_app(store, bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#plans", DataTable)
        name, _progress, ready, risk, updated = (str(c) for c in table.get_row_at(0))
        assert name.splitlines()[1] == "Northwind Mutual Insurance"
        assert ready.splitlines() == ["20%", "NO-GO"] and risk == "HIGH"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d\n\d\d:\d\d UTC", updated)
        widths = sum(column.get_render_width(table) for column in table.columns.values())
        assert widths <= 80 - 2  # no horizontal scrolling
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        row = [str(c) for c in table.get_row_at(0)]
        assert len(row) == 6 and row[5] == "Northwind Mutual Insurance"


async def test_a_custom_bank_works_in_every_screen(store, tmp_path):
    """The minimal bank from docs/question-bank.md: no gates, no budget, one sign, one item.
    Without a [budget] the dashboard has no budget figures (it said "unknown" before)."""
    from pilot2prod.bank import load_bank
    from pilot2prod.tui.screens.dashboard import DashboardScreen

    doc = (Path(__file__).resolve().parents[1] / "docs" / "question-bank.md").read_text()
    bank_file = tmp_path / "mini.toml"
    bank_file.write_text(doc.split("```toml\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    mini = load_bank(bank_file)
    path = new_plan(store, mini, "Mini plan")
    app = make_app(store, mini, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in mini.steps:
            await pilot.press("pagedown")
            await pilot.pause()
        assert wizard(app).step.id == mini.steps[-1].id
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        shown = dashboard_figures(app)
        assert "Progress" in shown and "Budget position" not in shown  # no [budget] declared
        await pilot.press("escape", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape", "ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)


async def test_a_plan_changed_on_disk_is_merged_and_shown(store, bank):
    from pilot2prod.store import write_plan

    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        other = read_plan(path)
        other.notes = "Edited in another window"
        other.answers["organisation"] = "From the other window"
        write_plan(other, path)
        await pilot.press(*"Mine")
        await settle(pilot)
        await pilot.pause(1.2)  # the wizard looks at the file once a second
        # The other window's answer is on screen, and this window's is in the file too.
        assert field(app, "organisation").query_one(Input).value == "From the other window"
        assert "saved" in str(app.screen.query_one("#header-saved").render())
    saved = read_plan(path)
    assert saved.notes == "Edited in another window"
    assert saved.answers["use_case"] == "Mine"
    assert saved.answers["organisation"] == "From the other window"


@pytest.mark.neighbour_pages
async def test_a_page_built_while_idle_shows_what_another_window_changed_on_it(store, bank):
    """The next step's page, built while idle and not shown yet, is rebuilt when another
    window changes one of its answers: stepping on shows that answer, not the one it was
    built with."""
    from pilot2prod.store import write_plan

    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = wizard(app)
        await asyncio.wait_for(screen.built.wait(), 10)
        page = screen.pages.get_child_by_id("page-production_criteria")
        built = page.query_one("#q-criteria_success")
        assert not page.missing() and not page.display
        other = read_plan(path)
        other.answers["criteria_success"] = "From the other window"
        write_plan(other, path)
        await pilot.pause(1.2)  # the wizard looks at the file once a second
        assert not built.is_attached  # rebuilt while hidden
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.step.id == "production_criteria"
        shown = field(app, "criteria_success").query_one(TextArea)
        assert shown.text == "From the other window"
    assert read_plan(path).answers["criteria_success"] == "From the other window"


async def test_the_chosen_theme_is_remembered(store, bank):
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
    assert store.settings() == {"theme": "textual-light"}
    again = make_app(store, bank)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_an_unreadable_settings_file_is_ignored(store, bank):
    store.root.mkdir(parents=True)
    store.settings_path.write_text("theme = [", encoding="utf-8")
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"


def test_answers_are_saved_even_when_the_app_fails(store, bank, monkeypatch):
    """run_app saves every open plan after the app stops, also after an unexpected error."""
    from pilot2prod.tui import app as app_module
    from pilot2prod.tui import run

    path = new_plan(store, bank)

    def run_then_fail(self, *args, **kwargs):
        from pilot2prod.tui.session import PlanSession

        session = PlanSession.open(store, bank, path)
        self.sessions.append(session)
        session.set_answer(bank.question("use_case"), "Typed before the crash")
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module.Pilot2ProdApp, "run", run_then_fail)
    with pytest.raises(RuntimeError):
        run.run_app(store, bank, path)
    assert answers(path)["use_case"] == "Typed before the crash"


def test_the_app_hands_the_interpreter_lock_to_its_output_thread_sooner(store, bank, monkeypatch):
    """While the app runs in a terminal, a thread waiting for Python's lock (Textual's output
    thread, with a frame to write) gets it within half a millisecond, not five; the interval
    is given back once the app stops, however it stops."""
    import sys

    from pilot2prod.tui import app as app_module
    from pilot2prod.tui import run

    path = new_plan(store, bank)
    seen: list[float] = []

    def run_then_fail(self, *args, **kwargs):
        seen.append(sys.getswitchinterval())
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module.Pilot2ProdApp, "run", run_then_fail)
    before = sys.getswitchinterval()
    with pytest.raises(RuntimeError):
        run.run_app(store, bank, path)
    assert seen == [run.SWITCH_INTERVAL] and before > run.SWITCH_INTERVAL
    assert sys.getswitchinterval() == before


async def test_a_stall_reason_step_shows_its_risk_as_answers_change(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path, "stall_wrong_problem")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fix = app.screen.query_one("#step-fix")

        def shown() -> str:
            return str(fix.render())

        assert "Risk now: MEDIUM" in shown() and "What to do:" in shown()
        for sign in bank.step_of("sign_accuracy_only").questions:
            radio = field(app, sign.id).query_one(RadioSet)
            radio.focus()
            await pilot.press("enter")  # the first choice: yes
            await pilot.pause()
        assert "Risk now: HIGH" in shown()


async def test_a_stall_reason_step_shows_its_risk_when_an_answer_changes(store, bank):
    """From one answer to another (answered before and after, nothing to fix, saving under
    way already), the risk still moves: on a stall reason's step every change is worked out
    again."""
    signs = [q.id for q in bank.step_of("sign_accuracy_only").questions if q.kind == "choice"]
    plan = Plan.new("Signs", bank)
    plan.answers.update(dict.fromkeys(signs, "no"))
    path = store.create(plan, [q.id for q in bank.questions()])
    app = make_app(store, bank, path, "stall_wrong_problem")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fix = app.screen.query_one("#step-fix")
        answers = wizard(app).session.plan.answers
        assert "Risk now: LOW" in str(fix.render())
        field(app, signs[0]).query_one(RadioSet).focus()
        await pilot.press("up", "enter")  # (the highlight starts on the first choice)
        await pilot.pause()
        assert answers[signs[0]] == "unsure" and "Risk now: LOW" in str(fix.render())
        await pilot.press("up", "up", "enter")  # in the same field: no blur, no save
        await pilot.pause()
        assert answers[signs[0]] == "yes" and "Risk now: MEDIUM" in str(fix.render())


async def test_typing_on_inside_an_answer_works_out_nothing_else_again(store, bank, monkeypatch):
    """The header's figures, the step marks and the step's fix read the whole plan: they are
    worked out again when a key can move them (an answer given or emptied, a problem to fix
    found or gone, saving begun), not on every key typed inside an answer."""
    from pilot2prod.tui.wizard import editing

    monkeypatch.setattr(editing, "SAVE_DELAY", 60.0)  # (a save works it out again too)
    monkeypatch.setattr(editing, "SAVE_AT_MOST", 60.0)
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = wizard(app)
        worked_out: list[str] = []
        refresh_status = screen.refresh_status

        def counted() -> None:
            worked_out.append(screen.session.plan.answers.get("use_case", ""))
            refresh_status()

        monkeypatch.setattr(screen, "refresh_status", counted)
        progress = screen.query_one("#header-progress")
        saved = screen.query_one("#header-saved")
        empty = str(progress.render())
        await pilot.press("a")
        await pilot.pause()
        assert worked_out == ["a"]  # answered, and saving began
        answered = str(progress.render())
        assert answered != empty and "● editing" in str(saved.render())
        await pilot.press("b", "c", "backspace", "backspace")
        await pilot.pause()
        assert worked_out == ["a"]
        await pilot.press("backspace")  # emptied
        await pilot.pause()
        assert worked_out == ["a", ""] and str(progress.render()) == empty

        await goto(pilot, "budget", "budget_pilot_cost")
        fix = screen.query_one("#header-fix")
        await pilot.press("1", "2")
        await pilot.pause()
        assert not fix.display
        await pilot.press("x")  # cannot be read: a problem to fix
        await pilot.pause()
        assert fix.display and "! 1 to fix" in str(fix.render())
        await pilot.press("backspace")
        await pilot.pause()
        assert not fix.display
        assert screen.session.plan.answers["budget_pilot_cost"] == 12


async def test_the_header_shows_the_plans_name_as_it_is_typed(store, bank, monkeypatch):
    """The plan's name is an answer (the bank's name question): every key typed in it moves
    the header, before any save."""
    from pilot2prod.tui.wizard import editing

    monkeypatch.setattr(editing, "SAVE_DELAY", 60.0)
    monkeypatch.setattr(editing, "SAVE_AT_MOST", 60.0)
    path = new_plan(store, bank, name="Ab")
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await goto(pilot, "basics", "plan_name")
        where = app.screen.query_one("#header-where")
        await pilot.press("end", "x")
        await pilot.pause()
        assert "Abx ·" in str(where.render())
        await pilot.press("y", "z")
        await pilot.pause()
        assert "Abxyz ·" in str(where.render())


@pytest.mark.parametrize("size", [(80, 24), (60, 18), (120, 40)])
async def test_the_key_bar_keeps_the_essential_keys_at_any_width(store, bank, size):
    """Next, Back, Home, Quit and Help stay on the bar; the others give way from the right."""
    from pilot2prod.tui.widgets.keybar import KeyBar

    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = app.screen.query_one(KeyBar).text
        assert len(text) <= size[0], text
        for word in ("PgDn Next", "PgUp Back", "esc Home", "^q Quit", "f1 Help"):
            assert word in text, text
        if size[0] >= 120:
            assert "f2 Dashboard" in text


async def test_the_wizard_tidies_the_store_once_its_first_screen_is_drawn(store, bank):
    """The wizard's commands leave tidying to the app (a plan opens sooner): a temporary file
    a killed save left an hour ago goes once the plan is on screen, not before."""
    path = new_plan(store, bank)
    old = store.plans_dir / ".acme.abc123.tmp"
    old.write_text("half a plan", encoding="utf-8")
    an_hour_ago = os.stat(old).st_mtime - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False, tidy_store=True)
    tidy, drawn_first = store.tidy, []
    store.tidy = lambda: drawn_first.append(app.started.is_set()) or tidy()  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.started.wait()
        await pilot.pause()
        assert drawn_first == [True]
        assert not old.exists()


async def test_a_store_that_cannot_be_tidied_leaves_the_plan_open(store, bank):
    """Tidying after the first frame is housekeeping: a folder it may not read (another
    user's temporary folder) leaves the app running, with no traceback."""
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False, tidy_store=True)
    tried: list[bool] = []

    def refused() -> None:
        tried.append(True)
        raise PermissionError(13, "Permission denied", "/tmp/pilot2prod-65534/recovery")

    store.tidy = refused  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.started.wait()
        await pilot.pause()
        assert tried == [True]
        assert isinstance(app.screen, WizardScreen) and app.is_running


async def test_the_key_bar_draws_its_keys_in_the_themes_colour(store, bank):
    """The keys are drawn bold in the theme's footer-key colour, and in the new theme's
    colour once the theme changes (the bar's text is the same)."""
    from textual.color import Color

    from pilot2prod.tui.widgets.keybar import KeyBar

    def key_colour(app) -> Color | None:
        bar = app.screen.query_one(KeyBar)
        line = bar.render_line(0)
        key = next(segment for segment in line if segment.text.strip() == "PgDn")
        assert key.style is not None and key.style.bold
        return Color.from_rich_color(key.style.color)

    def wanted(app) -> Color:
        return Color.parse(app.theme_variables["footer-key-foreground"])

    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = key_colour(app)
        assert before == wanted(app)
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert key_colour(app) == wanted(app) != before


async def test_a_window_too_small_says_so_until_it_grows(store, bank):
    from textual.widgets import Static

    from pilot2prod.tui.screens.too_small import TooSmall

    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmall)
        said = str(app.screen.query_one(Static).render())
        assert "Window too small (50×15, needs 60×18)" in said
        await pilot.resize_terminal(58, 30)
        await pilot.pause()
        assert "58×30" in str(app.screen.query_one(Static).render())
        await pilot.resize_terminal(60, 18)
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        await pilot.press(*"typed after")
        await pilot.pause()
    assert store.load(path).answers.get("use_case") == "typed after"


async def test_the_question_being_answered_shows_whole_once_the_window_grows(store, bank):
    """Started in a window too small, the first question was scrolled into view as far as
    its box (its prompt above the page); grown back, the page shows it prompt and all."""
    from pilot2prod.tui.widgets.fields import QuestionField

    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        focused = app.focused
        assert focused is not None
        field = next(a for a in focused.ancestors_with_self if isinstance(a, QuestionField))
        assert field.question.id == "use_case"
        assert app.screen.can_view_entire(field.query_one(".prompt"))
        assert app.screen.can_view_entire(focused)


async def test_ctrl_c_says_how_to_quit_in_plain_words(store, bank):
    path = new_plan(store, bank)
    app = make_app(store, bank, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_help_quit()
        await pilot.pause()
        said = [n.message for n in app._notifications]
    assert said == ["Ctrl+Q saves and quits. (Ctrl+C copies, in a text field.)"]


@pytest.mark.parametrize("opened", [True, False], ids=["wizard", "home"])
async def test_the_palette_offers_textuals_commands_that_fit_and_saves_screenshots_as_ours(
    store, bank, tmp_path, monkeypatch, opened
):
    """Of Textual's own palette commands, Theme and Quit stay; Keys (a panel beside the page
    whose Escape left the plan; F1 is the help) and Maximize do not show; Screenshot saves as
    the app does (downloads folder, else here), with the notice saying where."""
    import platformdirs
    from textual.command import CommandList

    monkeypatch.setattr(platformdirs, "user_downloads_dir", lambda: str(tmp_path / "none"))
    monkeypatch.chdir(tmp_path)
    app = make_app(store, bank, new_plan(store, bank) if opened else None)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.action_command_palette()
        await pilot.pause()
        await asyncio.sleep(0.3)
        commands = app.screen.query_one(CommandList)
        offered = [
            str(commands.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(commands.option_count)
        ]
        assert {"Theme", "Quit", "Screenshot"} <= set(offered)
        assert not {"Keys", "Maximize", "Minimize"} & set(offered)
        await pilot.press(*"screenshot")
        await asyncio.sleep(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await asyncio.sleep(0.3)
        said = [n.message for n in app._notifications]
    (shot,) = tmp_path.glob("pilot2prod-*.svg")
    assert said[-1] == f"Screenshot saved: {shot}"


async def test_a_screenshot_is_saved_even_without_a_downloads_folder(
    store, bank, tmp_path, monkeypatch
):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_dir", lambda: str(tmp_path / "none"))
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = make_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_screenshot()
        await pilot.pause()
        said = [n.message for n in app._notifications]
    (shot,) = here.glob("pilot2prod-*.svg")
    assert shot.read_text(encoding="utf-8").startswith("<svg")
    assert said == [f"Screenshot saved: {shot}"]
