"""Key order is sacred: keys that arrive together go where the keys before them moved the focus.

Each test queues a whole key sequence on the app before any of it is handled (as a terminal read
delivers a burst), then checks that every piece landed in its own field. Without the app's
ordering, Textual hands every key after a Tab or a PageDown to the field focused before it.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, TextArea

from pilot2prod.plan import Plan
from pilot2prod.store import Store, read_plan
from pilot2prod.tui import ordered_input
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.dialogs import RowEditor
from pilot2prod.tui.ordered_input import OrderedInputApp
from pilot2prod.tui.wizard import NextStep, WizardScreen, idle
from pilot2prod.tui.wizard.step_page import StepPage

SIZE = (100, 40)
CHARACTERS = {"tab": "\t", "enter": "\r", "space": " ", "backspace": "\x7f"}


def key_event(name: str) -> events.Key:
    if len(name) == 1:
        return events.Key("space" if name == " " else name, name)
    return events.Key(name, CHARACTERS.get(name))


def keys(*parts: str) -> list[str]:
    """``keys("one", "<tab>", "two")``: text is typed a character at a time, <x> is a key."""
    out: list[str] = []
    for part in parts:
        if part.startswith("<") and part.endswith(">"):
            out.append(part[1:-1])
        else:
            out.extend(part)
    return out


async def settle(app: Pilot2ProdApp, timeout: float = 10.0) -> None:
    """Wait until every held event was routed and everything it set off has finished."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while app._held or not app.is_settled():
        assert loop.time() < deadline, "the app never settled"
        await asyncio.sleep(0.01)


async def burst(pilot, *parts: str) -> None:
    """Queue every key on the app at once, then wait for all of them to be handled."""
    for name in keys(*parts):
        pilot.app.post_message(key_event(name))
    await settle(pilot.app)
    await pilot.pause()


def value_of(app: Pilot2ProdApp, question_id: str) -> str:
    editor = app.screen.query_one(f"#q-{question_id}").query_one("Input, TextArea")
    return editor.value if isinstance(editor, Input) else editor.text  # type: ignore[union-attr]


@pytest.fixture
def plan_path(store: Store, bank) -> Path:
    return store.create(Plan.new("Order", bank), [q.id for q in bank.questions()])


async def open_at(pilot, step: str, question: str) -> WizardScreen:
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen)
    await screen.go_to(step, question)
    await pilot.pause()
    return screen


async def test_tab_and_enter_in_one_burst_fill_three_fields(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(pilot, "basics", "organisation")
        await burst(pilot, "one", "<tab>", "two", "<enter>", "three")
        assert value_of(app, "organisation") == "one"
        assert value_of(app, "sponsor") == "two"
        assert value_of(app, "author") == "three"
        await app.action_quit()
    saved = read_plan(plan_path).answers
    assert (saved["organisation"], saved["sponsor"], saved["author"]) == ("one", "two", "three")


async def test_text_areas_follow_tab_too(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(pilot, "basics", "use_case")
        await burst(pilot, "alpha", "<tab>", "beta")
        assert isinstance(app.focused, TextArea)
        assert value_of(app, "use_case") == "alpha"
        assert value_of(app, "business_problem") == "beta"


async def test_shift_tab_goes_back_before_the_next_key(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(pilot, "basics", "sponsor")
        await burst(pilot, "x", "<shift+tab>", "y")
        assert value_of(app, "sponsor") == "x"
        assert value_of(app, "organisation") == "y"


@pytest.mark.parametrize(
    "next_page",
    [
        pytest.param("built by the step change", id="built-on-step-change"),
        pytest.param("built while idle", id="built-while-idle", marks=pytest.mark.neighbour_pages),
    ],
)
async def test_page_down_then_text_lands_on_the_new_step(store, bank, plan_path, next_page):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at(pilot, "basics", "use_case")
        if next_page == "built while idle":
            await asyncio.wait_for(screen.built.wait(), 10)
            assert not screen.pages.get_child_by_id("page-production_criteria").missing()
        else:
            assert not screen.pages.query("#page-production_criteria")
        await burst(pilot, "<pagedown>", "hello", "<pageup>", "back")
        assert screen.step.id == "basics"
        assert value_of(app, "use_case") == "back"
        await screen.go_to("production_criteria")
        await pilot.pause()
        assert value_of(app, "criteria_success") == "hello"


async def test_palette_jump_then_text_lands_in_the_chosen_question(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at(pilot, "basics", "use_case")
        # Enter arrives while the palette is still searching for "go-live planned": it must
        # pick the top hit of that search, and the date must land in that question.
        await burst(pilot, "<ctrl+g>", "go-live planned", "<enter>", "2027-02")
        assert not isinstance(app.screen, CommandPalette)
        assert screen.step.id == "budget"
        assert value_of(app, "budget_go_live") == "2027-02"
        assert value_of(app, "use_case") == ""


async def test_review_jump_then_text_lands_in_the_chosen_question(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at(pilot, "basics", "sponsor")
        # Review opens on the first step's heading; two rows down is the second question.
        await burst(pilot, "<ctrl+r>", "<down>", "<down>", "<enter>", "Costs us a week")
        assert screen is app.screen
        assert value_of(app, "business_problem") == "Costs us a week"
        assert value_of(app, "sponsor") == ""


async def test_a_long_burst_keeps_every_key_in_order(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    sentence = "The quick brown fox jumps over the lazy dog, 0123456789 times."
    async with app.run_test(size=SIZE) as pilot:
        await open_at(pilot, "basics", "organisation")
        await burst(pilot, sentence, "<tab>", sentence[::-1])
        assert value_of(app, "organisation") == sentence
        assert value_of(app, "sponsor") == sentence[::-1]


@pytest.mark.parametrize("gap", [0.1, 60.0], ids=["ten-a-second", "none-until-the-end"])
async def test_a_burst_is_drawn_at_most_once_a_gap_and_its_end_always(
    store, bank, plan_path, monkeypatch, gap
):
    """While keys wait their turn, frames are left undrawn for FRAME_GAP at a time (Textual
    would draw one after nearly every key): far fewer frames, and the end of the burst is
    drawn once the last key has gone, with nothing else to bring a frame (a text box that
    grows as it wraps is laid out again on the way, which empties Textual's list of what to
    draw)."""
    from pilot2prod.tui import ordered_input
    from pilot2prod.tui.compat import frames

    monkeypatch.setattr(ordered_input, "FRAME_GAP", gap)
    frames.hold_frames()  # (before _draw is wrapped here: it refuses to lose a replacement)
    drawn: list[str] = []
    draw = frames._draw

    def counting(screen):
        if screen is screen.app.screen and isinstance(screen, WizardScreen):
            drawn.append(value_of(screen.app, "use_case"))
        draw(screen)

    monkeypatch.setattr(frames, "_draw", counting)
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    sentence = "The quick brown fox jumps over the lazy dog, 0123456789 times. " * 3
    async with app.run_test(size=SIZE) as pilot:
        await open_at(pilot, "basics", "use_case")
        await pilot.pause(0.2)
        drawn.clear()
        loop = asyncio.get_running_loop()
        start = loop.time()
        # A new line at the end (the box grows: a layout), then keys that change nothing.
        for name in keys(sentence, "<enter>", *["<f24>"] * 8):
            app.post_message(key_event(name))
        await settle(app)
        took = loop.time() - start
        await asyncio.sleep(0.3)  # (no pilot.pause: it would draw a frame of its own)
        assert value_of(app, "use_case") == sentence + "\n"
        assert drawn and drawn[-1] == sentence + "\n"  # the end of the burst is on screen
        # At most one frame per gap while keys waited (the first key's own frame, before any
        # waited, and the end's).
        assert len(drawn) <= took / gap + 3, (len(drawn), took, len(sentence))


async def test_hiding_the_step_list_it_has_the_focus_of_gives_it_back_to_the_question(
    store, bank, plan_path
):
    """Ctrl+T shows the step list and focuses it (the keys after it, in the same burst, move
    its highlight); Ctrl+T again hides it, and the focus goes back to the question being
    answered, so what is typed next lands there (it used to be left with no focus at all)."""
    from pilot2prod.tui.widgets.steplist import StepList

    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(140, 40)) as pilot:  # (wide: the list shows at start)
        await open_at(pilot, "basics", "organisation")
        steps = app.screen.query_one(StepList)
        await burst(pilot, "<ctrl+t>")  # hidden: the focus stays in the field
        assert not steps.display
        await burst(pilot, "<ctrl+t>", "<down>", "<down>")
        assert steps.display and app.focused is steps
        # (two steps down from the first: the phase's heading between is passed over)
        assert steps.highlighted == steps.get_option_index(bank.steps[2].id)
        await burst(pilot, "<ctrl+t>", "Acme")
        assert not steps.display
        assert value_of(app, "organisation") == "Acme"
        assert app.focused is app.screen.query_one("#q-organisation").query_one(Input)


@pytest.mark.parametrize("width", [140, 80], ids=["list-was-shown", "list-never-shown"])
async def test_ctrl_t_gives_the_step_list_the_focus_before_the_next_key_may_go(
    store, bank, plan_path, width
):
    """The moment the app would let the key after Ctrl+T go, the step list has the focus (it
    used to take it only after the next frame, so under load a Down sent in the same write
    went to the question instead). Checked at that moment, before any frame."""
    from pilot2prod.tui.widgets.steplist import StepList

    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(width, 40)) as pilot:
        await open_at(pilot, "basics", "organisation")
        if width >= 100:
            await burst(pilot, "<ctrl+t>")  # (shown at start at this width: hide it first)
        app.post_message(key_event("ctrl+t"))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while app._held or not app.is_settled():
            assert loop.time() < deadline, "the app never settled"
            await asyncio.sleep(0)
        assert app.focused is app.screen.query_one(StepList)


async def test_keys_typed_one_at_a_time_are_not_held(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(pilot, "basics", "organisation")
        await pilot.pause(0.2)
        assert app.is_settled()
        await pilot.press("a")
        # A key that finds the app settled is routed at once: nothing waits in the queue.
        assert not app._held
        assert value_of(app, "organisation") == "a"


@pytest.mark.parametrize("visited_before", [False, True], ids=["new-page", "built-page"])
async def test_a_jump_below_the_fold_scrolls_the_question_into_view(
    store, bank, plan_path, visited_before
):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, "basics", "use_case")
        if visited_before:
            await screen.go_to("budget")
            await screen.go_to("basics")
            await pilot.pause()
        await burst(pilot, "<ctrl+g>", "go-live planned", "<enter>")
        await pilot.pause(0.1)
        target = app.screen.query_one("#q-budget_go_live")
        page = target.parent
        assert app.focused in target.query("Input")
        assert page.region.contains_region(target.query_one("Input").region), (
            target.region,
            page.region,
        )


async def test_tab_from_the_last_field_never_lands_where_typing_is_lost(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, "basics", "currency")
        await burst(pilot, "<tab>", "typed", "<tab>", "more")
        # Tab after the last field stops on the step's end and stays there (no wrap round to
        # the first field); the words typed there are refused with a notice, not lost silently.
        assert isinstance(app.focused, NextStep)
        assert value_of(app, "use_case") == ""
        assert screen.step.id == "basics"
        notices = [n.message for n in app._notifications]
        assert notices == ["End of this step: PgDn or Enter goes on."]
        # Shift+Tab from the first field does not wrap to the end either.
        await open_at(pilot, "basics", "use_case")
        first = app.focused
        await burst(pilot, "<shift+tab>", "x")
        assert app.focused is first
        assert value_of(app, "use_case") == "x"


async def test_dashboard_jump_then_text_lands_in_the_chosen_question(store, bank, plan_path):
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at(pilot, "basics", "organisation")
        # The dashboard opens on its list of the questions that would lower the risk most.
        await burst(pilot, "<f2>", "<enter>", "yes")
        assert screen.query_one("#q-organisation Input", Input).value == ""
        if isinstance(app.screen, RowEditor):
            # The chosen question is a list: the word started a row of it.
            assert app.screen.question.id != "organisation"
            first = app.screen.question.columns[0].id
            assert app.screen.query_one(f"#col-{first}", Input).value == "yes"
            return
        assert app.screen is screen
        target = app.focused
        assert target is not None and target is not screen.query_one("#q-organisation Input")
        question = next(a for a in target.ancestors if a.id and a.id.startswith("q-"))
        assert question.id != "q-organisation"


# --- Home's dialogs (each a flow that waits for its dialog in a worker) ----------------------


async def test_a_new_plan_typed_in_one_burst_lands_in_its_dialog_then_in_the_plan(store, bank):
    """n, a name, Tab, an organisation, Enter and an answer in one write: the dialog the key
    opens takes the name and organisation, the answer lands in the plan it opened."""
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await burst(pilot, "n", "Burst plan", "<tab>", "Burst org", "<enter>", "Typed at once")
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.session.plan.name == "Burst plan"
        await app.action_quit()
    (path,) = store.plans_dir.glob("*.toml")
    saved = read_plan(path).answers
    assert saved["organisation"] == "Burst org"
    assert "Typed at once" in saved.values()


@pytest.mark.parametrize(
    ("keys", "files", "shown"),
    [
        (("r", "Renamed", "<enter>", "<slash>", "Ren"), ["renamed.toml"], "1 matches “Ren”"),
        (
            ("d", "Second", "<enter>", "<slash>", "Sec"),
            ["order.toml", "second.toml"],
            "1 matches “Sec”",
        ),
        (("<delete>", "y", "n"), [], None),  # the plan goes; n then starts a new one
        (("r", "<escape>", "<slash>", "Ord"), ["order.toml"], "1 matches “Ord”"),
    ],
    ids=["rename", "duplicate", "delete", "cancel"],
)
async def test_keys_typed_after_a_home_dialog_in_one_burst_act_on_the_list(
    store, bank, plan_path, keys, files, shown
):
    from pilot2prod.tui.dialogs import NewPlan
    from pilot2prod.tui.screens.home import HomeScreen

    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await burst(pilot, *keys)
        if shown is None:
            assert isinstance(app.screen, NewPlan)
        else:
            assert isinstance(app.screen, HomeScreen)
            assert shown in str(app.screen.query_one("#home-header").render())
    assert sorted(p.name for p in store.plans_dir.glob("*.toml")) == files


async def test_a_key_typed_with_ctrl_q_goes_to_the_unsaved_answers_question(
    store, bank, plan_path, monkeypatch
):
    """Ctrl+Q and 4 (Cancel) in one write while answers cannot be saved: the 4 answers the
    question Ctrl+Q asks, and what is typed next goes on in the field (not '4' in the field)."""
    from pilot2prod import fileio

    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at(pilot, "basics", "organisation")

        def refuse(src, dst):
            raise PermissionError(13, "Permission denied", str(dst))

        monkeypatch.setattr(fileio.os, "replace", refuse)
        await burst(pilot, "Acme")
        screen.flush()
        await settle(app)  # the keys below arrive at an app with nothing left to do
        await burst(pilot, "<ctrl+q>", "4", " Ltd")
        assert app.screen is screen
        assert value_of(app, "organisation") == "Acme Ltd"
        monkeypatch.undo()
        await app.action_quit()
    assert read_plan(plan_path).answers["organisation"] == "Acme Ltd"


async def test_keys_wait_for_the_rest_of_the_first_page(store, bank, plan_path, monkeypatch):
    """The first page of a session shows the questions that fit at once and gets the rest a
    moment later: keys typed before then wait for them, so a Tab at the last question shown
    goes on to the next one (not nowhere), and the text after it lands in its own question."""
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await pilot.pause()
        # A step not built yet, shown as a session's first page is, the rest held back.
        completions: list[int] = []
        monkeypatch.setattr(screen.idle, "turn", lambda: completions.append(screen.index))
        monkeypatch.setattr(screen, "_shown_once", False)
        step = next(s for s in bank.steps if s.id == "operating_model")
        await screen.show_step(screen.steps.index(step))
        await pilot.pause()
        page = screen.pages.page_on_screen
        assert page is not None and len(page.fields) == 3 and page.missing()
        assert completions and not app.is_settled()  # nothing queued, yet keys wait
        for name in keys("<tab>", "<tab>", "<tab>", "late"):
            app.post_message(key_event(name))
        await asyncio.sleep(0.3)
        assert app._held  # held while the page is not whole
        assert await screen.pages.build_more(screen.index)  # what the idle builder does first
        await settle(app)
        await pilot.pause()
        fourth = step.questions[3].id
        assert value_of(app, fourth) == "late"
        assert value_of(app, step.questions[2].id) == ""


async def where_neighbours_are_unbuilt(
    pilot, monkeypatch: pytest.MonkeyPatch, turns: list[object]
) -> tuple[WizardScreen, int, Any]:
    """Once the idle builder has built what it builds at start, show a step whose neighbours
    it has not built, with the builder's turns only counted (in *turns*): the wizard, the
    step's index, and the builder's own turn (to run one by hand)."""
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen)
    await screen.built.wait()
    await pilot.pause()
    step = next(s for s in screen.steps if s.id == "operating_model")  # neighbours unbuilt
    index = screen.steps.index(step)
    builder = screen.idle.turn
    monkeypatch.setattr(screen.idle, "turn", lambda: turns.append(None))
    await screen.show_step(index)
    await pilot.pause()
    return screen, index, builder


@pytest.mark.neighbour_pages
@pytest.mark.parametrize(
    ("turn", "key_comes"), [(60.0, False), (60.0, True), (0.0, False)], ids=["time", "key", "up"]
)
async def test_a_turn_of_the_idle_builder_builds_fields_until_its_time_is_up_or_a_key_comes(
    store, bank, plan_path, monkeypatch, turn, key_comes
):
    """A turn builds the fields of a page not on screen one at a time, and goes on while its
    time lasts and no key waits (each turn waits for a frame: a field a turn left a step of
    twenty questions unbuilt after a third of a second). With all the time it wants, a turn
    completes the next step's page; a key that comes during the turn ends it after the field
    being built."""
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, index, builder = await where_neighbours_are_unbuilt(pilot, monkeypatch, [])
        pages = screen.pages
        next_id = f"page-{screen.steps[index + 1].id}"
        assert not pages.query_children(f"#{next_id}")  # (not built yet)
        assert len(screen.steps[index + 1].questions) > 2

        monkeypatch.setattr(idle, "TURN", turn)
        waiting = [False]
        monkeypatch.setattr(type(app), "input_waiting", property(lambda self: waiting[0]))
        add = pages._add

        async def added(page: StepPage, questions: list) -> None:
            await add(page, questions)
            waiting[0] = key_comes  # (a key comes as the first field is built)

        monkeypatch.setattr(pages, "_add", added)
        await builder()  # one turn
        after = pages.get_child_by_id(next_id, StepPage)
        if key_comes or not turn:  # (a key came, or the turn's time was up: one field)
            assert len(after.fields) == 1 and after.missing()
        else:
            assert after.ended and not after.missing()


@pytest.mark.neighbour_pages
async def test_the_idle_builder_waits_while_a_key_waits(store, bank, plan_path, monkeypatch):
    """While the app is idle it builds the steps next to the one on screen, a field at a time,
    each turn set off by the one before. A key that came while the app was busy waits for the
    app to settle, and the builder, always busy again, kept it waiting until both pages were
    whole (a fifth of a second for a step of twenty questions): it now stops while a key
    waits, and goes on once the key has gone."""
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        turns: list[object] = []
        screen, index, builder = await where_neighbours_are_unbuilt(pilot, monkeypatch, turns)
        step = screen.steps[index]
        assert turns and not screen.built.is_set()
        pages = screen.pages

        def nearby() -> list[StepPage]:
            ids = {f"page-{screen.steps[i].id}" for i in (index - 1, index + 1)}
            return [page for page in pages.query_children(StepPage) if page.id in ids]

        def fields() -> list[int]:
            return [len(page.fields) for page in nearby()]

        assert not any(page.ended for page in nearby())
        before = fields()

        # A key comes while the app is busy, and waits its turn.
        settled = app.is_settled
        monkeypatch.setattr(app, "is_settled", lambda *args, **kwargs: False)
        app.post_message(key_event("x"))
        await asyncio.sleep(0.05)
        assert app.input_waiting
        monkeypatch.setattr(screen.idle, "turn", builder)
        await screen.idle.turn()  # a turn of the idle builder, while the key waits
        await asyncio.sleep(0.2)
        assert fields() == before  # nothing built meanwhile
        assert app.input_waiting

        monkeypatch.setattr(app, "is_settled", settled)  # the app settles: the key goes first
        await asyncio.wait_for(screen.built.wait(), 10)  # and the building goes on
        await settle(app)
        await pilot.pause()
        assert len(nearby()) == 2 and all(page.ended for page in nearby())
        assert value_of(app, step.questions[0].id) == "x"


async def test_keys_held_in_a_burst_go_as_soon_as_the_key_before_has_settled(
    store, bank, plan_path, monkeypatch
):
    """A held key waits for the app by turns of its event loop, not by sleeps: a sleep lasts a
    whole millisecond when nothing else is ready (the loop polls in milliseconds), longer than
    a typed key takes to settle. Counted, not timed: the sleeps the wait takes."""
    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(pilot, "basics", "use_case")
        await app.screen.built.wait()  # (nothing built meanwhile: only what the keys set off)
        await pilot.pause()
        slept: list[float] = []
        real_sleep = asyncio.sleep

        async def sleep(seconds: float) -> None:
            if sys._getframe(1).f_code is OrderedInputApp._drain.__code__:
                slept.append(seconds)  # (the held key's wait, not any other sleep)
            await real_sleep(seconds)

        monkeypatch.setattr(ordered_input.asyncio, "sleep", sleep)
        typed = "keys in one write " * 3
        await burst(pilot, typed)
        monkeypatch.undo()
        assert value_of(app, "use_case") == typed
        assert len(slept) > len(typed)  # (the keys did wait their turn)
        assert sum(1 for seconds in slept if seconds > 0) <= 3


async def test_a_step_change_waiting_for_its_page_is_not_settled(
    store, bank, plan_path, monkeypatch
):
    """A step change waiting for its page (a mount, another build holding the pages) may
    leave no message queued anywhere, with its handler still running: the app is not settled
    until the page is there, so nothing that waits for it (a key, a test) goes on too soon."""
    from pilot2prod.tui.wizard.pages import StepPages

    app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at(pilot, "basics", "organisation")
        await screen.built.wait()
        await pilot.pause()
        go_on, waiting = asyncio.Event(), asyncio.Event()
        page = StepPages.page

        async def slow_page(self: StepPages, step: Any) -> StepPage:
            waiting.set()
            await go_on.wait()  # (nothing queued while it waits)
            return await page(self, step)

        monkeypatch.setattr(StepPages, "page", slow_page)
        try:
            app.post_message(key_event("pagedown"))
            await asyncio.wait_for(waiting.wait(), 5)
            await asyncio.sleep(0.1)
            assert not app.is_settled()
        finally:
            go_on.set()  # (or the app could not close)
        await settle(app)
        await pilot.pause()
        assert screen.index == 1 and screen.pages.page_on_screen is not None
        assert screen.pages.page_on_screen.step.id == bank.steps[1].id
