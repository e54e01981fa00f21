"""Saving rules of an open plan, without the terminal."""

from __future__ import annotations

import os

from pilot2prod.plan import Plan
from pilot2prod.store import read_plan, write_plan
from pilot2prod.tui.session import PlanSession


def open_session(store, bank) -> PlanSession:
    path = store.create(Plan.new("Shared", bank))
    return PlanSession.open(store, bank, path)


def test_flush_writes_only_when_something_changed(store, bank):
    session = open_session(store, bank)
    before = session.path.read_bytes()
    assert session.flush()
    assert session.path.read_bytes() == before
    assert session.set_answer(bank.question("organisation"), "Acme")
    assert not session.set_answer(bank.question("organisation"), "Acme")
    assert session.flush()
    assert read_plan(session.path).answers["organisation"] == "Acme"


def test_moving_between_steps_does_not_touch_the_update_time(store, bank):
    session = open_session(store, bank)
    updated = session.plan.updated
    session.set_position("budget")
    assert session.flush()
    again = read_plan(session.path)
    assert again.last_step == "budget"
    assert again.updated == updated


def test_a_file_changed_by_someone_else_is_never_overwritten(store, bank):
    session = open_session(store, bank)
    other = read_plan(session.path)
    other.answers["organisation"] = "Written elsewhere"
    write_plan(other, session.path)
    os.utime(session.path, ns=(1, 1))  # make sure the stamp differs even on coarse clocks
    outside = session.path.read_bytes()

    session.set_answer(bank.question("use_case"), "Typed in this window")
    assert not session.flush()
    assert session.path.read_bytes() == outside
    assert session.conflict is not None and session.conflict.parent == store.conflicts_dir
    assert read_plan(session.conflict).answers["use_case"] == "Typed in this window"
    assert "changed by another program" in (session.error or "")

    # Later answers keep going to the copy, never to the original.
    session.set_answer(bank.question("use_case"), "And more")
    session.flush()
    assert session.path.read_bytes() == outside
    assert read_plan(session.conflict).answers["use_case"] == "And more"


def test_a_failed_write_is_reported(store, bank, monkeypatch):
    from pilot2prod import store as store_module

    session = open_session(store, bank)

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(store_module.os, "replace", refuse)
    session.set_answer(bank.question("organisation"), "Acme")
    assert not session.flush()
    assert "cannot save" in (session.error or "")
    assert session.dirty  # still pending: the next flush tries again
