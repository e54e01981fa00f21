"""Edges of the file layer: plans folders that cannot be read, and text that could hide or
reorder what a reader sees in every output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pilot2prod.store import Store
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.screens.home import HomeScreen

# --- A plans folder that cannot be read ---------------------------------------------------------


def make_odd(kind: str, store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    """Make plans/ odd in one way; return the reason the message must give."""
    plans = store.plans_dir
    store.root.mkdir(parents=True, exist_ok=True)
    if kind == "loop":
        os.symlink(store.root / "plans-too", plans)
        os.symlink(plans, store.root / "plans-too")
        return "it is a symbolic link that loops back on itself"
    if kind == "dangling":
        os.symlink(store.root / "gone", plans)
        return "it is a symbolic link to something that does not exist"
    if kind == "file":
        plans.write_text("not a folder", encoding="utf-8")
        return "it is a file, not a folder"
    # No permission: file modes do not stop root (who may run the suite), so the listing is
    # refused the way the kernel refuses it.
    plans.mkdir()
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):
        if Path(path) == plans:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    return "permission denied (the folder cannot be listed)"


ODD = ["loop", "dangling", "file", "no-permission"]


@pytest.mark.parametrize("kind", ODD)
@pytest.mark.parametrize(
    "argv", [("list",), ("list", "--json"), ("new", "Acme", "--no-open"), ()], ids=str
)
def test_a_plans_folder_that_cannot_be_read_is_said_so(run, store, monkeypatch, kind, argv):
    reason = make_odd(kind, store, monkeypatch)
    result = run(*argv)  # () is home
    assert result.code == 1, result
    assert result.err == f"pilot2prod: cannot read {store.plans_dir}: {reason}\n"
    assert result.out == ""


@pytest.mark.parametrize("kind", ODD)
async def test_home_shows_a_plans_folder_that_cannot_be_read(store, bank, monkeypatch, kind):
    reason = make_odd(kind, store, monkeypatch)
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(100, 30)):
        assert isinstance(app.screen, HomeScreen)
        header = str(app.screen.query_one("#home-header").render())
        assert f"cannot read {store.plans_dir}: {reason}" in header
