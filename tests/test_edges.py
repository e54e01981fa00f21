"""Edges of the file layer: plans folders that cannot be read, and text that could hide or
reorder what a reader sees in every output."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from pilot2prod import record
from pilot2prod.plan import Plan
from pilot2prod.report import export_html
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


# --- Hidden characters ----------------------------------------------------------------------------

RLO, ZWSP, TAG = "\u202e", "\u200b", "\U000e0041"
HIDDEN = f"Pay{RLO}gpj.exe{ZWSP} invoices{TAG}"


@pytest.fixture
def hidden_plan(store: Store, bank) -> Path:
    plan = Plan.new("Hidden", bank)
    plan.answers["organisation"] = HIDDEN
    record.add_action(plan, HIDDEN, owner=f"Jo{ZWSP}")
    return store.create(plan, bank.order)


def test_csv_shows_hidden_characters_like_every_other_output(run, hidden_plan):
    result = run("actions", "Hidden", "--csv")
    assert result.code == 0
    assert not re.search("[\u202e\u200b\U000e0041]", result.out)
    (row,) = csv.DictReader(io.StringIO(result.out))
    assert row["what"] == "Pay<U+202E>gpj.exe<U+200B> invoices<U+E0041>"
    assert row["owner"] == "Jo<U+200B>"
    markdown = run("export", "Hidden").out
    assert r"Pay\<U+202E\>gpj.exe\<U+200B\> invoices\<U+E0041\>" in markdown  # (escaped)


def test_json_keeps_hidden_characters_as_escapes(run, hidden_plan):
    result = run("export", "Hidden", "--format", "json")
    assert result.code == 0
    assert not re.search("[\u202e\u200b\U000e0041]", result.out)
    assert "Pay\\u202egpj.exe\\u200b invoices\\udb40\\udc41" in result.out
    data = json.loads(result.out)  # the text itself is kept
    assert data["plan"]["answers"]["organisation"] == HIDDEN
    assert data["actions"][0]["what"] == HIDDEN
    listed = json.loads(run("actions", "Hidden", "--json").out)
    assert listed[0]["what"] == HIDDEN


def test_the_html_report_wraps_a_long_word_on_screen_and_in_print(bank):
    word = "x" * 3000
    plan = Plan.new("Long", bank)
    plan.answers["use_case"] = word
    page = export_html(bank, plan)
    assert word in page  # kept whole: the browser wraps it
    style = page[page.index("<style>") : page.index("</style>")]
    screen, _, printed = style.partition("@media print")
    body_rules = re.findall(r"(?m)^([^{}]*\bbody\b[^{}]*)\{([^}]*)\}", screen)
    assert any(
        "td" in selector and "overflow-wrap: anywhere" in rule for selector, rule in body_rules
    )
    assert re.search(r"pre \{[^}]*white-space: pre-wrap", screen)
    assert re.search(r"body \{[^}]*overflow-wrap: anywhere", printed)
