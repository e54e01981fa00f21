"""The silent vote in the app: the laptop passed round, the reveal, the scribe's decisions, and
what every other screen shows meanwhile (a count, never a ballot)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input, RadioSet

from pilot2prod import export, record, vote
from pilot2prod.plan import Plan
from pilot2prod.store import Store, read_plan, write_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.dialogs import ParkDialog
from pilot2prod.tui.screens.presenter import PresenterScreen
from pilot2prod.tui.screens.vote import VoteScreen
from pilot2prod.tui.screens.vote.ballot import BallotScreen, PassOnScreen
from pilot2prod.tui.wizard import WizardScreen
from vote_support import wait_for, words_on_screen

VOTERS = [
    # (name, answers by sign index) — what each person chooses on their own
    ("Ana Quist", ["yes", "no", "no"]),
    ("", ["yes", "yes", "no"]),
    ("Bram Oduya", ["yes", "no", "unsure"]),
]


@pytest.fixture
def plan_path(store: Store, bank) -> Path:
    return store.create(Plan.new("Acme claims triage", bank), bank.order)


def first_reason(bank):
    return vote.diagnostic_steps(bank)[0]


async def cast(pilot, name: str, choices: list[str], signs) -> None:
    """One voter's turn: type a name (or not), choose, send."""
    ballot = await wait_for(pilot, BallotScreen)
    radios = list(ballot.query(RadioSet))
    assert all(r.pressed_index == -1 for r in radios)  # nothing chosen when it opens
    shown = words_on_screen(pilot.app)
    assert "Ballots in" not in shown and not re.search(r"\b\d+ in\b", shown)  # no counts
    for earlier, _ in VOTERS:  # and nobody else's name
        assert not earlier or earlier not in shown
    if name:
        ballot.query_one(Input).focus()
        await pilot.press(*name)
    for radio, value in zip(radios, choices, strict=False):
        radio.focus()
        await pilot.pause()
        index = next(i for i, c in enumerate(signs[0].choices) if c.value == value)
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
    await pilot.press("ctrl+g")
    passing = await wait_for(pilot, PassOnScreen)
    shown = words_on_screen(pilot.app)
    assert not name or name not in shown  # the ballot is hidden before the next person looks
    assert "(•)" not in shown  # ... nothing chosen is on screen, named or anonymous
    assert passing is pilot.app.screen


async def test_a_laptop_vote_with_three_voters(store, bank, plan_path):
    step = first_reason(bank)
    signs = vote.step_questions(step)
    app = Pilot2ProdApp(store, bank, plan_path, step.id, cursor_blink=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("1")  # this stall reason's signs
        screen = await wait_for(pilot, VoteScreen)
        first = words_on_screen(app)
        assert "Ballots in: 0" in first
        # A first vote says how it goes, with the keys as bound (its lines joined).
        how = " ".join(first.split())
        assert "Pass the laptop round: each person presses V (Next voter)" in how
        assert "N lets phones" in how and "R shows where the room agrees" in how
        await pilot.press("v")
        for n, (name, choices) in enumerate(VOTERS):
            await cast(pilot, name, choices, signs)
            await pilot.press("enter" if n < len(VOTERS) - 1 else "escape")
        await wait_for(pilot, VoteScreen)
        await pilot.pause()
        during = words_on_screen(app)
        assert "Ballots in: 3" in during
        assert "Ana" not in during and "Bram" not in during and "split" not in during
        # The file has every ballot already; the plan's answers are untouched.
        saved = read_plan(plan_path)
        assert vote.current(saved).count == 3
        assert all(saved.answers.get(s.id) is None for s in signs)
        # Another window on the plan (the presenter) shows the count, never a ballot.
        other = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False, present=True)
        async with other.run_test(size=(100, 32)) as watcher:
            await watcher.pause()
            assert isinstance(other.screen, PresenterScreen)
            seen = words_on_screen(other)
            assert "3 ballots in, hidden" in seen
            assert "Ana" not in seen and "Bram" not in seen and "The room" not in seen
        # Reveal, then accept the first sign, keep the second, take every majority.
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        after = words_on_screen(app)
        assert "Ana Quist" in after and "Bram Oduya" in after and "1 anonymous" in after
        assert "Pass the laptop round" not in after  # (the results take its place)
        assert re.search(
            r"3 ballots revealed; (no question|1 question|\d+ questions) split\.", after
        )
        assert "⚠ split" in after and "✓ agreed" in after
        results = screen.query_one("#vote-results")
        results.highlighted = 0
        await pilot.press("a")
        results.highlighted = 1
        await pilot.press("k")
        await pilot.press("f4")  # park the disagreement, linked to its question
        await wait_for(pilot, ParkDialog)
        await pilot.press(*"Ask the sponsor")
        await pilot.press("enter")
        await wait_for(pilot, VoteScreen)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, WizardScreen)
        await pilot.pause()
    plan = read_plan(plan_path)
    (point,) = record.parked(plan)
    assert (point.text, point.question) == ("Ask the sponsor", signs[1].id)
    (done,) = vote.votes(plan)
    assert done.status == "closed" and done.count == 3
    assert {b.name for b in done.ballots} == {"Ana Quist", "Bram Oduya", ""}
    # First sign: all three said yes (accepted). Second: yes 1, no 2, kept as it was (none).
    # Third: no 2, not sure 1, taken with the rest; the fourth had no ballots: left alone.
    assert plan.answers[signs[0].id] == "yes"
    assert signs[1].id not in plan.answers
    assert plan.answers[signs[2].id] == "no"
    assert signs[3].id not in plan.answers
    outcomes = {qid: (o.decision, o.value) for qid, o in done.outcomes.items()}
    assert outcomes == {
        signs[0].id: ("accepted", "yes"),
        signs[1].id: ("kept", ""),
        signs[2].id: ("accepted", "no"),
    }
    # The export shows each vote's spread beside the answer it decided.
    markdown = export.export_markdown(bank, plan)
    assert "yes 3 (Ana Quist, Bram Oduya, 1 anonymous), no 0, not sure 0" in markdown
    assert "yes 1 (1 anonymous), no 2 (Ana Quist, Bram Oduya), not sure 0 (split)" in markdown
    assert "Voters: Ana Quist, Bram Oduya, 1 anonymous." in markdown
    assert "kept the plan's answer (no answer)" in markdown


async def test_a_vote_reopened_after_its_reveal_has_its_results_under_the_keys(
    store, bank, plan_path
):
    """Reopened once revealed (`pilot2prod vote`, Ctrl+N), ↓ moves in the results at once (the
    list had no focus: ↓ did nothing, and A acted on the first row only); one ballot is one."""
    step = first_reason(bank)
    signs = vote.step_questions(step)
    plan = read_plan(plan_path)
    vid = vote.start(plan, signs, title=step.title)
    vote.cast(plan, vid, "b-0", {signs[0].id: "yes", signs[1].id: "no"})
    vote.reveal(plan, vid)
    write_plan(plan, plan_path, bank.order)
    app = Pilot2ProdApp(
        store, bank, plan_path, step.id, cursor_blink=False, vote=vote.Request(step.id)
    )
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await wait_for(pilot, VoteScreen)
        await pilot.pause()
        results = screen.query_one("#vote-results")
        assert app.focused is results
        assert "1 ballot revealed" in words_on_screen(app)
        before = results.highlighted
        await pilot.press("down")
        await pilot.pause()
        assert results.highlighted == before + 1


async def test_keys_clicks_quitting_and_joining_a_vote_under_way(store, bank, plan_path):
    """Enter on a button before the reveal presses it; a voter's Ctrl+Q asks first; a click on
    a revealed row only highlights it (Enter or A takes the room's answer); `pilot2prod vote`
    on a plan with a vote under way joins it; a vote nobody voted in leaves nothing behind."""
    step = first_reason(bank)
    signs = vote.step_questions(step)
    plan = read_plan(plan_path)
    vid = vote.start(plan, signs, title=step.title)
    for n, value in enumerate(["yes", "yes", "no"]):
        vote.cast(plan, vid, f"b-{n}", {signs[0].id: value, signs[1].id: "no"})
    write_plan(plan, plan_path, bank.order)
    app = Pilot2ProdApp(
        store, bank, plan_path, step.id, cursor_blink=False, vote=vote.Request(step.id)
    )
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await wait_for(pilot, VoteScreen)
        assert screen.vid == vid  # joined, not a second vote
        assert "Ballots in: 3" in words_on_screen(app)
        screen.query_one("#vote-next").focus()
        await pilot.press("enter")  # the focused button, not the results' Enter
        ballot = await wait_for(pilot, BallotScreen)
        await pilot.press("ctrl+q")  # a voter's Ctrl+Q asks first...
        await pilot.pause()
        assert "Quit pilot2prod?" in words_on_screen(app)
        await pilot.press("n")  # ... and no keeps the ballot on screen
        await pilot.pause()
        assert app.screen is ballot
        await pilot.press("escape")  # leave without voting (nothing chosen: no question)
        await wait_for(pilot, VoteScreen)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        results = screen.query_one("#vote-results")
        await pilot.click("#vote-results", offset=(20, 4))  # the second row: highlighted only
        await pilot.pause()
        assert results.highlighted == 1
        assert not any(s.id in read_plan(plan_path).answers for s in signs)
        await pilot.press("up")
        await pilot.press("enter")  # Enter takes the room's answer
        await pilot.pause()
        assert read_plan(plan_path).answers[signs[0].id] == "yes"
        assert "▶" in words_on_screen(app)  # the highlighted row, without colour too
        await pilot.press("escape")
        await wait_for(pilot, WizardScreen)
        # A vote nobody voted in: closed, it leaves nothing in the plan.
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("1")
        await wait_for(pilot, VoteScreen)
        await pilot.press("escape")
        await wait_for(pilot, WizardScreen)
        await pilot.pause()
    assert [v.id for v in vote.votes(read_plan(plan_path))] == [vid]


def test_a_result_wraps_under_its_prompt_not_at_the_left_edge(bank):
    """At 80 columns a long prompt or tally went on at the left edge, under the marks."""
    from rich.cells import cell_len

    from pilot2prod.tui.screens.vote.results import INDENT, row

    plan = Plan.new("Acme claims triage", bank)
    step = first_reason(bank)
    signs = vote.step_questions(step)
    vid = vote.start(plan, signs, title=step.title)
    for n, name in enumerate(["Bo Lindqvist-Andersson", "Ana Quist-Ferreira"]):
        answers = {q.id: q.choices[(n + i) % 2].value for i, q in enumerate(signs)}
        vote.cast(plan, vid, vote.new_ballot_id(plan, vid), answers, name=name)
    vote.reveal(plan, vid)
    found = vote.find(plan, vid)
    for width in (40, 60, 76):
        for sign in signs:
            lines = str(row(bank, plan, found, sign.id, width=width)).split("\n")
            assert all(cell_len(line) <= width for line in lines), (width, lines)
            assert all(line.startswith(INDENT) and line[len(INDENT)] != " " for line in lines[1:])
            assert len(lines) > 3 or width == 76  # (each part took more than one line)
    unwrapped = str(row(bank, plan, found, signs[0].id)).split("\n")
    assert len(unwrapped) == 3  # (before the list has a size: the list wraps it)
