"""A plan's history: versions kept as sessions end, diff, restore, undo, changes in the export."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pilot2prod.plan import Plan
from pilot2prod.store import KEEP_VERSIONS, Store, read_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.screens.history import HistoryScreen
from pilot2prod.tui.screens.home import HomeScreen
from pilot2prod.tui.session import PlanSession


def order(bank) -> list[str]:
    return [q.id for q in bank.questions()]


@pytest.fixture
def plan_path(store: Store, bank) -> Path:
    return store.create(Plan.new("Acme claims triage", bank), order(bank))


async def wizard_run(store, bank, path: Path, step: str, text: str) -> None:
    """Open the plan in the wizard at *step*, type *text* over the first answer, and quit."""
    app = Pilot2ProdApp(store, bank, path, step, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.focused.select_all()
        await pilot.press(*text)
        await pilot.pause()
        await app.action_quit()


async def test_two_wizard_runs_leave_two_versions_to_compare_and_restore(
    store, bank, plan_path, run
):
    await wizard_run(store, bank, plan_path, "basics", "Claims triage")
    # The second run marks every operational checklist item automated: readiness moves.
    await wizard_run(store, bank, plan_path, "basics", "Claims sorting")
    session = PlanSession.open(store, bank, plan_path)
    for item in bank.checklist_items:
        session.set_answer(item.question, {"status": "automated"})
    assert session.flush()
    session.close()  # a session that saved changes keeps a version as it closes

    listed = run("history", "Acme claims triage")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert lines[0].split()[:3] == ["VERSION", "SAVED", "(UTC)"]
    assert [line.split()[0] for line in lines[1:]] == ["1", "2", "3"]

    between = run("diff", "Acme claims triage", "1", "2")
    assert (
        "~ The AI use case: what will the system do, and for whom?: Claims triage → Claims sorting"
        in between.out
    )

    last = run("diff", "Acme claims triage")  # the last two versions
    assert "Figures:" in last.out
    assert "Readiness (weakest group): 0% → 100%" in last.out
    assert "Verdict: NO-GO → GO" in last.out

    restored = run("restore", "Acme claims triage", "1")
    # (the plan before the restore is version 3 already, so it is not kept twice)
    assert restored.code == 0 and "restored plan is version 4" in restored.out
    plan = read_plan(plan_path)
    assert plan.answers["use_case"] == "Claims triage"
    assert "check_security" not in plan.answers
    versions = store.versions(plan_path)
    assert versions[-1].label == "restored from version 1"
    assert len(versions) == 4


def test_history_mistakes_end_in_one_sentence(run, store, bank, plan_path):
    nothing = run("history", "Acme claims triage")
    assert nothing.code == 1 and "'Acme claims triage' has no history yet" in nothing.err
    assert run("diff", "Acme claims triage").code == 1
    store.snapshot(plan_path, order(bank), "after workshop 1")
    unknown = run("diff", "Acme claims triage", "7")
    assert unknown.code == 1 and "Traceback" not in unknown.err
    assert "'Acme claims triage' has no version '7'" in unknown.err  # (its name, not its file's)
    by_label = run("diff", "Acme claims triage", "AFTER WORKSHOP 1")  # labels in any case
    assert by_label.code == 0 and "No differences." in by_label.out
    assert run("restore", "Acme claims triage", "3").code == 1
    assert run("history", "Acme claims triage", "--save", " ").code == 2


def test_restore_is_refused_while_a_window_edits_the_plan(run, store, bank, plan_path):
    store.snapshot(plan_path, order(bank), "start")
    lock, _ = store.take_edit_lock(plan_path)
    try:
        refused = run("restore", "Acme claims triage", "start")
        assert refused.code == 1 and "is being edited in another window (" in refused.err
        assert "((" not in refused.err and "))" not in refused.err  # (one level of brackets)
    finally:
        lock.release()


def test_versions_are_pruned_but_labelled_ones_stay(store, bank, plan_path):
    store.snapshot(plan_path, order(bank), "kick-off")
    plan = read_plan(plan_path)
    for n in range(KEEP_VERSIONS + 5):
        plan.answers["use_case"] = f"draft {n}"
        store.snapshot(plan_path, order(bank), plan=plan)
    versions = store.versions(plan_path)
    assert versions[0].label == "kick-off"
    assert len([v for v in versions if not v.label]) == KEEP_VERSIONS
    assert store.snapshot(plan_path, order(bank), plan=plan) is None  # nothing new: not kept
    # Versions are never listed as plans.
    assert [p.name for p in store.files()] == [plan_path.name]


def test_export_since_a_version_lists_the_changes(run, store, bank, plan_path):
    store.snapshot(plan_path, order(bank), "before the workshop")
    plan = read_plan(plan_path)
    plan.answers["use_case"] = "Sort claims <b>fast</b>"
    store.save(plan, plan_path, order(bank))
    document = run("export", "Acme claims triage", "--since", "before the workshop").out
    section = document[document.index("## Changes since version 1 (before the workshop)") :]
    assert "| Answered | The AI use case" in section
    assert "Sort claims \\<b\\>fast\\</b\\>" in section or "Sort claims &lt;b&gt;" in section
    assert run("export", "--example", "--since", "1").code == 2


async def test_undo_gives_the_focused_answer_its_previous_value(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        wizard = app.screen
        await pilot.press(*"First version")
        await pilot.pause()
        wizard.editor.last_edit.clear()  # as if the person paused before editing again
        app.focused.select_all()
        await pilot.press(*"Second version")
        await pilot.pause()
        assert wizard.session.plan.answers["use_case"] == "Second version"
        await wizard.action_undo_answer()
        await pilot.pause()
        assert wizard.session.plan.answers["use_case"] == "First version"
        assert wizard.query_one("#q-use_case TextArea").text == "First version"
        assert app.focused is wizard.query_one("#q-use_case TextArea")  # back in the answer
        await wizard.action_undo_answer()
        await pilot.pause()
        assert "use_case" not in wizard.session.plan.answers
        await app.action_quit()
    assert "use_case" not in tomllib.loads(plan_path.read_text())["answers"]


async def test_the_history_view_shows_what_changed(store, bank, plan_path):
    store.snapshot(plan_path, order(bank), "empty")
    plan = read_plan(plan_path)
    plan.answers["use_case"] = "Claims triage"
    store.save(plan, plan_path, order(bank))
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        shown = str(app.screen.query_one("#history-diff").render())
        assert "From version 1 to the plan now:" in shown
        assert "+ The AI use case: what will the system do, and for whom?: Claims triage" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


# --- Starting from another plan or a template -----------------------------------------------------


def test_new_from_another_plan_keeps_the_structure_not_the_client(run, store, bank):
    from pilot2prod.resources import example_path

    assert run("import", str(example_path())).code == 0
    result = run(
        "new", "Contoso triage", "--from", "Northwind claims triage assistant", "--no-open"
    )
    assert result.code == 0
    new = read_plan(Path(result.out.strip()))
    source = read_plan(example_path())
    # The registers' rows come with the cells of their reusable columns only: the shortcut and
    # the change, not the effort; never the cells that name people (the owners).
    assert new.answers["debt_register"] == [
        {"shortcut": r["shortcut"], "change": r["change"]} for r in source.answers["debt_register"]
    ]
    assert [r["risk"] for r in new.answers["risk_register"]] == [
        r["risk"] for r in source.answers["risk_register"]
    ]
    assert all("owner" not in row for row in new.answers["risk_register"])
    assert "budget_integration" not in new.answers  # amounts are the client's
    assert new.answers["check_backup"] == {"owner": "Claims IT"}  # the role, not the status
    assert new.answers["check_security"] == {"owner": "Information security"}  # not the name
    assert "check_integration" not in new.answers  # its owner is one of the plan's people
    written = Path(result.out.strip()).read_text(encoding="utf-8")
    for person in ("Helena Marsh", "Priya Nair", "Tom Okafor", "Mark Ellison", "Daniel Reyes"):
        assert person not in written, person
    for personal in ("organisation", "sponsor", "author", "plan_date", "use_case", "attendees"):
        assert personal not in new.answers, personal
    assert not new.actions and not new.parked and not new.sureness and not new.workshop
    assert new.extra == {}

    everything = run("new", "Copy", "--from", str(example_path()), "--keep-all", "--no-open")
    assert (
        read_plan(Path(everything.out.strip())).answers["organisation"]
        == "Northwind Mutual Insurance"
    )
    blank = run(
        "new", "Blank", "--from", "Northwind claims triage assistant", "--blank", "--no-open"
    )
    assert read_plan(Path(blank.out.strip())).answers == {}


def test_new_from_a_template_in_the_data_dir_and_mistakes(run, store, bank):
    template = Plan.new("Insurance template", bank)
    template.answers["currency"] = "EUR"
    template.answers["organisation"] = "Template Ltd"
    store.templates_dir.mkdir(parents=True)
    from pilot2prod.store import write_plan

    write_plan(template, store.templates_dir / "insurance.toml", order(bank))
    made = run("new", "From template", "--from", "insurance", "--no-open")
    assert made.code == 0
    assert read_plan(Path(made.out.strip())).answers == {"currency": "EUR"}
    unknown = run("new", "X", "--from", "No such plan", "--no-open")
    assert unknown.code == 1 and "No such plan" in unknown.err and "Traceback" not in unknown.err
    assert run("new", "Y", "--blank", "--no-open").code == 2


async def test_home_makes_a_new_plan_from_the_selected_one(store, bank):
    from pilot2prod.resources import example_path
    from pilot2prod.tui.wizard import WizardScreen

    store.demo(example_path(), order(bank))
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f", *"Contoso triage", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        plan = app.screen.session.plan
        assert plan.name == "Contoso triage"
        assert "debt_register" in plan.answers and "organisation" not in plan.answers
        notices = [n.message for n in app._notifications]
        assert "30 texts copied from another client's plan: check them for client details in " in (
            " ".join(notices)
        )
        await app.action_quit()


def test_compare_puts_two_plans_or_two_versions_side_by_side(run, store, bank):
    from pilot2prod.resources import example_path

    assert run("import", str(example_path())).code == 0
    northwind = "Northwind claims triage assistant"
    assert run("new", "Contoso", "--from", northwind, "--no-open").code == 0
    shown = run("compare", northwind, "Contoso")
    assert shown.code == 0
    header = shown.out.splitlines()[0].split()
    assert header[0] == "FIGURE" and header[-1] == "Contoso"
    assert any(line.split()[:2] == ["Verdict", "NO-GO"] for line in shown.out.splitlines())
    assert "EUR 320,000" in shown.out  # amounts in the plan's currency
    assert "- Organisation" in shown.out and "Contoso: —" in shown.out
    path = store.find("Contoso")
    store.snapshot(path, order(bank), "start")
    plan = read_plan(path)
    plan.answers["organisation"] = "Contoso Ltd"
    store.save(plan, path, order(bank))
    versions = run("compare", "Contoso@start", "Contoso")
    assert "1 answer differs:" in versions.out and "Contoso v1: —" in versions.out
    assert run("compare", "Contoso@9", "Contoso").code == 1


def test_a_label_saved_twice_names_the_newer_version(store, bank, plan_path):
    first = store.snapshot(plan_path, order(bank), "after workshop 1")
    plan = read_plan(plan_path)
    plan.answers["organisation"] = "Acme Ltd"
    store.save(plan, plan_path, order(bank))
    again = store.snapshot(plan_path, order(bank), "After Workshop 1")
    assert again.number > first.number
    assert store.find_version(plan_path, "after workshop 1").number == again.number
    assert store.find_version(plan_path, str(first.number)).number == first.number


def test_diff_of_a_plan_with_one_version_says_so(run, store, bank, plan_path):
    store.snapshot(plan_path, order(bank), "start")
    result = run("diff", "Acme claims triage")
    assert result.code == 1
    assert "has only one version so far" in result.err
    assert "no version ''" not in result.err


def test_compare_takes_a_plan_whose_name_holds_an_at_sign(run, store, bank):
    assert run("new", "Team@Home", "--no-open").code == 0
    assert run("new", "Other", "--no-open").code == 0
    shown = run("compare", "Team@Home", "Other")
    assert shown.code == 0, shown.err
    assert shown.out.splitlines()[0].split()[1] == "Team@Home"
    versioned = run("compare", "Other@1", "Team@Home")  # (NAME@VERSION still reads as one)
    assert versioned.code == 1 and "has no history yet" in versioned.err


async def test_home_filters_by_name_or_organisation(store, bank):
    from textual.widgets import DataTable

    from pilot2prod.resources import example_path

    store.demo(example_path(), order(bank))
    other = Plan.new("Onboarding assistant", bank)
    other.answers["organisation"] = "Acme Ltd"
    store.create(other, order(bank))
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#plans", DataTable)
        assert table.row_count == 2
        await pilot.press("slash", *"acme")  # the organisation, in any case
        await pilot.pause()
        assert table.row_count == 1
        assert "Onboarding assistant" in str(table.get_row_at(0)[0])
        assert "1 match" in str(app.screen.query_one("#home-header").render())
        await pilot.press("enter")  # to the list: Enter then opens the plan
        assert table.has_focus
        await pilot.press("escape")  # the filter goes; every plan is back
        await pilot.pause()
        assert table.row_count == 2 and isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("key", ["down", "enter"])
async def test_from_the_home_filter_down_or_enter_goes_to_the_list_and_letters_act_on_it(
    store, bank, key
):
    from textual.widgets import DataTable, Input

    from pilot2prod.tui.screens.history import HistoryScreen

    for name in ("City council permits", "Onboarding assistant"):
        store.create(Plan.new(name, bank), order(bank))
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#plans", DataTable)
        box = app.screen.query_one("#home-filter", Input)
        await pilot.press("slash", *"council", key)
        await pilot.pause()
        assert table.has_focus
        assert table.row_count == 1 and "City council permits" in str(table.get_row_at(0)[0])
        await pilot.press("h")  # the list's key: the plan's history, not an h in the filter
        await pilot.pause()
        assert box.value == "council"
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.path.name == "city-council-permits.toml"


async def test_home_offers_its_filter_at_80_columns_once_there_are_plans(store, bank):
    """At 80x24 the key bar keeps "/ Filter" (it came last and was the first key dropped);
    with no plan there is nothing to filter: no key, and / opens no box."""
    from textual.widgets import Input

    from pilot2prod.tui.widgets.keybar import KeyBar

    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "/ Filter" not in app.screen.query_one(KeyBar).text
        await pilot.press("slash")
        await pilot.pause()
        assert not app.screen.query_one("#home-filter", Input).display
    store.create(Plan.new("City council permits", bank), order(bank))
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar).text
        assert bar.startswith("n New  / Filter  ") and bar.endswith("^q Quit  f1 Help")
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.query_one("#home-filter", Input).has_focus
        header = app.screen.query_one("#home-header")
        await pilot.press(*"council")
        await pilot.pause()
        assert "1 plan in" in str(header.render()) and "· 1 matches “council”" in str(
            header.render()
        )
        await pilot.press(*"zzz")
        await pilot.pause()
        assert "· none match “councilzzz”" in str(header.render())


def test_finding_a_plan_by_name_never_looks_at_histories_and_the_trend_still_follows(
    store, bank, plan_path, monkeypatch
):
    """`open NAME` finds the plan by the names in the index: the history folders (one stat
    each, half the time of finding one plan among a thousand) only matter to the trend, and
    a record kept while its history changed is summed up again when the list next shows."""
    import shutil

    from pilot2prod import insight
    from pilot2prod.store.history import History

    def summarise(plan: Plan) -> dict:
        return insight.summary(bank, plan)

    store.snapshot(plan_path, order(bank))  # readiness 0%
    plan = read_plan(plan_path)
    for item in bank.checklist_items:
        plan.answers[item.id] = {"status": "manual"}
    store.save(plan, plan_path, order(bank))  # readiness 50% now
    (entry,) = store.listing(summarise, insight.summary_key(bank))
    assert entry.trend == (0, 50)
    shutil.rmtree(store.history.history_dir(plan_path))  # the history goes, the file stays
    looked = []
    changed_at = History.changed_at
    monkeypatch.setattr(
        History, "changed_at", lambda self, path: looked.append(path) or changed_at(self, path)
    )
    assert store.find("Acme claims triage") == plan_path
    assert looked == []
    (entry,) = store.listing(summarise, insight.summary_key(bank))
    assert looked  # (the list with summaries does look)
    assert entry.trend == ()  # summed up again: no versions left to draw a trend from


async def test_home_shows_which_way_readiness_moved(store, bank, plan_path):
    from textual.widgets import DataTable

    from pilot2prod import insight

    store.snapshot(plan_path, order(bank))  # readiness 0%
    plan = read_plan(plan_path)
    for item in bank.checklist_items:
        plan.answers[item.id] = {"status": "manual"}
    store.save(plan, plan_path, order(bank))
    store.snapshot(plan_path, order(bank))  # readiness 50%
    (entry,) = store.listing(lambda p: insight.summary(bank, p), insight.summary_key(bank))
    assert entry.trend == (0, 50) and entry.direction == "↗"
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        row = [str(c) for c in app.screen.query_one("#plans", DataTable).get_row_at(0)]
        assert row[2].startswith(" 50%↗")


# --- Versions that cannot be read -----------------------------------------------------------------

BROKEN_VERSIONS = {
    2: (b"schema_version = 1\n[plan\n", "line 2: this is not valid TOML"),
    3: (b"\x00\xff\xfe binary", "line 1: the file is not UTF-8 text"),
    4: (b"", "the file is empty"),
}


def broken_history(store: Store, bank, plan_path: Path) -> None:
    """Versions 1 and 5 are good; 2, 3 and 4 cannot be read (bad TOML, binary, empty)."""
    store.snapshot(plan_path, order(bank), "first")
    folder = store.history_dir(plan_path)
    for number, (content, _) in BROKEN_VERSIONS.items():
        (folder / f"{number:04d}.toml").write_bytes(content)
    store.snapshot(plan_path, order(bank), "fifth")


def test_versions_that_cannot_be_read_are_listed_with_why(run, store, bank, plan_path):
    broken_history(store, bank, plan_path)
    assert [v.number for v in store.versions(plan_path)] == [1, 2, 3, 4, 5]
    listed = run("history", "Acme claims triage")
    assert listed.code == 0
    rows = {line.split()[0]: line for line in listed.out.splitlines()[1:]}
    assert list(rows) == ["1", "2", "3", "4", "5"]
    for number, (_, reason) in BROKEN_VERSIONS.items():
        assert f"(cannot read: {reason}" in rows[str(number)], rows[str(number)]
    assert "cannot read" not in rows["1"] + rows["5"]


@pytest.mark.parametrize("number", sorted(BROKEN_VERSIONS))
def test_diff_and_restore_of_an_unreadable_version_name_the_file_and_why(
    run, store, bank, plan_path, number
):
    broken_history(store, bank, plan_path)
    before = plan_path.read_bytes()
    file = store.history_dir(plan_path) / f"{number:04d}.toml"
    reason = BROKEN_VERSIONS[number][1].split(": ", 1)[-1]
    for argv in (
        ("diff", "Acme claims triage", str(number), "5"),
        ("restore", "Acme claims triage", str(number)),
    ):
        result = run(*argv)
        assert result.code == 1, result
        assert result.err.startswith(f"pilot2prod: {file}"), result.err
        assert reason in result.err and "does not exist" not in result.err
    assert plan_path.read_bytes() == before
    assert len(store.versions(plan_path)) == 5  # restore kept nothing new


def test_a_new_version_never_takes_an_unreadable_ones_number(store, bank, plan_path):
    store.snapshot(plan_path, order(bank), "first")
    latest = store.history_dir(plan_path) / "0002.toml"
    latest.write_bytes(b"[broken")
    kept = store.snapshot(plan_path, order(bank))
    assert kept is not None and kept.number == 3
    assert latest.read_bytes() == b"[broken"


async def test_the_history_view_lists_an_unreadable_version(store, bank, plan_path):
    broken_history(store, bank, plan_path)
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        app.push_screen(HistoryScreen(store, bank, plan_path))
        await pilot.pause()
        table = app.screen.query_one("#history")
        cells = [str(c) for c in table.get_row("2")]
        assert cells[0] == "2" and "(cannot read: line 2: this is not valid TOML" in cells[-1]


def test_temp_files_in_history_are_tidied_once_old(store, bank, plan_path):
    import os
    import time

    from pilot2prod.fileio import STALE_TEMP_SECONDS

    store.snapshot(plan_path, order(bank), "first")
    folder = store.history_dir(plan_path)
    old, new = folder / ".0002.abc.tmp", folder / ".0002.def.tmp"
    for temp in (old, new):
        temp.write_bytes(b"half a version")
    then = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(old, (then, then))
    store.tidy()
    assert sorted(p.name for p in folder.iterdir()) == [".0002.def.tmp", "0001.toml"]
