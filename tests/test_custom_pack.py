"""A custom method with its own ids and rules (docs/examples/chatbot-go-live.toml, a GenAI chatbot
go-live) gets the whole product from its own rules: its own risks, readiness, verdict and budget
check on the dashboard, in the presenter and in all three exports; a part it does not declare
(no timeline; in the variants, no budget, no diagnostic, no checklist) is left out everywhere,
never shown empty, "missing" or "n/a"."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pilot2prod import insight
from pilot2prod.bank import Bank, load_bank
from pilot2prod.export import export_markdown
from pilot2prod.insight import RISK_PREFIX
from pilot2prod.plan import Plan
from pilot2prod.report import export_html, export_json

PACK = Path(__file__).resolve().parents[1] / "docs" / "examples" / "chatbot-go-live.toml"


@pytest.fixture(scope="module")
def pack() -> Bank:
    return load_bank(PACK)


def variant(tmp_path: Path, *, budget: bool = True, diagnostic: bool = True) -> Bank:
    """The pack without its [budget] table and/or without its diagnostic and checklist."""
    text = PACK.read_text(encoding="utf-8")
    if not budget:
        text = re.sub(r"\n\[budget\]\n.*?\n(?=\[\[phases\]\])", "\n", text, flags=re.S)
        assert "[budget]" not in text
    if not diagnostic:
        text = text[: text.index('[[phases]]\nid = "bot_risks"')]
    path = tmp_path / "variant.toml"
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


def chatbot_plan(bank: Bank) -> Plan:
    plan = Plan.new("Help desk bot", bank)
    answers = {
        "bot_channel": "web",
        "bot_escalation_owner": "Service desk team",
        "bot_red_team": "planned",
        "bot_trial_cost": 20_000,
        "bot_launch_budget": 25_000,
        "bot_content_cost": 10_000,
        "bot_licence_cost": 5_000,
        "bot_sign_no_sources": "unsure",
        "bot_sign_dead_ends": "no",
        "bot_check_filter": {"status": "automated"},
        "bot_check_handover": {"status": "not_started"},
        "bot_check_kb": {"status": "automated"},
    }
    plan.answers.update({k: v for k, v in answers.items() if bank.question(k)})
    return plan


# --- What insight makes of the pack's own rules ------------------------------------------------


def test_its_own_risks_readiness_verdict_and_budget(pack):
    found = insight.assess(pack, chatbot_plan(pack))
    made_up, stuck = found.risks
    # Its own thresholds: 0.5 is HIGH in this pack (MEDIUM under the built-in rules).
    assert (made_up.id, made_up.score, made_up.level) == ("bot_risk_hallucination", 0.5, "high")
    assert made_up.reasons == [
        "not sure: Does it answer without citing a source?",
        "red-teaming is only planned",
    ]
    assert (stuck.level, [f.text for f in stuck.findings]) == (
        "medium",
        [
            "no: Do trial users hit dead ends with no way to a person?",
            "handover to: Service desk team",
            "handover test: not started",
        ],
    )
    ready = found.readiness
    # The average of the groups (0.5 and 1.0), with no block for an item at zero: launch.
    assert [(g.id, g.score) for g in ready.groups] == [
        ("bot_group_safety", 0.5),
        ("bot_group_service", 1.0),
    ]
    assert (ready.overall, ready.verdict, ready.blockers) == (0.75, "LAUNCH", ())
    cost = found.budget
    assert cost.estimate == (30_000, 50_000, 80_000)
    assert cost.lines == (("Knowledge base clean-up", 10_000), ("Model licences", 5_000))
    assert cost.warnings == (
        "The production budget (25,000) is below 1.5 times the pilot cost (30,000); "
        "production usually costs 1.5 to 4 times the pilot.",
        "The one-off cost lines add up to 15,000, but the production budget is 25,000.",
    )
    assert found.timeline is None  # no [timeline], no gates
    labels = [label for label, _ in found.figures.rows()]
    assert "Readiness (average of the groups)" in labels
    assert f"{RISK_PREFIX}It makes things up" in labels


def test_its_own_placeholders_count_as_a_gap(pack):
    plan = chatbot_plan(pack)
    plan.answers["bot_escalation_owner"] = "Someone."
    stuck = insight.assess(pack, plan).risks[1]
    assert stuck.findings[1].points == 1
    assert stuck.findings[1].text == "the handover team is given as 'Someone.'"
    plan.answers["bot_escalation_owner"] = "TBC"  # a placeholder of the built-in bank only
    assert insight.assess(pack, plan).risks[1].findings[1].points == 0


def test_a_part_not_declared_is_none_or_empty(tmp_path):
    bare = variant(tmp_path, budget=False, diagnostic=False)
    found = insight.assess(bare, chatbot_plan(bare))
    assert (found.budget, found.readiness, found.timeline) == (None, None, None)
    assert found.risks == [] and found.next_questions == []
    shown = found.figures
    assert shown.readiness is shown.verdict is shown.production_estimate is None
    assert not shown.groups and not shown.risks
    assert [label for label, _ in shown.rows()] == [
        "Progress",
        "Required questions open",
        "Answers to fix",
        "Open actions",
        "Overdue actions",
        "Actions without an owner",
        "Points in the parking lot",
    ]
    summary = found.summary()
    assert (summary["readiness"], summary["verdict"], summary["highest_risk"]) == (None,) * 3
    assert insight.ready_text(summary) == ""


# --- The three exports --------------------------------------------------------------------------


def tables(markdown: str) -> list[list[str]]:
    """Every Markdown table, as its lines."""
    found, current = [], []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


def assert_no_empty_table(markdown: str) -> None:
    for table in tables(markdown):
        assert len(table) > 2, f"an empty table: {table[0]}"


def test_all_three_exports_show_its_own_rules(pack):
    plan = chatbot_plan(pack)
    md = export_markdown(pack, plan)
    assert "| Readiness (average of the groups) | 75% |" in md
    assert "| Verdict | LAUNCH |" in md
    assert "| It makes things up | HIGH |" in md
    assert "| Customers get stuck | MEDIUM |" in md
    assert "**Verdict: LAUNCH.** The groups' average reaches the threshold." in md
    assert "| Production estimate at 1.5 times the pilot |" in md
    assert "below 1.5 times the pilot cost" in md
    assert "(1.5 to 4 times the pilot's cost)" in md
    assert "Ongoing operations" not in md  # no yearly line declared
    assert "## Timeline" not in md and "## Phase gates" not in md
    assert_no_empty_table(md)
    page = export_html(pack, plan)
    assert "Verdict: LAUNCH" in page and "Readiness: Safety" in page
    assert "Budget reality check" in page and "It makes things up" in page
    # Its diagnostic and checklist follow on in print, as the built-in ones do (only a
    # numbered phase starts a printed page).
    assert "<h2>Chatbot launch risks" in page and "<h2>Launch checklist" in page
    figures = json.loads(export_json(pack, plan))["figures"]
    assert figures["Verdict"] == "LAUNCH"
    assert figures[f"{RISK_PREFIX}It makes things up"] == "HIGH"
    assert figures["Budget position"] == "below the range"


@pytest.mark.parametrize("diagnostic", [True, False])
def test_an_export_without_a_budget_has_no_budget_section_and_no_empty_table(tmp_path, diagnostic):
    bare = variant(tmp_path, budget=False, diagnostic=diagnostic)
    plan = chatbot_plan(bare)
    md = export_markdown(bare, plan)
    page = export_html(bare, plan)
    figures = json.loads(export_json(bare, plan))["figures"]
    for text in (md, page, json.dumps(figures)):
        for words in ("Budget", "Production estimate", "pilot cost", "is missing", "n/a"):
            assert words not in text, words
    assert_no_empty_table(md)
    assert ('class="bars"' in page) is diagnostic  # no empty block of bars either
    if not diagnostic:
        assert "Executive summary" not in md  # it would have nothing to say
        for text in (md, page, json.dumps(figures)):
            for words in ("Reason pilots stall", "Stall risk", "Verdict", "Readiness"):
                assert words not in text, words
    else:
        assert "| It makes things up | HIGH |" in md and "Verdict: LAUNCH" in md


# --- The dashboard and the presenter -------------------------------------------------------------


async def test_the_dashboard_shows_its_own_figures(store, pack):
    from textual.widgets import Label, Static

    from pilot2prod.tui.app import Pilot2ProdApp
    from pilot2prod.tui.screens.dashboard import DashboardScreen

    path = store.create(chatbot_plan(pack), [q.id for q in pack.questions()])
    app = Pilot2ProdApp(store, pack, path, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        shown = {w.name: str(w.render()) for w in app.screen.query(Label) if w.name}
        text = "\n".join(str(w.render()) for w in app.screen.query(Static))
    assert shown["Verdict"] == "LAUNCH"
    assert shown["Readiness (average of the groups)"] == "75%"
    assert shown[f"{RISK_PREFIX}It makes things up"] == "HIGH"
    assert shown["Budget position"] == "below the range"
    assert "Readiness by group (their average)" in text
    assert "below 1.5 times the pilot cost" in text


async def test_the_dashboard_and_presenter_leave_out_what_is_not_declared(store, tmp_path):
    from textual.widgets import Label, Static

    from pilot2prod.tui.app import Pilot2ProdApp
    from pilot2prod.tui.screens.dashboard import DashboardScreen
    from pilot2prod.tui.screens.presenter import PresenterScreen

    bare = variant(tmp_path, budget=False, diagnostic=False)
    path = store.create(chatbot_plan(bare), [q.id for q in bare.questions()])
    app = Pilot2ProdApp(store, bare, path, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        names = {w.name for w in app.screen.query(Label) if w.name}
        text = "\n".join(str(w.render()) for w in app.screen.query(Static))
    assert "Progress" in names
    assert not names & {"Verdict", "Budget position", "Production estimate"}
    for words in ("Budget", "Stall risk", "Readiness", "lower the risk"):
        assert words not in text, words
    present = Pilot2ProdApp(store, bare, path, cursor_blink=False, present=True)
    async with present.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(present.screen, PresenterScreen)
        assert present.screen.query_one("#presenter-progress")
        for part in ("#presenter-readiness", "#presenter-verdict", "#presenter-risks"):
            assert not present.screen.query(part), part


def test_in_hand_is_shown_only_when_the_bank_asks_for_it(pack, tmp_path):
    plan = chatbot_plan(pack)
    assert "**In hand:** no action with an owner and a due date yet." in export_markdown(pack, plan)
    text = PACK.read_text(encoding="utf-8").replace(
        "medium_at = 0.25", "medium_at = 0.25\nin_hand = false"
    )
    path = tmp_path / "no-in-hand.toml"
    path.write_text(text, encoding="utf-8")
    quiet = load_bank(path)
    assert quiet.diagnostic.in_hand is False
    assert "In hand" not in export_markdown(quiet, chatbot_plan(quiet))
