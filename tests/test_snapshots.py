"""How the screens look, at 80x24 and 120x40 (pytest-textual-snapshot; cursor blink off).

Update after a deliberate change with ``pytest tests/test_snapshots.py --snapshot-update``, then
look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pilot2prod.bank import load_bank
from pilot2prod.plan import Plan
from pilot2prod.resources import example_path
from pilot2prod.store import Store, write_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.session import PlanSession

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
STAMP = "2026-11-20T10:00:00Z"


@pytest.fixture
def snap_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A data dir under a fake home, so the path on screen reads ~/data/plans everywhere."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return Store(tmp_path / "data")


def with_plans(store: Store) -> Path:
    bank = load_bank()
    order = [q.id for q in bank.questions()]
    example = store.demo(example_path(), order)
    fresh = Plan.new("Acme onboarding assistant", bank)
    fresh.created = fresh.updated = STAMP
    fresh.answers["organisation"] = "Acme Ltd"
    write_plan(fresh, store.plans_dir / "acme-onboarding-assistant.toml", order)
    return example


pytestmark = pytest.mark.neighbour_pages  # screens as people see them: pages built while idle


def app_for(
    store: Store, path: Path | None = None, step: str | None = None, theme: str | None = None
) -> Pilot2ProdApp:
    return Pilot2ProdApp(store, load_bank(), path, step, cursor_blink=False, theme=theme)


async def _settle(pilot) -> None:
    """Wait until the app is idle: the wizard's pages near this one are built (they are made
    while idle, after the first screen), nothing is held, then one more frame."""
    import asyncio

    from pilot2prod.tui.wizard import WizardScreen

    screen = pilot.app.screen
    if isinstance(screen, WizardScreen):
        await asyncio.wait_for(screen.built.wait(), 10)
    await pilot.pause(0.2)
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize("size", SIZES)
def test_home_empty(snap_compare, snap_store, size):
    assert snap_compare(app_for(snap_store), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_plans(snap_compare, snap_store, size):
    with_plans(snap_store)
    assert snap_compare(app_for(snap_store), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_text_step(snap_compare, snap_store, size):
    path = with_plans(snap_store)
    app = app_for(snap_store, path, "basics")
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_choice_step(snap_compare, snap_store, size):
    """Chosen options read (•) / ( ) and ticked boxes [x] / [ ], not only by colour."""
    path = with_plans(snap_store)
    app = app_for(snap_store, path, "stakeholder_buy_in")

    async def to_the_ticks(pilot) -> None:
        await pilot.pause()
        await pilot.app.screen.go_to("stakeholder_buy_in", "buyin_shared_with")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=to_the_ticks)


@pytest.mark.parametrize("size", SIZES)
def test_checklist_step(snap_compare, snap_store, size):
    path = with_plans(snap_store)
    app = app_for(snap_store, path, "operational")
    assert snap_compare(app, terminal_size=size, run_before=_settle)


def after(key: str):
    """A run_before that opens a screen with *key* once the app has settled."""

    async def press(pilot) -> None:
        await pilot.pause()
        await pilot.press(key)
        await _settle(pilot)

    return press


@pytest.mark.parametrize("size", SIZES)
def test_review(snap_compare, snap_store, size):
    path = with_plans(snap_store)
    app = app_for(snap_store, path)
    assert snap_compare(app, terminal_size=size, run_before=after("ctrl+r"))


@pytest.mark.parametrize("size", SIZES)
def test_preview(snap_compare, snap_store, size):
    path = with_plans(snap_store)
    app = app_for(snap_store, path)
    assert snap_compare(app, terminal_size=size, run_before=after("ctrl+o"))


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, snap_store, size):
    path = with_plans(snap_store)
    app = app_for(snap_store, path)
    assert snap_compare(app, terminal_size=size, run_before=after("f2"))


def with_answers_to_fix(store: Store) -> Path:
    """The example plan with an amount and a date that could not be read, kept as typed."""
    path = with_plans(store)
    plan = store.load(path)
    plan.answers.pop("budget_production", None)
    plan.drafts["budget_production"] = "1.234,50"
    plan.answers.pop("budget_pilot_end", None)
    plan.drafts["budget_pilot_end"] = "03/04/2027"
    write_plan(plan, path, [q.id for q in load_bank().questions()])
    return path


@pytest.mark.parametrize("size", SIZES)
def test_step_with_answers_to_fix(snap_compare, snap_store, size):
    path = with_answers_to_fix(snap_store)
    app = app_for(snap_store, path, "budget")
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_table_step(snap_compare, snap_store, size):
    path = with_plans(snap_store)
    app = app_for(snap_store, path, "operating_model")

    async def to_the_table(pilot) -> None:
        await pilot.pause()
        await pilot.app.screen.go_to("operating_model", "risk_register")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=to_the_table)


THEMES = [pytest.param("projector", id="projector"), pytest.param("ansi-dark", id="ansi")]


@pytest.mark.parametrize("theme", THEMES)
def test_text_step_in_other_themes(snap_compare, snap_store, theme):
    path = with_plans(snap_store)
    app = app_for(snap_store, path, "basics", theme=theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)


@pytest.mark.parametrize("theme", THEMES)
def test_dashboard_in_other_themes(snap_compare, snap_store, theme):
    path = with_plans(snap_store)
    app = app_for(snap_store, path, theme=theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("f2"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, snap_store, size):
    """F1: the wizard's keys are in view at 80x24."""
    path = with_plans(snap_store)
    app = app_for(snap_store, path, "basics")
    assert snap_compare(app, terminal_size=size, run_before=after("f1"))


SMALL = pytest.param((60, 18), id="60x18")
"""A zoomed-in terminal on a projector: the documented minimum."""


@pytest.mark.parametrize("size", [*SIZES, SMALL])
def test_presenter_view(snap_compare, snap_store, size):
    """The room's view of the step the scribe is on, its answers and the headline figures."""
    path = with_plans(snap_store)
    scribe = PlanSession.open(snap_store, load_bank(), path)
    scribe.show_place("readiness_testing", "test_volume_result")
    try:
        app = Pilot2ProdApp(snap_store, load_bank(), path, cursor_blink=False, present=True)
        assert snap_compare(app, terminal_size=size, run_before=_settle)
    finally:
        scribe.close()


def test_wizard_at_the_minimum_size(snap_compare, snap_store):
    """60x18: the question, its field and the essential keys are still there."""
    path = with_plans(snap_store)
    app = app_for(snap_store, path, "readiness_testing")
    assert snap_compare(app, terminal_size=(60, 18), run_before=_settle)


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), SMALL])
def test_action_dialog(snap_compare, snap_store, size):
    """F3 on a question: the title, the first fields and Save / Cancel all in view (the
    fields scroll; under 24 rows they lose their borders)."""
    path = with_plans(snap_store)
    app = app_for(snap_store, path, "basics")
    assert snap_compare(app, terminal_size=size, run_before=after("f3"))
