"""Nothing typed vanishes: keys on choices, lists, buttons and the end of a step do something
visible; Ctrl+G knows hidden questions; Ctrl+L selects a whole answer so typing replaces it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, OptionList, RadioButton, RadioSet, SelectionList, TextArea

from pilot2prod.plan import Plan
from pilot2prod.store import Store
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.typeahead import CHOICE_NOTICE
from pilot2prod.tui.widgets.fields import QuestionField
from pilot2prod.tui.wizard import SAVE_DELAY, NextStep, WizardScreen

SIZE = (100, 40)


def new_plan(store: Store, bank, **answers) -> Path:
    plan = Plan.new("Typed", bank)
    plan.answers.update(answers)
    return store.create(plan, [q.id for q in bank.questions()])


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))["answers"]


def wizard(app) -> WizardScreen:
    assert isinstance(app.screen, WizardScreen), type(app.screen)
    return app.screen


def field(app, question_id: str) -> QuestionField:
    return wizard(app).query_one(f"#q-{question_id}", QuestionField)


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def highlighted_label(radio_set: RadioSet) -> str:
    return next(str(b.label) for b in radio_set.query(RadioButton) if b.has_class("-selected"))


async def test_a_letter_on_a_choice_moves_the_highlight_only(store, bank):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("data_plan", "data_refresh")
        await pilot.pause()
        radio_set = field(app, "data_refresh").query_one(RadioSet)
        assert app.focused is radio_set
        await pilot.press("w")
        await pilot.pause(0.1)  # one key at a time, as a person types
        assert highlighted_label(radio_set) == "Weekly or less often"
        await pilot.press("d")
        await pilot.pause(0.1)
        assert highlighted_label(radio_set) == "Daily"
        assert radio_set.pressed_button is None  # the highlight moved; nothing was chosen
        assert notices(app) == []
        await pilot.press("space")
        await pilot.pause(SAVE_DELAY + 0.3)
        await app.action_quit()
    assert saved(path)["data_refresh"] == "daily"


async def test_a_sentence_on_a_choice_says_where_typing_goes(store, bank):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("data_plan", "data_refresh")
        await pilot.pause()
        for name in "nightly feed":  # queued at once: one burst
            app.post_message(_key(name))
        await pilot.pause(0.3)
        assert notices(app) == [CHOICE_NOTICE]  # once for the whole burst
        assert field(app, "data_refresh").query_one(RadioSet).pressed_button is None
        await app.action_quit()
    assert "data_refresh" not in saved(path)


async def test_a_letter_on_a_multi_choice_moves_its_highlight(store, bank):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("stakeholder_buy_in", "buyin_shared_with")
        await pilot.pause()
        ticks = field(app, "buyin_shared_with").query_one(SelectionList)
        assert app.focused is ticks
        await pilot.press("f")
        await pilot.pause(0.1)
        assert str(ticks.get_option_at_index(ticks.highlighted).prompt) == "Finance"
        assert ticks.selected == []


async def test_the_end_of_a_step_goes_on_with_enter(store, bank):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wizard(app).go_to("basics", "currency")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        end = app.focused
        assert isinstance(end, NextStep)
        assert str(end.label) == "Next step: Production criteria ›"
        assert end.region.y < 24  # scrolled into view
        await pilot.press("tab")  # no wrap: the end stays the end
        assert app.focused is end
        await pilot.press("enter")
        await pilot.pause()
        assert wizard(app).step.id == "production_criteria"


async def test_go_to_lists_hidden_questions_and_goes_to_what_shows_them(store, bank):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = wizard(app)
        entries = {e.text: e for e in map(_entry, screen.command_entries())}
        hidden = entries["Question (hidden): " + bank.question("test_volume_result").prompt]
        assert "shown when 'Has it been run at production volume?' is" in hidden.help
        assert "'At part of the volume'" in hidden.help
        await hidden.run()
        await pilot.pause()
        assert screen.step.id == "readiness_testing"
        assert app.focused is field(app, "test_volume").query_one(RadioSet)
        assert not field(app, "test_volume_result").display
        assert any("is hidden: shown when" in n for n in notices(app))
        # Once shown, it is an ordinary question.
        await pilot.press("space")
        await pilot.pause()
        entries = {e.text: e for e in map(_entry, screen.command_entries())}
        assert "Question: " + bank.question("test_volume_result").prompt in entries


async def test_go_to_names_the_phase_of_questions_on_steps_of_the_same_name(store, bank):
    """Every phase ends in a step called "Phase gate" with the same questions: each hit says
    which phase's gate it goes to (all five once read "Phase gate")."""
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE):
        prompt = bank.question("gate_design_conditions").prompt
        hits = [
            e
            for e in map(_entry, wizard(app).command_entries())
            if e.text == f"Question (hidden): {prompt}"
        ]
        assert len(hits) == 5
        assert [h.help.split(" · ")[0] for h in hits] == [
            bank.step_label(bank.step_of(f"gate_{phase}_conditions"))
            for phase in ("design", "execution", "planning", "deployment", "scale")
        ]
        assert hits[0].help.startswith("1. Pilot design › Phase gate · shown when")
        await hits[1].run()
        assert wizard(app).step.id == bank.step_of("gate_execution_conditions").id


async def test_go_to_ranks_steps_and_questions_before_commands(store, bank):
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"budget")
        await pilot.pause(0.5)
        hits = app.screen.query_one("CommandList", OptionList)
        first = str(hits.get_option_at_index(0).prompt)
        assert "Budget and timeline" in first
        assert "Dashboard" not in first
        # A question named exactly as typed comes before a step that only contains the word.
        await pilot.press(*["backspace"] * 6, *"Organisation")
        await pilot.pause(0.5)
        assert str(hits.get_option_at_index(0).prompt).startswith("Question: Organisation")


async def test_ctrl_l_selects_the_answer_so_typing_replaces_it(store, bank):
    path = new_plan(store, bank, organisation="Acme Insurance plc", use_case="A long first answer.")
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("basics", "organisation")
        await pilot.pause()
        await pilot.press("ctrl+l", *"Acme Mutual")
        assert field(app, "organisation").query_one(Input).value == "Acme Mutual"
        await wizard(app).go_to("basics", "use_case")
        await pilot.pause()
        await pilot.press("ctrl+l", *"Shorter.")
        assert field(app, "use_case").query_one(TextArea).text == "Shorter."
        await pilot.pause(SAVE_DELAY + 0.3)
        await app.action_quit()
    answers = saved(path)
    assert answers["organisation"] == "Acme Mutual"
    assert answers["use_case"] == "Shorter."


def _key(name: str):
    from textual import events

    return events.Key("space" if name == " " else name, name)


def _entry(entry):
    from pilot2prod.tui.commands import Entry

    return Entry(*entry)


async def test_a_notice_that_goes_gives_the_page_its_rows_back(store, bank):
    """Notices take rows under the key bar while they show; when the last one goes, the page
    has every row again (an empty notice area once took the whole screen)."""
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        body = wizard(app).query_one("#wizard-body")
        rows = body.region.height
        app.notify("Saved somewhere", timeout=0.5)
        app.notify("Saved somewhere", timeout=0.5)  # the same notice is not shown twice
        await pilot.pause(0.2)
        assert body.region.height == rows - 1
        await pilot.pause(0.8)
        assert body.region.height == rows


def test_the_same_notice_asked_again_is_kept_then_renewed():
    from pilot2prod.tui.notices import NoticesShown

    now = [100.0]
    shown = NoticesShown(clock=lambda: now[0])
    assert shown.ask("Saved", 5) == "show"
    now[0] += 0.1
    assert shown.ask("Saved", 5) == "keep"  # one key batch setting it off again
    assert shown.ask("Other", 5) == "show"
    now[0] += 2.3
    assert shown.ask("Saved", 5) == "keep"  # (2.6 s of its 5 left)
    now[0] += 2.5  # the first is about to go: asked again, it starts its time again
    assert shown.ask("Saved", 5) == "renew"
    now[0] += 2.0
    assert shown.ask("Saved", 5) == "keep"
    now[0] += 2.0
    assert shown.ask("Saved", 5) == "renew"  # (it would have gone 3.9 s ago)
    now[0] += 6.0
    assert shown.ask("Saved", 5) == "show"


async def test_a_notice_asked_again_as_it_goes_stays_its_full_time(store, bank):
    """Jumping to a hidden question says so; doing it again as the first notice is about to go
    showed nothing (the second was taken for the first, still on screen). Now it is renewed:
    one notice, on screen its full time from the second."""
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        body = wizard(app).query_one("#wizard-body")
        rows = body.region.height
        app.notify("Said twice", timeout=3)
        await pilot.pause(1.8)
        app.notify("Said twice", timeout=3)
        await pilot.pause(0.2)
        # One row for the one notice: the first one's place is not kept as a blank row (a
        # run of them once pushed the newest notice out of sight).
        assert len(app.screen.query_one("ToastRack").children) == 1
        assert body.region.height == rows - 1
        await pilot.pause(1.3)  # the first would have gone 0.3 s ago
        assert notices(app) == ["Said twice"]
        toasts = app.screen.query("Toast")
        assert len(toasts) == 1 and toasts.first().display
        assert app.screen.query_one("ToastRack").display
        assert body.region.height == rows - 1


async def test_a_toast_textual_drops_leaves_no_blank_row(store, bank):
    """Textual drops a toast whose notice has gone (on the next notice) but keeps its holder,
    a blank row under the key bar: the clean-up that runs as each notice goes takes those away
    too."""
    from pilot2prod.tui import compat
    from pilot2prod.tui.compat.toasts import hide_empty_racks

    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        body = wizard(app).query_one("#wizard-body")
        rows = body.region.height
        app.notify("Going", timeout=30)
        await pilot.pause(0.1)
        compat.unnotify(app, compat.notifications(app)[0], refresh=False)
        app.notify("Staying", timeout=30)
        await pilot.pause(0.2)
        rack = app.screen.query_one("ToastRack")
        assert [len(h.children) for h in rack.children] == [0, 1]  # as Textual leaves it
        hide_empty_racks(app)  # what runs once a notice's time is up
        await pilot.pause(0.2)
        assert [len(h.children) for h in rack.children] == [1]
        assert body.region.height == rows - 1
        assert rack.display


async def test_function_keys_work_inside_a_long_text(store, bank):
    """F7 inside a long text starts the timer (the text box's own F7 would select all of it,
    and the next key would replace the answer)."""
    path = new_plan(store, bank, use_case="Keep this text.")
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wizard(app).go_to("basics", "use_case")
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        await pilot.press("f7")
        await pilot.pause()
        assert wizard(app).workshop.timer is not None
        await pilot.press("Z")
        assert "Keep this text." in field(app, "use_case").query_one(TextArea).text
