"""Dialogs fit, keep their buttons in view and clear of notices, and never lose typed text.

Each dialog is opened directly on an app showing the (empty) list of plans, as the screens
open it, at 80x24 and at 60x18 (a zoomed-in terminal); a few are reached through the app
itself (another window's lock, a failed save) so that what is tested is what people see.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input
from textual.widgets._toast import Toast

from pilot2prod.bank import CHECKLIST_STATUSES, Bank
from pilot2prod.plan import Plan
from pilot2prod.store import Store
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.dialogs import (
    ActionDialog,
    Choose,
    Confirm,
    Dialog,
    NewPlan,
    ParkDialog,
    Prompt,
    RowEditor,
    SurenessDialog,
)
from pilot2prod.tui.screens.conflicts import ConflictsScreen, which_answer
from pilot2prod.tui.wizard import StepPage, WizardScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((60, 18), id="60x18")]
LONG = (
    "Invest early in data infrastructure: pipelines, quality checks and ownership, so that "
    "production does not depend on the hand-cleaned extract the pilot ran on"
)
NOTICES = [
    "5 minutes left for this step.",
    "Parked (F6 shows the parking lot). A second notice long enough to wrap at sixty columns.",
]

Opener = Callable[[Pilot2ProdApp, Pilot[None]], Awaitable[None]]


def pushing(make: Callable[[Bank], ModalScreen[Any]]) -> Opener:
    async def open_it(app: Pilot2ProdApp, pilot: Pilot[None]) -> None:
        app.push_screen(make(app.bank))

    return open_it


def conflict(question: str, kept: str, other: str) -> dict[str, str]:
    return {"question": question, "kept": kept, "other": other, "at": "2026-11-26T10:00:00Z"}


CONFLICTS = [
    conflict("use_case", LONG, LONG.upper()),
    conflict("sponsor", "Sam, CFO", "Jo, COO"),
    conflict("organisation", "Acme", "Acme Insurance Ltd"),
]


async def open_elsewhere(app: Pilot2ProdApp, pilot: Pilot[None]) -> None:
    """The question when another window already edits the plan (its lock is held here)."""
    path = app.store.create(Plan.new("Acme claims triage", app.bank))
    lock, _ = app.store.take_edit_lock(path)
    assert lock is not None
    app.open_plan(path)


def failed_save() -> Any:
    """What the unsaved-answers question reads of a session whose saves fail."""
    return SimpleNamespace(
        error=f"cannot write {'/very/long/folder' * 4}/acme-claims-triage.toml (Permission denied)",
        path=Path("/very/long/folder/acme-claims-triage.toml"),
    )


async def unsaved(app: Pilot2ProdApp, pilot: Pilot[None]) -> None:
    app.ask_about_unsaved(failed_save(), then=lambda: None)


async def save_a_copy(app: Pilot2ProdApp, pilot: Pilot[None]) -> None:
    await unsaved(app, pilot)
    await pilot.pause()
    await pilot.press("2")  # Save a copy elsewhere…


async def discard_question(app: Pilot2ProdApp, pilot: Pilot[None]) -> None:
    app.push_screen(RowEditor(app.bank.question("risk_register"), {}, "GBP"))
    await pilot.pause()
    await pilot.press(*"Vendor lock-in", "escape")


def status_choice(bank: Bank) -> Choose:
    options = [*CHECKLIST_STATUSES, ("cancel", "Keep it as it is")]
    return Choose("Status", bank.question("check_alerts").prompt, list(options))


DIALOGS: dict[str, Opener] = {
    "action": pushing(
        lambda bank: ActionDialog(
            {"what": LONG}, about=f"From: {bank.question('use_case').prompt}", title="New action"
        )
    ),
    "park": pushing(
        lambda bank: ParkDialog({}, about=f"About: {bank.question('use_case').prompt}")
    ),
    "how sure": pushing(
        lambda bank: SurenessDialog(
            {"source": ""}, about=bank.question("budget_pilot_cost").prompt, choice=""
        )
    ),
    "row editor": pushing(lambda bank: RowEditor(bank.question("risk_register"), {}, "GBP")),
    "agenda minutes": pushing(
        lambda bank: Prompt(
            "Time box", "Minutes for 1 Pilot design › Production criteria (0 leaves it out)", "10"
        )
    ),
    "new plan": pushing(lambda bank: NewPlan(lambda name: None)),
    "rename": pushing(lambda bank: Prompt("Rename plan", "Name:", "Acme claims triage", "Rename")),
    "new from": pushing(
        lambda bank: Prompt(
            "New plan from 'Acme claims triage'",
            "Name (only what the method marks reusable is copied, without the client's "
            "name and people; Review lists the copied texts to check)",
            ok="Create",
        )
    ),
    "export": pushing(
        lambda bank: Prompt(
            "Export to Markdown", "Save the plan as:", f"{'/long/folder' * 6}/acme.md", "Export"
        )
    ),
    "overwrite": pushing(
        lambda bank: Confirm(
            f"{'/long/folder' * 6}/acme.md already exists. Overwrite it?", "Overwrite"
        )
    ),
    "delete": pushing(
        lambda bank: Confirm(
            "Delete 'Acme claims triage'? The file moves to the trash folder in the data "
            "directory, where you can get it back.",
            "Delete",
        )
    ),
    "conflicts": pushing(lambda bank: ConflictsScreen(bank, CONFLICTS)),
    "which answer": pushing(lambda bank: which_answer(bank, CONFLICTS[0])),
    "unsaved answers": unsaved,
    "save a copy": save_a_copy,
    "open elsewhere": open_elsewhere,
    "checklist status": pushing(status_choice),
    "discard typed text": discard_question,
}


def app_for(store: Store, bank: Bank) -> Pilot2ProdApp:
    return Pilot2ProdApp(store, bank, cursor_blink=False)


def covers(region: Region, others: list[Region]) -> bool:
    return any(region.overlaps(other) for other in others)


def shown_at(screen: ModalScreen[Any], region: Region) -> Widget:
    """The widget drawn at the middle of *region* (whatever is on top there)."""
    widget, _ = screen.get_widget_at(region.x + region.width // 2, region.y + region.height // 2)
    return widget


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(DIALOGS))
async def test_every_dialog_shows_its_buttons_inside_the_screen_and_clear_of_notices(
    store, bank, name, size
):
    app = app_for(store, bank)
    async with app.run_test(size=size, notifications=True) as pilot:
        await DIALOGS[name](app, pilot)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ModalScreen), dialog
        for notice in NOTICES:
            app.notify(notice, timeout=60)
        await pilot.pause()
        await pilot.pause()
        toasts = [toast.region for toast in dialog.query(Toast)]
        assert len(toasts) == len(NOTICES)
        screen = dialog.region
        buttons = list(dialog.query(Button))
        assert buttons
        for button in buttons:
            where = f"{name}: {button.label} at {button.region}, notices at {toasts}"
            assert screen.contains_region(button.region), where
            assert not covers(button.region, toasts), where
            assert shown_at(dialog, button.region) is button, where
        focused = app.focused
        assert focused is not None and not covers(focused.region, toasts)
        assert shown_at(dialog, focused.region) in (focused, *focused.children), focused


def in_view(page: StepPage, field: Input) -> bool:
    return page.scrollable_content_region.contains_region(field.region)


async def frames_until(pilot: Any, done: Callable[[], bool], frames: int = 20) -> None:
    """Let the app draw frames until *done* (what the test asserts next says if it never is)."""
    for _ in range(frames):
        await pilot.pause()
        if done():
            return


@pytest.mark.parametrize("size", SIZES)
async def test_a_notice_in_the_wizard_never_covers_the_field_being_typed_in(store, bank, size):
    path = store.create(Plan.new("Acme claims triage", bank))
    app = Pilot2ProdApp(store, bank, path, "operational", cursor_blink=False)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        keybar = wizard.query_one("#keybar")
        page = wizard.query_one("#fields")
        # The first field below the page, focused: the wizard brings it up to the page's
        # bottom edge, where a notice taking rows at the bottom would hide it first.
        field = next(i for i in wizard.query(Input) if i.region.y >= page.region.bottom)
        field.focus(scroll_visible=False)
        step_page = next(a for a in field.ancestors if isinstance(a, StepPage))
        await frames_until(pilot, lambda: in_view(step_page, field))
        before = step_page.scrollable_content_region
        below = before.bottom - field.region.bottom  # rows of the page under the field
        await pilot.press(*"Ops team")
        for notice in NOTICES:
            app.notify(notice, timeout=60)
        # The notices take rows, the page gets shorter, then scrolls the field up: a frame each.
        await frames_until(
            pilot,
            lambda: (
                step_page.scrollable_content_region.bottom < before.bottom
                and in_view(step_page, field)
            ),
        )
        toasts = [toast.region for toast in wizard.query(Toast)]
        assert len(toasts) == len(NOTICES)
        assert sum(toast.height for toast in toasts) > below  # the field is where they go
        assert app.focused is field and field.value.endswith("Ops team")
        assert not covers(field.region, toasts)
        assert not covers(keybar.region, toasts)
        # Still in view: the page got shorter and scrolled the field back up.
        view = step_page.scrollable_content_region
        assert view.bottom < before.bottom  # shorter, by the notices' rows
        assert view.contains_region(field.region), (field.region, view)


# --- Enter confirms, Escape asks --------------------------------------------------------------


def typing_dialogs(bank: Bank) -> dict[str, tuple[Dialog, str]]:
    """Each dialog with one-line fields, and the text that makes its first field valid."""
    return {
        "action": (ActionDialog({}, title="New action"), "Call Sam"),
        "park": (ParkDialog({}), "Ask legal"),
        "how sure": (SurenessDialog({"source": ""}, choice=""), "the CFO"),
        "row editor": (RowEditor(bank.question("debt_register"), {}, "GBP"), "CSV by hand"),
        "prompt": (Prompt("Rename plan", "Name:", ""), "Acme"),
        "new plan": (NewPlan(lambda name: None), "Acme claims"),
    }


TYPING = ["action", "park", "how sure", "row editor", "prompt", "new plan"]


async def open_and_collect(app: Pilot2ProdApp, dialog: Dialog, pilot: Pilot[None]) -> list[Any]:
    """Push *dialog*; the returned list receives what it is dismissed with."""
    results: list[Any] = []
    app.push_screen(dialog, results.append)
    await pilot.pause()
    return results


@pytest.mark.parametrize("name", TYPING)
async def test_enter_in_the_first_field_confirms_the_dialog(store, bank, name):
    dialog, text = typing_dialogs(bank)[name]
    app = app_for(store, bank)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_and_collect(app, dialog, pilot)
        first = dialog.query(Input).first()
        first.focus()
        await pilot.pause()
        await pilot.press(*text, "enter")
        await pilot.pause()
        assert app.screen is not dialog
        (result,) = results
        assert result and text in str(result)


@pytest.mark.parametrize("name", TYPING)
async def test_escape_on_typed_text_asks_before_discarding_it(store, bank, name):
    dialog, text = typing_dialogs(bank)[name]
    app = app_for(store, bank)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_and_collect(app, dialog, pilot)
        first = dialog.query(Input).first()
        first.focus()
        await pilot.press(*text, "escape")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, Confirm)
        assert question.question == "Discard what you typed?"
        assert str(question.query_one("#cancel", Button).label) == "Keep editing (n)"
        await pilot.press("enter")  # the focus starts on "Keep editing"
        await pilot.pause()
        assert app.screen is dialog and first.value == text and app.focused is first
        await pilot.press(*"!")  # the focus is back where the typing was
        assert first.value == f"{text}!"
        dialog.query_one("#cancel", Button).press()  # Cancel asks the same
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")  # Discard
        await pilot.pause()
        assert app.screen is not dialog and results == [None]


async def test_escape_with_nothing_typed_closes_at_once(store, bank):
    app = app_for(store, bank)
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = Prompt("Rename plan", "Name:", "Acme claims triage", "Rename")
        results = await open_and_collect(app, prompt, pilot)
        await pilot.press("end", "x", "backspace")  # typed, then taken back: as it opened
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not prompt and results == [None]
        row = {"risk": "Vendor lock-in", "owner": "Jo"}
        editor = RowEditor(bank.question("risk_register"), row, "GBP")
        results = await open_and_collect(app, editor, pilot)
        await pilot.press("escape")  # an existing row, untouched
        await pilot.pause()
        assert app.screen is not editor and results == [None]


async def test_a_row_begun_by_a_key_keeps_it_at_the_cursor_and_asks_before_dropping_it(store, bank):
    """A key typed on a table opens the editor with that key in the first cell: the cursor
    is after it (the next keys follow it), and Escape asks before throwing it away."""
    question = bank.question("debt_register")
    first = question.columns[0].id
    app = app_for(store, bank)
    async with app.run_test(size=(60, 18)) as pilot:
        editor = RowEditor(question, {first: "C"}, "GBP", typed={first})
        results = await open_and_collect(app, editor, pilot)
        cell = editor.query_one(f"#col-{first}", Input)
        assert app.focused is cell
        assert cell.cursor_position == 1 and cell.selection.is_empty
        await pilot.press(*"SV by hand")
        assert cell.value == "CSV by hand"
        cell.value = "C"  # back to what it opened with: still typed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is editor and cell.value == "C"
        await pilot.press("enter")  # Enter saves the row from its first cell
        await pilot.pause()
        assert results == [{first: "C"}]
