"""A full disk: the plan still opens (the header says the disk is full), answers stay in memory
and go to a recovery file elsewhere, and every command that cannot write names the file.

The disk is simulated: writes (``pwrite``, ``fsync``) to files under the data directory fail
with ENOSPC, as on a full file system; the system's temporary folder still has room.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from pilot2prod.plan import Plan
from pilot2prod.store import Store, read_plan
from pilot2prod.store import recovery as store_recovery
from pilot2prod.tui.app import Pilot2ProdApp, keep_unsaved
from pilot2prod.tui.wizard import WizardScreen

pytestmark = pytest.mark.skipif(
    not os.path.isdir("/proc/self/fd"), reason="tells a file's folder from /proc/self/fd"
)

FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FullDisk:
    """Writes under *root* fail with ENOSPC once :meth:`fill` is called."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
        self.monkeypatch = monkeypatch
        self.root = str(root)

    def _inside(self, fd: int) -> bool:
        try:
            return os.readlink(f"/proc/self/fd/{fd}").startswith(self.root + os.sep)
        except OSError:
            return False

    def fill(self) -> None:
        real_fsync, real_pwrite = os.fsync, os.pwrite

        def fsync(fd: int) -> None:
            if self._inside(fd):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_fsync(fd)

        def pwrite(fd: int, data: bytes, offset: int) -> int:
            if self._inside(fd):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_pwrite(fd, data, offset)

        self.monkeypatch.setattr(os, "fsync", fsync)
        self.monkeypatch.setattr(os, "pwrite", pwrite)


@pytest.fixture
def full_disk(monkeypatch, store: Store, tmp_path: Path) -> FullDisk:
    monkeypatch.setattr(store_recovery, "tempfile_dir", lambda: str(tmp_path / "system-tmp"))
    return FullDisk(monkeypatch, store.root)


@pytest.fixture
def plan_path(store: Store, bank) -> Path:
    return store.create(Plan.new("Acme", bank), bank.order)


def header(app) -> str:
    return str(app.screen.query_one("#header-saved").render())


async def test_open_on_a_full_disk_says_so_and_keeps_the_answers(store, bank, plan_path, full_disk):
    full_disk.fill()
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        wizard = app.screen
        assert isinstance(wizard, WizardScreen), "the plan opens"
        assert "cannot save: the disk is full" in header(app)
        await pilot.press(*"Typed on a full disk")
        wizard.flush()
        await pilot.pause()
        assert "cannot save: the disk is full" in header(app)
        said = [n.message for n in app._notifications]
        assert any(f"cannot save {plan_path}: the disk is full" in m for m in said), said
        assert wizard.session.unsaved  # kept in memory
        keep_unsaved(app)  # what SIGTERM or a lost terminal does
    assert "Typed on a full disk" not in plan_path.read_text(encoding="utf-8")
    (message,) = app.exit_messages
    assert "its unsaved answers are in" in message
    (recovery,) = store.recoveries(plan_path)
    assert "Typed on a full disk" in recovery.plan.answers.values()
    assert not (store.root / "recovery").exists() or not list((store.root / "recovery").iterdir())


def test_a_save_on_a_full_disk_names_the_plan(store, bank, plan_path, full_disk):
    from pilot2prod.tui.session import PlanSession

    session = PlanSession.open(store, bank, plan_path)
    full_disk.fill()
    session.set_answer(bank.question("organisation"), "Acme")
    assert not session.flush()
    assert session.error == f"cannot save {plan_path}: the disk is full (No space left on device)"
    assert session.problem == "cannot save: the disk is full"
    session.discarded = True
    session.close()


@pytest.mark.parametrize(
    ("argv", "target"),
    [
        (["new", "Beta", "--no-open"], "plans/beta.toml"),
        (["new", "Gamma", "--from", "Acme", "--no-open"], "plans/gamma.toml"),
        (["import", "{source}", "--as", "Delta"], "plans/delta.toml"),
        (["history", "Acme", "--save", "before"], "history/acme/0001.toml"),
        (["restore", "Acme", "1"], "plans/acme.toml"),
    ],
)
def test_commands_on_a_full_disk_name_the_file(
    run, store, bank, plan_path, full_disk, tmp_path, argv, target
):
    source = tmp_path / "elsewhere.toml"
    source.write_bytes(plan_path.read_bytes())
    if argv[0] == "restore":
        assert run("history", "Acme", "--save", "first").code == 0
    full_disk.fill()
    result = run(*(a.replace("{source}", str(source)) for a in argv))
    assert result.code == 1
    assert result.err == (
        f"pilot2prod: cannot write {store.root / target}: the disk is full "
        "(No space left on device)\n"
    )
    assert not [p for p in store.plans_dir.iterdir() if p.name != "acme.toml"]
    read_plan(plan_path)  # untouched and readable


def test_export_on_a_full_disk_names_the_file(run, store, plan_path, full_disk):
    target = store.root / "acme.md"
    full_disk.fill()
    result = run("export", "Acme", "-o", str(target))
    assert result.code == 1
    assert result.err.startswith(f"pilot2prod: cannot write {target}: the disk is full")
    assert not target.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX")
def test_a_recovery_written_on_a_full_disk_leaves_no_empty_file(store, bank, plan_path, full_disk):
    plan = read_plan(plan_path)
    changed = read_plan(plan_path)
    changed.answers["organisation"] = "Kept"
    full_disk.fill()
    file = store.save_recovery(changed, plan, plan_path, bank.order)
    assert not str(file).startswith(str(store.root))  # the temporary folder's fallback
    assert list((store.root / "recovery").iterdir()) == []  # nothing empty, no temp file
    assert file.stat().st_size > 0
