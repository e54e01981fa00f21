"""Dialogs fit, and keep their buttons in view and clear of notices.

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
    NewPlan,
    ParkDialog,
    Prompt,
    RowEditor,
    SurenessDialog,
)
from pilot2prod.tui.screens.conflicts import ConflictsScreen, which_answer
from pilot2prod.tui.screens.wizard import StepPage, WizardScreen

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
            "Name (the registers, budget lines and checklist owners are copied; the client, "
            "people, dates and other answers are not)",
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
        await pilot.pause()
        step_page = next(a for a in field.ancestors if isinstance(a, StepPage))
        before = step_page.scrollable_content_region
        below = before.bottom - field.region.bottom  # rows of the page under the field
        await pilot.press(*"Ops team")
        for notice in NOTICES:
            app.notify(notice, timeout=60)
        await pilot.pause()
        await pilot.pause()
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
