"""The presenter view: follows the scribe, shows saves, only reads, and says when the plan goes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pilot2prod.plan import Plan
from pilot2prod.resources import example_path
from pilot2prod.store import Place, Store
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.screens.presenter import POLL_EVERY, PresenterScreen, shown_answer
from pilot2prod.tui.session import PlanSession
from pilot2prod.tui.wizard import WizardScreen


def order(bank) -> list[str]:
    return [q.id for q in bank.questions()]


@pytest.fixture
def plan_path(store: Store, bank) -> Path:
    return store.create(Plan.new("Acme claims triage", bank), order(bank))


def presenter_app(store: Store, bank, path: Path) -> Pilot2ProdApp:
    return Pilot2ProdApp(store, bank, path, cursor_blink=False, present=True)


def presenter(app) -> PresenterScreen:
    assert isinstance(app.screen, PresenterScreen), type(app.screen)
    return app.screen


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def screen_text(app) -> str:
    """Every question block, the step and the header, as plain text."""
    parts = [shown(app, "#presenter-header"), shown(app, "#presenter-step")]
    parts += [str(block.render()) for block in app.screen.query(".presenter-question")]
    return "\n".join(parts)


async def wait_until(pilot, check, timeout: float = 5.0) -> None:
    """Let the presenter poll until *check()* holds."""
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "the presenter view did not catch up"
        await pilot.pause(POLL_EVERY)


# --- Following the scribe -------------------------------------------------------------------------


async def test_follows_the_scribes_step_question_and_saves(store, bank, plan_path):
    scribe = PlanSession.open(store, bank, plan_path)  # another window, editing
    try:
        app = presenter_app(store, bank, plan_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert "Following the scribe · step 1 of 27" in shown(app, "#presenter-header")
            assert shown(app, "#presenter-step") == "Plan basics"

            scribe.show_place("stakeholder_buy_in", "buyin_shared_with")
            await wait_until(pilot, lambda: "Stakeholder buy-in" in shown(app, "#presenter-step"))
            current = app.screen.query_one("#present-buyin_shared_with")
            assert current.has_class("-current")

            question = bank.question("buyin_decision_makers")
            scribe.set_answer(question, "The CFO and the head of claims")
            assert scribe.flush()
            await wait_until(pilot, lambda: "The CFO and the head of claims" in screen_text(app))
    finally:
        scribe.close()


async def test_stepping_on_its_own_and_escape_follows_again(store, bank, plan_path):
    scribe = PlanSession.open(store, bank, plan_path)
    try:
        scribe.show_place("data_plan", None)
        app = presenter_app(store, bank, plan_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            view = presenter(app)
            start = shown(app, "#presenter-step")
            await pilot.press("right")
            assert not view.following
            assert "On its own" in shown(app, "#presenter-header")
            assert shown(app, "#presenter-step") != start
            scribe.show_place("basics", "use_case")  # the scribe moves meanwhile
            await pilot.pause(POLL_EVERY * 2)
            assert shown(app, "#presenter-step") != "Plan basics"  # not followed while on its own
            await pilot.press("down")
            assert any(b.has_class("-current") for b in app.screen.query(".presenter-question"))
            await pilot.press("escape")
            assert view.following
            assert shown(app, "#presenter-step") == "Plan basics"
            await pilot.press("escape")  # already following, and no wizard to go back to
            assert isinstance(app.screen, PresenterScreen)
            assert "Wizard" not in app.screen.query_one("KeyBar").text
    finally:
        scribe.close()


async def test_says_when_the_editing_window_has_closed(store, bank, plan_path):
    scribe = PlanSession.open(store, bank, plan_path)
    scribe.show_place("data_plan", None)
    app = presenter_app(store, bank, plan_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Following the scribe" in shown(app, "#presenter-header")
        store.save_position(plan_path, "data_plan")  # as the wizard does on leaving
        scribe.close()  # the scribe's window goes back home, or quits
        closed = "The editing window has closed; showing the last saved plan"
        await wait_until(pilot, lambda: closed in shown(app, "#presenter-header"))
        assert "Following" not in shown(app, "#presenter-header")
        assert shown(app, "#presenter-step") == "1. Pilot design › Data plan"
        again = PlanSession.open(store, bank, plan_path)  # a scribe opens it again
        try:
            again.show_place("basics", "use_case")
            await wait_until(
                pilot, lambda: "Following the scribe" in shown(app, "#presenter-header")
            )
            assert shown(app, "#presenter-step") == "Plan basics"
        finally:
            again.close()


def test_a_closed_window_is_no_longer_the_scribe(store, bank, plan_path):
    scribe = PlanSession.open(store, bank, plan_path)
    scribe.show_place("basics", "use_case")
    assert store.editing_window_place(plan_path) == Place("basics", "use_case")
    scribe.close()
    assert store.editing_window_place(plan_path) is None


async def test_shows_the_headline_figures_in_digits(store, bank):
    path = store.demo(example_path(), order(bank))
    app = presenter_app(store, bank, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from pilot2prod import insight

        assessment = insight.assess(bank, store.load(path))
        progress = app.screen.query_one("#presenter-progress")
        assert progress.value == f"{assessment.progress.percent}%"
        assert shown(app, "#presenter-verdict") == assessment.readiness.verdict
        risks = shown(app, "#presenter-risks")
        assert "HIGH" in risks and "LOW" not in risks


# --- Only reading ---------------------------------------------------------------------------------


def beside(path: Path) -> dict[str, bytes]:
    """Every file in the plan's folder and the state and locks folders, with its bytes."""
    files = {}
    for folder in (path.parent, *(path.parent.parent / name for name in ("state", "locks"))):
        if folder.is_dir():
            for item in sorted(folder.iterdir()):
                if item.is_file():
                    files[str(item)] = item.read_bytes()
    return files


async def test_takes_no_lock_and_writes_nothing(store, bank, plan_path):
    before = beside(plan_path)
    stamp = os.stat(plan_path).st_mtime_ns
    app = presenter_app(store, bank, plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "down")
        await pilot.pause(POLL_EVERY * 2)
        assert store.other_windows(plan_path) == []
        lock, holder = store.take_edit_lock(plan_path)  # free for the scribe
        assert lock is not None and holder is None
        lock.release()
        await pilot.press("ctrl+q")
    assert {k: v for k, v in beside(plan_path).items() if "edit.lock" not in k} == before
    assert os.stat(plan_path).st_mtime_ns == stamp
    assert app.sessions == []


# --- When the file goes ---------------------------------------------------------------------------


async def test_a_deleted_or_broken_plan_keeps_the_last_view_and_says_so(store, bank, plan_path):
    scribe = PlanSession.open(store, bank, plan_path)
    question = bank.question("use_case")
    scribe.set_answer(question, "Sorting claims")
    assert scribe.flush()
    scribe.close()
    good = plan_path.read_bytes()
    app = presenter_app(store, bank, plan_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        problem = app.screen.query_one("#presenter-problem")
        assert not problem.display

        plan_path.unlink()
        await wait_until(pilot, lambda: problem.display)
        assert "acme-claims-triage.toml is gone" in shown(app, "#presenter-problem")
        assert "Sorting claims" in screen_text(app)

        plan_path.write_text("answers = [not toml", encoding="utf-8")
        await wait_until(pilot, lambda: "cannot be read" in shown(app, "#presenter-problem"))
        assert "Sorting claims" in screen_text(app)

        plan_path.write_bytes(good)
        await wait_until(pilot, lambda: not problem.display)
        assert "Sorting claims" in screen_text(app)


# --- In place, from the wizard (F9) ---------------------------------------------------------------


async def test_f9_shows_the_wizards_place_and_goes_back(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, "data_plan", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        current = wizard.current_question()
        await pilot.press("f9")
        await pilot.pause()
        view = presenter(app)
        assert "Following this window" in shown(app, "#presenter-header")
        assert app.screen.query_one(f"#present-{current}").has_class("-current")
        assert "Wizard" in app.screen.query_one("KeyBar").text
        await pilot.press("right", "escape")  # back to following, still in the view
        assert view.following and isinstance(app.screen, PresenterScreen)
        await pilot.press("escape")
        assert app.screen is wizard and wizard.step.id == "data_plan"
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("f9")
        assert app.screen is wizard


# --- Pieces ---------------------------------------------------------------------------------------


def test_a_table_answer_shows_one_row_per_line(bank):
    question = next(q for q in bank.questions() if q.kind == "list" and len(q.columns) >= 2)
    first, second = question.columns[0].id, question.columns[1].id
    value = [{first: "Exports by hand", second: "A feed"}, {first: "Laptop", second: ""}]
    assert shown_answer(question, value, "") == "• Exports by hand · A feed\n• Laptop"
    assert shown_answer(question, [], "") == ""


def test_the_scribe_is_the_editing_window_that_moved_last(store, bank, plan_path):
    assert store.editing_place(plan_path) is None
    store.save_position(plan_path, "integration")
    assert store.editing_place(plan_path) == Place("integration")  # no window: where it was left
    first = PlanSession.open(store, bank, plan_path)
    follower = PlanSession.open(store, bank, plan_path, read_only=True)
    try:
        first.show_place("basics", "use_case")
        follower.show_place("monitoring", None)  # a read-only window is nobody to follow
        assert store.editing_place(plan_path) == Place("basics", "use_case")
    finally:
        first.close()
        follower.close()


def test_a_note_left_by_a_process_that_ended_is_not_followed(store, plan_path):
    import json

    note = store.locks.path(plan_path, "window-999999999")
    note.parent.mkdir(parents=True, exist_ok=True)
    dead = {"pid": 999_999_999, "host": "", "role": "editing", "step": "monitoring"}
    note.write_text(json.dumps(dead), encoding="utf-8")
    store.save_position(plan_path, "integration")
    assert store.editing_place(plan_path) == Place("integration")


def test_present_names_a_plan_that_does_not_exist(run):
    result = run("present", "No such plan")
    assert result.code == 1
    assert "No such plan" in result.err and "Traceback" not in result.err


def test_present_needs_a_terminal(run, store, bank, plan_path):
    result = run("present", "Acme claims triage")
    assert result.code == 2
    assert "needs a terminal" in result.err
