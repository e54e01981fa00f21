"""Saving rules of an open plan, without the terminal: several windows, failed saves."""

from __future__ import annotations

import threading

from pilot2prod import fileio
from pilot2prod.plan import Plan
from pilot2prod.store import read_plan, write_plan
from pilot2prod.tui.session import PlanSession


def open_session(store, bank, path=None, **kwargs) -> PlanSession:
    path = path or store.create(Plan.new("Shared", bank))
    return PlanSession.open(store, bank, path, **kwargs)


def test_flush_writes_only_when_something_changed(store, bank):
    session = open_session(store, bank)
    before = session.path.read_bytes()
    assert session.flush()
    assert session.path.read_bytes() == before
    assert session.set_answer(bank.question("organisation"), "Acme")
    assert not session.set_answer(bank.question("organisation"), "Acme")
    assert session.flush()
    assert read_plan(session.path).answers["organisation"] == "Acme"


def test_moving_between_steps_never_rewrites_the_plan(store, bank):
    session = open_session(store, bank)
    before = session.path.read_bytes()
    session.set_position("budget")
    assert session.flush()
    assert session.path.read_bytes() == before
    again = open_session(store, bank, session.path)
    assert again.position == "budget"


def test_the_question_answered_is_kept_with_the_step_for_reopening(store, bank):
    """Where the focus was (told for presenters) is kept with the step; another step forgets
    it; a question shown at a step the window is not at (a presenter's) is not kept."""
    session = open_session(store, bank)
    session.set_position("monitoring")
    assert session.flush()
    state = store.windows.state_path(session.path)
    written = state.read_bytes()
    session.show_place("monitoring", "monitor_errors")
    assert session.flush()
    assert state.read_bytes() == written  # (a focus move alone writes nothing)
    session.close()  # (written as the session closes)
    again = open_session(store, bank, session.path)
    assert (again.position, again.position_question) == ("monitoring", "monitor_errors")
    again.set_position("scale")
    again.show_place("budget", "budget_change")
    assert again.flush()
    again.close()
    third = open_session(store, bank, session.path)
    assert (third.position, third.position_question) == ("scale", None)


def test_answers_saved_by_another_window_are_merged_not_overwritten(store, bank):
    one = open_session(store, bank)
    two = open_session(store, bank, one.path)
    assert one.set_answer(bank.question("organisation"), "Acme")
    assert two.set_answer(bank.question("use_case"), "Typed in the second window")
    assert one.flush() and two.flush()
    saved = read_plan(one.path).answers
    assert saved["organisation"] == "Acme"
    assert saved["use_case"] == "Typed in the second window"
    # The first window picks up what the second saved, without writing anything.
    assert one.check_disk() is not None
    assert one.plan.answers["use_case"] == "Typed in the second window"
    assert not one.dirty


def test_the_same_answer_from_two_windows_keeps_the_later_and_records_the_other(store, bank):
    one = open_session(store, bank)
    two = open_session(store, bank, one.path)
    question = bank.question("sponsor")
    one.set_answer(question, "Jo, COO")
    two.set_answer(question, "Sam, CFO")
    assert one.flush() and two.flush()
    plan = read_plan(one.path)
    assert plan.answers["sponsor"] == "Sam, CFO"
    assert [(c["question"], c["kept"], c["other"]) for c in plan.conflicts] == [
        ("sponsor", "Sam, CFO", "Jo, COO")
    ]
    updates = two.take_updates()
    assert updates and updates[0].conflicts
    # The first window hears of it too.
    assert one.check_disk() is not None
    assert one.plan.conflicts == plan.conflicts
    assert [u.conflicts for u in one.take_updates()] == [plan.conflicts]

    # A second round keeps the first record.
    one.set_answer(question, "Kim, CEO")
    two.set_answer(question, "Lee, CTO")
    assert two.flush() and one.flush()
    records = read_plan(one.path).conflicts
    assert len(records) == 2
    texts = {str(c.get("kept")) for c in records} | {str(c.get("other")) for c in records}
    assert {"Jo, COO", "Sam, CFO", "Kim, CEO", "Lee, CTO"} <= texts


def test_interleaved_saves_lose_nothing(store, bank, monkeypatch):
    """One saver pauses between reading the file and writing it; the other waits its turn."""
    from pilot2prod.store import windows as store_windows

    one = open_session(store, bank)
    two = open_session(store, bank, one.path)
    one.set_answer(bank.question("organisation"), "From the first")
    two.set_answer(bank.question("use_case"), "From the second")

    reading_done = threading.Event()
    let_it_write = threading.Event()
    real_write = store_windows.write_plan

    def slow_write(plan, path, order=()):
        if threading.current_thread().name == "first":
            reading_done.set()
            assert let_it_write.wait(5)
        real_write(plan, path, order)

    monkeypatch.setattr(store_windows, "write_plan", slow_write)
    results: dict[str, bool] = {}
    first = threading.Thread(target=lambda: results.update(a=one.flush()), name="first")
    first.start()
    assert reading_done.wait(5)
    second = threading.Thread(target=lambda: results.update(b=two.flush()), name="second")
    second.start()
    second.join(0.3)
    assert second.is_alive(), "the second save must wait for the first's lock"
    let_it_write.set()
    first.join(5)
    second.join(5)
    assert results == {"a": True, "b": True}
    saved = read_plan(one.path).answers
    assert saved["organisation"] == "From the first"
    assert saved["use_case"] == "From the second"


def test_an_unreadable_file_on_disk_is_never_overwritten(store, bank):
    session = open_session(store, bank)
    session.path.write_text("this is not TOML [", encoding="utf-8")
    outside = session.path.read_bytes()
    session.set_answer(bank.question("use_case"), "Typed in this window")
    assert not session.flush()
    assert session.path.read_bytes() == outside
    assert "left alone" in (session.error or "")
    assert session.unsaved


def test_a_failed_write_is_reported_and_kept_for_recovery(store, bank, monkeypatch):
    session = open_session(store, bank)

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(fileio.os, "replace", refuse)
    session.set_answer(bank.question("organisation"), "Acme")
    assert not session.flush()
    assert "cannot save" in (session.error or "")
    assert session.dirty and session.unsaved  # still pending: the next flush tries again
    monkeypatch.undo()

    file = session.write_recovery()
    assert file is not None and file.is_file()
    (recovery,) = store.recoveries()
    assert recovery.changed == ("organisation",)
    # Meanwhile another window saved something else; restoring merges into it.
    other = read_plan(session.path)
    other.answers["use_case"] = "Saved elsewhere"
    write_plan(other, session.path)
    store.restore(recovery)
    answers = read_plan(session.path).answers
    assert answers == {"organisation": "Acme", "use_case": "Saved elsewhere"}
    assert not file.exists()
    assert store.recoveries() == []


def test_a_follower_never_writes(store, bank):
    editor = open_session(store, bank)
    follower = open_session(store, bank, editor.path, read_only=True)
    assert not follower.set_answer(bank.question("organisation"), "Nope")
    editor.set_answer(bank.question("organisation"), "Acme")
    assert editor.flush()
    before = editor.path.read_bytes()
    assert follower.check_disk() is not None
    assert follower.plan.answers["organisation"] == "Acme"
    assert follower.flush()
    assert editor.path.read_bytes() == before


def test_the_edit_lock_names_its_holder_and_dies_with_it(store, bank):
    path = store.create(Plan.new("Locked", bank))
    lock, holder = store.take_edit_lock(path)
    assert lock is not None and holder is None
    again, holder = store.take_edit_lock(path)
    assert again is None and holder is not None
    assert "in another window" in holder.describe()
    assert str(holder.pid) in holder.describe()
    lock.release()  # as the holder's process ending does
    third, holder = store.take_edit_lock(path)
    assert third is not None and holder is None
    third.release()
