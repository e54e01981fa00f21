"""Templates copy the method, not the client: ``new NAME --from OTHER``."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from pilot2prod.merge import merge
from pilot2prod.plan import Plan
from pilot2prod.store import (
    GENERIC_WORDS,
    ClientWords,
    copied_label,
    read_plan,
    start_from,
    to_check,
    write_plan,
)

SOURCE = "Claims pilot A"
AMOUNTS = ("180000", "300000", "90000", "120000", "180k", "300k", "90k", "120k")


def order(bank) -> list[str]:
    return list(bank.order)


def harbour(bank, store) -> Path:
    """A plan of Harbour City Council whose reusable registers, budget lines and owners hold
    the client's name, its people and its amounts, beside the method's own words."""
    plan = Plan.new(SOURCE, bank)
    plan.answers |= {
        "organisation": "Harbour City Council",
        "sponsor": "Dana Whitlock, Director of Revenues",
        "gate_design_by": "Sam Oduya and Lee Brandt",
        "currency": "GBP",
        "budget_pilot_cost": 180000,
        "budget_production": 300000,
        "budget_infrastructure": 90000,
        "budget_integration": 120000,
        "criteria_metrics": [
            {"metric": "Claims handled per officer per day", "baseline": "38 (180k a year)"},
            {"metric": "Harbour backlog in weeks", "target": "300k cleared"},
        ],
        "debt_register": [
            {
                "shortcut": "Nightly feed from Harbour's Uniform",
                "change": "Event feed",
                "effort": "90k",
            },
            {"shortcut": "Spreadsheet of cases", "change": "Hosted in HARBOUR city council Azure"},
            {"shortcut": "City data team cleans the data by hand", "effort": "120k"},
            {"shortcut": "Scripts on a laptop", "change": "Ask Dana  Whitlock to sign off"},
        ],
        "risk_register": [
            {"risk": "Main office closes", "mitigation": "Train a second team"},
            {"risk": "Lee Brandt leaves", "mitigation": "Document the runbook", "owner": "Sam"},
        ],
        "check_backup": {"status": "manual", "owner": "Harbour IT"},
        "check_security": {"status": "automated", "owner": "Information security, Sam Oduya"},
        "check_alerts": {"owner": "Sam Oduya"},
        "check_training": {"owner": "City learning team"},
    }
    return store.create(plan, order(bank))


CLIENT = ("Harbour", "HARBOUR", "Dana", "Whitlock", "Oduya", "Brandt", "Uniform", *AMOUNTS)


def test_new_from_copies_the_method_and_none_of_the_clients_names_or_amounts(run, store, bank):
    harbour(bank, store)
    made = run("new", "Contoso", "--from", SOURCE, "--no-open")
    assert made.code == 0
    path = Path(made.out.strip())  # the path stays the only line on stdout
    written = path.read_text(encoding="utf-8")
    for word in CLIENT:
        assert word not in written, word
    new = read_plan(path)
    # Amounts: none of the budget lines (the built-in bank no longer marks them reusable).
    assert not [qid for qid in new.answers if qid.startswith("budget")]
    # Registers: only the reusable columns, and only the cells that do not name the client.
    assert new.answers["criteria_metrics"] == [{"metric": "Claims handled per officer per day"}]
    assert new.answers["debt_register"] == [
        {"change": "Event feed"},
        {"shortcut": "Spreadsheet of cases"},
        {"shortcut": "City data team cleans the data by hand"},
        {"shortcut": "Scripts on a laptop"},
    ]
    assert new.answers["risk_register"] == [
        {"risk": "Main office closes", "mitigation": "Train a second team"},
        {"mitigation": "Document the runbook"},
    ]
    # Owners: roles and teams, never the client's name or its people.
    assert new.answers["check_security"] == {"owner": "Information security"}
    assert new.answers["check_training"] == {"owner": "City learning team"}
    for left_out in ("check_backup", "check_alerts", "organisation", "sponsor"):
        assert left_out not in new.answers, left_out


def test_keep_all_copies_everything_and_lists_nothing_to_check(run, store, bank):
    harbour(bank, store)
    made = run("new", "Copy", "--from", SOURCE, "--keep-all", "--no-open")
    assert made.code == 0 and made.err == ""
    written = Path(made.out.strip()).read_text(encoding="utf-8")
    for word in CLIENT:
        assert word in written, word
    new = read_plan(Path(made.out.strip()))
    assert new.answers["budget_integration"] == 120000
    assert new.copied == {}


def test_a_bank_can_still_mark_an_amount_reusable(bank):
    from msgspec.structs import replace

    marked = replace(bank.question("budget_operations"), reusable="all")

    def step(s):
        return replace(s, questions=tuple(marked if q.id == marked.id else q for q in s.questions))

    phases = tuple(replace(p, steps=tuple(map(step, p.steps))) for p in bank.phases)
    custom = replace(bank, phases=phases)  # (with lookup tables of its own)
    source = Plan.new("Source", bank)
    source.answers |= {"budget_operations": 85000, "budget_change": 30000}
    new = start_from(custom, source, "New")
    assert new.answers == {"budget_operations": 85000}
    assert new.copied == {}  # an amount is not a text to check


@pytest.mark.parametrize(
    ("text", "names_client"),
    [
        ("City data team", False),  # only generic words of "Harbour City Council"
        ("Council data team", False),
        ("Harbour data team", True),
        ("the harbour data team", True),  # in any case
        ("Harbourside data team", False),  # on whole words only
        ("Harbour-side data team", True),
        ("Hosted in HARBOUR CITY COUNCIL's tenancy", True),
        ("Dana Whitlock signs off", True),
        ("dana\nwhitlock signs off", True),
        ("Dana signs off", True),  # one part of a person's name, written as a name
        ("WHITLOCK signs off", True),
        ("the whitlock procedure", False),  # not written as a name
        ("Will Granger sign off?", False),  # a part that is an everyday word ("Will Dana")
    ],
)
def test_client_words_skip_generic_words_and_match_whole_words(text, names_client):
    client = ClientWords("Harbour City Council", ["dana whitlock", "will ng"])
    assert client.found_in(text) is names_client


def test_an_organisation_of_generic_words_is_still_found_by_its_whole_name():
    client = ClientWords("The City Council", [])
    assert client.found_in("Ask the city council first")
    assert not client.found_in("City data team")
    assert not ClientWords("", []).found_in("anything")
    assert {"ltd", "council", "city", "bank", "insurance", "nhs", "the"} <= GENERIC_WORDS


def test_people_named_together_and_attendees_are_each_left_out(bank):
    source = Plan.new("Source", bank)
    source.answers |= {
        "gate_design_by": "Helena Marsh and Priya Nair",
        "attendees": [{"name": "Ravi Shah", "role": "Claims lead"}],
        "debt_register": [
            {"shortcut": "Priya Nair runs the export"},
            {"shortcut": "Helena Marsh approves each batch"},
            {"shortcut": "RAVI SHAH checks the file"},  # an attendee (the attendees role)
            {"shortcut": "Claims lead checks the file"},  # a role, not a name
            {"shortcut": "Manual export"},
        ],
    }
    new = start_from(bank, source, "New")
    assert new.answers["debt_register"] == [
        {"shortcut": "Claims lead checks the file"},
        {"shortcut": "Manual export"},
    ]


def test_the_copied_table_is_kept_in_the_file_and_lists_what_is_still_as_copied(
    store, bank, tmp_path
):
    source = read_plan(harbour(bank, store))
    new = start_from(bank, source, "Contoso")
    path = tmp_path / "contoso.toml"
    write_plan(new, path, order(bank))
    assert '[copied.debt_register-3-shortcut]\nquestion = "debt_register"' in path.read_text()
    again = read_plan(path)
    assert again.copied == new.copied
    listed = to_check(bank, again)
    assert {c.source for c in listed} == {SOURCE}
    assert [c.text for c in listed if c.question == "debt_register"] == [
        "Event feed",
        "Spreadsheet of cases",
        "City data team cleans the data by hand",
        "Scripts on a laptop",
    ]
    assert "GBP" in [c.text for c in listed]  # a text answer is listed too
    # A cell edited (or a row removed) is checked: it is no longer listed; the others keep
    # their place under the row they now stand in.
    rows = again.answers["debt_register"]
    rows[1]["shortcut"] = "Spreadsheet of cases, owned by the service team"
    del rows[0]
    shown = {c.text: copied_label(bank, c) for c in to_check(bank, again)}
    assert "Event feed" not in shown and "Spreadsheet of cases" not in shown
    assert shown["Scripts on a laptop"] == "Technical-debt register › row 3 › Shortcut in the pilot"
    assert shown["Information security"].endswith("› Owner")


def test_two_windows_dismissing_different_copied_texts_both_stay_dismissed(bank, store):
    source = read_plan(harbour(bank, store))
    base = start_from(bank, source, "Contoso")
    ours, theirs = copy.copy(base), copy.copy(base)
    ours.copied = {k: v for k, v in base.copied.items() if k != "currency"}
    theirs.copied = {k: v for k, v in base.copied.items() if k != "check_security"}
    merged = merge(base, ours, theirs, at="2026-11-26T10:00:00Z").plan
    assert set(base.copied) - set(merged.copied) == {"currency", "check_security"}
    assert not merged.conflicts


def test_new_from_no_open_prints_each_copied_text_safely(run, store, bank):
    path = harbour(bank, store)
    plan = read_plan(path)
    plan.answers["risk_register"][0]["risk"] = "Office\nclosure \u202e\x1b[31mred"
    write_plan(plan, path, order(bank))
    made = run("new", "Contoso", "--from", SOURCE, "--no-open")
    assert made.code == 0
    assert made.out.strip() == str(store.find("Contoso"))
    lines = made.err.splitlines()
    assert lines[0] == (
        f"Copied from {SOURCE}: check for client details (11 texts, also in Review):"
    )
    assert "  Plan basics › Currency used for the budget figures: GBP" in lines
    where = "  Technical-debt register › row 3 › Shortcut in the pilot"
    assert f"{where}: City data team cleans the data by hand" in lines
    risky = next(line for line in lines if "Office" in line)
    assert "\x1b" not in made.err and "\u202e" not in made.err
    assert risky.startswith("  Operating model › row 1 › Risk: Office\\nclosure ")
    assert len(lines) == 12  # one line per copied text


def test_a_source_whose_name_names_its_client_is_not_named_in_the_new_plan(run, store, bank):
    source = read_plan(harbour(bank, store))
    source.name = "Harbour claims triage"
    new = start_from(bank, source, "Contoso")
    assert {entry["from"] for entry in new.copied.values()} == {"another client's plan"}


def copied_plan_app(store, bank):
    """The wizard on a plan started from another client's, with texts copied to check."""
    from pilot2prod.tui.app import Pilot2ProdApp

    source = read_plan(harbour(bank, store))
    path = store.create(start_from(bank, source, "Contoso"), order(bank))
    return Pilot2ProdApp(store, bank, path, cursor_blink=False), path


async def open_review(pilot) -> None:
    await pilot.pause()
    await pilot.press("ctrl+r")
    await pilot.pause()


async def test_the_review_says_which_answers_hold_copied_texts_to_check(store, bank):
    from pilot2prod.tui.screens.review import ReviewScreen

    app, _ = copied_plan_app(store, bank)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_review(pilot)
        assert isinstance(app.screen, ReviewScreen)
        header = str(app.screen.query_one("#review-header").render())
        assert "· 11 copied to check ·" in header
        listed = app.screen.query_one("#review-list")
        texts = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        at = next(i for i, t in enumerate(texts) if "Which shortcuts is the pilot taking" in t)
        assert texts[at + 1].strip() == (
            f"↳ copied from {SOURCE}: check for client details (4 texts)"
        )
        marks = [t.strip() for t in texts if "check for client details" in t]
        assert len(marks) == 6  # currency, 3 registers, 2 owners: one line under each answer
        assert f"↳ copied from {SOURCE}: check for client details" in marks  # one text
        listed.highlighted = at + 1
        await pilot.press("enter")  # goes to the answer, to check it
        await pilot.pause()
        assert app.screen.current_question() == "debt_register"
        await app.action_quit()


async def test_x_in_the_review_says_an_answers_copied_texts_are_checked(store, bank):
    app, path = copied_plan_app(store, bank)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_review(pilot)
        review = app.screen
        listed = review.query_one("#review-list")

        def texts() -> list[str]:
            return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]

        at = next(i for i, t in enumerate(texts()) if "Which shortcuts is the pilot" in t)
        listed.highlighted = at
        await pilot.press("x")  # not a "copied from" line: said, and nothing changes
        await pilot.pause()
        assert "Highlight a “copied from” line first" in str(
            [n.message for n in app._notifications]
        )
        assert "check for client details" in texts()[at + 1]
        listed.highlighted = at + 1
        await pilot.press("x")
        await pilot.pause()
        listed = app.screen.query_one("#review-list")
        assert "check for client details" not in texts()[at + 1]
        assert "· 7 copied to check ·" in str(app.screen.query_one("#review-header").render())
        assert sum("check for client details" in t for t in texts()) == 5
        await app.action_quit()
    assert not [e for e in read_plan(path).copied.values() if e["question"] == "debt_register"]
    assert len(read_plan(path).copied) == 7


async def test_after_x_in_the_review_the_list_has_the_focus_before_the_next_key_goes(store, bank):
    """X makes the list again without the checked line; the moment the app would let the next
    key go (Down, typed with X in one write), the new list has the focus and its highlight is
    on the answer above (it used to have no focus until the next frame)."""
    import asyncio

    from textual import events
    from textual.widgets import OptionList

    app, _ = copied_plan_app(store, bank)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_review(pilot)
        listed = app.screen.query_one("#review-list", OptionList)
        prompts = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        at = next(i for i, text in enumerate(prompts) if "check for client details" in text)
        listed.highlighted = at
        await pilot.pause()
        app.post_message(events.Key("x", "x"))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while app._held or not app.is_settled():
            assert loop.time() < deadline, "the app never settled"
            await asyncio.sleep(0)
        remade = app.screen.query_one("#review-list", OptionList)
        assert remade is not listed
        assert app.focused is remade
        assert remade.highlighted == at - 1


CHATBOT = """
[bank]
id = "chatbot"
version = "1"
title = "Chatbot go-live"

[roles]
organisation = "client"
attendees = "who_came"

[[phases]]
id = "go_live"
title = "Go-live"

[[phases.steps]]
id = "setup"
title = "Set-up"

[[phases.steps.questions]]
id = "client"
kind = "text"
prompt = "Client"

[[phases.steps.questions]]
id = "who_came"
kind = "long_text"
prompt = "Who came"

[[phases.steps.questions]]
id = "hosting"
kind = "long_text"
reusable = true
prompt = "Where is it hosted?"

[[phases.steps.questions]]
id = "licence"
kind = "money"
reusable = true
prompt = "Licence per year"

[[phases.steps.questions]]
id = "lessons"
kind = "list"
reusable = true
prompt = "Lessons"
columns = [
    { id = "lesson", label = "Lesson", reusable = true },
    { id = "cost", label = "Cost", kind = "money" },
]
"""


def test_a_custom_bank_names_its_client_and_attendees_through_its_roles(tmp_path):
    from pilot2prod.bank import load_bank

    path = tmp_path / "chatbot.toml"
    path.write_text(CHATBOT, encoding="utf-8")
    chatbot = load_bank(path)
    source = Plan.new("Bot one", chatbot)
    source.answers |= {
        "client": "Acme Widgets Ltd",
        "who_came": "Jo Bloggs, product owner\nSam Lee (IT)",
        "hosting": "Acme's own tenancy",
        "licence": 24000,
        "lessons": [
            {"lesson": "Ask Sam Lee before each release", "cost": 500},
            {"lesson": "Keep a human fallback", "cost": 900},
            {"lesson": "widgets team owns prompts"},  # a word of the name, not a generic one
        ],
    }
    new = start_from(chatbot, source, "Bot two")
    assert new.answers == {
        "licence": 24000,  # this bank marks the amount reusable
        "lessons": [{"lesson": "Keep a human fallback"}],
    }
    assert [c.text for c in to_check(chatbot, new)] == ["Keep a human fallback"]


def test_a_name_beside_a_role_in_a_register_cell_is_left_out_wherever_it_is_copied(bank):
    """ "Compliance officer, Daniel Reyes" in a person column names Daniel Reyes (not the
    role): a copied text naming him, or his surname alone, is left out; one naming the role is
    kept."""
    source = Plan.new("Source", bank)
    source.answers |= {
        "sponsor": "Helena Marsh, Chief Claims Officer",
        "risk_register": [
            {
                "risk": "Model drift",
                "mitigation": "Daniel Reyes reviews the log monthly",
                "owner": "Compliance officer, Daniel Reyes",
            },
            {"risk": "Regulator questions", "mitigation": "Ask Reyes first"},
            {"risk": "Access creep", "mitigation": "Role-based access, as Helena wants"},
            {"risk": "Audit", "mitigation": "The compliance officer signs each release"},
        ],
    }
    new = start_from(bank, source, "New")
    assert new.answers["risk_register"] == [
        {"risk": "Model drift"},
        {"risk": "Regulator questions"},
        {"risk": "Access creep"},
        {"risk": "Audit", "mitigation": "The compliance officer signs each release"},
    ]
    assert "Reyes" not in repr(new.answers) and "Helena" not in repr(new.answers)


async def test_a_plan_with_copied_texts_to_check_says_so_each_time_it_opens(store, bank):
    """However it was made (new --from opening the wizard, home's F), a plan holding copied
    texts not yet checked says how many, and where they are listed, when it opens to edit."""
    from pilot2prod.tui.app import Pilot2ProdApp

    source = Plan.new("Harbour pilot", bank)
    source.answers["debt_register"] = [{"shortcut": "Manual export", "change": "A feed"}]
    plan = start_from(bank, source, "Next client")
    path = store.create(plan, bank.order)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
        assert "2 texts copied from Harbour pilot: check them for client details in the review" in (
            said
        )
        await app.action_quit()
