"""Recovery files: offered by every way into a plan, only in the data directory they came from,
saying what they hold; never left empty."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pilot2prod import fileio
from pilot2prod.errors import UsageError
from pilot2prod.plan import Plan
from pilot2prod.store import Store, read_plan
from pilot2prod.store import recovery as store_recovery
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.dialogs import Choose
from pilot2prod.tui.screens.home import HomeScreen
from pilot2prod.tui.session import PlanSession
from pilot2prod.tui.wizard import WizardScreen

SIZE = (100, 40)


@pytest.fixture(autouse=True)
def system_tmp(monkeypatch, tmp_path: Path) -> Path:
    """The temporary folder's fallback, private to the test."""
    folder = tmp_path / "system-tmp"
    monkeypatch.setattr(store_recovery, "tempfile_dir", lambda: str(folder))
    return folder


def plan_in(store: Store, bank, name: str = "Acme") -> Path:
    return store.create(Plan.new(name, bank), bank.order)


def failed_save(store: Store, bank, path: Path, monkeypatch, answers: dict[str, str]) -> Path:
    """A window types *answers*, cannot save them, and keeps them in a recovery file."""
    session = PlanSession.open(store, bank, path)
    with monkeypatch.context() as patch:

        def refuse(src, dst):
            raise PermissionError(13, "Permission denied", str(dst))

        patch.setattr(fileio.os, "replace", refuse)
        for qid, value in answers.items():
            session.set_answer(bank.question(qid), value)
        assert not session.flush()
    file = session.write_recovery()
    session.close()
    assert file is not None
    return file


def dialog_text(app) -> str:
    assert isinstance(app.screen, Choose), type(app.screen)
    return app.screen.text


async def test_open_offers_the_plans_recovery_first_and_restores_it(store, bank, monkeypatch):
    path = plan_in(store, bank)
    file = failed_save(
        store, bank, path, monkeypatch, {"organisation": "Acme Ltd", "use_case": "Triage"}
    )
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        text = dialog_text(app)  # before the wizard shows the plan
        assert "2 answers to 'Acme' could not be saved" in text
        assert str(file) in text
        assert ": Acme Ltd" in text and ": Triage" in text  # what it holds
        await pilot.press("1")  # Restore them into the plan
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.session.plan.answers["organisation"] == "Acme Ltd"
        assert "✓ saved" in str(app.screen.query_one("#header-saved").render())
        await pilot.press("ctrl+q")
    assert read_plan(path).answers["organisation"] == "Acme Ltd"
    assert not file.exists()
    assert store.recoveries() == []


async def test_not_now_opens_the_plan_and_asks_again_next_time(store, bank, monkeypatch):
    path = plan_in(store, bank)
    file = failed_save(store, bank, path, monkeypatch, {"organisation": "Later"})
    for _ in range(2):
        app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            assert "1 answer to 'Acme' could not be saved" in dialog_text(app)
            await pilot.press("2")  # Not now
            await pilot.pause()
            assert isinstance(app.screen, WizardScreen)
            await pilot.press("ctrl+q")
        assert file.exists()
    assert "organisation" not in read_plan(path).answers


async def test_opening_from_home_offers_only_that_plans_recovery(store, bank, monkeypatch):
    acme, other = plan_in(store, bank), plan_in(store, bank, "Other")
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)  # nothing to offer at start
        # Meanwhile, windows elsewhere could not save either plan.
        failed_save(store, bank, acme, monkeypatch, {"organisation": "For Acme"})
        failed_save(store, bank, other, monkeypatch, {"organisation": "For Other"})
        app.screen.post_message(HomeScreen.Open(other))
        await pilot.pause()
        text = dialog_text(app)
        assert "For Other" in text and "For Acme" not in text
        await pilot.press("3")  # Discard them
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        await pilot.press("ctrl+q")
    assert [r.plan_file.name for r in store.recoveries()] == ["acme.toml"]


async def test_home_offers_every_plans_recovery_at_start_and_not_now_holds_for_the_run(
    store, bank, monkeypatch
):
    acme, other = plan_in(store, bank), plan_in(store, bank, "Other")
    failed_save(store, bank, acme, monkeypatch, {"organisation": "For Acme"})
    failed_save(store, bank, other, monkeypatch, {"organisation": "For Other"})
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        offered = [dialog_text(app)]
        await pilot.press("2")  # Not now
        await pilot.pause()
        offered.append(dialog_text(app))
        await pilot.press("escape")  # (the same as not now)
        await pilot.pause()
        assert "For Acme" in offered[0] and "For Other" in offered[1]
        assert isinstance(app.screen, HomeScreen)
        app.screen.post_message(HomeScreen.Open(acme))
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)  # not asked twice in one run
        await pilot.press("ctrl+q")
    assert len(store.recoveries()) == 2


async def test_a_recovery_in_the_shared_temporary_folder_is_only_offered_where_it_belongs(
    tmp_path, bank, monkeypatch, system_tmp
):
    first, second = Store(tmp_path / "first"), Store(tmp_path / "second")
    mine, theirs = plan_in(first, bank), plan_in(second, bank)  # same name, same file name
    (first.root / "recovery").write_text("not a folder", encoding="utf-8")  # data dir refuses
    file = failed_save(first, bank, mine, monkeypatch, {"organisation": "Only for first"})
    assert file.is_relative_to(system_tmp)

    assert second.recoveries() == [] and second.recoveries(theirs) == []
    (recovery,) = first.recoveries(mine)
    assert recovery.data_dir == first.root
    with pytest.raises(UsageError, match="not for a plan in"):
        second.restore(recovery)
    app = Pilot2ProdApp(second, bank, theirs, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WizardScreen)  # nothing offered
        await pilot.press("ctrl+q")
    assert "organisation" not in read_plan(theirs).answers
    assert file.exists()


def test_a_recovery_from_an_earlier_version_belongs_where_its_plan_is(store, bank, tmp_path):
    """Files written before recoveries named their data directory: the plan file decides."""
    path = plan_in(store, bank)
    plan = read_plan(path)
    changed = read_plan(path)
    changed.answers["organisation"] = "Old style"
    file = store.save_recovery(changed, plan, path, bank.order)
    old = file.read_text(encoding="utf-8").replace(
        f'data_dir = "{os.path.abspath(store.root)}"\n', ""
    )
    assert "data_dir" not in old
    file.write_text(old, encoding="utf-8")
    (recovery,) = store.recoveries(path)
    assert recovery.data_dir is None
    assert Store(tmp_path / "elsewhere").recoveries() == []


def test_empty_and_temporary_recovery_files_are_tidied_once_old(store):
    folder = store.root / "recovery"
    folder.mkdir(parents=True)
    old = time.time() - fileio.STALE_TEMP_SECONDS - 60
    files = {
        "empty-old": folder / "acme.20260101T000000Z-1.toml",
        "temp-old": folder / ".acme.20260101T000000Z.x1.tmp",
        "empty-new": folder / "acme.20261126T000000Z-1.toml",
        "kept": folder / "acme.20260101T000000Z-2.toml",
    }
    for name, file in files.items():
        file.write_text("" if "empty" in name or "temp" in name else "x = 1\n", encoding="utf-8")
        if "old" in name or name == "kept":
            os.utime(file, (old, old))
    store.tidy()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        files[name].name for name in ("empty-new", "kept")
    )
