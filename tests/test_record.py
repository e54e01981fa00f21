"""The workshop record: actions, the parking lot, how sure answers are, the workshop's time."""

from __future__ import annotations

import asyncio
import copy
import csv
import datetime as dt
import io
import json
import time
import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input

from pilot2prod import insight, record
from pilot2prod.merge import merge
from pilot2prod.plan import Plan
from pilot2prod.resources import example_path
from pilot2prod.store import Store, read_plan, write_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.dialogs import ActionDialog, ParkDialog, SurenessDialog
from pilot2prod.tui.screens.dashboard import DashboardScreen
from pilot2prod.tui.screens.record import ParkingLotScreen
from pilot2prod.tui.wizard import WizardScreen

TODAY = dt.date(2026, 11, 26)


def order(bank) -> list[str]:
    return [q.id for q in bank.questions()]


# --- The record itself ----------------------------------------------------------------------------


def test_actions_are_added_changed_sorted_and_can_be_late():
    plan = Plan("P")
    first = record.add_action(plan, "Book the data owner", owner="Priya", due="2026-12-01")
    second = record.add_action(plan, "Write the runbook", due="2026-11-20")
    third = record.add_action(plan, "Ask finance")
    record.set_action(plan, third, owner="Zoe", status="done")
    found = {a.id: a for a in record.actions(plan)}
    assert found[second].overdue(TODAY) and not found[first].overdue(TODAY)
    assert not found[third].overdue(TODAY) and found[third].status == "done"
    assert found[first].owned_and_dated and not found[second].owned_and_dated
    by_due = [a.id for a in record.sort_actions(list(found.values()), "due")]
    assert by_due == [second, first, third]  # undated last
    by_owner = [a.owner for a in record.sort_actions(list(found.values()), "owner")]
    assert by_owner == ["Priya", "Zoe", ""]  # no owner last
    with pytest.raises(ValueError):
        record.set_action(plan, first, status="finished")


def test_parked_points_and_sureness_marks():
    plan = Plan("P")
    pid = record.park(plan, "Ask legal about retention", raised_by="Sam", question="use_case")
    record.set_parked(plan, pid, status="resolved")
    (point,) = record.parked(plan)
    assert (point.text, point.raised_by, point.question, point.is_open) == (
        "Ask legal about retention",
        "Sam",
        "use_case",
        False,
    )
    record.mark(plan, "budget_pilot", "assumption", "the CFO, from memory")
    assert record.sureness(plan, "budget_pilot") == record.Sureness(
        "budget_pilot", "assumption", "the CFO, from memory"
    )
    record.mark(plan, "budget_pilot", None)
    assert record.sureness(plan, "budget_pilot") is None


def test_agenda_defaults_and_time_spent_adds_up_over_sessions(bank):
    plan = Plan("P")
    default = dict(record.agenda(bank, plan))
    assert default["basics"] == 10 and default["gate_design"] == 5
    assert default["stall_data_pipelines"] == 5 and default["technical"] == 5
    record.set_agenda(plan, {"basics": 15, "budget": 20, "monitoring": 0})
    assert record.agenda(bank, plan) == [("basics", 15), ("budget", 20)]
    start = dt.datetime(2026, 11, 19, 9, 0, tzinfo=dt.UTC)
    one = record.start_session(plan, start)
    two = record.start_session(plan, start + dt.timedelta(days=1))
    record.add_time(plan, one, "basics", 300)
    record.add_time(plan, one, "basics", 240)
    record.add_time(plan, two, "basics", 60)
    record.add_time(plan, two, "budget", 1200)
    assert record.spent(plan) == {"basics": 600, "budget": 1200}
    log = record.workshop_log(bank, plan)
    assert log.days == ["2026-11-19", "2026-11-20"]
    assert log.rows == [
        ("Plan basics", 15, 10),
        ("3. Production planning › Budget and timeline", 20, 20),
    ]


def test_two_windows_merge_actions_field_by_field_and_add_their_time_up():
    base = Plan("P")
    aid = record.add_action(base, "Book the data owner", owner="Priya")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    record.set_action(ours, aid, owner="Tom")
    record.set_action(theirs, aid, due="2027-01-15")
    record.park(theirs, "Ask legal")
    start = dt.datetime(2026, 11, 19, 9, tzinfo=dt.UTC)
    record.add_time(ours, record.start_session(ours, start), "basics", 60)
    record.add_time(theirs, record.start_session(theirs, start), "basics", 30)
    record.mark(theirs, "use_case", "estimate")
    merged = merge(base, ours, theirs, at="2026-11-19T10:00:00Z")
    (action,) = record.actions(merged.plan)
    assert (action.owner, action.due) == ("Tom", "2027-01-15")
    assert [p.text for p in record.parked(merged.plan)] == ["Ask legal"]
    assert record.spent(merged.plan) == {"basics": 90}
    assert record.sureness(merged.plan, "use_case").level == "estimate"
    assert merged.conflicts == []
    # The same field changed both ways: ours stays, theirs is recorded.
    ours2, theirs2 = copy.deepcopy(merged.plan), copy.deepcopy(merged.plan)
    record.set_action(ours2, aid, owner="Ana")
    record.set_action(theirs2, aid, owner="Bea")
    clash = merge(merged.plan, ours2, theirs2, at="2026-11-19T11:00:00Z")
    assert record.actions(clash.plan)[0].owner == "Ana"
    assert clash.conflicts[0]["question"] == f"actions.{aid}.owner"
    assert clash.conflicts[0]["other"] == "Bea"


def test_the_record_round_trips_through_the_file(tmp_path, bank):
    plan = Plan("Round trip")
    record.add_action(plan, 'Line one\nline two = "quoted"', owner="Ø. Ødegård", due="2027-02-01")
    record.park(plan, "[not a table]", raised_by="x = 1")
    record.mark(plan, "use_case", "fact", "pilot report")
    record.set_agenda(plan, {"basics": 10})
    record.add_time(
        plan, record.start_session(plan, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)), "basics", 5
    )
    path = tmp_path / "p.toml"
    write_plan(plan, path, order(bank))
    again = read_plan(path)
    assert (again.actions, again.parked, again.sureness, again.workshop) == (
        plan.actions,
        plan.parked,
        plan.sureness,
        plan.workshop,
    )


def test_a_malformed_record_table_names_the_file_and_the_table(tmp_path):
    from pilot2prod.errors import PlanFileError

    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 1\n[plan]\nname = "Bad"\n\n[actions]\na-1 = "not a table"\n',
        encoding="utf-8",
    )
    with pytest.raises(PlanFileError) as caught:
        read_plan(path)
    assert "'actions.a-1' must be a table" in str(caught.value)
    assert "bad.toml, line 6" in str(caught.value)


# --- Insight --------------------------------------------------------------------------------------


def test_a_reassuring_answer_that_is_only_an_assumption_counts_as_not_sure(bank):
    plan = Plan.new("P", bank)
    mode = next(m for m in bank.failure_modes if m.id == "stall_data_pipelines")
    for sign in mode.signs:
        plan.answers[sign.id] = "no"
    before = next(r for r in insight.assess(bank, plan, TODAY).risks if r.id == mode.id)
    record.mark(plan, mode.signs[0].id, "assumption")
    after = next(r for r in insight.assess(bank, plan, TODAY).risks if r.id == mode.id)
    assert after.score > before.score
    assert any("only an assumption" in reason for reason in after.reasons)
    record.mark(plan, mode.signs[0].id, "fact")  # a checked fact is full evidence again
    again = next(r for r in insight.assess(bank, plan, TODAY).risks if r.id == mode.id)
    assert again.score == before.score


def test_an_assumed_checklist_status_counts_at_most_half(bank):
    plan = Plan.new("P", bank)
    item = bank.checklist_items[0]
    plan.answers[item.id] = {"status": "automated"}
    group = lambda p: next(  # noqa: E731
        g for g in insight.assess(bank, p, TODAY).readiness.groups if g.id == item.group_id
    )
    full = next(i for i in group(plan).items if i.item.id == item.id).score
    record.mark(plan, item.id, "assumption")
    assumed = next(i for i in group(plan).items if i.item.id == item.id).score
    assert (full, assumed) == (1.0, bank.readiness_rules.assumed_at_most)


def test_actions_count_in_insight_as_of_the_day_given(bank):
    plan = read_plan(example_path())
    found = insight.assess(bank, plan, TODAY)
    late = [a.what for a in found.overdue]
    assert late == [
        "Add the model registry and configuration to the backup scope, and test a restore"
    ]
    assert any(w.startswith("Overdue since 2026-11-20") for w in found.warnings)
    assert [a.what for a in found.unowned] == ["Brief the union on the second training wave"]
    operating = next(r for r in found.risks if r.id == "stall_operating_model")
    assert operating.level == insight.HIGH
    assert [a.owner for a in found.actions_on(operating)] == ["Priya Nair"]
    earlier = insight.assess(bank, plan, dt.date(2026, 11, 1))
    assert earlier.overdue == []  # nothing is late before its day


# --- Export and the command line ------------------------------------------------------------------


def test_the_example_export_has_the_four_record_sections(run):
    result = run("export", "--example")
    document = result.out
    for heading in (
        "## Actions",
        "## Parking lot",
        "## Assumptions to validate",
        "## Workshop log",
    ):
        assert heading in document
    assert "| Assessed as of | 2026-11-26 |" in document  # SOURCE_DATE_EPOCH, set by conftest
    assert "### Priya Nair" in document
    assert "- [ ] Name the on-call owner" in document and "due 2026-12-18" in document
    assert "- [x] Send the results slide to the CFO" in document
    assert "| Plan basics | 10 | 9 |" in document
    assert "**Attended:** Helena Marsh, Chief Claims Officer (sponsor);" in document
    assert "**In hand:** Name the on-call owner" in document


def test_actions_prints_csv_a_tracker_can_import(run):
    assert run("import", str(example_path())).code == 0
    result = run("actions", "Northwind claims triage assistant", "--csv")
    assert result.code == 0
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert set(rows[0]) >= {"what", "owner", "due", "status", "source"}
    assert len(rows) == 6
    for row in rows:
        assert row["due"] == "" or dt.date.fromisoformat(row["due"])
        assert row["status"] in ("open", "done", "dropped")
    assert {r["owner"] for r in rows} >= {"Priya Nair", "Ana Ribeiro"}
    listed = json.loads(run("actions", "Northwind claims triage assistant", "--json").out)
    assert [{k: r[k] for k in rows[0]} for r in listed] == rows


def test_actions_guards_spreadsheets_against_formulas(run, store, bank):
    plan = Plan.new("Formulas", bank)
    record.add_action(plan, '=HYPERLINK("http://x")', owner="+44 20 7946 0000")
    record.add_action(plan, "@SUM(A1)", owner="-dash")
    store.create(plan, order(bank))
    rows = list(csv.DictReader(io.StringIO(run("actions", "Formulas", "--csv").out)))
    assert [r["what"][0] for r in rows] == ["'", "'"]
    assert sorted(r["owner"][:2] for r in rows) == ["'+", "'-"]


def test_actions_mistakes_end_in_one_sentence(run, store, bank):
    store.create(Plan.new("Acme claims", bank), order(bank))
    both = run("actions", "Acme claims", "--json", "--csv")
    assert both.code == 2 and "not allowed with" in both.err
    missing = run("actions", "Acme claim")
    assert missing.code == 1 and "Acme claims" in missing.err and "Traceback" not in missing.err


# --- In the app -----------------------------------------------------------------------------------


@pytest.fixture
def plan_path(store: Store, bank) -> Path:
    return store.create(Plan.new("Acme claims triage", bank), order(bank))


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def fill_action(pilot, *, owner: str = "", due: str = "", what: str = "") -> None:
    """Fill the action dialog's fields (typing is tested once, below) and press Enter in the
    last one, as a person finishing the form does."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ActionDialog)
    if what:
        dialog.query_one("#what").value = what
    dialog.query_one("#owner").value = owner
    dialog.query_one("#due").value = due
    dialog.query_one("#due").focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_the_action_dialog_takes_typed_keys(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f3", *"Call Sam", "tab", *"Tom", "tab", *"3 Dec 2026", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        (action,) = record.actions(app.screen.session.plan)
        assert (action.what, action.owner, action.due) == ("Call Sam", "Tom", "2026-12-03")


async def test_f3_captures_actions_from_a_text_step_a_stall_reason_and_a_checklist(
    store, bank, plan_path
):
    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await fill_action(pilot, what="Write the problem statement", owner="Tom", due="3 Dec 2026")
        await pilot.app.screen.go_to("stall_data_pipelines")
        await pilot.press("f3")
        await pilot.pause()
        dialog = app.screen
        assert (
            dialog.query_one("#what").value == bank.steps[20].fix or dialog.query_one("#what").value
        )
        await fill_action(pilot, owner="Ana", due="2027-02-27")
        await app.screen.go_to("operational", "check_alerts")
        await pilot.press("f3")
        await pilot.pause()
        assert "Alert thresholds" in app.screen.query_one("#what").value
        await fill_action(pilot, owner="", due="next spring")  # not a date: refused, kept open
        assert isinstance(app.screen, ActionDialog)
        assert "⚠" in str(app.screen.query_one(".dialog-error").render())
        app.screen.query_one("#due").value = "14 Jan 2027"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        await pilot.press("escape")  # home: saved on the way
        await pilot.pause()
    actions = record.actions(read_plan(plan_path))
    by_source = {a.source: a for a in actions}
    assert by_source["question:use_case"].what == "Write the problem statement"
    assert by_source["question:use_case"].due == "2026-12-03"
    risk = by_source["risk:stall_data_pipelines"]
    assert risk.owner == "Ana" and risk.what.startswith("Invest early in data infrastructure")
    assert by_source["item:check_alerts"].due == "2027-01-14"


async def test_f4_parks_points_and_the_parking_lot_turns_them_into_actions(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        assert isinstance(app.screen, ParkDialog)
        app.screen.query_one("#text").value = "Ask legal about retention"
        await pilot.press("tab", *"Sam", "enter")
        await pilot.pause()
        await app.screen.go_to("operational", "check_alerts")
        await pilot.press("f4")
        app.screen.query_one("#text").value = "Who watches at night?"
        await pilot.press("enter")  # in the first field: parked at once
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ParkingLotScreen)
        await pilot.press("a")  # the first point becomes an action
        await pilot.pause()
        await fill_action(pilot, owner="Legal team", due="2027-01-08")
        await pilot.press("down", "r")  # the second is resolved
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    plan = read_plan(plan_path)
    first, second = record.parked(plan)
    assert (first.text, first.raised_by, first.question, first.status) == (
        "Ask legal about retention",
        "Sam",
        "use_case",
        "action",
    )
    assert (second.question, second.status) == ("check_alerts", "resolved")
    (action,) = record.actions(plan)
    assert (action.what, action.owner, action.source) == (
        "Ask legal about retention",
        "Legal team",
        "question:use_case",
    )


async def test_the_dashboard_captures_and_parks_on_the_highlighted_question(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        target = dashboard.query_one("#dashboard-next").get_option_at_index(0).id
        await pilot.press("f3")
        await fill_action(pilot, what="Find out", owner="Tom", due="2026-12-10")
        await pilot.press("f4")
        app.screen.query_one("#text").value = "Not sure who knows"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dashboard
        labels = {label.name: str(label.render()) for label in dashboard.query("Label")}
        assert labels["Open actions"] == "1"
        await pilot.press("escape", "escape")
        await pilot.pause()
    plan = read_plan(plan_path)
    assert [a.source for a in record.actions(plan)] == [f"question:{target}"]
    assert [p.question for p in record.parked(plan)] == [target]


async def test_f8_marks_an_assumption_and_review_and_dashboard_list_it(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, "budget", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        current = app.screen.current_question()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, SurenessDialog)
        choice = next(b for b in app.screen.query("ChoiceButton") if b.name == "assumption")
        choice.value = True
        await pilot.press("tab", *"the CFO, from memory", "enter")
        await pilot.pause()
        field = app.screen.query_one(f"#q-{current}")
        assert "Assumption · the CFO, from memory" in str(field.query_one(".sureness").render())
        await pilot.press("ctrl+r")
        await pilot.pause()
        listed = app.screen.query_one("#review-list")
        texts = [str(listed.get_option_at_index(i).prompt) for i in range(3)]
        assert texts[0].startswith("▸ Assumptions to validate  (1)")
        assert "the CFO, from memory" in texts[1]
        question = bank.question(current)
        assert question is not None and f"{question.prompt} (source: the CFO" in texts[1]
        await pilot.press("escape", "f2")
        await pilot.pause()
        notes = " ".join(str(s.render()) for s in app.screen.query(".dashboard-note"))
        assert "the CFO, from memory" in notes
        await pilot.press("escape", "escape")
        await pilot.pause()
    assert record.sureness(read_plan(plan_path), current).level == "assumption"


@pytest.mark.neighbour_pages
async def test_a_marked_answer_says_how_sure_it_is_on_a_page_built_while_idle(
    store, bank, plan_path
):
    """The sureness line is built with its question, so the page the idle builder made and
    drew ahead shows it as drawn (nothing is added to the page as it shows)."""
    marked = bank.steps[1].questions[0].id
    plan = read_plan(plan_path)
    record.mark(plan, marked, "estimate", "the vendor's price list")
    write_plan(plan, plan_path, order(bank))
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await asyncio.wait_for(screen.built.wait(), 30)
        field = screen.query_one(f"#q-{marked}")
        assert not field.parent.display  # (its page is built, not shown)
        line = field.query_one(".sureness")
        assert str(line.render()) == "◆ Estimate · the vendor's price list"
        assert line.display
        unmarked = bank.steps[1].questions[1].id
        assert not screen.query_one(f"#q-{unmarked}").query(".sureness")
        await pilot.press("pagedown")
        await pilot.pause()
        assert field.query_one(".sureness") is line


async def test_an_answer_changed_in_another_window_keeps_saying_how_sure_it_is(
    store, bank, plan_path
):
    """A question another window answers is built again with the new answer, and still says
    how sure its answer is (before, the line went until the step was left and shown again)."""
    plan = read_plan(plan_path)
    record.mark(plan, "organisation", "fact", "the signed contract")
    write_plan(plan, plan_path, order(bank))
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        old = app.screen.query_one("#q-organisation")
        other = read_plan(plan_path)
        other.answers["organisation"] = "From the other window"
        write_plan(other, plan_path, order(bank))
        for _ in range(50):  # (the wizard looks at the file once a second)
            await pilot.pause(0.2)
            new = app.screen.query_one("#q-organisation")
            if new is not old:
                break
        assert new is not old and new.query_one(Input).value == "From the other window"
        line = new.query_one(".sureness")
        assert line.display and str(line.render()) == "◆ Fact · the signed contract"


class FakeClock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC).timestamp()

    def __call__(self) -> float:
        return self.now


async def test_a_workshop_block_counts_down_and_records_the_time_spent(store, bank, plan_path):
    plan = read_plan(plan_path)
    record.set_agenda(plan, {"basics": 10, "production_criteria": 15})
    write_plan(plan, plan_path, order(bank))
    clock = FakeClock()
    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False, workshop=True)
    app.clock = clock
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        wizard = app.screen
        timer = wizard.query_one("#header-timer")
        assert "10 min left in 'Plan basics' · agenda ends" in str(timer.render())
        clock.now += 6 * 60
        wizard.workshop.tick()  # what the once-a-minute timer does
        await pilot.pause()
        assert "4 min left" in str(timer.render())
        assert any("5 minutes left" in n.message for n in app._notifications)
        clock.now += 5 * 60
        wizard.workshop.tick()
        await pilot.pause()
        assert "1 min over" in str(timer.render())
        await pilot.press("pagedown")  # the time goes to basics, the next block starts
        await pilot.pause()
        assert "15 min left in 'Production criteria'" in str(timer.render())
        clock.now += 90
        await pilot.press("escape")
        await pilot.pause()
    sessions = saved(plan_path)["workshop"]["sessions"]
    (session,) = sessions.values()
    assert session["spent"] == {"basics": 660, "production_criteria": 90}
    assert session["started"].startswith("2026-11-26T09:00")
    assert session["ends"].startswith("2026-11-26T09:25")


def clock_at(seconds: float) -> str:
    return time.strftime("%H:%M", time.localtime(seconds))


async def test_the_timer_names_the_block_and_the_agenda_end_moves_with_the_agenda(
    store, bank, plan_path
):
    from pilot2prod.tui.screens.record import AgendaScreen

    plan = read_plan(plan_path)
    record.set_agenda(plan, {"basics": 10, "production_criteria": 15})
    write_plan(plan, plan_path, order(bank))
    clock = FakeClock()
    start = clock.now
    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False, workshop=True)
    app.clock = clock
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        wizard = app.screen
        timer = wizard.query_one("#header-timer")
        ends = clock_at(start + 25 * 60)
        assert str(timer.render()) == f" ⏱ 10 min left in 'Plan basics' · agenda ends {ends} "
        clock.now += 3 * 60
        wizard.action_agenda()
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("down", "enter")  # production criteria: 15 -> 40 minutes
        await pilot.pause()
        await pilot.press("end", "backspace", "backspace", "4", "0", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        ends = clock_at(start + 50 * 60)
        assert str(timer.render()) == f" ⏱ 7 min left in 'Plan basics' · agenda ends {ends} "
        await pilot.press("pagedown")
        await pilot.pause()
        expected = f" ⏱ 40 min left in 'Production criteria' · agenda ends {ends} "
        assert str(timer.render()) == expected
        await pilot.press("pagedown")  # the technical-debt register is not on this agenda
        await pilot.pause()
        expected = f" ⏱ 'Technical-debt register' is not on the agenda · agenda ends {ends} "
        assert str(timer.render()) == expected


async def test_at_80_columns_the_timer_leaves_the_step_title_to_the_header(store, bank, plan_path):
    clock = FakeClock()
    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False, workshop=True)
    app.clock = clock
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        timer = app.screen.query_one("#header-timer")
        assert str(timer.render()).startswith(" ⏱ 10 min left · agenda ends ")
        saved = app.screen.query_one("#header-saved")
        assert saved.region.right <= 80 and "saved" in str(saved.render())


TIMER_NOTICES = ("5 minutes left for this step.", "Time is up for this step")


def timer_notices(app) -> list[str]:
    return [n.message for n in app._notifications if n.message.startswith(TIMER_NOTICES)]


async def test_timer_notices_do_not_pile_up(store, bank, plan_path):
    """A new timer notice takes the place of the one before; a block of five minutes or less
    gives no "5 minutes left" the moment it starts."""
    plan = read_plan(plan_path)
    record.set_agenda(plan, {"basics": 10, "production_criteria": 8, "technical_debt": 5})
    write_plan(plan, plan_path, order(bank))
    clock = FakeClock()
    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False, workshop=True)
    app.clock = clock
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        wizard = app.screen
        clock.now += 6 * 60
        wizard.workshop.tick()
        await pilot.pause()
        assert timer_notices(app) == ["5 minutes left for this step."]
        clock.now += 5 * 60
        wizard.workshop.tick()
        await pilot.pause()
        assert timer_notices(app) == [
            "Time is up for this step: park what is open (F4) and move on."
        ]
        await pilot.press("pagedown")
        await pilot.pause()
        clock.now += 4 * 60
        wizard.workshop.tick()  # production criteria: 4 of 8 minutes left
        await pilot.pause()
        assert timer_notices(app) == ["5 minutes left for this step."]
        await pilot.press("pagedown")  # a five-minute block: nothing to say yet
        await pilot.pause()
        assert timer_notices(app) == ["5 minutes left for this step."]
        clock.now += 5 * 60
        wizard.workshop.tick()
        await pilot.pause()
        assert len(timer_notices(app)) == 1
        assert timer_notices(app)[0].startswith("Time is up")


async def test_timer_notices_leave_no_blank_rows(store, bank, plan_path):
    """A timer notice that takes the place of the one before takes its row too, and the last
    one gives its row back once its time is up (each once left a blank row)."""
    from types import SimpleNamespace

    from pilot2prod.tui.compat.toasts import hide_empty_racks
    from pilot2prod.tui.wizard.timer import WorkshopTimer

    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False, workshop=True)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        app.clear_notifications()  # (what workshop mode says at the start)
        await pilot.pause(0.1)
        hide_empty_racks(app)  # (clearing leaves holders as Textual drops toasts: see below)
        await pilot.pause(0.1)
        body = app.screen.query_one("#wizard-body")
        rows = body.region.height
        # (the timer's notices alone: a started timer would add a notice of its own)
        timer = SimpleNamespace(wizard=app.screen, NOTICE=WorkshopTimer.NOTICE, notices=0)
        WorkshopTimer.notice(timer, "5 minutes left for this step.", timeout=30)
        await pilot.pause(0.1)
        WorkshopTimer.notice(timer, "Time is up for this step.", timeout=1.5)
        await pilot.pause(0.2)  # (a loaded machine may take longer: 1.5 s leaves room)
        rack = app.screen.query_one("ToastRack")
        assert len(rack.children) == 1 and body.region.height == rows - 1
        await pilot.pause(1.5)  # past its time and the clean-up 0.1 s after
        assert not rack.display and body.region.height == rows


async def test_the_agenda_screen_sets_time_boxes(store, bank, plan_path):
    from pilot2prod.tui.screens.record import AgendaScreen

    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.action_agenda()
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("enter")  # Plan basics: 10 by default
        await pilot.pause()
        await pilot.press("ctrl+a", *"twenty", "enter")  # not minutes: asked again
        await pilot.pause()
        assert not isinstance(app.screen, AgendaScreen)
        app.screen.query_one("#value").value = "25"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "delete")  # production criteria left out
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    agenda = dict(record.agenda(bank, read_plan(plan_path)))
    assert agenda["basics"] == 25 and "production_criteria" not in agenda
    assert agenda["technical_debt"] == 10


async def test_the_agenda_keeps_its_column_widths_after_an_edit(store, bank, plan_path):
    """Every column in view at 80 columns, before and after a time box is changed (the rows
    redrawn on coming back from the dialog kept the step column as narrow as its header)."""
    from textual.widgets import DataTable

    from pilot2prod.tui.screens.record import AgendaScreen

    app = Pilot2ProdApp(store, bank, plan_path, "basics", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.action_agenda()
        await pilot.pause()
        table = app.screen.query_one("#agenda", DataTable)

        def lines() -> list[str]:
            return [table.render_line(y).text for y in range(3)]

        before = lines()
        assert "Spent so far" in before[0]
        assert "Plan basics" in before[1] and "Production criteria" in before[2]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("end", "backspace", "backspace", "2", "5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        after = lines()
        assert after[0] == before[0]
        assert after[1] == before[1].replace(" 10 ", " 25 ")
        assert after[2] == before[2]
        await pilot.press("down", "delete")
        await pilot.pause()
        assert lines()[0] == before[0]
        assert lines()[2] == before[2].replace(" 10 ", "  — ")


def test_a_mark_removed_in_one_window_stays_removed_and_the_plan_still_saves(tmp_path, bank):
    base = Plan("P")
    record.mark(base, "use_case", "estimate")
    record.park(base, "Ask legal")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    record.mark(ours, "use_case", None)
    theirs.parked = {}
    merged = merge(base, ours, theirs, at="2026-11-19T10:00:00Z").plan
    assert (merged.sureness, merged.parked) == ({}, {})
    write_plan(merged, tmp_path / "p.toml", order(bank))
