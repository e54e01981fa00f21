"""Dates as people say them: ``next Friday``, ``15 Jan``, ``in 2 weeks``, ``end of month``.

Every form is read with today pinned on a Thursday (the suite's day), a Friday and the 31st of a
month: first as pure readings, then typed into a date answer, a table's date column and the F3
due date, checking the ISO value stored and the echo shown beside the field.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from textual.widgets import Input, Static

from pilot2prod import record, values
from pilot2prod.plan import Plan, fix_of, normalise_dates
from pilot2prod.store import Store, read_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.dialogs import ActionDialog, RowEditor
from pilot2prod.tui.wizard import WizardScreen
from pilot2prod.values import WEEKDAYS, current_day, echo, read

THURSDAY = dt.date(2026, 11, 26)
FRIDAY = dt.date(2026, 11, 27)
THIRTY_FIRST = dt.date(2027, 1, 31)  # a Sunday
DAYS = {"thursday": THURSDAY, "friday": FRIDAY, "31st": THIRTY_FIRST}

# form: (read on the Thursday, on the Friday, on the 31st); months as YYYY-MM
FORMS: dict[str, tuple[str, str, str]] = {
    "today": ("2026-11-26", "2026-11-27", "2027-01-31"),
    "tomorrow": ("2026-11-27", "2026-11-28", "2027-02-01"),
    "yesterday": ("2026-11-25", "2026-11-26", "2027-01-30"),
    "Friday": ("2026-11-27", "2026-11-27", "2027-02-05"),
    "this Friday": ("2026-11-27", "2026-11-27", "2027-02-05"),
    "next Friday": ("2026-12-04", "2026-12-04", "2027-02-12"),
    "in 2 weeks": ("2026-12-10", "2026-12-11", "2027-02-14"),
    "3 days ago": ("2026-11-23", "2026-11-24", "2027-01-28"),
    "end of month": ("2026-11-30", "2026-11-30", "2027-01-31"),
    "15 Jan": ("2027-01-15", "2027-01-15", "2027-01-15"),
    "Jan 15": ("2027-01-15", "2027-01-15", "2027-01-15"),
    "15 January": ("2027-01-15", "2027-01-15", "2027-01-15"),
    "Jan 27": ("2027-01-27", "2027-01-27", "2027-01-27"),
    "next month": ("2026-12", "2026-12", "2027-02"),
    "March": ("2027-03", "2027-03", "2027-03"),
}
DUE_FORMS: dict[str, tuple[str, str, str]] = {
    **{form: days for form, days in FORMS.items() if len(days[0]) == 10},
    # A due date is the next one on or after today: on 31 January, last January is gone.
    "15 Jan": ("2027-01-15", "2027-01-15", "2028-01-15"),
    "Jan 15": ("2027-01-15", "2027-01-15", "2028-01-15"),
    "15 January": ("2027-01-15", "2027-01-15", "2028-01-15"),
    "Jan 27": ("2027-01-27", "2027-01-27", "2028-01-27"),
}
QUARTER = ("Q3 2027", "'Q3 2027' is a quarter: give a month, e.g. Jul 2027")


def spoken(iso: str) -> str:
    """The echo a field should show, written out independently of values.echo."""
    if len(iso) == 7:
        year, month = iso.split("-")
        return f"= {values.MONTHS[int(month) - 1]} {year}"
    day = dt.date.fromisoformat(iso)
    return (
        f"= {WEEKDAYS[day.weekday()][:3]} {day.day} {values.MONTHS[day.month - 1][:3]} {day.year}"
    )


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()))


# --- Pure readings --------------------------------------------------------------------------


@pytest.mark.parametrize("index, today", enumerate(DAYS.values()), ids=list(DAYS))
@pytest.mark.parametrize("form", list(FORMS))
def test_every_form_on_a_thursday_a_friday_and_the_31st(form, index, today):
    assert read("date", form, today=today).value == FORMS[form][index]
    assert read("date", form.upper(), today=today).value == FORMS[form][index]
    assert read("date", f"  {form.lower()} ", today=today).value == FORMS[form][index]


@pytest.mark.parametrize("index, today", enumerate(DAYS.values()), ids=list(DAYS))
@pytest.mark.parametrize("form", list(DUE_FORMS))
def test_due_dates_take_the_next_one_on_or_after_today(form, index, today):
    assert read("date", form, today=today, due=True).value == DUE_FORMS[form][index]


def test_the_examples_of_the_issue():
    assert echo("date", "2026-12-11") == "Fri 11 Dec 2026"
    assert echo("date", "2027-03") == "March 2027"
    assert read("date", "in 2 weeks", today=dt.date(2026, 11, 27)).value == "2026-12-11"
    assert read("date", "Jan 27", today=THURSDAY).value == "2027-01-27"  # not January 2027
    assert read("date", "Jan 2027", today=THURSDAY).value == "2027-01"
    for today in DAYS.values():
        assert read("date", QUARTER[0], today=today).problem == QUARTER[1]
        assert read("date", QUARTER[0], today=today, due=True).problem == QUARTER[1]


def test_nearest_past_or_future_and_the_tie_goes_to_the_later():
    # On 26 November, 15 November is 11 days ago: nearer than next year's.
    assert read("date", "15 Nov", today=THURSDAY).value == "2026-11-15"
    assert read("date", "15 Nov", today=THURSDAY, due=True).value == "2027-11-15"
    # On 13 September 2027, 14 March is 183 days either way (a leap day ahead): the later one.
    tie = dt.date(2027, 9, 13)
    assert (tie - dt.date(2027, 3, 14)).days == (dt.date(2028, 3, 14) - tie).days == 183
    assert read("date", "14 Mar", today=tie).value == "2028-03-14"
    assert read("date", "15 Mar", today=tie).value == "2027-03-15"  # 182 back, 184 ahead
    # Months: in November, May is six months either way: the later one.
    assert read("date", "May", today=THURSDAY).value == "2027-05"
    assert read("date", "June", today=THURSDAY).value == "2026-06"
    assert read("date", "Nov", today=THURSDAY).value == "2026-11"


def test_more_forms_of_the_grammar():
    cases = {
        "last Friday": "2026-11-20",
        "next Thursday": "2026-12-03",
        "Thursday": "2026-11-26",  # today on a Thursday
        "fri.": "2026-11-27",
        "in a month": "2026-12-26",
        "in two years": "2028-11-26",
        "2 weeks ago": "2026-11-12",
        "end of the month": "2026-11-30",
        "end of next month": "2026-12-31",
        "end of year": "2026-12-31",
        "end of March": "2027-03-31",
        "end of Feb 2028": "2028-02-29",
        "15th January": "2027-01-15",
        "January 15th": "2027-01-15",
        "29 Feb": "2028-02-29",
        "this month": "2026-11",
        "last month": "2026-10",
        "Fri 11 Dec 2026": "2026-12-11",
        "Friday, 11 December 2026": "2026-12-11",
        "Fri 27 Nov": "2026-11-27",
    }
    for typed, stored in cases.items():
        assert read("date", typed, today=THURSDAY).value == stored, typed
    # A month added on the 31st keeps to the month's last day.
    assert read("date", "in 1 month", today=THIRTY_FIRST).value == "2027-02-28"
    assert read("date", "in 1 month", today=dt.date(2027, 12, 31)).value == "2028-01-31"
    assert read("date", "end of next month", today=THIRTY_FIRST).value == "2027-02-28"
    assert read("date", "next month", today=dt.date(2026, 12, 31)).value == "2027-01"
    assert read("date", "tomorrow", today=dt.date(2026, 12, 31)).value == "2027-01-01"


@pytest.mark.parametrize(
    "typed, words",
    [
        ("Thu 11 Dec 2026", "'Thu 11 Dec 2026': 11 December 2026 is a Friday"),
        ("Friday March", "a weekday goes with a day"),
        ("30 Feb", "'30 Feb': there is no 30 February"),
        ("next spring", "'next spring' is not a date"),
        ("next week", "is not a date"),
        ("in 9999 years", "too far from today"),
        ("q4", "'q4' is a quarter: give a month, e.g. Oct 2026"),
        ("2027-Q1", "is a quarter: give a month, e.g. Jan 2027"),
    ],
)
def test_what_is_not_a_date_says_why(typed, words):
    reading = read("date", typed, today=THURSDAY)
    assert reading.value is None and words in (reading.problem or "")


def test_text_not_typed_now_is_never_dated_from_today():
    for form in [*FORMS, "end of March"]:
        reading = read("date", form, today=THURSDAY, relative=False)
        assert reading.value is None, form
        assert "depends on the day it was typed" in (reading.problem or "")
    # Dates written in full read the same either way.
    for written in (
        "2026-03-14",
        "14 March 2026",
        "Feb 2027",
        "end of March 2027",
        "Fri 11 Dec 2026",
    ):
        assert read("date", written, relative=False).ok
    assert read("date", QUARTER[0], relative=False).problem == QUARTER[1]


def test_a_plan_file_keeps_its_relative_dates_as_they_are(bank):
    plan = Plan.new("Acme", bank)
    plan.answers.update(plan_date="14 March 2026", pilot_start="next Friday")
    plan.drafts["budget_go_live"] = "15 Jan"
    normalise_dates(bank, plan)
    assert plan.answers["plan_date"] == "2026-03-14"
    assert plan.answers["pilot_start"] == "next Friday"  # kept, to fix: not dated today
    fix = fix_of(bank, plan, bank.question("budget_go_live"))
    assert fix is not None and "depends on the day it was typed" in fix.problem


def test_today_is_pinned_by_source_date_epoch_else_the_local_date(monkeypatch):
    assert current_day() == THURSDAY  # the suite pins SOURCE_DATE_EPOCH to this day
    assert read("date", "tomorrow").value == "2026-11-27"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(FRIDAY))
    assert current_day() == FRIDAY
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.date.today()
    now = current_day()
    assert now in {before, dt.date.today()}


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_the_echo_reads_back_as_the_same_date(day):
    iso = day.isoformat()
    assert read("date", echo("date", iso), relative=False).value == iso
    assert read("date", echo("date", iso[:7]), relative=False).value == iso[:7]


@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)),
    st.integers(min_value=0, max_value=6),
)
def test_weekdays_are_the_coming_one_next_and_last(today, weekday):
    name = WEEKDAYS[weekday]
    coming = dt.date.fromisoformat(read("date", name, today=today).value)
    this = dt.date.fromisoformat(read("date", f"this {name}", today=today).value)
    following = dt.date.fromisoformat(read("date", f"next {name[:3]}", today=today).value)
    last = dt.date.fromisoformat(read("date", f"last {name}", today=today).value)
    assert coming == this and 0 <= (coming - today).days <= 6
    assert 7 <= (following - today).days <= 13
    assert 1 <= (today - last).days <= 7
    assert {coming.weekday(), following.weekday(), last.weekday()} == {weekday}


@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2000, 12, 31)),
)
@example(today=dt.date(2096, 3, 1), named=dt.date(2000, 2, 29))  # (no leap day till 2104)
def test_a_day_without_its_year_is_the_nearest_or_the_next_due(today, named):
    said = f"{named.day} {values.MONTHS[named.month - 1]}"
    nearest = dt.date.fromisoformat(read("date", said, today=today).value)
    due = dt.date.fromisoformat(read("date", said, today=today, due=True).value)
    assert (nearest.month, nearest.day) == (due.month, due.day) == (named.month, named.day)
    if (named.month, named.day) != (2, 29):
        assert abs((nearest - today).days) <= 183
        assert 0 <= (due - today).days < 366
    assert due >= today
    # Said back the way the field echoes it, with its year, it is the same day.
    assert read("date", echo("date", nearest.isoformat()), today=today).value == nearest.isoformat()


# --- Typed into the app ---------------------------------------------------------------------
#
# One app per place, through the three days in turn (the day is read when a date is typed). Every
# form is typed and its echo checked; the echo is made from the very value the field stores, and
# a few forms a day are stored and read back from the file.

SAVED = {"thursday": "next Friday", "friday": "in 2 weeks", "31st": "15 Jan"}
"""The form saved on each day, in a table row and as an action's due date."""


def shown(widget: Static) -> str:
    return str(widget.render())


def document(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def say(pilot, editor: Input, text: str, *, keys: bool = False) -> None:
    """Type *text* into *editor*: key by key, or (to keep the suite quick) in one insert, which
    reaches the field as the same Changed event as typing its last key does."""
    editor.focus()
    editor.value = ""
    if keys:
        await pilot.press(*text)
    else:
        editor.insert_text_at_cursor(text)
    await pilot.pause()
    assert editor.value == text


KEYED = ("next Friday", "15 Jan")
"""Forms typed key by key on the Thursday; the others are inserted whole, to keep it quick."""


def days(monkeypatch):
    """Each pinned day in turn: its name, and its index in FORMS."""
    for index, (name, day) in enumerate(DAYS.items()):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
        assert current_day() == day
        yield name, index


def new_plan(store: Store, bank) -> Path:
    plan = Plan.new("Dates", bank)
    plan.answers["currency"] = "GBP"
    return store.create(plan, [q.id for q in bank.questions()])


async def test_date_answers_typed_as_people_say_them(store, bank, monkeypatch):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, "basics", cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await pilot.pause()
        for name, index in days(monkeypatch):
            for n, form in enumerate(FORMS):
                qid = ("plan_date", "pilot_start")[n % 2]
                field = screen.query_one(f"#q-{qid}")
                await say(
                    pilot, field.query_one(Input), form, keys=name == "thursday" and form in KEYED
                )
                assert shown(field.query_one(".reading")) == spoken(FORMS[form][index]), form
                assert not field.has_error
                assert screen.session.plan.answers[qid] == FORMS[form][index], form
        # The last two typed, on the 31st: "next month" and "March". A gate's date is one too.
        await screen.go_to(bank.step_of("gate_design_date").id, "gate_design_date")
        await pilot.pause()
        field = app.screen.query_one("#q-gate_design_date")
        await say(pilot, field.query_one(Input), "next Friday")
        assert shown(field.query_one(".reading")) == "= Fri 12 Feb 2027"
        await screen.go_to("budget", "budget_go_live")
        await pilot.pause()
        field = app.screen.query_one("#q-budget_go_live")
        await say(pilot, field.query_one(Input), QUARTER[0])
        assert shown(field.query_one(".reading")) == ""
        assert f"To fix: {QUARTER[1]}. Kept as typed." in shown(field.query_one(".error"))
        await app.action_quit()
    saved = document(path)
    assert (saved["answers"]["plan_date"], saved["answers"]["pilot_start"]) == (
        "2027-03",
        "2027-02",
    )
    assert saved["answers"]["gate_design_date"] == "2027-02-12"
    assert saved["drafts"] == {"budget_go_live": QUARTER[0]}
    assert "budget_go_live" not in saved["answers"]


async def test_a_tables_date_column_typed_as_people_say_them(store, bank, monkeypatch):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.screen.go_to("incremental_rollout", "rollout_stages")
        await pilot.pause()
        for name, index in days(monkeypatch):
            await pilot.press("insert")  # on the table: a new row
            await pilot.pause()
            editor = app.screen
            assert isinstance(editor, RowEditor)
            start = editor.query_one("#col-start", Input)
            for form in FORMS:
                await say(pilot, start, form, keys=name == "thursday" and form in KEYED)
                assert shown(editor.query_one("#reading-start")) == spoken(FORMS[form][index])
                assert not editor.query_one("#error-start").display, form
            await say(pilot, start, QUARTER[0])
            assert shown(editor.query_one("#reading-start")) == ""
            assert QUARTER[1] in shown(editor.query_one("#error-start"))
            editor.submit()
            await pilot.pause()
            assert app.screen is editor  # refused while the cell cannot be read
            await say(pilot, editor.query_one("#col-stage", Input), name)
            await say(pilot, start, SAVED[name])
            await pilot.press("enter")  # Enter in any cell saves the row
            await pilot.pause()
            assert not isinstance(app.screen, RowEditor)
        await app.action_quit()
    rows = document(path)["answers"]["rollout_stages"]
    assert rows == [
        {"stage": "thursday", "start": "2026-12-04"},
        {"stage": "friday", "start": "2026-12-11"},
        {"stage": "31st", "start": "2027-01-15"},  # the nearest: a table's date is no deadline
    ]


async def test_the_f3_due_date_typed_as_people_say_it(store, bank, monkeypatch):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, "basics", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for name, index in days(monkeypatch):
            await pilot.press("f3")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ActionDialog)
            due = dialog.query_one("#due", Input)
            await say(pilot, dialog.query_one("#what", Input), f"Due {name}")
            for form in DUE_FORMS:
                await say(pilot, due, form, keys=name == "thursday" and form in KEYED)
                echoed = shown(dialog.query_one("#due-reading"))
                assert echoed == spoken(DUE_FORMS[form][index]), form
            for refused, words in [(QUARTER[0], QUARTER[1]), ("next month", "give a day")]:
                await say(pilot, due, refused)
                dialog.submit()
                await pilot.pause()
                assert app.screen is dialog
                assert words in shown(dialog.query_one(".dialog-error"))
            await say(pilot, due, SAVED[name])
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, WizardScreen)
        await app.action_quit()
    dues = {a.what: a.due for a in record.actions(read_plan(path))}
    assert dues == {
        "Due thursday": "2026-12-04",
        "Due friday": "2026-12-11",
        "Due 31st": "2028-01-15",  # a due date: the next 15 January, not the one just gone
    }


async def test_a_relative_due_date_in_the_file_is_not_dated_today(store, bank):
    plan = Plan.new("Dates", bank)
    record.add_action(plan, "Call Sam", due="next Friday")
    path = store.create(plan, [q.id for q in bank.questions()])
    app = Pilot2ProdApp(store, bank, path, "basics", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        (action,) = record.actions(app.screen.session.plan)
        dialog = ActionDialog({"what": action.what, "due": action.due}, title="Action")
        await app.push_screen(dialog)
        await pilot.pause()
        assert shown(dialog.query_one("#due-reading")) == ""
        dialog.submit()
        await pilot.pause()
        assert "depends on the day it was typed" in shown(dialog.query_one(".dialog-error"))
        dialog.query_one("#due", Input).focus()
        await pilot.press("end", "backspace", "y")  # typed again: now it counts from today
        await pilot.pause()
        assert shown(dialog.query_one("#due-reading")) == "= Fri 4 Dec 2026"


async def test_a_relative_draft_in_the_file_stays_a_draft_when_opened(store, bank):
    plan = Plan.new("Dates", bank)
    plan.drafts["plan_date"] = "next Friday"  # kept by an older version, on some other day
    path = store.create(plan, [q.id for q in bank.questions()])
    app = Pilot2ProdApp(store, bank, path, "basics", cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#q-plan_date")
        assert field.query_one(Input).value == "next Friday"
        assert "depends on the day it was typed" in shown(field.query_one(".error"))
        assert "plan_date" not in app.screen.session.plan.answers
        await say(pilot, field.query_one(Input), "next Friday")
        assert shown(field.query_one(".reading")) == "= Fri 4 Dec 2026"
        await app.action_quit()
    saved = document(path)
    assert saved["answers"]["plan_date"] == "2026-12-04" and "drafts" not in saved
