"""Locks and window notes live in <data dir>/locks/, never beside the plans; a lock file is
removed only by a process that holds it, and a taker that locked a removed file takes the new
one."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from pilot2prod.fileio import FileLock, remove_if_free
from pilot2prod.plan import Plan
from pilot2prod.store import Place, Store
from pilot2prod.text import for_terminal
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.session import PlanSession
from pilot2prod.tui.wizard import WizardScreen

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock locks")


@pytest.fixture
def plan_path(store: Store, bank) -> Path:
    return store.create(Plan.new("Shared", bank), bank.order)


def _open_fds_on(path: Path) -> int:
    """How many of this process's descriptors are open on *path* (Linux's /proc)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(path):
                count += 1
        except OSError:
            continue
    return count


async def test_a_wizard_session_leaves_nothing_but_plan_files_in_plans(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, WizardScreen)
        await pilot.press(*"Typed here")
        await pilot.pause()
        # While it is open, its lock and note are in locks/, and nothing new is in plans/.
        held = sorted(p.name for p in (store.root / "locks").iterdir())
        assert held == ["shared.edit.lock", f"shared.window-{os.getpid()}.lock"]
        assert sorted(p.name for p in store.plans_dir.iterdir()) == ["shared.toml"]
        await pilot.press("ctrl+q")
    assert sorted(p.name for p in store.plans_dir.iterdir()) == ["shared.toml"]
    assert list((store.root / "locks").iterdir()) == []
    assert "Typed here" in plan_path.read_text(encoding="utf-8")


def test_the_second_window_and_the_presenter_find_the_editor_in_locks(store, bank, plan_path):
    editor = PlanSession.open(store, bank, plan_path, lock=store.take_edit_lock(plan_path)[0])
    try:
        editor.show_place("basics", "use_case")
        again, holder = store.take_edit_lock(plan_path)  # what a second window asks
        assert again is None and holder is not None and holder.pid == os.getpid()
        assert store.editing_place(plan_path) == Place("basics", "use_case")
        assert not [p for p in store.plans_dir.iterdir() if p.name.endswith(".lock")]
    finally:
        editor.close()
    lock, holder = store.take_edit_lock(plan_path)
    assert lock is not None and holder is None
    lock.release()


@pytest.mark.parametrize("user", ["maëlle", "bytes\udcff-not-decoded"])
def test_a_note_says_who_holds_it_whatever_their_login_name(
    store, bank, plan_path, monkeypatch, user
):
    """A login name outside ASCII is written as it is; one the system could not decode
    (bytes in another encoding) is kept escaped: the lock is taken all the same, and a second
    window reads who holds it (as the terminal shows it, the odd byte escaped)."""
    monkeypatch.setattr("getpass.getuser", lambda: user)
    lock, _ = store.take_edit_lock(plan_path)
    window = store.window_lock(plan_path, "editing")
    try:
        assert lock is not None and window is not None
        Store.say_place(window, Place("basics", "use_case"))
        again, holder = store.take_edit_lock(plan_path)
        assert again is None and holder is not None
        assert (holder.user, holder.pid) == (for_terminal(user), os.getpid())
        assert store.editing_place(plan_path) == Place("basics", "use_case")
    finally:
        window.release()
        lock.release()


def test_a_lock_removed_while_a_taker_waits_is_never_held_twice(tmp_path):
    """The holder removes the file as it lets go; the waiter, who opened the old file, must
    end up holding the file at the path, so a third taker is refused."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc to see the waiter open the file")
    path = tmp_path / "locks" / "plan.save.lock"
    first = FileLock(path, tidy=True)
    first.acquire()
    second = FileLock(path, tidy=True)
    waiter = threading.Thread(target=second.acquire)
    waiter.start()
    while _open_fds_on(path) < 2:  # the waiter has opened the file and waits in flock
        pass
    first.release()  # removes the file while holding it
    waiter.join(10)
    assert second.held and path.exists()
    third = FileLock(path, tidy=True)
    assert not third.try_acquire(), "two holders of one lock"
    second.release()
    assert not path.exists()
    assert third.try_acquire()
    third.release()


def test_a_held_lock_file_is_never_removed(tmp_path):
    path = tmp_path / "locks" / "plan.edit.lock"
    holder = FileLock(path)
    holder.acquire()
    assert not remove_if_free(path)
    assert path.exists()
    holder.release()
    assert remove_if_free(path)
    assert not path.exists()


def test_old_lock_files_in_plans_are_tidied_only_when_nobody_holds_them(store, plan_path):
    plans = store.plans_dir
    held = FileLock(plans / ".shared.edit.lock")  # a window of an earlier version, still open
    held.acquire()
    for name in (".shared.save.lock", ".shared.window-123.lock", ".other.edit.lock"):
        (plans / name).write_text("", encoding="utf-8")
    (plans / ".notes.lock").write_text("not ours", encoding="utf-8")
    try:
        store.tidy()
        left = sorted(p.name for p in plans.iterdir())
        assert left == [".notes.lock", ".shared.edit.lock", "shared.toml"]
    finally:
        held.release()
    store.tidy()
    assert sorted(p.name for p in plans.iterdir()) == [".notes.lock", "shared.toml"]


def test_a_note_left_by_a_crash_is_removed_by_the_next_look(store, plan_path):
    note = store.locks.path(plan_path, "window-999999999")
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text('{"pid": 999999999, "role": "editing"}', encoding="utf-8")
    assert store.other_windows(plan_path) == []
    assert not note.exists()


def test_one_plan_has_one_lock_however_its_folder_is_written(store, plan_path, monkeypatch):
    """A relative --data-dir, an absolute path, a link to the data dir: the same lock."""
    monkeypatch.chdir(store.root.parent)
    link = store.root.parent / "data-link"
    link.symlink_to(store.root)
    for other in (Store(Path(store.root.name)), Store(link)):
        assert other.locks.key(plan_path) == "shared"
        assert other.locks.key(other.plans_dir / "shared.toml") == "shared"
    lock, _ = store.take_edit_lock(plan_path)
    assert lock is not None
    try:
        again, holder = Store(link).take_edit_lock(link / "plans" / "shared.toml")
        assert again is None and holder is not None
    finally:
        lock.release()
    elsewhere = store.root.parent / "elsewhere.toml"
    assert store.locks.key(elsewhere).startswith("elsewhere-")  # never a plan's own lock
