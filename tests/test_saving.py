"""Saving in the app: failed saves are never silent, conflicts can be picked, foreign data stays.

Driven with Textual's Pilot. A failing disk is simulated by refusing the atomic rename (file
permissions do not stop root, who may run the suite).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from pilot2prod import fileio
from pilot2prod.plan import Plan
from pilot2prod.store import Store, read_plan, write_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.dialogs import Choose
from pilot2prod.tui.screens.conflicts import ConflictsScreen
from pilot2prod.tui.screens.home import HomeScreen
from pilot2prod.tui.wizard import WizardScreen

SIZE = (100, 40)


def new_plan(store: Store, bank) -> Path:
    return store.create(Plan.new("Saving", bank), [q.id for q in bank.questions()])


class Disk:
    """Make every atomic rename fail, and work again, when a test says so."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def fail(self) -> None:
        def refuse(src: str, dst: str) -> None:
            raise PermissionError(13, "Permission denied", str(dst))

        self.monkeypatch.setattr(fileio.os, "replace", refuse)

    def heal(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def failing_disk(monkeypatch) -> Disk:
    return Disk(monkeypatch)


async def type_unsaved(pilot, disk: Disk, text: str) -> None:
    disk.fail()
    await pilot.press(*text)
    wizard = pilot.app.screen
    assert isinstance(wizard, WizardScreen)
    wizard.flush()
    await pilot.pause()
    assert "NOT SAVED" in str(wizard.query_one("#header-saved").render())


async def test_quitting_with_unsaved_answers_asks_and_can_lose_them(store, bank, failing_disk):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_unsaved(pilot, failing_disk, "Never saved")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        assert "Quit and lose these answers" in str(app.screen.query_one("#choice-lose").label)
        await pilot.press("escape")  # Cancel: stay
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen) and app.is_running
        await pilot.press("escape")  # leaving the plan asks too
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        await pilot.press("3")  # Quit and lose these answers (here: leave the plan)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert "use_case" not in read_plan(path).answers


async def test_retry_saves_once_the_disk_is_back(store, bank, failing_disk):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_unsaved(pilot, failing_disk, "Saved on retry")
        await pilot.press("ctrl+q")
        await pilot.pause()
        failing_disk.heal()
        await pilot.press("1")  # Try saving again
        await pilot.pause()
        await pilot.pause()
    assert read_plan(path).answers["use_case"] == "Saved on retry"
    assert not app.is_running


async def test_a_copy_can_be_saved_elsewhere(store, bank, failing_disk, tmp_path):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    elsewhere = tmp_path / "elsewhere.toml"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_unsaved(pilot, failing_disk, "Kept in a copy")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("2")  # Save a copy elsewhere…
        await pilot.pause()
        failing_disk.heal()  # the copy goes to a disk that works
        prompt = app.screen.query_one("#value", Input)
        assert prompt.value.endswith("saving-unsaved.toml")
        prompt.value = str(elsewhere)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
    assert read_plan(elsewhere).answers["use_case"] == "Kept in a copy"
    assert not app.is_running


async def test_conflicts_can_be_seen_and_picked(store, bank):
    path = new_plan(store, bank)
    plan = read_plan(path)
    plan.answers["sponsor"] = "Sam, CFO"
    plan.conflicts.append(
        {
            "question": "sponsor",
            "kept": "Sam, CFO",
            "other": "Jo, COO",
            "at": "2026-11-26T10:00:00Z",
        }
    )
    write_plan(plan, path)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wizard = app.screen
        assert "⚠ 1 conflict" in str(wizard.query_one("#header-conflicts").render())
        wizard.action_conflicts()  # (a worker: it waits for the screen it opens)
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
        listing = app.screen.query_one(OptionList)
        assert "Jo, COO" in str(listing.get_option_at_index(0).prompt)
        listing.focus()
        listing.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")  # Use the other
        await pilot.pause()
        await pilot.pause()
        assert not wizard.query_one("#header-conflicts").display
        await app.action_quit()
    saved = read_plan(path)
    assert saved.answers["sponsor"] == "Jo, COO"
    assert saved.conflicts == []


FOREIGN = """\
schema_version = 1

[plan]
name = "Foreign"
created = "2026-01-01T00:00:00Z"
updated = "2026-01-01T00:00:00Z"
bank_id = "pilot2prod"
bank_version = "1"
owner_team = "platform"

[answers]
organisation = "Acme"
debt_budgeted = "maybe later"
buyin_shared_with = [
    "finance",
    "the board",
]

[answers.check_security]
status = "manual"
due = "2027-01"

[retrospective]
room = "4.12"
"""


async def test_an_edit_changes_only_that_answer_in_a_plan_full_of_the_unknown(store, bank):
    store.plans_dir.mkdir(parents=True)
    path = store.plans_dir / "foreign.toml"
    path.write_text(FOREIGN, encoding="utf-8")
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Browse the steps that hold what this bank does not know, and change one answer.
        for step in ("technical_debt", "stakeholder_buy_in", "technical", "basics"):
            await app.screen.go_to(step)
            await pilot.pause()
        await app.screen.go_to("basics", "organisation")
        await pilot.pause()
        await pilot.press("end", *" Ltd")
        await app.action_quit()
    after = path.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(FOREIGN.splitlines(), after.splitlines(), lineterm="")
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert sorted(changed) == sorted(
        [
            '-updated = "2026-01-01T00:00:00Z"',
            f'+updated = "{read_plan(path).updated}"',
            '-organisation = "Acme"',
            '+organisation = "Acme Ltd"',
        ]
    ), changed


async def test_a_plan_edited_elsewhere_while_open_is_left_exactly_as_edited(store, bank):
    store.plans_dir.mkdir(parents=True)
    path = store.plans_dir / "foreign.toml"
    path.write_text(FOREIGN, encoding="utf-8")
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for step in ("technical_debt", "technical", "budget"):
            await app.screen.go_to(step)
            await pilot.pause()
        edited = FOREIGN.replace('organisation = "Acme"', 'organisation = "Edited in vim"')
        path.write_text(edited, encoding="utf-8")
        await pilot.pause(1.2)  # the window picks it up
        assert app.screen.session.plan.answers["organisation"] == "Edited in vim"
        await app.action_quit()
    assert path.read_text(encoding="utf-8") == edited


async def test_review_lists_what_the_bank_does_not_understand(store, bank):
    from pilot2prod.tui.screens.review import ReviewScreen

    store.plans_dir.mkdir(parents=True)
    path = store.plans_dir / "foreign.toml"
    path.write_text(FOREIGN, encoding="utf-8")
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        lines = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        kept = lines[lines.index(next(x for x in lines if "Kept, not understood" in x)) :]
        text = "\n".join(kept)
        for expected in ("owner_team", "[retrospective]", "maybe later", "the board", "due"):
            assert expected in text, expected


def test_a_save_past_its_deadline_is_never_a_timer_of_zero_seconds(bank, monkeypatch):
    """Typing without a pause past SAVE_AT_MOST: the save is due at once, but never scheduled
    as a 0 s timer (Textual divides by a timer's interval when it fires late, on a loaded
    machine, and the save in it was lost to a ZeroDivisionError)."""
    from pilot2prod.tui.wizard import editing

    delays: list[float] = []

    class Stopped:
        def stop(self) -> None:
            pass

    def set_timer(delay: float, callback: object) -> Stopped:
        delays.append(delay)
        return Stopped()

    clock = [100.0]
    monkeypatch.setattr(editing.time, "monotonic", lambda: clock[0])
    editor = editing.AnswerEditor(bank, object(), set_timer, lambda: None)
    editor.schedule_save()
    clock[0] += editing.SAVE_AT_MOST + 1.0  # still typing, long past the first change
    editor.schedule_save()
    assert delays[0] == editing.SAVE_DELAY
    assert 0 < delays[1] <= editing.SOONEST
